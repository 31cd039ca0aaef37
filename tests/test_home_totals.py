"""The home page's figures and charts for the public come from maintained
tallies (visits.totals): after every kind of change they equal a count made
afresh from the visits, and the page shows them at once."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests import factories
from visits.models import Visit, VisitTally
from visits.totals import live_figures, public_figures, recount

pytestmark = pytest.mark.django_db


def fresh():
    """The figures counted now from the published visits."""
    today = timezone.localdate()
    return live_figures(Visit.objects.published().order_by(), today, 10)


def kept():
    return public_figures(timezone.localdate(), 10)


def assert_current():
    figures, yearly, by_country = kept()
    expected_figures, expected_yearly, expected_by_country = fresh()
    assert figures == expected_figures
    assert yearly == expected_yearly
    assert by_country == expected_by_country


def _home_numbers(client):
    """The visit figure, the per-year chart's rows and the visitors chart's
    rows as the home page shows them to an anonymous reader."""
    text = client.get("/en/").content.decode()
    visits = int(re.search(r"<strong>([\d,]+)</strong> visits recorded", text)[1].replace(",", ""))

    def rows(start, end):
        part = text[text.index(start) : text.index(end) if end else None]
        part = part[part.index("<tbody>") :]
        return re.findall(r'<th scope="row">([^<]+)</th><td class="num">([\d,]+)</td>', part)

    return (
        visits,
        rows('id="chart-visits-per-year"', 'id="chart-visitors-by-country"'),
        rows('id="chart-visitors-by-country"', None),
    )


@pytest.fixture
def kz(db):
    return factories.organization(name_en="Turkistan", country="KZ")


@pytest.fixture
def visits(home, kz):
    today = timezone.localdate()
    az = factories.organization(name_en="Baku", country="AZ")
    day, visit = datetime.date, factories.visit
    tomorrow = today + datetime.timedelta(days=1)
    made = [
        visit(guest=kz, host=home, start_date=day(2019, 5, 1), is_published=True),
        visit(guest=kz, host=home, start_date=day(2020, 5, 1), is_published=True),
        visit(guest=az, host=home, start_date=day(2020, 6, 1), is_published=True),
        visit(guest=home, host=az, start_date=day(2021, 6, 1), is_published=True),
        visit(guest=az, host=home, start_date=day(2022, 6, 1)),  # a draft
        # This year, before and after today: only the first is a visitor yet.
        visit(guest=az, host=home, start_date=today, is_published=True),
        visit(guest=kz, host=home, start_date=tomorrow, is_published=True),
    ]  # fmt: skip
    return made


def test_the_tallies_count_what_a_fresh_count_counts(visits):
    assert_current()
    figures, yearly, _by_country = kept()
    assert figures["visits"] == 6
    assert yearly[2020] == 2
    assert 2022 not in yearly  # a draft only


def test_every_change_to_a_visit_keeps_them_current(visits, kz, client):
    first, second, third, fourth, draft, *_ = visits
    draft.is_published = True  # published
    draft.save()
    assert_current()
    first.is_published = False  # unpublished
    first.save()
    assert_current()
    second.start_date = datetime.date(2011, 1, 1)  # moved to another year
    second.save()
    assert_current()
    assert kept()[1][2011] == 1 and 2020 in kept()[1]
    third.guest = kz  # another guest
    third.save()
    assert_current()
    fourth.delete()  # deleted
    assert_current()
    factories.visit(guest=kz, start_date=datetime.date(2030, 1, 1), is_published=True)  # added
    assert_current()
    assert kept()[0]["visits"] == fresh()[0]["visits"] == 6


def test_an_organisation_that_changes_country_or_role_moves_its_visits(visits, home, kz):
    kz.country = "UZ"
    kz.save()
    assert_current()
    assert ("UZ", 2) in kept()[2]
    kz.name_en = "Türkistan"  # no country change: nothing to count
    kz.save()
    assert_current()
    home.is_home = False  # no union: no incoming visits
    home.save()
    assert_current()
    assert kept()[2] == []
    home.is_home = True
    home.save()
    assert_current()
    assert kept()[2]


def test_the_home_page_shows_each_change_at_once(visits, client):
    before = _home_numbers(client)
    visits[4].is_published = True
    visits[4].save()
    after = _home_numbers(client)
    assert after[0] == before[0] + 1
    assert ("2022", "1") in after[1]
    visits[0].delete()
    visits[1].is_published = False
    visits[1].save()
    last = _home_numbers(client)
    assert last[0] == before[0] - 1
    assert ("2020", "1") in last[1] and "2019" not in dict(last[1])
    listed = client.get("/en/visits/").content.decode()
    count = re.search(r'class="result-count" role="status">([\d,]+)', listed)[1]
    assert int(count.replace(",", "")) == last[0]


def test_a_recount_from_nothing_gives_the_same_tallies(visits):
    rows = sorted(VisitTally.objects.values_list("year", "country", "incoming", "visits"))
    VisitTally.objects.all().delete()
    assert kept()[0]["visits"] == 0  # the tallies are all the page reads
    recount()
    assert sorted(VisitTally.objects.values_list("year", "country", "incoming", "visits")) == rows


def test_the_generated_demo_set_is_counted(home):
    call_command("load_demo", "--no-login", "--extra", "40", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert_current()
    assert kept()[0]["visits"] == Visit.objects.published().count() > 1


def test_anonymous_home_reads_no_visit_aggregate(visits, client, django_assert_max_num_queries):
    """Whatever the number of visits, the figures cost the tallies and this
    year's incoming visits — not a count over every visit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/en/", HTTP_COOKIE="")
    sql = [q["sql"] for q in queries.captured_queries]
    counting_visits = [s for s in sql if "COUNT(" in s.upper() and '"visits_visit"' in s]
    assert len(counting_visits) == 1  # this year's visitors, from one year of visits
    assert any('"visits_visittally"' in s for s in sql)


def test_a_save_that_moves_no_visit_counts_nothing_again(visits):
    """The secretariat corrects texts all day: those saves leave the tallies
    alone (one look at the stored row), while a change of date recounts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    visit = visits[0]
    visit.summary_en = "Corrected summary."
    with CaptureQueriesContext(connection) as queries:
        visit.save()
    assert not [q for q in queries.captured_queries if "visits_visittally" in q["sql"]]
    visit.start_date = datetime.date(2018, 5, 1)
    with CaptureQueriesContext(connection) as queries:
        visit.save()
    assert [q for q in queries.captured_queries if "visits_visittally" in q["sql"]]
    assert_current()
