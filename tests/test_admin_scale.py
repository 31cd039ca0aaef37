"""An admin that stays quick at 100,000 visits (issue 15): the changelists read
the page they show (meeting counts and missing languages for those rows only),
count past a threshold by the planner's estimate on PostgreSQL, filter hosts by
typing rather than listing every organisation, offer years without a date
hierarchy, and search on the same folded keys as the public search."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from portal import adminkit
from tests import factories
from visits.models import Meeting, MeetingParticipant, Visit

pytestmark = pytest.mark.django_db

VISITS = reverse("admin:visits_visit_changelist")
MEETINGS = reverse("admin:visits_meeting_changelist")


def shown(response):
    return [row.title_en for row in response.context["cl"].result_list]


def column(response, name):
    """The values of one column of the changelist, as the table shows them."""
    import re

    cells = re.findall(rf'<td class="field-{name}">(.*?)</td>', response.text)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


# --- Rows: what each shows, read for the page only ----------------------------


def test_each_visit_shows_its_own_number_of_meetings(superuser_client):
    three = factories.visit(title_en="Three meetings", start_date=datetime.date(2022, 3, 1))
    for _ in range(3):
        factories.meeting(visit=three)
    factories.visit(title_en="No meeting", start_date=datetime.date(2022, 2, 1))
    response = superuser_client.get(VISITS)
    assert shown(response) == ["Three meetings", "No meeting"]
    assert column(response, "meeting_count") == ["3", "0"]


def test_the_missing_language_is_still_marked_on_each_row(superuser_client):
    factories.visit(title_en="English only", start_date=datetime.date(2022, 3, 1))
    factories.visit(
        title_en="Both languages", title_tr="İki dilde", start_date=datetime.date(2022, 2, 1)
    )
    response = superuser_client.get(VISITS)
    assert column(response, "missing_translations") == ["Missing Turkish", "-"]


def test_the_export_has_the_meeting_counts_too(superuser_client):
    visit = factories.visit(title_en="Exported")
    factories.meeting(visit=visit)
    factories.meeting(visit=visit)
    response = superuser_client.post(
        VISITS, {"action": "export_csv", "_selected_action": [visit.pk]}
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    header, row = lines[0].split(","), lines[1].split(",")
    assert row[header.index("Meetings")] == "2"
    assert "Missing Turkish" in row[header.index("Translation")]


# --- Query budgets that do not grow with rows ---------------------------------


def many_visits(count):
    for n in range(count):
        visit = factories.visit(
            title_en=f"Visit number {n}", start_date=datetime.date(2020, 1, 1 + n % 28)
        )
        factories.meeting(visit=visit)
        MeetingParticipant.objects.create(
            meeting=visit.meetings.get(),
            person=factories.person(),
            organization=visit.host,
            side="host",
        )


@pytest.mark.parametrize(
    "url",
    [
        VISITS,
        MEETINGS,
        VISITS + "?q=visit",
        MEETINGS + "?q=meeting",
        VISITS + "?host_name=municipality&start_date__year=2020",
        MEETINGS + "?host_name=municipality&date__year=2020",
    ],
)
def test_the_changelists_keep_their_query_budget(
    superuser_client, url, django_assert_max_num_queries
):
    many_visits(3)
    superuser_client.get(url)  # warm: content types, session
    # Session and user, the count, the page's rows, their meeting counts (visits)
    # and missing languages, the years' span, the countries in use.
    with django_assert_max_num_queries(9):
        assert superuser_client.get(url).status_code == 200
    many_visits(60)  # more than a page of 50
    with django_assert_max_num_queries(9):
        response = superuser_client.get(url)
    assert len(response.context["cl"].result_list) == 50


# --- Filters that scale -------------------------------------------------------


def test_the_host_is_chosen_by_typing_not_from_a_list_of_every_organisation(superuser_client):
    zeytinburnu = factories.organization(name_en="Zeytinburnu Municipality")
    for n in range(5):
        factories.visit(
            title_en=f"Other host {n}", host=factories.organization(name_en=f"Kazan {n}")
        )
    factories.visit(title_en="At Zeytinburnu", host=zeytinburnu)
    everything = superuser_client.get(VISITS)
    assert "Kazan 3" in everything.text  # in its row
    assert 'name="host_name"' in everything.text  # the box to type in

    response = superuser_client.get(VISITS, {"host_name": "ZEYTİNBURNU"})
    assert shown(response) == ["At Zeytinburnu"]
    # Not a line per organisation in the sidebar: the other hosts are nowhere.
    assert "Kazan" not in response.text
    assert 'value="ZEYTİNBURNU"' in response.text

    meetings = superuser_client.get(MEETINGS, {"host_name": "zeytin"})
    assert list(meetings.context["cl"].result_list) == []
    factories.meeting(visit=Visit.objects.get(title_en="At Zeytinburnu"), title_en="There")
    meetings = superuser_client.get(MEETINGS, {"host_name": "zeytin"})
    assert [m.title_en for m in meetings.context["cl"].result_list] == ["There"]


def test_an_old_link_to_one_host_still_filters(superuser_client):
    visit = factories.visit(title_en="Hosted here")
    factories.visit(title_en="Elsewhere")
    response = superuser_client.get(VISITS, {"host__id__exact": visit.host_id})
    assert shown(response) == ["Hosted here"]


def test_the_years_are_offered_and_filter(superuser_client):
    factories.visit(title_en="In 2019", start_date=datetime.date(2019, 5, 1))
    factories.visit(title_en="In 2021", start_date=datetime.date(2021, 5, 1))
    response = superuser_client.get(VISITS)
    for year in ("2021", "2020", "2019"):
        assert f"?start_date__year={year}" in response.text
    assert shown(superuser_client.get(VISITS, {"start_date__year": "2019"})) == ["In 2019"]
    meeting = factories.meeting(visit=Visit.objects.get(title_en="In 2021"), title_en="M 2021")
    found = superuser_client.get(MEETINGS, {"date__year": "2021"}).context["cl"].result_list
    assert list(found) == [meeting]


# --- Search on the public search's keys ---------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("istanbul", ["Visit to İstanbul"]),
        ("İSTANBUL", ["Visit to İstanbul"]),
        ("ıstanbul", ["Visit to İstanbul"]),
        ("uskudar", ["Üsküdar delegation"]),
        ("ÜSKÜDAR", ["Üsküdar delegation"]),
        ("salkarova", ["Şalkarova's visit"]),
        ("Шалқарова", ["Şalkarova's visit"]),
        ("cankaya", ["Çankaya at Ağrı"]),
        ("agri", ["Çankaya at Ağrı"]),
        ("nothing like it", []),
    ],
)
def test_the_admin_search_folds_turkish_letters(superuser_client, typed, expected):
    factories.visit(title_en="Visit to İstanbul")
    factories.visit(title_en="Üsküdar delegation")
    factories.visit(title_en="Şalkarova's visit")
    factories.visit(title_en="Çankaya at Ağrı")
    assert shown(superuser_client.get(VISITS, {"q": typed})) == expected


def test_the_meeting_search_finds_by_title_and_host(superuser_client):
    host = factories.organization(name_en="Eyüpsultan Municipality")
    visit = factories.visit(title_en="A visit", host=host)
    factories.meeting(visit=visit, title_en="Talks on heritage")
    factories.meeting(title_en="Unrelated")
    for typed in ("eyupsultan", "EYÜPSULTAN", "heritage"):
        found = superuser_client.get(MEETINGS, {"q": typed}).context["cl"].result_list
        assert [m.title_en for m in found] == ["Talks on heritage"], typed


# --- Counting ------------------------------------------------------------------


def test_sqlite_counts_exactly(superuser_client, monkeypatch):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's exact count")
    monkeypatch.setattr(adminkit, "EXACT_COUNT_LIMIT", 2)
    for n in range(4):
        factories.visit(title_en=f"V{n}")
    response = superuser_client.get(VISITS)
    assert response.context["cl"].result_count == 4
    assert not response.context["cl"].paginator.estimated
    assert "about" not in response.text.split('class="paginator"')[1]


def test_postgresql_estimates_past_the_threshold(superuser_client, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner estimate")
    monkeypatch.setattr(adminkit, "EXACT_COUNT_LIMIT", 2)
    for n in range(4):
        factories.visit(title_en=f"V{n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE visits_visit")
    response = superuser_client.get(VISITS)
    cl = response.context["cl"]
    assert cl.paginator.estimated
    assert cl.result_count >= 3
    assert len(cl.result_list) == 4
    assert "about" in response.text.split('class="paginator"')[1]
    # Below the threshold, exact.
    found = superuser_client.get(VISITS, {"q": "v1"}).context["cl"]
    assert not found.paginator.estimated
    assert found.result_count == 1


# --- The meeting form with 30 rows ---------------------------------------------


def test_a_meeting_form_with_30_participants_stays_within_25_queries(
    superuser_client, seed_visit, django_assert_max_num_queries
):
    meeting = seed_visit.meetings.get()
    have = meeting.participants.count()
    for n in range(30 - have):
        MeetingParticipant.objects.create(
            meeting=meeting,
            person=factories.person(name=f"Katılımcı {n} Öztürk"),
            side="guest",
            organization=seed_visit.guest,
            order=100 + n,
        )
    url = reverse("admin:visits_meeting_change", args=[meeting.pk])
    superuser_client.get(url)  # warm: content types
    with django_assert_max_num_queries(25):
        response = superuser_client.get(url)
    assert response.status_code == 200
    assert Meeting.objects.get(pk=meeting.pk).participants.count() == 30
    assert response.text.count("Katılımcı ") >= 30 - have
