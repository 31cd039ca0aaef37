"""Where people appear in the records: at the head of or in a delegation, at a
meeting, speaking, presenting, answering for a decision, giving or receiving a
gift, signing a protocol. One reading for the person page and for search.

`appearances(request, people)` gives, for each person, their appearances in
the records the reader may see, newest first, at most `per_kind` of each kind,
in one query per kind whatever the number of people or rows (a window function
keeps the newest rows of each person). Each appearance links to the exact
place: the visit page, the meeting page at the statement or gift, the
protocol page.
"""

import dataclasses
import datetime

from django.db.models import F, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext_lazy as _

from municipalities.models import Protocol, ProtocolSignatory, attach_other_posts
from municipalities.views import can_see_drafts
from portal.dates import DatePrecision

from .models import (
    AgendaItem,
    Decision,
    DelegationMember,
    Gift,
    Meeting,
    MeetingParticipant,
    Statement,
    Visit,
)
from .public import APPEARANCES

PER_KIND = 50


@dataclasses.dataclass
class Appearance:
    # delegation, participant, speaker, presenter, responsible, giver, recipient, signatory
    kind: str
    label: str  # what the person was: "head of delegation", "speaker" …
    date: datetime.date | None
    precision: str  # of `date`: a planned signing may be known to the month
    url: str  # the exact place: a page, at an anchor where there is one
    subject: object  # the visit, meeting or protocol it happened in (its title is shown)
    row: object  # the record itself: a delegation member, a statement, a gift …
    is_draft: bool = False  # in a record the public does not see (staff only)

    @property
    def organization(self):
        """The organisation the person appeared for, as it was on the day."""
        return getattr(self.row, "organization", None)

    @property
    def title_on_the_day(self):
        return getattr(self.row, "title", "")


def _published_condition(model, field):
    for appearance_model, appearance_field, condition in APPEARANCES:
        if appearance_model is model and appearance_field == field:
            return condition
    raise LookupError(f"{model.__name__}.{field} is not an appearance")


def _with_people(rows, field, people):
    """`rows` (naming one of `people` in `field`) given the person objects
    read already, with their other posts where a row is marked "in all their
    posts" (one query, or none: the person page has read them)."""
    by_pk = {person.pk: person for person in people}
    for row in rows:
        setattr(row, field, by_pk[getattr(row, f"{field}_id")])
    return attach_other_posts(rows)


def _newest(request, model, field, people, date, per_kind, draft_model, related, until=None):
    """Rows of `model` naming one of `people` in `field`, the newest `per_kind`
    of each person (dated `until` or earlier, if given), those the reader may
    see only. Rows that keep the title of the day come with their person and
    the other posts they acted in (`_with_people`)."""
    rows = model.objects.filter(**{f"{field}__in": people})
    if not can_see_drafts(request, draft_model):
        rows = rows.filter(_published_condition(model, field))
    if until is not None:
        rows = rows.alias(_until=date).filter(_until__lte=until)
    order = [date.desc(nulls_last=True), F("pk").desc()]
    rows = rows.select_related(*related)
    if len(people) == 1:
        # One person (their page): a plain LIMIT, which Django compiles in a
        # fraction of the time of the window function's subquery.
        found = list(rows.order_by(*order)[:per_kind])
    else:
        found = list(
            rows.annotate(
                _rank=Window(RowNumber(), partition_by=[F(f"{field}_id")], order_by=order),
                _date=date,
            )
            .filter(_rank__lte=per_kind)
            .order_by(*order)
        )
    if hasattr(model, "capacities"):
        found = _with_people(found, field, people)
    return found


def appearances(request, people, per_kind=PER_KIND, until=None):
    """{person pk: [Appearance, …]}, newest first, for `people` (a list or a
    queryset of Person); with `until` (a date), only those dated that day or
    earlier (undated ones left out), for reading further back."""
    people = list(people)
    found = {person.pk: [] for person in people}
    if not people:
        return found
    day = DatePrecision.DAY
    meeting_related = ["meeting__visit", "meeting__host", "organization"]

    def meeting_rows(model, field, related=meeting_related):
        return _newest(
            request, model, field, people, F("meeting__date"), per_kind, Meeting, related, until
        )

    for member in _newest(
        request,
        DelegationMember,
        "person",
        people,
        F("visit__start_date"),
        per_kind,
        Visit,
        ["visit", "organization"],
        until,
    ):
        labels = {
            DelegationMember.Role.HEAD: _("head of delegation"),
            DelegationMember.Role.DEPUTY_HEAD: _("deputy head of delegation"),
        }
        found[member.person_id].append(
            Appearance(
                kind="delegation",
                label=labels.get(member.role, _("member of the delegation")),
                date=member.visit.start_date,
                precision=day,
                url=member.visit.get_absolute_url(),
                subject=member.visit,
                row=member,
                is_draft=not member.visit.is_published,
            )
        )

    simple = [
        (MeetingParticipant, "person", "participant", _("participant"), "participants-{m}"),
        (Statement, "speaker", "speaker", _("speaker"), "statement-{row}"),
        (AgendaItem, "presenter", "presenter", _("presenter"), "agenda-{m}"),
        (Decision, "responsible_person", "responsible", _("responsible for a decision"),
         "decisions-{m}"),
    ]  # fmt: skip
    for model, field, kind, label, anchor in simple:
        related = meeting_related if hasattr(model, "organization") else ["meeting__visit"]
        for row in meeting_rows(model, field, related):
            meeting = row.meeting
            found[getattr(row, f"{field}_id")].append(
                Appearance(
                    kind=kind,
                    # A participant in a role is named by it: "chair", "board member".
                    label=row.get_role_display() if getattr(row, "role", "") else label,
                    date=meeting.date,
                    precision=day,
                    url=f"{meeting.get_absolute_url()}#{anchor.format(m=meeting.pk, row=row.pk)}",
                    subject=meeting,
                    row=row,
                    is_draft=not meeting.is_public,
                )
            )

    gift_related = [
        "meeting__visit",
        "given_by_organization",
        "given_by_person",
        "given_to_organization",
        "given_to_person",
    ]
    for field, kind, label in (
        ("given_by_person", "giver", _("gave a gift")),
        ("given_to_person", "recipient", _("received a gift")),
    ):
        for gift in meeting_rows(Gift, field, gift_related):
            meeting = gift.meeting
            found[getattr(gift, f"{field}_id")].append(
                Appearance(
                    kind=kind,
                    label=label,
                    date=meeting.date,
                    precision=day,
                    url=f"{meeting.get_absolute_url()}#gift-{gift.pk}",
                    subject=meeting,
                    row=gift,
                    is_draft=not meeting.is_public,
                )
            )

    signed = Coalesce("protocol__signed_date", "protocol__planned_date")
    for signature in _newest(
        request,
        ProtocolSignatory,
        "person",
        people,
        signed,
        per_kind,
        Protocol,
        ["protocol__party_a", "protocol__party_b", "organization"],
        until,
    ):
        protocol = signature.protocol
        found[signature.person_id].append(
            Appearance(
                kind="signatory",
                label=_("signatory") if protocol.signed_date else _("signatory (to sign)"),
                date=protocol.signed_date or protocol.planned_date,
                precision=day if protocol.signed_date else protocol.planned_date_precision,
                url=protocol.get_absolute_url(),
                subject=protocol,
                row=signature,
                is_draft=not protocol.is_published,
            )
        )

    for rows in found.values():
        rows.sort(key=lambda a: (a.date or datetime.date.min, a.kind), reverse=True)
    return found
