"""Multi-step writes, one function each, in one transaction; called from the
admin and from anywhere else alike. Each record is saved (not bulk-updated)
so that the audit trail keeps who changed what."""

from dataclasses import dataclass, field
from datetime import time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from municipalities.models import Protocol

from .models import Decision, DelegationMember, Meeting, MeetingParticipant, Visit


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


# --- Entering a visit's meetings ---------------------------------------------


def in_time_order(meetings):
    """Meetings in the order they took place: by day, then start time (a
    meeting with no time after the timed ones of its day), then as entered."""
    return sorted(
        meetings, key=lambda m: (m.date, m.start_time is None, m.start_time or time(), m.pk or 0)
    )


def previous_meeting(meeting):
    """The meeting of the same visit held just before `meeting` (in time
    order), or None: for a meeting outside a visit, or the visit's first."""
    if not meeting.visit_id:
        return None
    others = Meeting.objects.filter(visit=meeting.visit_id).select_related("host")
    ordered = in_time_order([m for m in others if m.pk != meeting.pk] + [meeting])
    index = ordered.index(meeting)
    return ordered[index - 1] if index else None


def host_for_new_meeting(visit, day):
    """The host a meeting added to `visit` on `day` most likely has, and the
    meeting it was taken from: the host of that day's last meeting entered so
    far (in time order), else the visit's own host (and None)."""
    that_day = in_time_order(visit.meetings.filter(date=day).select_related("host"))
    if that_day:
        return that_day[-1].host, that_day[-1]
    return visit.host, None


@transaction.atomic
def _add_participants(meeting, rows, side):
    """Add each (person, organisation, English title, Turkish title, "in all
    their posts", order) of `rows` (as COPIED reads them, in their order) to
    `meeting` on `side`, after the rows it has, skipping people already
    listed. A row with no person is an office ("the Mayor of X") and is copied
    as one, unless the same office is already listed. Returns how many were
    added."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one copy at a time
    listed, last = set(), 0
    for person_id, organization_id, title_en, title_tr, order in meeting.participants.values_list(
        "person_id", "organization_id", "title_en", "title_tr", "order"
    ):
        listed.add(_listed_as(person_id, organization_id, title_en, title_tr))
        last = max(last, order)
    added = 0
    # After the rows already listed, in the order they came in: the host side
    # typed first stays together, the delegation copied after it.
    for person_id, organization_id, title_en, title_tr, all_posts, _order in rows:
        key = _listed_as(person_id, organization_id, title_en, title_tr)
        if key in listed:
            continue
        # Saved one by one, so that the history keeps who added each.
        MeetingParticipant(
            meeting=meeting,
            person_id=person_id,
            side=side,
            organization_id=organization_id,
            title_en=title_en,
            title_tr=title_tr,
            all_posts=all_posts,
            order=last + added + 1,
        ).save()
        listed.add(key)
        added += 1
    return added


# What a copied row keeps: the person or office, as of the day ("in all
# their posts" included), and the order.
COPIED = ("person_id", "organization_id", "title_en", "title_tr", "all_posts", "order")


def _listed_as(person_id, organization_id, title_en, title_tr):
    """What makes a participant the same one: the person, or for an office
    with no name its organisation and titles."""
    if person_id is not None:
        return ("person", person_id)
    return ("office", organization_id, title_en or "", title_tr or "")


def copy_delegation(meeting):
    """Add the members of the meeting's visit's delegation as participants on
    the guest side, each with the organisation and titles (both languages) of
    the day as the delegation has them; people already listed are skipped.
    Offices whose holder is not named are copied as offices; groups ("18
    journalists") are not copied, as a participant is one person or office.
    Returns how many were added (0 for a meeting outside a visit)."""
    if not meeting.visit_id:
        return 0
    members = DelegationMember.objects.filter(
        visit=meeting.visit_id, group_size__isnull=True
    ).order_by("order", "id")
    rows = members.values_list(*COPIED)
    return _add_participants(meeting, list(rows), MeetingParticipant.Side.GUEST)


def copy_host_side(meeting):
    """Add the host-side participants of the visit's previous meeting (see
    `previous_meeting`) to `meeting`, likewise. Returns (the previous meeting
    or None, how many were added)."""
    previous = previous_meeting(meeting)
    if previous is None:
        return None, 0
    hosts = previous.participants.filter(side=MeetingParticipant.Side.HOST).order_by("order", "id")
    rows = hosts.values_list(*COPIED)
    return previous, _add_participants(meeting, list(rows), MeetingParticipant.Side.HOST)
