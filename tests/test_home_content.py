"""What the home page lists: planned signings still ahead (and, for staff,
the overdue ones), each visit once, and the same count of visits as the visit
list and the charts."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from municipalities.models import Protocol
from portal.dates import DatePrecision, last_day, normalise, still_ahead, still_ahead_q
from tests import factories

pytestmark = pytest.mark.django_db

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


# --- Still ahead ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("planned", "precision", "today", "ahead"),
    [
        # A month is ahead all through that month, and over the day after.
        (datetime.date(2026, 12, 1), MONTH, datetime.date(2026, 12, 31), True),
        (datetime.date(2026, 12, 1), MONTH, datetime.date(2027, 1, 1), False),
        (datetime.date(2026, 2, 1), MONTH, datetime.date(2026, 2, 28), True),
        # A year all through that year.
        (datetime.date(2026, 1, 1), YEAR, datetime.date(2026, 12, 31), True),
        (datetime.date(2026, 1, 1), YEAR, datetime.date(2027, 1, 1), False),
        # A day on that day, not the day after.
        (datetime.date(2026, 12, 10), DAY, datetime.date(2026, 12, 10), True),
        (datetime.date(2026, 12, 10), DAY, datetime.date(2026, 12, 11), False),
        (datetime.date(2026, 12, 10), DAY, datetime.date(2026, 1, 1), True),
    ],
)
def test_a_planned_date_is_still_ahead_until_its_period_is_over(planned, precision, today, ahead):
    assert still_ahead(planned, precision, today) is ahead


def test_the_filter_agrees_with_the_helper_on_every_day_of_two_years():
    today = datetime.date(2026, 11, 30)
    planned = {}
    for offset in range(-400, 400, 3):
        day = today + datetime.timedelta(days=offset)
        for precision in (DAY, MONTH, YEAR):
            protocol = factories.protocol(planned_date=day, planned_date_precision=precision)
            planned[protocol.pk] = (normalise(day, precision), precision)
    found = set(
        Protocol.objects.filter(pk__in=planned)
        .filter(still_ahead_q("planned_date", "planned_date_precision", today))
        .values_list("pk", flat=True)
    )
    expected = {pk for pk, (day, p) in planned.items() if still_ahead(day, p, today)}
    assert found == expected
    assert 0 < len(found) < len(planned)
    # And "ahead" means the period's last day is today or later.
    assert all(last_day(*planned[pk]) >= today for pk in found)


# --- Planned signings on the home page ----------------------------------------------------


def _month_before(day):
    return (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@pytest.fixture
def signings(home):
    """Published planned signings: three still ahead today, three overdue."""
    today = timezone.localdate()

    def planned(name, day, precision):
        return factories.protocol(
            party_a=home,
            party_b=factories.organization(name_en=name),
            planned_date=day,
            planned_date_precision=precision,
            is_published=True,
        )

    return {
        "ahead": [
            planned("Ahead This Month", today.replace(day=1), MONTH),
            planned("Ahead This Year", today.replace(month=1, day=1), YEAR),
            planned("Ahead Tomorrow", today + datetime.timedelta(days=1), DAY),
        ],
        "undated": [planned("Ahead Undated", None, DAY)],
        "overdue": [
            planned("Overdue Last Month", _month_before(today), MONTH),
            planned("Overdue Last Year", today.replace(year=today.year - 1, month=1, day=1), YEAR),
            planned("Overdue Yesterday", today - datetime.timedelta(days=1), DAY),
        ],
    }


def _section(text, heading):
    """The text of the home page from `heading` to the next h2."""
    start = text.index(heading)
    end = text.find("<h2", start + len(heading))
    return text[start : end if end > 0 else None]


def test_planned_signings_lists_only_those_still_ahead(client, signings):
    text = client.get("/en/").content.decode()
    listed = _section(text, "Planned protocol signings")
    for name in ("Ahead This Month", "Ahead This Year", "Ahead Tomorrow", "Ahead Undated"):
        assert name in listed, name
    # Soonest first, the one with no date yet last.
    order = [listed.index(n) for n in ("Ahead This Year", "Ahead Tomorrow", "Ahead Undated")]
    assert order == sorted(order)
    for name in ("Overdue Last Month", "Overdue Last Year", "Overdue Yesterday"):
        assert name not in text, name
    assert "Overdue planned signings" not in text


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_staff_see_the_overdue_signings_under_their_own_heading(viewer_client, signings, lang):
    text = viewer_client.get(f"/{lang}/").content.decode()
    heading = "Overdue planned signings" if lang == "en" else "Tarihi geçmiş planlı imzalar"
    overdue = _section(text, heading)
    for name in ("Overdue Last Month", "Overdue Last Year", "Overdue Yesterday"):
        assert name in overdue, name
    assert "Ahead" not in overdue
    assert "Overdue" not in _section(text, 'id="upcoming"')


def test_staff_who_may_not_view_protocols_see_no_overdue_signings(signings):
    client = Client()
    client.force_login(factories.staff("nogroup"))
    assert "Overdue" not in client.get("/en/").content.decode()


def test_the_cached_anonymous_page_never_holds_the_overdue_signings(
    settings, signings, viewer_client
):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    try:
        # Staff first (never cached), then a reader (cached), then staff again.
        assert "Overdue Yesterday" in viewer_client.get("/en/").content.decode()
        first = Client().get("/en/").content.decode()
        assert "Overdue Yesterday" in viewer_client.get("/en/").content.decode()
        again = Client().get("/en/").content.decode()
        assert again == first
        for text in (first, again, *(str(v["content"]) for v in _cached_pages())):
            assert "Overdue" not in text
        assert _cached_pages(), "the reader's page was cached"
    finally:
        cache.clear()


def _cached_pages():
    from django.core.cache.backends.locmem import _caches

    pages = []
    for store in _caches.values():
        for key in list(store):
            if ":page:" in key:
                pages.append(cache.get(key.split(":", 2)[2]))
    return [p for p in pages if p]


def test_the_signings_count_still_ahead_in_turkish_too(client, signings):
    text = client.get("/tr/").content.decode()
    assert "Ahead This Month" in text
    assert "Overdue" not in text
    assert re.search(r"Planlanan protokol imzaları", text)


# --- Each visit once -------------------------------------------------------------------------


def test_the_home_lists_name_each_visit_once(client, home):
    today = timezone.localdate()
    for title, day in (
        ("Past Trip", today - datetime.timedelta(days=3)),
        ("Coming Trip", today + datetime.timedelta(days=9)),
    ):
        visit = factories.visit(
            title_en=title,
            guest=factories.organization(),
            host=home,
            start_date=day,
            is_published=True,
        )
        for _ in range(3):  # rows that a join would repeat the visit for
            factories.meeting(visit=visit, is_published=True)
    text = client.get("/en/").content.decode()
    assert text.count(">Past Trip</a>") == 1
    assert text.count(">Coming Trip</a>") == 1
    assert (
        text.index(">Past Trip</a>") < text.index('id="upcoming"') < text.index(">Coming Trip</a>")
    )


def _trips(visits):
    """Pairs of visits that are one trip: one delegation at one occasion, or
    at one host on overlapping days."""
    visits = list(visits)
    return [
        (a.slug, b.slug)
        for a in visits
        for b in visits
        if a.pk < b.pk
        and a.guest_id == b.guest_id
        and (
            (a.event_id and a.event_id == b.event_id)
            or (
                a.host_id == b.host_id
                and a.start_date <= (b.end_date or b.start_date)
                and b.start_date <= (a.end_date or a.start_date)
            )
        )
    ]


def test_the_generated_demo_set_records_each_trip_once(db):
    from tests.test_demo_extra import make_home
    from visits.demo_extra import load_extra
    from visits.models import Visit

    load_extra(300, make_home())
    assert Visit.objects.count() > 250
    assert _trips(Visit.objects.all()) == []


def test_the_generator_does_not_record_again_a_visit_kept_under_another_address(db):
    from tests.test_demo_extra import make_home
    from visits.demo_extra import load_extra
    from visits.models import Visit

    home = make_home()
    load_extra(40, home)
    before = Visit.objects.count()
    renamed = Visit.objects.order_by("id").first()
    Visit.objects.filter(pk=renamed.pk).update(slug="renamed-by-the-secretariat")
    created = load_extra(40, home)
    assert created.get("Visit", 0) == 0
    assert Visit.objects.count() == before


# --- One count of visits -------------------------------------------------------------------


def _home_figure(text):
    return int(
        re.search(r"<strong>([\d.,]+)</strong> (?:visits recorded|kayıtlı ziyaret)", text)[1]
        .replace(",", "")
        .replace(".", "")
    )


def _list_count(text):
    return int(
        re.search(r'class="result-count" role="status">([\d.,]+)', text)[1]
        .replace(",", "")
        .replace(".", "")
    )


def _chart_total(text):
    """The sum of the per-year chart's figures (its table for screen readers)."""
    chart = text[text.index('id="per-year"') : text.index('id="by-country"')]
    cells = re.findall(r'<td class="num">([\d.,]+)</td>', chart)
    assert cells
    return sum(int(c.replace(",", "").replace(".", "")) for c in cells)


@pytest.fixture
def many_visits(home):
    """Published and draft visits, past and coming, held, planned, cancelled."""
    from visits.models import Visit

    today = timezone.localdate()
    rows = [
        (-800, "held", True), (-400, "held", True), (-30, "cancelled", True),
        (-10, "postponed", True), (-5, "held", False), (0, "held", True),
        (20, "planned", True), (400, "planned", True), (500, "planned", False),
    ]  # fmt: skip
    for offset, status, published in rows:
        factories.visit(
            guest=factories.organization(country="KZ"),
            host=home,
            start_date=today + datetime.timedelta(days=offset),
            status=status,
            is_published=published,
        )
    return Visit.objects.all()


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_home_list_and_chart_give_one_count_to_readers(client, many_visits, lang):
    from visits.public import counted_visits

    home = client.get(f"/{lang}/").content.decode()
    listed = client.get(f"/{lang}/visits/").content.decode()
    assert _home_figure(home) == _list_count(listed) == _chart_total(home) == 7
    assert counted_visits().count() == 7


def test_staff_see_one_count_with_the_drafts(superuser_client, many_visits):
    home = superuser_client.get("/en/").content.decode()
    listed = superuser_client.get("/en/visits/").content.decode()
    assert _home_figure(home) == _list_count(listed) == _chart_total(home) == 9


def test_load_demo_reports_the_count_readers_see(db, client):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("load_demo", "--no-login", stdout=out)
    reported = int(re.search(r"Visits: (\d+) published", out.getvalue())[1])
    assert reported == _home_figure(client.get("/en/").content.decode())
    assert reported == _list_count(client.get("/en/visits/").content.decode())


def test_generated_visits_have_readable_addresses(db):
    from tests.test_demo_extra import make_home
    from visits.demo_extra import load_extra
    from visits.models import Visit

    load_extra(20, make_home())
    for visit in Visit.objects.all():
        # The title's own words, not search's folded ones ("dalagation … tha").
        assert not re.search(r"\b(tha|dalagation|visic)\b", visit.slug), visit.slug
    assert Visit.objects.filter(slug__contains="delegation").exists()
