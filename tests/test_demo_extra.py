"""The generated demo set: varied enough to try every page, and loaded only once."""

import datetime

import pytest
from django.apps import apps
from django.db.models import Count

from municipalities.models import Organization, Person, Protocol
from visits.demo_extra import load_extra
from visits.models import Gift, Meeting, Visit

pytestmark = pytest.mark.django_db

COUNT = 60
MODELS = [
    apps.get_model(label)
    for label in (
        "municipalities.Organization", "municipalities.Person", "municipalities.Post",
        "municipalities.Highlight", "municipalities.Protocol", "municipalities.ProtocolSignatory",
        "visits.Event", "visits.Project", "visits.ProjectPartner", "visits.Visit",
        "visits.DelegationMember", "visits.Meeting", "visits.MeetingParticipant",
        "visits.AgendaItem", "visits.Statement", "visits.Decision", "visits.Gift",
    )
]  # fmt: skip


def make_home():
    return Organization.objects.create(
        kind=Organization.Kind.UNION,
        name_en="Union of Turkish World Municipalities",
        name_tr="Türk Dünyası Belediyeler Birliği",
        short_name="TDBB",
        slug="tdbb",
        is_home=True,
        country="TR",
    )


@pytest.fixture
def home():
    home = make_home()
    load_extra(COUNT, home)
    return home


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_visits_go_in_out_and_between_others(home):
    assert Visit.objects.incoming().exists()
    assert Visit.objects.outgoing().exists()
    assert Visit.objects.between_others().exists()
    assert not Organization.objects.filter(is_home=True).exclude(pk=home.pk).exists()


def test_a_visit_meets_two_hosts_on_the_same_day(home):
    same_day = (
        Meeting.objects.filter(visit__isnull=False)
        .values("visit", "date")
        .annotate(hosts=Count("host", distinct=True))
        .filter(hosts__gte=2)
    )
    assert same_day.exists()


def test_board_meetings_outside_visits_take_decisions(home):
    boards = Meeting.objects.standalone().filter(kind=Meeting.Kind.BOARD, convened_by=home)
    with_decisions = boards.filter(decisions__isnull=False).distinct()
    assert with_decisions.exists()
    board = with_decisions.first()
    countries = {p.organization.country.code for p in board.participants.all()}
    assert len(countries) >= 3  # mayors from several countries


def test_protocols_are_signed_and_planned(home):
    signed = Protocol.objects.filter(status=Protocol.Status.SIGNED)
    assert signed.exists()
    assert not signed.filter(signatories__isnull=True).exists()
    assert Meeting.objects.filter(
        kind=Meeting.Kind.SIGNING, signed_protocols__isnull=False
    ).exists()
    planned = Protocol.objects.filter(status=Protocol.Status.PLANNED)
    assert planned.exists()
    assert not planned.filter(planned_date__isnull=True).exists()
    assert set(planned.values_list("planned_date_precision", flat=True)) <= {"day", "month"}
    assert Protocol.objects.filter(coordinator=home).exists()


def test_gifts_include_plaques_and_awards_to_a_person(home):
    honours = Gift.objects.filter(category__in=[Gift.Category.PLAQUE, Gift.Category.AWARD])
    assert honours.filter(category=Gift.Category.PLAQUE).exists()
    assert honours.filter(given_to_person__isnull=False).exists()


def test_people_hold_two_posts_at_once(home):
    today = datetime.date(2026, 11, 28)
    people = Person.objects.prefetch_related("posts")
    assert any(len(person.posts_on(today)) >= 2 for person in people)


def test_an_organisation_in_northern_cyprus(home):
    assert Organization.objects.filter(country="XN").exists()


def test_a_second_call_creates_nothing(home):
    before = row_counts()
    created = load_extra(COUNT, home)
    assert not any(created.values())
    assert row_counts() == before


def test_a_larger_count_adds_the_difference():
    home = make_home()
    load_extra(COUNT // 2, home)
    first = set(Visit.objects.values_list("slug", "title_en"))
    created = load_extra(COUNT, home)
    assert created["Visit"] > 0
    assert first < set(Visit.objects.values_list("slug", "title_en"))
    assert Visit.objects.count() == len(first) + created["Visit"]
