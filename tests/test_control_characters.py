"""Control characters pasted into a text (Word's line break \\x0b above all):
cleaned when a record is saved and when stored text is migrated, and every
export — Atom feed, calendar, CSV, print view, PDF — stays valid when a row
still holds them (written by update() or raw SQL, past save())."""

import csv
import datetime
import importlib
import io
import xml.etree.ElementTree as ET

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Concat, Left
from django.utils import timezone

from portal.cleaning import clean_text, is_clean
from tests import factories
from tests.test_printing import needs_pdf, pdf_text
from visits.models import Meeting, Visit

pytestmark = pytest.mark.django_db

# Word's line break, a form feed, C0 and C1 controls, DEL, Unicode's line and
# paragraph separators, a non-character; no NUL (PostgreSQL refuses to store one).
DIRTY = "Word\x0bbreak\x0cpage\x01\x08\x1b\x7f\x85\x9f\u2028line\u2029para\ufffe "
CLEANED = "Word\nbreak\npage\nline\npara "
APPS = ("municipalities", "visits")


def text_fields(model):
    """The free-text fields of `model` (translations included): not choices,
    slugs, addresses or the search key."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not field.choices
        and not isinstance(field, (models.SlugField, models.URLField, models.EmailField))
        and field.name != "search_key"
        and not field.primary_key
    ]


def record_models():
    return [
        model
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
        and text_fields(model)
        # Written by the portal itself, never by a person: a model label and an
        # id; the home page's tallies (a country code and numbers).
        and model._meta.label not in ("portal.Deletion", "visits.VisitTally")
    ]


# Texts that must stay empty on most rows (a delegation row naming a person
# has no group description: a check constraint): soiled only where they hold text.
ONLY_WHERE_GIVEN = ("group_description",)


def soil(model):
    """Put DIRTY in front of every text of every row of `model`, past save()."""
    updates = {}
    for field in text_fields(model):
        dirty = Concat(Value(DIRTY), F(field.attname), output_field=field)
        if isinstance(field, models.CharField) and field.max_length:
            dirty = Left(dirty, field.max_length)
        if field.attname.startswith(ONLY_WHERE_GIVEN):
            dirty = Case(
                When(**{f"{field.attname}__gt": ""}, then=dirty),
                default=F(field.attname),
                output_field=field,
            )
        updates[field.attname] = dirty
    return model._default_manager.update(**updates)


def soil_everything():
    for model in record_models():
        soil(model)


def unclean(model):
    """(row, field, text) for every text of `model` still holding a control."""
    names = [field.attname for field in text_fields(model)]
    return [
        (row[0], name, text)
        for row in model._default_manager.values_list("pk", *names)
        for name, text in zip(names, row[1:], strict=True)
        if text and not is_clean(text)
    ]


# --- The rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("plain İstanbul text", "plain İstanbul text"),
        ("tab\tnew\nline\r\nkept", "tab\tnew\nline\r\nkept"),
        ("Word\x0bline", "Word\nline"),
        ("form\x0cfeed", "form\nfeed"),
        ("line\u2028separator\u2029paragraph", "line\nseparator\nparagraph"),
        ("nul\x00 bell\x07 escape\x1b del\x7f", "nul bell escape del"),
        ("c1\x80\x85\x9f controls", "c1 controls"),
        ("lone \ud800 surrogate \udfff", "lone  surrogate "),
        ("non\ufffe\uffffcharacters", "noncharacters"),
        ("nbsp\xa0 and zero\u200bwidth and 👨\u200d👩\u200d👧 stay", None),
        ("", ""),
        (None, None),
    ],
)
def test_clean_text(given, expected):
    assert clean_text(given) == (given if expected is None else expected)


# --- On save ---------------------------------------------------------------------------------


def test_every_model_with_text_has_a_row_to_test(full_record):
    assert [m for m in record_models() if not m._default_manager.exists()] == []


def test_every_text_field_of_every_model_is_cleaned_on_save(full_record):
    soil_everything()
    for model in record_models():
        assert unclean(model), model  # soiled, past save()
        for record in model._default_manager.all():
            record.save()
        assert unclean(model) == [], model
    visit = Visit.objects.get()
    assert visit.title_en.startswith(CLEANED)
    assert visit.title_tr.startswith(CLEANED)  # translations are fields of their own
    assert is_clean(visit.history.first().summary_en)  # and the history keeps the clean text


def test_text_is_cleaned_on_create_too(db):
    visit = factories.visit(title_en="A\x0bvisit", summary_tr="Özet\x01 \u2028satır")
    visit.refresh_from_db()
    assert (visit.title_en, visit.summary_tr) == ("A\nvisit", "Özet \nsatır")


def test_the_migration_cleans_text_stored_before(full_record):
    soil_everything()
    for label, name in [
        ("municipalities", "0009_clean_control_characters"),
        ("visits", "0010_clean_control_characters"),
    ]:
        migration = importlib.import_module(f"{label}.migrations.{name}").Migration
        (operation,) = migration.operations
        operation.code(apps, None)
        assert operation.reverse_code is not None  # reversible, as a no-op
    assert [(m, unclean(m)) for m in record_models() if unclean(m)] == []
    assert Visit.objects.get().title_en.startswith(CLEANED)


# --- Exports of rows written past save() -----------------------------------------------------


@pytest.fixture
def soiled(full_record):
    """The seed with every text soiled, one upcoming visit and a protocol to be
    signed next month (for the calendar)."""
    today = timezone.localdate()
    factories.visit(is_published=True, start_date=today + datetime.timedelta(days=3), city="Kent")
    factories.protocol(
        is_published=True,
        planned_date=today + datetime.timedelta(days=10),
        summary_en="A protocol",
    )
    soil_everything()
    return full_record


def response_text(response):
    assert response.status_code == 200
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("language", ["en", "tr"])
def test_the_atom_feed_stays_valid_xml(client, soiled, language):
    feed = ET.fromstring(client.get(f"/{language}/visits/feed/").content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        assert entry.findtext(f"{ATOM}title").startswith(CLEANED)
        assert is_clean(entry.findtext(f"{ATOM}summary"))


def test_the_calendar_lines_stay_valid(client, soiled):
    raw = client.get("/en/visits/calendar.ics").content
    text = raw.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2:] == ["END:VCALENDAR", ""]
    for line in lines:
        assert is_clean(line) and "\n" not in line and "\r" not in line, repr(line)
        assert len(line.encode()) <= 75
    unfolded = text.replace("\r\n ", "")
    # Word's line break is a line break in the calendar too.
    assert "SUMMARY:Word\\nbreak\\npage\\nline\\npara" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 2


CSV_URLS = ["/en/visits/visits.csv", "/en/protocols/protocols.csv", "/en/gifts/gifts.csv"]


def csv_cells(text):
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert len(rows) > 1 and len({len(row) for row in rows}) == 1
    return [cell for row in rows for cell in row]


@pytest.mark.parametrize("url", CSV_URLS)
def test_the_csv_downloads_stay_readable(client, soiled, url):
    cells = csv_cells(response_text(client.get(url)))
    assert [cell for cell in cells if not is_clean(cell)] == []
    assert any(cell.startswith(CLEANED) for cell in cells)


@pytest.mark.parametrize("model", [Visit, Meeting], ids=lambda m: m.__name__)
def test_the_admin_csv_export_stays_readable(superuser_client, soiled, model):
    info = model._meta.app_label, model._meta.model_name
    response = superuser_client.post(
        f"/en/admin/{info[0]}/{info[1]}/",
        {
            "action": "export_csv",
            "_selected_action": list(model._default_manager.values_list("pk", flat=True)),
        },
    )
    cells = csv_cells(response_text(response))
    assert [cell for cell in cells if not is_clean(cell)] == []
    assert any(cell.startswith(CLEANED) for cell in cells)


def test_the_print_view_holds_no_control_character(client, soiled):
    meeting = soiled.meetings.get()
    html = response_text(client.get(f"/en/meetings/{meeting.pk}/summary/"))
    assert is_clean(html)
    assert "Word\nbreak" in html


@needs_pdf
def test_the_summary_pdf_renders(client, soiled):
    meeting = soiled.meetings.get()
    _pages, text = pdf_text(client.get(f"/en/meetings/{meeting.pk}/summary.pdf"))
    assert "Word break page line para" in text
    assert is_clean(text)


@needs_pdf
def test_the_dossier_pdf_renders(client, soiled):
    _pages, text = pdf_text(client.get(f"/en/visits/2021/{soiled.slug}/dossier.pdf?lang=tr"))
    assert "Word break page line para" in text
    assert is_clean(text)
