"""A reader finds the seed visit on the public site, in a real browser, and
every public page it passes through is checked with axe-core.

The reader opens the site, sees the seed visit among the recent visits,
opens it, searches for "salkarova" without typing the "Ş", and reads the
visit again in Turkish through the language switcher. Each page on the way,
and the registers and directory besides, is run through axe-core (bundled
with axe-playwright-python): no violation of "serious" or "critical" impact
is allowed. The keyboard is tried too: the first Tab on the home page lands on
the skip link, which then shows on screen.

As in test_browser_admin.py, database work is done before the browser starts:
Playwright's sync API runs an event loop in this thread, and Django refuses
database calls from such a thread.
"""

import os
import re
import time

import pytest

from tests.browser import (  # first: skips the module without a browser
    CHROMIUM,
    LAUNCH_ARGS,
    PolicyViolations,
)

if os.environ.get("REQUIRE_BROWSER"):
    import axe_playwright_python  # noqa: F401  (fails loudly when missing)
pytest.importorskip(
    "axe_playwright_python.sync_playwright",
    reason="axe-playwright-python is not installed (pip install -r requirements-dev.txt)",
)

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE_EN = "Turkistan Municipality delegation visits TDBB"
TITLE_TR = "Türkistan Belediyesi heyeti TDBB'yi ziyaret etti"
VISIT_PATH = "/visits/2021/turkistan-municipality-delegation-visits-tdbb/"
# Pages opened directly, after the reader's walk: (name, path, their <h1>).
OTHER_PAGES = [
    ("visit list", "/en/visits/", "Visits"),
    ("directory", "/en/municipalities/", None),
    ("organisation", "/en/municipalities/turkistan-municipality/", "Turkistan Municipality"),
    ("protocols", "/en/protocols/", None),
    ("gifts", "/en/gifts/", None),
    ("meetings", "/en/meetings/", None),
    ("the union's page", "/en/municipalities/tdbb/", "Union of Turkish World Municipalities"),
    ("event", "/en/events/korkut-ata-turkish-world-film-festival-2021/", "Korkut Ata"),
    ("project", "/en/projects/turkish-world-interactive-display/", "Interactive Display"),
    ("person in Turkish", "/tr/people/aliya-salkarova/", "Aliya Şalkarova"),
    ("search in Turkish", "/tr/search/?q=salkarova", None),
]
BLOCKING = {"serious", "critical"}


class Audit:
    """axe-core run on each page; what it found, page by page."""

    def __init__(self, page):
        self.page = page
        self.axe = Axe()
        self.found = {}  # page name -> list of violations (axe's dicts)

    def check(self, name):
        results = self.axe.run(self.page)
        self.found[name] = results.response["violations"]

    def blocking(self):
        return [
            (name, v)
            for name, violations in self.found.items()
            for v in violations
            if v["impact"] in BLOCKING
        ]

    def report(self, only_blocking=False):
        lines = []
        for name, violations in self.found.items():
            for v in violations:
                if only_blocking and v["impact"] not in BLOCKING:
                    continue
                targets = [", ".join(node["target"]) for node in v["nodes"][:3]]
                lines.append(
                    f"{name}: {v['id']} ({v['impact']}, {len(v['nodes'])} element(s)): "
                    f"{v['help']}\n    " + "\n    ".join(targets)
                )
        return "\n".join(lines)


def walk(page, base_url, audit):
    """The reader's walk through the site; audit each page on the way."""
    page.goto(base_url + "/")
    expect(page).to_have_url(base_url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The stylesheet is there, or the contrast checks would check nothing.
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(11, 79, 124)")

    # The keyboard first: from the top of the page, the first Tab reaches the
    # skip link, hidden off screen until then; following it focuses <main>.
    skip = page.locator("a.skip-link")
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to main content")
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    recent = page.locator("section", has=page.get_by_role("heading", name="Recent visits"))
    expect(recent).to_contain_text(TITLE_EN)
    audit.check("home")

    recent.get_by_role("link", name=TITLE_EN, exact=True).click()
    expect(page).to_have_url(base_url + "/en" + VISIT_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
    main = page.locator("main")
    expect(main).to_contain_text("Aliya Şalkarova")
    expect(main).to_contain_text("December 2021")
    audit.check("visit page")

    # Searching without the Turkish letter, from the search page's own form.
    page.locator("nav.site-nav").get_by_role("link", name="Search", exact=True).click()
    expect(page).to_have_url(base_url + "/en/search/")
    box = page.get_by_role("searchbox", name="Search visits, meetings, people")
    box.fill("salkarova")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/search/\?q=salkarova$"))
    people = page.locator("section", has=page.get_by_role("heading", name="People"))
    expect(people).to_contain_text("Aliya Şalkarova")
    audit.check("search results")

    # Back to the visit, then the same page in Turkish.
    page.goto(base_url + "/en" + VISIT_PATH)
    page.locator("nav.language").get_by_role("link", name="Türkçe", exact=True).click()
    expect(page).to_have_url(base_url + "/tr" + VISIT_PATH)
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_TR)
    audit.check("visit page in Turkish")

    # From the visit to the pages of its records: the head of delegation, the
    # meeting, a protocol discussed; each page links on, and passes axe.
    page.goto(base_url + "/en" + VISIT_PATH)
    page.locator("main").get_by_role("link", name="Aliya Şalkarova").first.click()
    expect(page).to_have_url(base_url + "/en/people/aliya-salkarova/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aliya Şalkarova")
    audit.check("person")
    page.locator("main a[href*='/en/meetings/']").first.click()
    expect(page).to_have_url(re.compile(r"/en/meetings/\d+/"))
    audit.check("meeting")
    page.locator("main li[id^='protocol-'] a[href*='/en/protocols/']").first.click()
    expect(page).to_have_url(re.compile(r"/en/protocols/\d+/"))
    expect(page.locator("main")).to_contain_text("Sister-city")
    audit.check("protocol")

    for name, path, heading in OTHER_PAGES:
        response = page.goto(base_url + path)
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        h1 = page.get_by_role("heading", level=1)
        expect(h1).to_be_visible()
        if heading:
            expect(h1).to_contain_text(heading)
        audit.check(name)


def test_a_reader_finds_the_seed_visit_and_every_page_passes_axe(live_server, tmp_path):
    from visits.demo import load_seed

    load_seed()

    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(10_000)
        audit = Audit(page)
        refused = PolicyViolations(page)
        try:
            walk(page, live_server.url, audit)
            page.goto(live_server.url + "/en" + VISIT_PATH)
            page.locator("main").get_by_role("link", name="Print summary").click()
            expect(page.locator("article.sheet")).to_contain_text("Aliya Şalkarova")
        except BaseException:
            failure = tmp_path / "failure.png"
            page.screenshot(path=str(failure), full_page=True)
            print(f"The page at the failure: {failure}")
            raise
        finally:
            browser.close()
    print(f"browser part: {time.monotonic() - started:.1f} s")
    print("axe-core, all violations:\n" + (audit.report() or "none"))

    assert not refused, "refused by the Content-Security-Policy:\n" + "\n".join(refused)
    if audit.blocking():
        pytest.fail("serious or critical accessibility violations:\n" + audit.report(True))
