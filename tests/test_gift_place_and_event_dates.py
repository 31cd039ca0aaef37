"""Issue 13, three small shapes: where a gift is kept (beside its disposition,
in both languages, on every page that shows the disposition); an occasion's
dates as a range ("3–6 March 2024") wherever its date is shown; organisation
kinds that fit other countries' municipalities."""

import datetime
import html
import re

import pytest
from django.utils import translation

from municipalities.models import Organization
from portal.dates import DatePrecision, format_date_range
from tests import factories
from tests.admin_forms import post_form
from tests.test_meeting_page import BUDGET as MEETING_BUDGET
from tests.test_occasion_pages import EVENT_BUDGET
from tests.test_printing import needs_pdf, pdf_text
from tests.test_public_registers import BUDGETS as REGISTER_BUDGETS
from tests.test_public_registers import body, csv_rows
from visits.models import Event, Gift

D = datetime.date
DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


def text_of(response):
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


# --- One function for every date range --------------------------------------------

RANGES = [
    # start, end, precision, English, Turkish
    (D(2024, 3, 3), D(2024, 3, 6), DAY, "3–6 March 2024", "3–6 Mart 2024"),
    (D(2026, 12, 21), D(2026, 12, 22), DAY, "21–22 December 2026", "21–22 Aralık 2026"),
    (D(2024, 2, 28), D(2024, 3, 2), DAY, "28 February – 2 March 2024", "28 Şubat – 2 Mart 2024"),
    (
        D(2024, 12, 30),
        D(2025, 1, 2),
        DAY,
        "30 December 2024 – 2 January 2025",
        "30 Aralık 2024 – 2 Ocak 2025",
    ),
    (D(2024, 3, 3), None, DAY, "3 March 2024", "3 Mart 2024"),
    (D(2024, 3, 3), D(2024, 3, 3), DAY, "3 March 2024", "3 Mart 2024"),
    (D(2021, 11, 1), None, MONTH, "November 2021", "Kasım 2021"),
    (D(2021, 11, 1), D(2021, 11, 20), MONTH, "November 2021", "Kasım 2021"),
    (D(2021, 11, 1), D(2021, 12, 5), MONTH, "November – December 2021", "Kasım – Aralık 2021"),
    (D(2021, 12, 1), D(2022, 1, 10), MONTH,
     "December 2021 – January 2022", "Aralık 2021 – Ocak 2022"),
    (D(2021, 1, 1), D(2021, 6, 1), YEAR, "2021", "2021"),
    (D(2021, 1, 1), D(2022, 6, 1), YEAR, "2021–2022", "2021–2022"),
    (None, D(2024, 3, 6), DAY, "", ""),
    (datetime.datetime(2024, 3, 3, 9), datetime.datetime(2024, 3, 6, 18), DAY,
     "3–6 March 2024", "3–6 Mart 2024"),
]  # fmt: skip


@pytest.mark.parametrize(("start", "end", "precision", "english", "turkish"), RANGES)
def test_a_range_names_a_shared_month_and_year_once(start, end, precision, english, turkish):
    with translation.override("en"):
        assert format_date_range(start, end, precision) == english
    with translation.override("tr"):
        assert format_date_range(start, end, precision) == turkish


@pytest.mark.django_db
def test_visits_and_events_print_their_dates_the_same_way():
    event = Event.objects.create(
        name_en="Nowruz Festival", start_date=D(2024, 2, 28), end_date=D(2024, 3, 2)
    )
    visit = factories.visit(start_date=D(2024, 2, 28), end_date=D(2024, 3, 2), event=event)
    with translation.override("en"):
        assert event.date_display == visit.date_display == "28 February – 2 March 2024"
        assert str(event) == "Nowruz Festival (28 February – 2 March 2024)"
    with translation.override("tr"):
        assert event.date_display == visit.date_display == "28 Şubat – 2 Mart 2024"


# --- The occasion's range on every page that shows its date -------------------------


@pytest.fixture
def festival(db):
    """A four-day festival in Kazan with a published visit and meeting."""
    event = Event.objects.create(
        name_en="Nowruz Festival",
        name_tr="Nevruz Festivali",
        kind=Event.Kind.FESTIVAL,
        city_en="Kazan",
        country="RU",
        start_date=D(2024, 3, 3),
        end_date=D(2024, 3, 6),
    )
    visit = factories.visit(
        title_en="Visit to Kazan",
        title_tr="Kazan ziyareti",
        event=event,
        start_date=D(2024, 3, 4),
        end_date=D(2024, 3, 5),
        is_published=True,
    )
    factories.meeting(visit=visit, title_en="Call on the mayor", is_published=True)
    return event


@pytest.mark.parametrize(
    ("lang", "festival_dates", "visit_dates"),
    [("en", "3–6 March 2024", "4–5 March 2024"), ("tr", "3–6 Mart 2024", "4–5 Mart 2024")],
)
def test_the_visit_and_event_pages_show_the_festivals_four_days(
    client, festival, lang, festival_dates, visit_dates
):
    visit = festival.visits.get()
    page = text_of(client.get(f"/{lang}/visits/2024/{visit.slug}/"))
    assert f"Kazan, {festival_dates}" in page  # the occasion line
    assert visit_dates in page
    body = client.get(f"/{lang}/events/{festival.slug}/").content.decode()
    page = text_of(client.get(f"/{lang}/events/{festival.slug}/"))
    assert page.count(festival_dates) >= 2  # the caption and the date line
    assert "6 March 2024 – 6 March" not in page
    assert f'href="/{lang}/visits/2024/{visit.slug}/"' in body
    summary = text_of(client.get(f"/{lang}/meetings/{visit.meetings.get().pk}/summary/"))
    assert festival_dates in summary


@pytest.mark.parametrize(("lang", "dates"), [("en", "3–6 March 2024"), ("tr", "3–6 Mart 2024")])
def test_search_shows_the_festivals_range(client, festival, lang, dates):
    page = text_of(client.get(f"/{lang}/search/", {"q": "nowruz"}))
    assert dates in page


def test_the_admin_lists_events_with_their_range(superuser_client, festival):
    page = text_of(superuser_client.get("/en/admin/visits/event/"))
    assert "3–6 March 2024" in page


@needs_pdf
def test_the_dossier_pdf_shows_the_festivals_range(client, festival):
    visit = festival.visits.get()
    _pages, text = pdf_text(client.get(f"/tr/visits/2024/{visit.slug}/dossier.pdf"))
    assert "3–6 Mart 2024" in text


def test_the_event_page_keeps_its_budget(client, festival, django_assert_max_num_queries):
    url = f"/en/events/{festival.slug}/"
    with django_assert_max_num_queries(EVENT_BUDGET):
        assert client.get(url).status_code == 200
    for n in range(30):
        factories.visit(event=festival, start_date=D(2024, 3, 3), end_date=D(2024, 3, 4 + n % 3),
                        is_published=True)  # fmt: skip
    with django_assert_max_num_queries(EVENT_BUDGET):
        assert client.get(url).status_code == 200


# --- Where a gift is kept ------------------------------------------------------------


@pytest.fixture
def kept_gift(seed_visit):
    gift = Gift.objects.filter(meeting__visit=seed_visit).order_by("order").first()
    gift.disposition = Gift.Disposition.DISPLAY
    gift.kept_at_en = "the mayor's office"
    gift.kept_at_tr = "belediye başkanının makam odası"
    gift.save()
    return gift


def test_an_editor_records_where_a_gift_is_kept(editor_client, seed_visit):
    meeting = seed_visit.meetings.get()
    url = f"/en/admin/visits/meeting/{meeting.pk}/change/"
    form = editor_client.get(url).content.decode()
    assert 'name="gifts-0-kept_at_en"' in form and 'name="gifts-0-kept_at_tr"' in form
    response = post_form(
        editor_client,
        url,
        {
            "gifts-0-disposition": "display",
            "gifts-0-kept_at_en": "the mayor's office",
            "gifts-0-kept_at_tr": "belediye başkanının makam odası",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    gift = meeting.gifts.order_by("order").first()
    assert (gift.disposition, gift.kept_at_en, gift.kept_at_tr) == (
        "display",
        "the mayor's office",
        "belediye başkanının makam odası",
    )
    history = gift.history.first()
    assert history.kept_at_en == "the mayor's office"


def test_the_gift_admin_has_the_field_too(editor_client, kept_gift):
    form = editor_client.get(f"/en/admin/visits/gift/{kept_gift.pk}/change/").content.decode()
    assert 'value="the mayor&#x27;s office"' in form


@pytest.mark.parametrize(
    ("lang", "where"),
    [
        ("en", "Where it is now: On display, the mayor's office"),
        ("tr", "Bugünkü yeri: Sergileniyor, belediye başkanının makam odası"),
    ],
)
def test_the_meeting_and_visit_pages_say_where_the_gift_is(client, kept_gift, lang, where):
    meeting = kept_gift.meeting
    assert where in text_of(client.get(f"/{lang}/meetings/{meeting.pk}/"))
    assert where in text_of(client.get(f"/{lang}/visits/2021/{meeting.visit.slug}/"))
    assert where in text_of(client.get(f"/{lang}/meetings/{meeting.pk}/summary/"))


def test_a_place_kept_in_english_only_is_marked_on_turkish_pages(client, kept_gift):
    kept_gift.kept_at_tr = ""
    kept_gift.save()
    page = text_of(client.get(f"/tr/meetings/{kept_gift.meeting.pk}/"))
    assert "Sergileniyor, the mayor's office (İngilizce)" in page


def test_a_place_without_a_disposition_shows_alone(client, kept_gift):
    kept_gift.disposition = ""
    kept_gift.save()
    page = text_of(client.get(f"/en/meetings/{kept_gift.meeting.pk}/"))
    assert "Where it is now: the mayor's office" in page


def test_a_gift_with_neither_says_nothing_about_it(client, seed_visit):
    page = text_of(client.get(f"/en/meetings/{seed_visit.meetings.get().pk}/"))
    assert "Where it is now" not in page


@pytest.mark.parametrize(
    ("lang", "where"),
    [
        ("en", "On display, the mayor's office"),
        ("tr", "Sergileniyor, belediye başkanının makam odası"),
    ],
)
def test_the_register_and_its_csv_say_where_the_gift_is(client, kept_gift, lang, where):
    assert where in text_of(client.get(f"/{lang}/gifts/"))
    header, *rows = csv_rows(client.get(f"/{lang}/gifts/gifts.csv"))
    kept = header.index("Kept at" if lang == "en" else "Bulunduğu yer")
    assert header[kept - 1] == ("Where it is now" if lang == "en" else "Bugünkü yeri")
    place = "the mayor's office" if lang == "en" else "belediye başkanının makam odası"
    assert sorted(row[kept] for row in rows) == ["", place]


@needs_pdf
def test_the_summary_pdf_says_where_the_gift_is(client, kept_gift):
    url = f"/en/meetings/{kept_gift.meeting.pk}/summary.pdf"
    _pages, text = pdf_text(client.get(url))
    assert "On display, the mayor's office" in text
    _pages, text = pdf_text(client.get(url + "?lang=tr"))
    assert "belediye başkanının makam odası" in text


def test_a_draft_visits_gift_and_its_place_vanish_for_the_public(client, viewer_client, kept_gift):
    visit = kept_gift.meeting.visit
    visit.is_published = False
    visit.save()
    assert "the mayor's office" not in client.get("/en/gifts/").content.decode()
    assert "the mayor's office" not in body(client.get("/en/gifts/gifts.csv"))
    assert client.get(f"/en/meetings/{kept_gift.meeting.pk}/").status_code == 404
    page = text_of(viewer_client.get("/en/gifts/"))
    assert "On display, the mayor's office" in page
    assert "draft" in page


def _more_kept_gifts(meeting, count):
    giver, recipient = meeting.visit.guest, meeting.visit.host
    for n in range(count):  # saved one by one, as the admin does (signals, page cache)
        Gift.objects.create(
            meeting=meeting,
            order=10 + n,
            description_en=f"Carpet {n}",
            given_by_organization=giver,
            given_to_organization=recipient,
            disposition=Gift.Disposition.DISPLAY,
            kept_at_en=f"Hall {n}",
            kept_at_tr=f"Salon {n}",
        )


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_budgets_hold_as_kept_gifts_grow(client, kept_gift, django_assert_max_num_queries, lang):
    meeting = kept_gift.meeting
    pages = {
        f"/{lang}/meetings/{meeting.pk}/": MEETING_BUDGET,
        f"/{lang}/gifts/": REGISTER_BUDGETS["/en/gifts/"],
        f"/{lang}/gifts/gifts.csv": REGISTER_BUDGETS["/en/gifts/gifts.csv"],
    }
    for url in pages:
        client.get(url)  # warm up (content types, translations)
    for url, budget in pages.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
    _more_kept_gifts(meeting, 40)
    for url, budget in pages.items():
        with django_assert_max_num_queries(budget):
            text = body(client.get(url))
        last = "39" if url.endswith((".csv", f"{meeting.pk}/")) else "0"  # the register pages
        assert ("Salon " if lang == "tr" else "Hall ") + last in text, url


# --- Organisation kinds --------------------------------------------------------------


def test_every_kind_stored_before_stays_valid():
    before = {
        "metropolitan", "provincial", "district", "town", "union", "ministry", "embassy",
        "regional", "international", "foundation", "other",
    }  # fmt: skip
    assert before <= set(Organization.Kind.values)
    assert set(Organization.MUNICIPAL_KINDS) == {"metropolitan", "provincial", "district", "town"}


@pytest.mark.parametrize(
    ("kind", "english", "turkish"),
    [
        ("metropolitan", "metropolitan municipality", "büyükşehir belediyesi"),
        ("provincial", "city or provincial municipality", "şehir veya il belediyesi"),
        ("district", "district municipality or administration", "ilçe belediyesi veya yönetimi"),
        ("town", "town or village municipality", "belde veya köy belediyesi"),
        ("regional", "regional government or administration", "bölgesel yönetim veya idare"),
    ],
)
def test_kinds_read_for_any_country_in_both_languages(kind, english, turkish):
    with translation.override("en"):
        assert str(Organization.Kind(kind).label) == english
    with translation.override("tr"):
        assert str(Organization.Kind(kind).label) == turkish


def test_the_kind_field_teaches_with_foreign_examples(superuser_client, db):
    form = text_of(superuser_client.get("/en/admin/municipalities/organization/add/"))
    for example in ("akimat", "meriya", "hokimiyat", "rayon", "municipal district", "općina",
                    "governorate", "county", "oblast"):  # fmt: skip
        assert example in form, example
    form = text_of(superuser_client.get("/tr/admin/municipalities/organization/add/"))
    assert "akimliği" in form and "İlçe:" in form


@pytest.mark.parametrize(
    ("lang", "label"),
    [("en", "City or provincial municipality"), ("tr", "Şehir veya il belediyesi")],
)
def test_a_city_akimat_reads_as_a_city_in_the_directory(client, seed_visit, lang, label):
    turkistan = Organization.objects.get(slug="turkistan-municipality")
    assert turkistan.kind == Organization.Kind.PROVINCIAL
    assert label in text_of(client.get(f"/{lang}/municipalities/{turkistan.slug}/"))
    assert label in text_of(client.get(f"/{lang}/municipalities/"))


# The visit page: the visit with guest, host and occasion; its delegation; its
# meetings and each kind of row they hold (as the meeting page); photos.
VISIT_BUDGET = 16
# The printed summary: the meeting and each kind of row it prints.
SUMMARY_BUDGET = 16


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_visit_page_and_summary_keep_their_budgets(
    client, kept_gift, django_assert_max_num_queries, lang
):
    meeting = kept_gift.meeting
    pages = {
        f"/{lang}/visits/2021/{meeting.visit.slug}/": VISIT_BUDGET,
        f"/{lang}/meetings/{meeting.pk}/summary/": SUMMARY_BUDGET,
    }
    for url in pages:
        client.get(url)  # warm up
    for url, budget in pages.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
    _more_kept_gifts(meeting, 40)
    for url, budget in pages.items():
        with django_assert_max_num_queries(budget):
            text = body(client.get(url))
        assert ("Salon 39" if lang == "tr" else "Hall 39") in text, url
