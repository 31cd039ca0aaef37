"""Multi-step writes, one function each, in one transaction; called from the
admin and from anywhere else alike. Each record is saved (not bulk-updated)
so that the audit trail keeps who changed what."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from municipalities.models import Protocol

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


def protocols_left_unpublished(visits):
    """The unpublished protocols signed or planned at the meetings of `visits`
    (signed at a meeting, or on its agenda), in the register's order: what a
    reader would miss on the visit, the register and the pair page once the
    visits are public."""
    pks = list(visits.values_list("pk", flat=True))
    return (
        Protocol.objects.filter(
            Q(signing_meetings__visit__in=pks) | Q(agenda_items__meeting__visit__in=pks),
            status__in=[Protocol.Status.PLANNED, Protocol.Status.SIGNED],
            is_published=False,
        )
        .distinct()
        .select_related("party_a", "party_b")
    )


@dataclass
class Publication:
    visits: int = 0  # how many visits went public
    protocols_published: list = field(default_factory=list)
    protocols_left: list = field(default_factory=list)


@transaction.atomic
def publish_visits(visits, protocols=()):
    """Publish visits with their meetings and, of the protocols signed or
    planned at those meetings, those in `protocols` (the ones the editor
    chose to publish with them; ids or records). The others stay unpublished
    and are named in the result, as are protocols that became unpublished
    parts of the visits since the editor was asked."""
    chosen = {getattr(p, "pk", p) for p in protocols}
    result = Publication(visits=set_visits_published(visits, True))
    locked = Protocol.objects.filter(
        pk__in=list(protocols_left_unpublished(visits).values_list("pk", flat=True))
    )
    locked = locked.select_for_update(of=("self",)).select_related("party_a", "party_b")
    for protocol in locked:  # in the register's order, as listed
        if protocol.pk in chosen:
            protocol.is_published = True
            protocol.save(update_fields=["is_published", "updated_at"])
            result.protocols_published.append(protocol)
        else:
            result.protocols_left.append(protocol)
    return result
