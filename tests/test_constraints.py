"""Rules the database itself enforces: each violating write raises
IntegrityError, on SQLite and PostgreSQL alike (CI runs this file on both)."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from municipalities.models import Organization, Protocol
from tests import factories
from visits.models import (
    AgendaItem,
    Decision,
    DelegationMember,
    Event,
    Gift,
    MeetingParticipant,
    Photo,
    Project,
    Visit,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 11, 13)
EARLIER = datetime.date(2021, 11, 1)


def refused(write):
    """True when the database refuses `write` with an IntegrityError."""
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


class TestProtocols:
    def test_never_joins_an_organisation_with_itself(self):
        org = factories.organization()
        assert refused(lambda: factories.protocol(party_a=org, party_b=org))

    @pytest.mark.parametrize("reverse", [False, True], ids=["same order", "either order"])
    def test_two_open_protocols_of_a_kind_between_a_pair_are_refused(self, reverse):
        a, b = factories.organization(), factories.organization()
        factories.protocol(party_a=a, party_b=b, status=Protocol.Status.PLANNED)
        first, second = (b, a) if reverse else (a, b)
        assert refused(lambda: factories.protocol(party_a=first, party_b=second, status="proposed"))
        assert refused(
            lambda: factories.protocol(
                party_a=first, party_b=second, status="signed", signed_date=DAY
            )
        )

    def test_a_closed_protocol_or_another_kind_does_not_block_a_new_one(self):
        a, b = factories.organization(), factories.organization()
        factories.protocol(party_a=a, party_b=b, status=Protocol.Status.CANCELLED)
        factories.protocol(party_a=b, party_b=a, status=Protocol.Status.ENDED)
        factories.protocol(party_a=b, party_b=a, status=Protocol.Status.PLANNED)
        factories.protocol(party_a=a, party_b=b, kind=Protocol.Kind.FRIENDSHIP)
        assert Protocol.objects.between(a, b).count() == 4

    def test_reopening_a_cancelled_duplicate_is_refused(self):
        a, b = factories.organization(), factories.organization()
        factories.protocol(party_a=a, party_b=b, status=Protocol.Status.PLANNED)
        cancelled = factories.protocol(party_a=b, party_b=a, status=Protocol.Status.CANCELLED)
        cancelled.status = Protocol.Status.PROPOSED
        assert refused(cancelled.save)

    def test_signed_protocol_needs_its_signing_date(self):
        assert refused(lambda: factories.protocol(status=Protocol.Status.SIGNED))
        factories.protocol(status=Protocol.Status.SIGNED, signed_date=DAY)


class TestDatesInOrder:
    def test_post_cannot_end_before_it_starts(self):
        assert refused(lambda: factories.post(start_date=DAY, end_date=EARLIER))
        factories.post(start_date=DAY, end_date=DAY)

    def test_visit_cannot_end_before_it_starts(self):
        assert refused(lambda: factories.visit(start_date=DAY, end_date=EARLIER))

    def test_event_cannot_end_before_it_starts(self):
        assert refused(
            lambda: Event.objects.create(name_en="Festival", start_date=DAY, end_date=EARLIER)
        )

    def test_meeting_cannot_end_before_it_starts(self):
        assert refused(
            lambda: factories.meeting(
                start_time=datetime.time(11, 0), end_time=datetime.time(10, 0)
            )
        )

    def test_project_cannot_end_before_it_starts(self):
        assert refused(
            lambda: Project.objects.create(name_en="P", start_date=DAY, end_date=EARLIER)
        )


class TestOrganizations:
    def test_only_one_organisation_runs_the_portal(self, home):
        assert refused(lambda: factories.organization(is_home=True))

    def test_an_organisation_is_not_part_of_itself(self):
        org = factories.organization()
        org.parent = org
        assert refused(org.save)

    def test_population_year_needs_a_population(self):
        assert refused(lambda: factories.organization(population_year=2021))

    def test_membership_date_needs_membership(self):
        assert refused(lambda: factories.organization(member_since=DAY))
        factories.organization(is_member=True, member_since=DAY)


class TestVisitRecords:
    def test_an_organisation_does_not_visit_itself(self):
        org = factories.organization()
        assert refused(lambda: factories.visit(guest=org, host=org))

    def test_a_delegation_has_one_head(self):
        visit = factories.visit()

        def member(role):
            return DelegationMember.objects.create(
                visit=visit, person=factories.person(), organization=visit.guest, role=role
            )

        member(DelegationMember.Role.HEAD)
        member(DelegationMember.Role.MEMBER)
        assert refused(lambda: member(DelegationMember.Role.HEAD))

    def test_a_participant_is_listed_once_per_meeting(self):
        meeting = factories.meeting()
        person = factories.person()

        def participant():
            return MeetingParticipant.objects.create(
                meeting=meeting, person=person, side="host", organization=meeting.host
            )

        participant()
        assert refused(participant)

    def test_an_agenda_item_is_about_a_protocol_or_a_project_not_both(self):
        meeting = factories.meeting()
        assert refused(
            lambda: AgendaItem.objects.create(
                meeting=meeting,
                title_en="Both",
                protocol=factories.protocol(),
                project=Project.objects.create(name_en="P"),
            )
        )

    def test_gift_needs_giver_recipient_and_currency_with_value(self):
        meeting = factories.meeting()
        org = meeting.host

        def gift(**fields):
            return Gift.objects.create(meeting=meeting, description_en="Plaque", **fields)

        assert refused(lambda: gift(given_to_organization=org))
        assert refused(lambda: gift(given_by_organization=org))
        both = {"given_by_organization": org, "given_to_person": factories.person()}
        assert refused(lambda: gift(value=Decimal("100"), **both))
        assert refused(lambda: gift(value=Decimal("-1"), currency="TRY", **both))
        gift(value=Decimal("100"), currency="TRY", **both)

    def test_photo_belongs_to_something(self):
        assert refused(lambda: Photo.objects.create(image="photos/x.jpg"))

    def test_only_a_done_decision_has_a_completion_date(self):
        meeting = factories.meeting()
        assert refused(
            lambda: Decision.objects.create(meeting=meeting, text_en="Do", completed_on=DAY)
        )
        Decision.objects.create(meeting=meeting, text_en="Did", status="done", completed_on=DAY)

    def test_meeting_within_a_visit_takes_the_visits_host_by_default(self):
        visit = factories.visit()
        meeting = factories.meeting(visit=visit)
        assert meeting.host == visit.host


def test_every_model_declares_named_constraints_that_exist_in_the_database():
    """The constraints are in the schema, not only in Python: the database
    reports each named constraint or index the models declare."""
    from django.db import connection

    for model in (Organization, Protocol, Visit, DelegationMember, Gift, Photo, Decision):
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, model._meta.db_table)
        for constraint in model._meta.constraints:
            assert constraint.name in found, (model.__name__, constraint.name)
