"""In a real browser: the glossary fills the other language of a title or an
organisation name as the clerk types (static/js/glossary.js), marks it, and
never overwrites what the clerk typed.

As in test_browser_admin.py, all database work is done before the browser
starts or after it has closed."""

import importlib

import pytest

from tests.browser import (  # first: skips the module without a browser
    CHROMIUM,
    LAUNCH_ARGS,
    PolicyViolations,
)

# isort: split
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from playwright.sync_api import expect, sync_playwright

from municipalities.models import Organization
from portal.glossary import seed_glossary
from tests.test_browser_admin import PASSWORD, Admin, editor_group, log_in
from visits.models import MeetingParticipant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

glossary_roles = importlib.import_module("visits.migrations.0015_glossary_roles")
NOTE = "From the glossary — check"


def editor_with_the_glossary():
    """A Secretariat editor as the migrations make one. A transactional test
    may start after a flush emptied the groups and the seeded glossary: both
    are made again, by the migrations' own functions."""
    group = editor_group()
    modules = {config.label: config.models_module for config in django_apps.get_app_configs()}
    try:
        glossary_roles.grant(django_apps, None)
    finally:
        for config in django_apps.get_app_configs():
            config.models_module = modules[config.label]
    seed_glossary()
    user = get_user_model().objects.create_user(
        "ayse", "ayse@example.org", PASSWORD, is_staff=True, first_name="Ayşe"
    )
    user.groups.add(group)
    return user


def test_titles_and_names_are_filled_from_the_glossary_and_marked(live_server):
    from visits.demo import load_seed

    visit, _created = load_seed()
    meeting = visit.meetings.get()
    rows = meeting.participants.count()
    user = editor_with_the_glossary()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(10_000)
        refused = PolicyViolations(page)
        admin = Admin(page, live_server.url)
        try:
            log_in(admin, user.username)

            # A participant row added with "Add another": English typed.
            admin.open(f"/en/admin/visits/meeting/{meeting.pk}/change/")
            admin.add_row("Participant")
            new = f"participants-{rows + 1}"  # the form's empty row is participants-{rows}
            english, turkish = (
                page.locator(f"#id_{new}-title_en"),
                page.locator(f"#id_{new}-title_tr"),
            )
            english.press_sequentially("Mayor")
            expect(turkish).to_have_value("Belediye Başkanı")
            note = page.locator(f"#id_{new}-title_tr-glossary")
            expect(note).to_have_text(NOTE)
            expect(turkish).to_have_attribute("aria-describedby", f"id_{new}-title_tr-glossary")
            # Typed on: the proposal follows, and goes when nothing matches.
            english.press_sequentially(" of the city")
            expect(turkish).to_have_value("")
            expect(note).to_have_count(0)
            english.fill("Deputy Mayor")
            expect(turkish).to_have_value("Belediye Başkan Yardımcısı")
            # The clerk edits the proposal: the mark goes, the text is theirs.
            turkish.press("End")
            turkish.press_sequentially(" Vekili")
            expect(note).to_have_count(0)
            english.fill("Interpreter")
            page.wait_for_timeout(600)
            expect(turkish).to_have_value("Belediye Başkan Yardımcısı Vekili")

            # The form's own empty row: Turkish typed, English filled.
            row = f"participants-{rows}"
            page.locator(f"#id_{row}-title_tr").press_sequentially("Tercüman")
            expect(page.locator(f"#id_{row}-title_en")).to_have_value("Interpreter")
            expect(page.locator(f"#id_{row}-title_en-glossary")).to_have_text(NOTE)
            # A stored row whose other side is given is never touched.
            first = page.locator("#id_participants-0-title_tr")
            before = first.input_value()
            page.locator("#id_participants-0-title_en").fill("Mayor")
            page.wait_for_timeout(600)
            expect(first).to_have_value(before)

            # A new organisation: a name pattern, in both directions.
            admin.open("/en/admin/municipalities/organization/add/")
            page.locator("#id_name_en").press_sequentially("Kayseri Metropolitan Municipality")
            expect(page.locator("#id_name_tr")).to_have_value("Kayseri Büyükşehir Belediyesi")
            expect(page.locator("#id_name_tr-glossary")).to_have_text(NOTE)
            admin.choose("kind", "metropolitan")
            admin.choose("country", "TR")
            admin.save("Kayseri")

            admin.open("/tr/admin/municipalities/organization/add/")
            page.locator("#id_name_tr").press_sequentially("Konya Büyükşehir Belediyesi")
            expect(page.locator("#id_name_en")).to_have_value("Konya Metropolitan Municipality")
            expect(page.locator("#id_name_en-glossary")).to_have_text(
                "Sözlükten alındı — kontrol edin"
            )
        finally:
            browser.close()

    assert refused == []
    kayseri = Organization.objects.get(name_en="Kayseri Metropolitan Municipality")
    assert kayseri.name_tr == "Kayseri Büyükşehir Belediyesi"
    assert not MeetingParticipant.objects.filter(title_en="Interpreter").exists()  # not saved
