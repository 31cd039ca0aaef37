"""The printed meeting summary (print view and PDF) and the visit dossier."""

import datetime
import io
import os
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities.models import Organization
from tests import factories
from tests.factories import SECRETS
from visits import pdf
from visits.models import Decision, Gift, Statement

pytestmark = pytest.mark.django_db

if not pdf.available() and os.environ.get("REQUIRE_PDF"):
    raise RuntimeError(f"REQUIRE_PDF is set but {pdf.unavailable_reason()}")


def needs_pdf(test):
    """A test that makes a PDF: skipped where WeasyPrint cannot run, and run
    with the static files as production serves them (hashed names, collected)."""
    skip = pytest.mark.skipif(not pdf.available(), reason=pdf.unavailable_reason())
    return pytest.mark.production_static(skip(test))


def pdf_text(response):
    from pypdf import PdfReader

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]
    return pages, " ".join(" ".join(pages).split())


@pytest.fixture
def meeting(seed_visit):
    return seed_visit.meetings.get()


def summary(meeting, kind="summary/"):
    return f"/en/meetings/{meeting.pk}/{kind}"


@needs_pdf
def test_the_seed_summary_pdf_holds_every_fact_with_its_letters_intact(client, meeting):
    pages, text = pdf_text(client.get(summary(meeting, "summary.pdf")))
    for fact in [
        "Union of Turkish World Municipalities",
        "Meeting summary",
        "Deputy Mayor Aliya Şalkarova meets Secretary General Fahri Solak",
        "13 November 2021",
        "TDBB headquarters, Istanbul",
        "Turkistan Municipality (Түркістан қаласының әкімдігі), Kazakhstan",
        "Korkut Ata Turkish World Film Festival",
        "at the invitation of Union of Turkish World Municipalities",
        "Head of delegation",
        "Secretary General, Union of Turkish World Municipalities",
        "Presentation about the city of Turkestan",
        "Ahmet Yasawi Tomb",
        "approximately 1,600 historical buildings",
        "We are ready for cooperation on experience sharing",
        "Zeytinburnu Municipality (Istanbul Metropolitan Municipality)",
        "Üsküdar Municipality (Istanbul Metropolitan Municipality)",
        "planned for December 2021",
        "Turkish World Interactive Display",
        "Gift exchange and photo shoot",
        "Gift presented by TDBB to the Turkistan delegation",
    ]:
        assert fact in text, fact
    reference = f"TDBB-M-2021-{meeting.pk:06d}"
    for number, page in enumerate(pages, start=1):
        assert reference in page
        assert f"page {number} of {len(pages)}" in page


def font_names(reader):
    """The fonts a PDF embeds, without their subset prefix ("ABCDEF+")."""
    names = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


# The emblem (static/img/emblem.svg) is drawn, not embedded as a picture: a
# disc in the union's blue (#0b4f7c) with a white ring.
EMBLEM_OPERATORS = ("0.043137 0.309804 0.486275 rg", "1 1 1 RG")


@needs_pdf
@pytest.mark.parametrize("kind", ["summary", "dossier"])
def test_the_pdf_is_set_in_dejavu_sans_under_the_letterhead(client, seed_visit, kind):
    from pypdf import PdfReader

    meeting = seed_visit.meetings.get()
    url = (
        summary(meeting, "summary.pdf")
        if kind == "summary"
        else f"/en/visits/2021/{seed_visit.slug}/dossier.pdf"
    )
    pages, _text = pdf_text(response := client.get(url))
    reader = PdfReader(io.BytesIO(response.content))
    fonts = font_names(reader)
    assert "DejaVu-Sans" in fonts, fonts
    assert not [name for name in fonts if "Serif" in name], fonts  # no fallback font
    assert pages[0].startswith("Union of Turkish World Municipalities"), pages[0][:80]
    first_page = reader.pages[0].get_contents().get_data().decode("latin-1")
    assert all(operator in first_page for operator in EMBLEM_OPERATORS)


@needs_pdf
def test_the_summary_prints_in_the_chosen_language(client, meeting):
    _pages, text = pdf_text(client.get(summary(meeting, "summary.pdf") + "?lang=tr"))
    for fact in ("13 Kasım 2021", "Aralık 2021", "Genel Sekreter", "Tecrübe paylaşımı"):
        assert fact in text, fact


@needs_pdf
def test_the_pdf_has_a_name_that_says_what_it_is(client, meeting):
    response = client.get(summary(meeting, "summary.pdf"))
    assert (
        'filename="2021-11-13_tdbb_turkistan-municipality_summary.pdf"'
        in response["Content-Disposition"]
    )


def test_sections_the_reader_leaves_out_are_not_printed(client, meeting):
    page = client.get(summary(meeting), {"custom": "1", "include": ["statements", "bogus"]})
    assert page.status_code == 200
    assert "We are ready for cooperation" in page.text
    assert "Participants</h2>" not in page.text
    assert "Agenda</h2>" not in page.text
    assert "Gifts exchanged" not in page.text


def test_internal_items_never_reach_the_public(client, internal_items):
    for url in (summary(internal_items), summary(internal_items) + "?internal=1"):
        page = client.get(url).text
        assert not any(secret in page for secret in SECRETS)


def test_staff_may_print_internal_items(superuser_client, internal_items):
    page = superuser_client.get(summary(internal_items)).text
    assert not any(secret in page for secret in SECRETS)
    page = superuser_client.get(summary(internal_items) + "?internal=1").text
    assert all(secret in page for secret in SECRETS)


@needs_pdf
def test_internal_items_are_not_in_the_public_pdf(client, internal_items):
    _pages, text = pdf_text(client.get(summary(internal_items, "summary.pdf") + "?internal=1"))
    assert not any(secret in text for secret in SECRETS)


def test_an_unpublished_meeting_is_not_found_in_any_format(superuser_client, seed_visit):
    from django.test import Client

    client = Client()  # anonymous, beside the signed-in staff client
    hidden = factories.meeting(visit=seed_visit, title_en="Closed session", is_published=False)
    for kind in ("summary/", "summary.pdf"):
        assert client.get(summary(hidden, kind)).status_code == 404
    assert superuser_client.get(summary(hidden)).status_code == 200
    seed_visit.is_published = False
    seed_visit.save()
    url = f"/en/visits/2021/{seed_visit.slug}/dossier.pdf"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("query", ["lang=xx", "include=nothing&custom=1", "internal=yes", "x=%00"])
def test_odd_options_still_print(client, meeting, query):
    assert client.get(summary(meeting) + "?" + query).status_code == 200


def test_an_impossible_meeting_number_is_not_found(client, db):
    assert client.get(f"/en/meetings/{10**30}/summary/").status_code == 404
    assert client.get("/en/meetings/999/summary.pdf").status_code == 404


@needs_pdf
def test_a_meeting_with_nothing_but_a_title_prints(client, home):
    bare = factories.meeting(visit=None, host=home, title_en="Bare meeting", is_published=True)
    _pages, text = pdf_text(client.get(summary(bare, "summary.pdf")))
    assert "Bare meeting" in text
    assert client.get(summary(bare)).status_code == 200


@needs_pdf
def test_a_board_meeting_outside_any_visit_prints(client, home):
    konya = factories.organization(name_en="Konya Metropolitan Municipality")
    board = factories.meeting(
        visit=None,
        host=konya,
        convened_by=home,
        kind="board",
        title_en="Executive Board meeting",
        is_published=True,
    )
    Decision.objects.create(
        meeting=board,
        text_en="Hold the next congress in Baku.",
        responsible_organization=home,
        due_date=datetime.date(2026, 9, 1),
        due_date_precision="month",
    )
    _pages, text = pdf_text(client.get(summary(board, "summary.pdf")))
    assert "Executive Board meeting" in text
    assert "Convened by Union of Turkish World Municipalities" in text
    assert "Hold the next congress in Baku." in text
    assert "September 2026" in text


@needs_pdf
def test_the_dossier_has_a_cover_contents_and_every_meeting_in_order(client, seed_visit):
    later = factories.meeting(
        visit=seed_visit,
        host=Organization.objects.get(slug="zeytinburnu-municipality"),
        title_en="Working lunch at Zeytinburnu",
        start_time=datetime.time(13, 0),
        is_published=True,
    )
    seed_visit.meetings.exclude(pk=later.pk).update(start_time=datetime.time(10, 0))
    pages, text = pdf_text(client.get(f"/en/visits/2021/{seed_visit.slug}/dossier.pdf"))
    assert "Visit dossier" in pages[0]
    assert "Contents" in pages[1]
    first = text.index("1. Deputy Mayor Aliya Şalkarova meets")
    second = text.index("2. Working lunch at Zeytinburnu")
    assert first < second
    contents = " ".join(pages[1].split())
    assert re.search(r"Deputy Mayor Aliya Şalkarova meets .*\.\s*3", contents)
    assert all(f"page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))


def test_the_pdf_link_answers_clearly_without_pango(client, meeting, monkeypatch):
    monkeypatch.setattr(pdf, "weasyprint", None)
    monkeypatch.setattr(pdf, "_IMPORT_ERROR", OSError("cannot load library 'libpango-1.0-0'"))
    response = client.get(summary(meeting, "summary.pdf"))
    assert response.status_code == 503
    assert "libpango" in response.text
    assert client.get(summary(meeting)).status_code == 200  # the print view still works


def test_print_links_on_the_visit_page_and_in_the_admin(superuser_client, meeting):
    page = superuser_client.get(f"/en/visits/2021/{meeting.visit.slug}/").text
    assert f"/en/meetings/{meeting.pk}/summary/" in page
    assert f"/en/meetings/{meeting.pk}/summary.pdf" in page
    assert f"/en/visits/2021/{meeting.visit.slug}/dossier.pdf" in page
    admin_page = superuser_client.get(f"/en/admin/visits/meeting/{meeting.pk}/change/").text
    assert f"/en/meetings/{meeting.pk}/summary/" in admin_page


def test_the_summary_page_costs_the_same_however_much_the_meeting_holds(client, meeting):
    def queries():
        client.get(summary(meeting))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(summary(meeting)).status_code == 200
        return len(captured)

    few = queries()
    for n in range(20):
        person = factories.person()
        Statement.objects.create(meeting=meeting, speaker=person, text_en="Thanks.", order=10 + n)
        Gift.objects.create(
            meeting=meeting,
            description_en=f"Plaque {n}",
            given_by_organization=meeting.host,
            given_to_person=person,
        )
    assert queries() == few
    assert few <= 20


def test_making_pdfs_does_not_let_damaged_uploads_through():
    from PIL import ImageFile

    assert pdf.weasyprint is None or "weasyprint" in str(pdf.weasyprint)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
