"""Multi-step writes, one function each, in one transaction; called from the
admin and from anywhere else alike. Each record is saved (not bulk-updated)
so that the audit trail keeps who changed what."""

from django.db import transaction
from django.utils import timezone

from .models import Decision, Visit


@transaction.atomic
def set_visits_published(visits, published):
    """Publish or unpublish visits; a visit's meetings go public with it.
    Returns the number of visits changed."""
    now = timezone.now()
    changed = 0
    # Locked afresh by id: the admin's queryset carries joins and counts,
    # which PostgreSQL cannot lock.
    locked = Visit.objects.filter(pk__in=list(visits.values_list("pk", flat=True)))
    for visit in locked.select_for_update().prefetch_related("meetings"):
        if visit.is_published != published:
            visit.is_published = published
            if published and visit.published_at is None:
                visit.published_at = now
            visit.save(update_fields=["is_published", "published_at", "updated_at"])
            changed += 1
        for meeting in visit.meetings.all():
            if meeting.is_published != published:
                meeting.is_published = published
                meeting.save(update_fields=["is_published", "updated_at"])
    return changed


@transaction.atomic
def mark_decisions_done(decisions, day=None):
    """Mark decisions done on `day` (today by default). Returns how many changed."""
    day = day or timezone.localdate()
    changed = 0
    locked = Decision.objects.filter(pk__in=list(decisions.values_list("pk", flat=True)))
    for decision in locked.select_for_update().exclude(status=Decision.Status.DONE):
        decision.status = Decision.Status.DONE
        decision.completed_on = decision.completed_on or day
        decision.save(update_fields=["status", "completed_on"])
        changed += 1
    return changed
