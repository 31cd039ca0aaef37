"""A clerk finds the Turkish Republic of Northern Cyprus by typing "KKTC" in
the organisation form's country select, with the keyboard only, in a real
browser, under the site's Content-Security-Policy."""

import pytest

from tests.browser import (  # first: skips the module without a browser
    CHROMIUM,
    LAUNCH_ARGS,
    PolicyViolations,
)

# isort: split
from playwright.sync_api import expect, sync_playwright

from municipalities.models import Organization
from tests.test_browser_admin import PASSWORD, new_secretariat_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_kktc_finds_the_turkish_republic_of_northern_cyprus(live_server, tmp_path):
    user = new_secretariat_member()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.set_default_timeout(10_000)
        refused = PolicyViolations(page)
        try:
            page.goto(live_server.url + "/en/admin/login/")
            page.locator("#id_username").fill(user.username)
            page.locator("#id_password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.goto(live_server.url + "/en/admin/municipalities/organization/add/")
            page.locator("#id_kind").select_option("town")
            page.locator("#id_name_en").fill("Kyrenia Municipality")
            # The country box, focused, opens with the keyboard.
            box = page.locator('[aria-labelledby="select2-id_country-container"]')
            box.focus()
            page.keyboard.press("Enter")
            search = page.locator(".select2-container--open .select2-search__field")
            search.type("KKTC")
            options = page.locator(".select2-container--open .select2-results__option")
            expect(options).to_have_count(1)
            expect(options).to_have_text("Turkish Republic of Northern Cyprus")
            search.fill("north")
            expect(options).to_contain_text(
                ["North Korea", "North Macedonia", "Turkish Republic of Northern Cyprus"]
            )
            search.fill("kuzey kibris")
            expect(options).to_have_text(["Turkish Republic of Northern Cyprus"])
            page.keyboard.press("Enter")
            expect(page.locator("#select2-id_country-container")).to_contain_text(
                "Turkish Republic of Northern Cyprus"
            )
            page.screenshot(path=str(tmp_path / "country.png"))
            page.get_by_role("button", name="Save", exact=True).click()
            expect(page.locator(".messagelist .success")).to_be_visible()
        finally:
            browser.close()
    assert not refused, "refused by the Content-Security-Policy:\n" + "\n".join(refused)
    assert Organization.objects.get(name_en="Kyrenia Municipality").country.code == "XN"
