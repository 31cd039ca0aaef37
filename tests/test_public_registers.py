"""The protocol and gift registers, the CSV downloads, the Atom feed, the
iCalendar feed and the sitemap: what the public may see there, what each
format must hold, and query counts that do not grow with rows."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from municipalities.models import CooperationField, Protocol
from portal.dates import DatePrecision
from tests import factories
from tests.sitemaps import sitemap_files, sitemap_text
from visits.models import Gift, Meeting, Visit

SEED_TITLE = "Turkistan Municipality delegation visits TDBB"
DRAFT_TITLE = "Confidential draft visit to Nowhereabad"
BOM = "\ufeff"


def body(response):
    """The text of a response, streamed or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def csv_rows(response_or_text):
    text = response_or_text if isinstance(response_or_text, str) else body(response_or_text)
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


def published_visit(**fields):
    fields.setdefault("is_published", True)
    return factories.visit(**fields)


def gift(meeting, **fields):
    fields.setdefault("given_by_organization", meeting.host)
    fields.setdefault("given_to_organization", meeting.visit.guest if meeting.visit else None)
    fields.setdefault("description_en", "A plaque")
    return Gift.objects.create(meeting=meeting, **fields)


def published_gift(**fields):
    """A gift at a published meeting of a published visit."""
    visit = published_visit(start_date=fields.pop("date", datetime.date(2022, 5, 4)))
    meeting = factories.meeting(visit=visit, is_published=True)
    return gift(meeting, **fields)


def next_month_start(today=None):
    today = today or timezone.localdate()
    return (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@pytest.fixture
def draft(db):
    """An unpublished visit with a meeting, a gift and a protocol, all
    looking public on their own; upcoming, so the calendar would list it."""
    visit = factories.visit(
        title_en=DRAFT_TITLE,
        title_tr=DRAFT_TITLE,
        start_date=timezone.localdate() + datetime.timedelta(days=5),
        is_published=False,
    )
    meeting = factories.meeting(visit=visit, is_published=True, title_en=DRAFT_TITLE)
    gift(meeting, description_en=DRAFT_TITLE)
    factories.protocol(
        title_en=DRAFT_TITLE,
        party_a=visit.guest,
        party_b=visit.host,
        planned_date=next_month_start(),
        is_published=False,
    )
    return visit


# --- Every page answers ---------------------------------------------------------------

PAGES = [
    "protocols/",
    "protocols/protocols.csv",
    "gifts/",
    "gifts/gifts.csv",
    "visits/visits.csv",
    "visits/feed/",
    "visits/calendar.ics",
]


@pytest.mark.parametrize("language", ["en", "tr"])
@pytest.mark.parametrize("page", PAGES)
def test_each_page_answers_in_both_languages(client, seed_visit, language, page):
    response = client.get(f"/{language}/{page}")
    assert response.status_code == 200
    body(response)


def test_registers_show_the_seed(client, seed_visit):
    protocols = client.get("/en/protocols/").text
    assert "2 protocols" in protocols
    assert "December 2021" in protocols
    assert 'href="/en/municipalities/zeytinburnu-municipality/"' in protocols
    assert re.search(r'href="/en/protocols/\d+/"', protocols)
    gifts = client.get("/en/gifts/").text
    assert "2 gifts" in gifts
    assert f'href="/en/visits/2021/{seed_visit.slug}/"' in gifts
    assert re.search(r'href="/en/meetings/\d+/"', gifts)
    turkish = client.get("/tr/gifts/").text
    assert "Ziyaretin sonunda TDBB tarafından" in turkish
    assert 'aria-current="page"' in turkish


# --- CSV downloads ----------------------------------------------------------------------


def test_protocol_csv(client, seed_visit):
    response = client.get("/en/protocols/protocols.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="protocols.csv"' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == [
        "Signed on",
        "Signed in",
        "Planned for",
        "Kind",
        "Status",
        "Party",
        "Party's country",
        "Other party",
        "Other party's country",
        "Coordinated by",
        "Fields of cooperation",
        "Signatories",
        "Title",
        "Page",
    ]
    assert len(rows) == 2
    assert {row[2] for row in rows} == {"2021-12"}
    assert {row[7] for row in rows} == {"Turkistan Municipality"}
    assert {row[9] for row in rows} == {"Union of Turkish World Municipalities"}
    assert all(row[13].startswith("http://testserver/en/protocols/") for row in rows)


def test_gift_csv_has_no_value(client, seed_visit):
    seed_gift = Gift.objects.filter(meeting__visit=seed_visit).first()
    seed_gift.value, seed_gift.currency = Decimal("987.65"), "KZT"
    seed_gift.internal_notes = "Kept in the safe, room 4"
    seed_gift.save()
    response = client.get("/en/gifts/gifts.csv")
    assert 'filename="gifts.csv"' in response["Content-Disposition"]
    text = body(response)
    header, *rows = csv_rows(text)
    assert header == [
        "Date",
        "Given by",
        "Given to",
        "Description",
        "Category",
        "Meeting",
        "Visit",
        "Where it is now",
        "Kept at",
        "Page",
    ]
    assert len(rows) == 2
    assert {row[0] for row in rows} == {"2021-11-13"}
    assert {row[6] for row in rows} == {SEED_TITLE}
    for secret in ("987", "KZT", "safe", "value", "currency"):
        assert secret not in text.lower()
    # Not on the page either, even for staff.
    assert "987" not in client.get("/en/gifts/").text


def test_gift_value_is_not_shown_to_staff_either(superuser_client, seed_visit):
    Gift.objects.filter(meeting__visit=seed_visit).update(
        value=Decimal("987.65"), currency="KZT", internal_notes="Kept in the safe"
    )
    page = superuser_client.get("/en/gifts/").text
    assert "987" not in page and "KZT" not in page and "safe" not in page
    assert "987" not in body(superuser_client.get("/en/gifts/gifts.csv"))


def test_visit_csv_follows_the_list_filters(client, seed_visit):
    other = published_visit(title_en="Baku delegation", start_date=datetime.date(2023, 3, 1))
    response = client.get("/en/visits/visits.csv")
    assert 'filename="visits.csv"' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == [
        "From",
        "Until",
        "Title",
        "Guest",
        "Host",
        "Place",
        "Occasion",
        "Status",
        "Direction",
        "Page",
    ]
    assert [row[2] for row in rows] == ["Baku delegation", SEED_TITLE]
    seed_row = rows[1]
    assert seed_row[0] == seed_row[1] == "2021-11-13"
    assert seed_row[6] == "Korkut Ata Turkish World Film Festival"
    assert seed_row[7:9] == ["Held", "Incoming"]
    assert seed_row[9] == f"http://testserver/en/visits/2021/{seed_visit.slug}/"
    _header, *rows = csv_rows(client.get("/en/visits/visits.csv?year=2023"))
    assert [row[2] for row in rows] == [other.title_en]
    _header, *rows = csv_rows(client.get("/tr/visits/visits.csv?year=2021"))
    assert rows[0][2] == seed_visit.title_tr


def test_formula_cells_are_quoted(client, db):
    published_gift(description_en='=HYPERLINK("http://evil.example")')
    published_visit(title_en="+cmd|' /C calc'!A0")
    factories.protocol(signed_place="@SUM(1+1)", is_published=True)
    gifts = csv_rows(client.get("/en/gifts/gifts.csv"))
    assert gifts[1][3] == '\'=HYPERLINK("http://evil.example")'
    visits = csv_rows(client.get("/en/visits/visits.csv"))
    assert "'+cmd|' /C calc'!A0" in [row[2] for row in visits]
    protocols = csv_rows(client.get("/en/protocols/protocols.csv"))
    assert protocols[1][1] == "'@SUM(1+1)"


# --- Drafts stay out of public formats --------------------------------------------------


PUBLIC_FORMATS = [
    "/en/protocols/",
    "/en/gifts/",
    "/en/protocols/protocols.csv",
    "/en/gifts/gifts.csv",
    "/en/visits/visits.csv",
    "/en/visits/feed/",
    "/en/visits/calendar.ics",
    "/tr/visits/calendar.ics",
    "/sitemap.xml",
]


@pytest.mark.parametrize("url", PUBLIC_FORMATS)
def test_an_unpublished_visit_appears_nowhere_for_the_public(client, seed_visit, draft, url):
    text = sitemap_text(client) if url == "/sitemap.xml" else body(client.get(url))
    assert DRAFT_TITLE not in text
    assert draft.slug not in text


@pytest.mark.parametrize("url", PUBLIC_FORMATS[2:])
def test_staff_see_no_drafts_in_downloads_and_feeds(superuser_client, seed_visit, draft, url):
    if url == "/sitemap.xml":
        text = sitemap_text(superuser_client)
        assert draft.slug not in text and seed_visit.slug in text
    else:
        assert DRAFT_TITLE not in body(superuser_client.get(url))


def test_staff_see_drafts_on_the_registers_marked(superuser_client, seed_visit, draft):
    for url in ("/en/protocols/", "/en/gifts/"):
        page = superuser_client.get(url).text
        assert DRAFT_TITLE in page or draft.guest.name in page
        assert '<span class="tag tag-draft">' in page


# --- The Atom feed ----------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_lists_published_visits(client, seed_visit):
    response = client.get("/en/visits/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [SEED_TITLE]
    entry = entries[0]
    link = entry.find(f"{ATOM}link").get("href")
    assert link == f"http://testserver/en/visits/2021/{seed_visit.slug}/"
    assert entry.findtext(f"{ATOM}updated")
    assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
    turkish = ET.fromstring(client.get("/tr/visits/feed/").content)
    assert turkish.find(f"{ATOM}entry").findtext(f"{ATOM}title") == seed_visit.title_tr


def test_atom_feed_holds_the_twenty_most_recently_published(client, db):
    now = timezone.now()
    for n in range(22):
        published_visit(
            title_en=f"Visit number {n}",
            start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            published_at=now - datetime.timedelta(days=n),
        )
    feed = ET.fromstring(client.get("/en/visits/feed/").content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles == [f"Visit number {n}" for n in range(20)]


# --- The iCalendar feed -----------------------------------------------------------------


def unfolded(text):
    return text.replace("\r\n ", "")


def events(text):
    return re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", unfolded(text), re.S)


def test_calendar_format(client, seed_visit):
    today = timezone.localdate()
    published_visit(
        title_en="Long title, with commas; semicolons\\backslashes and an İstanbul "
        "ğüşöç summary that runs well past seventy-five octets for folding",
        start_date=today + datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=5),
        city="Istanbul",
    )
    response = client.get("/en/visits/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="calendar.ics"' in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    text = raw.decode("utf-8")
    assert "VERSION:2.0\r\n" in text and "PRODID:" in text
    (event,) = events(text)
    start = today + datetime.timedelta(days=3)
    after = today + datetime.timedelta(days=6)
    assert f"DTSTART;VALUE=DATE:{start:%Y%m%d}\r\n" in event
    assert f"DTEND;VALUE=DATE:{after:%Y%m%d}\r\n" in event
    assert "SUMMARY:Long title\\, with commas\\; semicolons\\\\backslashes" in event
    assert re.search(r"UID:visit-\d+@testserver\r\n", event)
    assert re.search(r"DTSTAMP:\d{8}T\d{6}Z\r\n", event)
    # The seed visit (2021) is long past: not listed.
    assert SEED_TITLE not in text


def test_calendar_spans_a_month_for_a_signing_planned_to_the_month(client, seed_visit):
    start = next_month_start()
    following = next_month_start(start)
    protocol = factories.protocol(
        planned_date=start + datetime.timedelta(days=9),
        planned_date_precision=DatePrecision.MONTH,
        is_published=True,
    )
    text = body(client.get("/en/visits/calendar.ics"))
    (event,) = events(text)
    assert f"DTSTART;VALUE=DATE:{start:%Y%m%d}\r\n" in event
    assert f"DTEND;VALUE=DATE:{following:%Y%m%d}\r\n" in event
    assert "(date to be fixed within the month)" in event
    assert f"UID:protocol-{protocol.pk}@testserver" in event


def test_calendar_spans_a_year_for_a_signing_planned_to_the_year(client, db):
    year = timezone.localdate().year + 1
    factories.protocol(
        planned_date=datetime.date(year, 6, 1),
        planned_date_precision=DatePrecision.YEAR,
        is_published=True,
    )
    (event,) = events(body(client.get("/en/visits/calendar.ics")))
    assert f"DTSTART;VALUE=DATE:{year}0101\r\n" in event
    assert f"DTEND;VALUE=DATE:{year + 1}0101\r\n" in event
    assert "(date to be fixed within the year)" in event


def test_calendar_leaves_out_signed_and_long_past_signings(client, seed_visit):
    # The seed's signings were planned for December 2021: long past.
    factories.protocol(
        status=Protocol.Status.SIGNED,
        signed_date=timezone.localdate(),
        planned_date=timezone.localdate(),
        is_published=True,
    )
    assert events(body(client.get("/en/visits/calendar.ics"))) == []


# --- The sitemap ------------------------------------------------------------------------


def test_sitemap_lists_pages_visits_and_organisations_in_both_languages(client, seed_visit):
    text = sitemap_text(client)
    for _path, response in sitemap_files(client):
        ET.fromstring(response.content)
    for path in ("", "visits/", "municipalities/", "protocols/", "gifts/"):
        for language in ("en", "tr"):
            assert f"<loc>http://testserver/{language}/{path}</loc>" in text
    for language in ("en", "tr"):
        assert f"http://testserver/{language}/visits/2021/{seed_visit.slug}/" in text
        assert f"http://testserver/{language}/municipalities/tdbb/" in text
    assert 'hreflang="tr"' in text


# --- Sorting and filtering --------------------------------------------------------------


@pytest.fixture
def register(db):
    """Three published protocols that sort differently by each column."""
    trade = CooperationField.objects.create(name_en="Barter", name_tr="Takas", slug="barter")
    rows = {
        "old": factories.protocol(
            kind=Protocol.Kind.MEMORANDUM,
            status=Protocol.Status.SIGNED,
            signed_date=datetime.date(2019, 5, 1),
            party_a=factories.organization(name_en="Zeytinburnu", country="TR"),
            is_published=True,
        ),
        "mid": factories.protocol(
            kind=Protocol.Kind.COOPERATION,
            status=Protocol.Status.PROPOSED,
            planned_date=datetime.date(2022, 1, 1),
            planned_date_precision=DatePrecision.YEAR,
            party_a=factories.organization(name_en="Almaty", country="KZ"),
            is_published=True,
        ),
        "new": factories.protocol(
            kind=Protocol.Kind.FRIENDSHIP,
            status=Protocol.Status.PLANNED,
            planned_date=datetime.date(2024, 3, 1),
            party_a=factories.organization(name_en="Ganja", country="AZ"),
            is_published=True,
        ),
    }
    rows["new"].cooperation_fields.add(trade)
    return rows


def order_on(client, url, register):
    """The keys of `register` in the order the page lists them."""
    page = client.get(url).text
    names = {key: protocol.party_a.name for key, protocol in register.items()}
    return sorted(names, key=lambda key: page.index(f">{names[key]}<"))


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["new", "mid", "old"]),
        ("date", ["old", "mid", "new"]),
        ("-date", ["new", "mid", "old"]),
        # Kinds by their labels: cooperation, friendship, memorandum.
        ("kind", ["mid", "new", "old"]),
        ("-kind", ["old", "new", "mid"]),
        # Statuses in their life cycle: proposed, planned, signed.
        ("status", ["mid", "new", "old"]),
        ("-status", ["old", "new", "mid"]),
        ("parties", ["mid", "new", "old"]),
        ("-parties", ["old", "new", "mid"]),
        ("evil", ["new", "mid", "old"]),
        ("--date", ["new", "mid", "old"]),
        ("date;drop table", ["new", "mid", "old"]),
    ],
)
def test_protocol_register_sorts_by_each_column(client, register, sort, expected):
    assert order_on(client, f"/en/protocols/?sort={sort}", register) == expected
    rows = csv_rows(client.get(f"/en/protocols/protocols.csv?sort={sort}"))[1:]
    names = [row[5] for row in rows]
    assert names == [register[key].party_a.name for key in expected]


def test_sort_headers_link_and_announce_the_order(client, register):
    page = client.get("/en/protocols/?kind=friendship&sort=parties").text
    assert re.search(
        r'<th scope="col" class="sortable" aria-sort="ascending"><a href="\?[^"]*sort=-parties',
        page,
    )
    assert page.count("aria-sort=") == 1
    assert 'href="?kind=friendship&amp;sort=-date"' in page
    assert 'href="/en/protocols/protocols.csv?kind=friendship&amp;sort=parties"' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=friendship", ["new"]),
        ("status=signed", ["old"]),
        ("country=kz", ["mid"]),
        ("country=KZ&status=signed", []),
        ("year=2019", ["old"]),
        # Unsigned: the planned year counts.
        ("year=2022", ["mid"]),
        ("kind=nonsense", ["new", "mid", "old"]),
    ],
)
def test_protocol_register_filters(client, register, query, expected):
    rows = csv_rows(client.get(f"/en/protocols/protocols.csv?{query}"))[1:]
    assert [row[5] for row in rows] == [register[key].party_a.name for key in expected]
    page = client.get(f"/en/protocols/?{query}").text
    assert f"{len(expected)} protocol" in page


def test_gift_register_sorts_and_filters(client, db):
    plaque = published_gift(
        description_en="Silver plaque",
        category=Gift.Category.PLAQUE,
        date=datetime.date(2020, 1, 1),
    )
    book = published_gift(
        description_en="Old book", category=Gift.Category.BOOK, date=datetime.date(2023, 1, 1)
    )
    book.given_to_organization.country = "KZ"
    book.given_to_organization.save()

    def order(query):
        page = client.get(f"/en/gifts/?{query}").text
        return sorted(
            ["plaque", "book"], key=lambda k: page.index({"plaque": "Silver", "book": "Old"}[k])
        )

    assert order("") == order("sort=-date") == order("sort=nonsense") == ["book", "plaque"]
    assert order("sort=date") == ["plaque", "book"]
    assert order("sort=category") == ["book", "plaque"]
    assert order("sort=-category") == ["plaque", "book"]
    assert "1 gift<" in client.get("/en/gifts/?category=plaque").text
    assert "Old book" not in client.get("/en/gifts/?year=2020").text
    page = client.get("/en/gifts/?country=KZ").text
    assert "Old book" in page and "Silver plaque" not in page
    rows = csv_rows(client.get("/en/gifts/gifts.csv?category=book"))[1:]
    assert [row[3] for row in rows] == ["Old book"]
    assert plaque.pk != book.pk


# --- Any query string gives a normal page -----------------------------------------------

GARBAGE = [
    "page=-1",
    "page=abc",
    f"page={10**9}",
    "page=",
    "sort=evil",
    "sort=-",
    "sort=" + "-" * 30,
    "year=0",
    "year=0000",
    "year=99999",
    "year=-5",
    # Digits to str.isdigit(), not to int() (found by tests/test_fuzz.py).
    "year=%C2%B2",
    "year=%E2%91%A0",
    "country=zz",
    "country=%00%01",
    "kind=%0d%0a",
    "category=" + "x" * 5000,
    "status=" + "é" * 5000,
    "q=%ff%fe",
    "sort=date&sort=kind&page=2&page=x",
]


@pytest.mark.parametrize(
    "url",
    ["/en/protocols/", "/en/protocols/protocols.csv", "/tr/gifts/", "/en/gifts/gifts.csv"],
)
@pytest.mark.parametrize("query", GARBAGE)
def test_any_query_string_gives_a_normal_page(client, seed_visit, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200
    body(response)


@pytest.mark.parametrize("query", [q for q in GARBAGE if not q.startswith("year=0")])
def test_visit_csv_takes_any_query_string(client, seed_visit, query):
    assert client.get(f"/en/visits/visits.csv?{query}").status_code == 200


# --- Query counts do not grow with rows -------------------------------------------------


def add_rows(n):
    """n published visits, each with a meeting, a gift and a protocol with two
    fields of cooperation."""
    fields = [
        CooperationField.objects.get_or_create(
            slug=slug, defaults={"name_en": slug, "name_tr": slug}
        )[0]
        for slug in ("trade-q", "culture-q")
    ]
    today = timezone.localdate()
    for n_ in range(n):
        visit = published_visit(start_date=today + datetime.timedelta(days=n_))
        meeting = factories.meeting(visit=visit, is_published=True)
        gift(meeting, given_by_person=factories.person(), given_to_person=factories.person())
        protocol = factories.protocol(
            party_a=visit.guest,
            party_b=visit.host,
            coordinator=factories.organization(),
            planned_date=today + datetime.timedelta(days=n_),
            planned_date_precision=DatePrecision.MONTH,
            is_published=True,
        )
        protocol.cooperation_fields.set(fields)


# Queries per page, for an anonymous reader, whatever the number of rows.
BUDGETS = {
    # count; years in use; countries in use; the page of protocols with
    # parties and coordinator; their fields of cooperation; their signatories.
    "/en/protocols/": 6,
    # count; years in use; countries in use; the page of gifts with meeting,
    # visit, givers and recipients.
    "/en/gifts/": 4,
    # protocols with parties and coordinator; their fields; their signatories
    # (per 2,000 rows).
    "/en/protocols/protocols.csv": 3,
    # gifts with meeting, visit, givers and recipients.
    "/en/gifts/gifts.csv": 1,
    # visits with guest, host and occasion.
    "/en/visits/visits.csv": 1,
    # the 20 latest visits with guest and host.
    "/en/visits/feed/": 1,
    # upcoming visits with guest and host; planned signings with parties.
    "/en/visits/calendar.ics": 2,
    # The index: how many published visits, published meetings, published
    # protocols, organisations, public events, public projects and public people
    # (7), and the latest change of each but the events and people (5).
    "/sitemap.xml": 12,
    # A file of the index: how many records (for the pages), one page of them.
    "/sitemap-visits.xml": 2,
    "/sitemap-meetings.xml": 2,
    "/sitemap-people.xml": 2,
    "/sitemap-pages.xml": 0,
}


@pytest.mark.parametrize(("url", "budget"), BUDGETS.items())
def test_query_counts_do_not_grow_with_rows(client, db, django_assert_num_queries, url, budget):
    add_rows(3)
    body(client.get(url))  # warm up (content types, translations, caches)
    with django_assert_num_queries(budget):
        assert len(body(client.get(url))) > 0
    add_rows(57)
    with django_assert_num_queries(budget):
        body(client.get(url))
    if url.endswith(".csv"):
        assert len(csv_rows(client.get(url))) == 61


def test_staff_register_queries_do_not_grow_either(superuser_client, db):
    add_rows(3)
    superuser_client.get("/en/gifts/")
    with CaptureQueriesContext(connection) as few:
        superuser_client.get("/en/gifts/")
        superuser_client.get("/en/protocols/")
    add_rows(57)
    with CaptureQueriesContext(connection) as many:
        superuser_client.get("/en/gifts/")
        superuser_client.get("/en/protocols/")
    assert len(many) == len(few)


def test_meetings_outside_visits_are_in_the_gift_register(client, db):
    board = factories.meeting(visit=None, is_published=True, title_en="Executive Board meeting")
    gift(board, given_to_organization=factories.organization(), description_en="Board plaque")
    factories.meeting(visit=None, is_published=False)
    page = client.get("/en/gifts/").text
    assert "Board plaque" in page and "Executive Board meeting" in page
    rows = csv_rows(client.get("/en/gifts/gifts.csv"))[1:]
    assert [(row[5], row[6], row[8]) for row in rows] == [("Executive Board meeting", "", "")]
    assert Meeting.objects.count() == 2
    assert Visit.objects.count() == 0


def test_a_filter_matching_nothing_still_shows_as_applied(client, register):
    page = client.get("/en/protocols/?year=1999&country=UZ").text
    assert "0 protocols" in page
    assert '<option value="1999" selected>' in page
    assert '<option value="UZ" selected>' in page
    page = client.get("/en/gifts/?year=1999").text
    assert '<option value="1999" selected>' in page
