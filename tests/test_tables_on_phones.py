"""Every public table read on a phone (issue 14, tables).

At 40em and less a table marked `stack` shows each row as a stacked summary:
the key cell first, every other cell after its column heading, which the
template repeats in the cell's `data-label` (static/css/tables.css). The
server-side tests parse each public page kind in English and Turkish: every
table a reader sees is stacked, with one key cell a row and a data-label on
every cell equal to its column's heading; the wrappers of wide tables are
labelled regions the keyboard reaches. The browser test (skipped like
test_browser_public.py without Chromium) opens the pages at 320 and 390 px:
the page never scrolls sideways, nothing overflows its cell (no "13 Novembe"),
the first row's key cell is on screen, and a heading shows beside each value.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest

from tests import factories

VISIT_PATH = "/visits/2021/turkistan-municipality-delegation-visits-tdbb/"
# A word too long for any phone, and an address in a decision's text.
LONG_NAME = "Qyzylordaoblysyndagymunicipalitetterdinbirlestigi"
LONG_URL = "https://www.example.org/decisions/2021/the-joint-programme-of-cultural-exchange.pdf"

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def add_records(visit):
    """What the seed lacks for every table to show: a signatory, decisions
    (one with a long address), a board meeting with a decision, and an
    organisation with a name longer than a phone is wide."""
    from municipalities.models import ProtocolSignatory
    from visits.models import Decision

    meeting = visit.meetings.get()
    participant = meeting.participants.exclude(person=None).first()
    protocol = meeting.agenda_items.exclude(protocol=None).first().protocol
    ProtocolSignatory.objects.create(
        protocol=protocol, person=participant.person, organization=participant.organization
    )
    Decision.objects.create(
        meeting=meeting,
        text_en=f"Share experience programmes; the text is at {LONG_URL}",
        text_tr=f"Deneyim programları paylaşılacak; metin: {LONG_URL}",
        due_date=datetime.date(2021, 11, 30),
    )
    long_org = factories.organization(name_en=LONG_NAME, country="KZ")
    board = factories.meeting(
        visit=None,
        host=long_org,
        title_en="Executive board meeting",
        title_tr="Yürütme kurulu toplantısı",
        is_published=True,
        date=datetime.date(2021, 11, 13),
    )
    Decision.objects.create(
        meeting=board,
        text_en="The next general assembly meets in Istanbul.",
        text_tr="Bir sonraki genel kurul İstanbul'da toplanacak.",
        responsible_organization=long_org,
        due_date=datetime.date(2021, 11, 13),
    )
    return {"meeting": meeting.pk, "protocol": protocol.pk}


def table_pages(ids):
    """(name, path without the language prefix) of every page kind with a table,
    and of a few without, so that a table added to them is held to the rule."""
    return [
        ("gift register", "/gifts/"),
        ("protocol register", "/protocols/"),
        ("directory", "/municipalities/"),
        ("board meetings", "/meetings/"),
        ("visit", VISIT_PATH),
        ("meeting", f"/meetings/{ids['meeting']}/"),
        ("protocol", f"/protocols/{ids['protocol']}/"),
        ("organisation", "/municipalities/tdbb/"),
        ("pair", "/municipalities/tdbb/turkistan-municipality/"),
        ("person", "/people/aliya-salkarova/"),
        ("home", "/"),
        ("visit list", "/visits/"),
    ]


# Pages whose tables must be reached by the keyboard when they scroll: a
# register or the directory may be wider than a tablet's column.
REGIONS = {"gift register", "protocol register", "directory"}


class Tables(HTMLParser):
    """The tables of a page that a reader sees (not those inside a visually
    hidden element, such as a chart's data), with their heading texts and
    their body cells' attributes; and the page's scroll regions and ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # open elements: (tag, attrs)
        self.tables = []
        self.regions = []
        self.texts_by_id = {}
        self._text_into = []  # lists collecting text of open elements

    def _hidden(self):
        return any(
            "visually-hidden" in (a.get("class") or "").split() or a.get("aria-hidden") == "true"
            for _t, a in self.stack
        )

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag == "div" and "table-wrap" in attrs.get("class", "").split():
            self.regions.append(attrs)
        if tag == "table":
            hidden = self._hidden()
            self.tables.append(
                {
                    "classes": attrs.get("class", "").split(),
                    "hidden": hidden,
                    "heads": [],
                    "rows": [],
                }
            )
        table = self.tables[-1] if self.tables and "table" in [t for t, _a in self.stack] else None
        if table is not None:
            if tag == "th" and any(t == "thead" for t, _a in self.stack):
                table["heads"].append([])
                self._text_into.append(("th", table["heads"][-1]))
            elif tag == "tr" and any(t == "tbody" for t, _a in self.stack):
                table["rows"].append([])
            elif tag == "td":
                table["rows"][-1].append(attrs)
        if "id" in attrs:
            self.texts_by_id[attrs["id"]] = []
            self._text_into.append((attrs["id"], self.texts_by_id[attrs["id"]]))
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, attrs = self.stack.pop()
            if open_tag == "th" and self._text_into and self._text_into[-1][0] == "th":
                self._text_into.pop()
            if "id" in attrs and self._text_into and self._text_into[-1][0] == attrs["id"]:
                self._text_into.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        # The sort mark (▲ ▼ ↕) is aria-hidden: not part of a heading's text.
        if any(a.get("aria-hidden") == "true" for _t, a in self.stack):
            return
        for _key, into in self._text_into:
            into.append(data)


def parse(html):
    parser = Tables()
    parser.feed(html)
    return parser


def squash(parts):
    return re.sub(r"\s+", " ", "".join(parts)).strip()


@pytest.fixture
def ids(seed_visit):
    return add_records(seed_visit)


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_every_table_a_reader_sees_stacks_with_its_headings_on_its_cells(client, ids, lang):
    seen = 0
    for name, path in table_pages(ids):
        response = client.get(f"/{lang}{path}")
        assert response.status_code == 200, (name, response.status_code)
        page = parse(response.content.decode())
        for table in page.tables:
            if table["hidden"]:
                continue
            seen += 1
            heads = [squash(h) for h in table["heads"]]
            assert "stack" in table["classes"], f"{name}: a table that does not stack: {heads}"
            assert heads and all(heads), f"{name}: a column without a heading: {heads}"
            assert table["rows"], f"{name}: a table without rows"
            for row in table["rows"]:
                labels = [cell.get("data-label") for cell in row]
                assert labels == heads, (
                    f"{name} ({lang}): cells labelled {labels}, headings {heads}"
                )
                keys = [cell for cell in row if "key" in cell.get("class", "").split()]
                assert len(keys) == 1, f"{name}: a row needs one key cell, has {len(keys)}"
    # The registers, the directory, the delegation, the participants, the
    # decisions (on the visit, the meeting and the board list), the signatories.
    assert seen >= 10


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("en", ["Name", "Title on the day", "Decision", "Carried out by", "Due", "Status"]),
        ("tr", ["Ad", "O günkü unvanı", "Karar", "Sorumlu", "Son tarih", "Durum"]),
    ],
)
def test_the_labels_are_in_the_readers_language(client, ids, lang, labels):
    html = client.get(f"/{lang}/meetings/{ids['meeting']}/").content.decode()
    for label in labels:
        assert f'data-label="{label}"' in html
    gifts = client.get(f"/{lang}/gifts/").content.decode()
    sort_by = {"en": "Sort by", "tr": "Sıralama"}[lang]
    assert f'<tr data-label="{sort_by}">' in gifts


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_wide_tables_sit_in_labelled_regions_the_keyboard_reaches(client, ids, lang):
    for name, path in table_pages(ids):
        page = parse(client.get(f"/{lang}{path}").content.decode())
        regions = [r for r in page.regions if r.get("role") == "region"]
        if name in REGIONS:
            assert regions, f"{name}: the table's wrapper is no region"
        for region in regions:
            assert region.get("tabindex") == "0", f"{name}: a region the keyboard cannot reach"
            label_id = region.get("aria-labelledby")
            assert label_id in page.texts_by_id, f"{name}: region labelled by a missing id"
            assert squash(page.texts_by_id[label_id]), f"{name}: region with an empty label"
        # A focusable wrapper is a region with a name, never a bare tab stop.
        for wrapper in page.regions:
            if "tabindex" in wrapper:
                assert wrapper.get("role") == "region" and wrapper.get("aria-labelledby")


def test_the_stylesheet_for_tables_is_linked_once(client, db):
    html = client.get("/en/gifts/").content.decode()
    assert html.count("css/tables.css") == 1
    # After site.css, whose rules it refines.
    link = r'<link rel="stylesheet" href="[^"]*css/{}\.css">'
    assert re.search(link.format("site") + r"\s*" + link.format("tables"), html)


# --- In a browser ------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_tables_read_on_a_phone_at_320_and_390_px(live_server, tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, LAUNCH_ARGS, PolicyViolations  # skips without one
    from visits.demo import load_seed

    visit, _created = load_seed()
    pages = table_pages(add_records(visit))[:7]
    problems = []
    page = None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        try:
            for width in (320, 390):
                page = browser.new_page(viewport={"width": width, "height": 800})
                refused = PolicyViolations(page)
                for lang in ("en", "tr"):
                    for name, path in pages:
                        where = f"{name} /{lang}{path} at {width} px"
                        response = page.goto(live_server.url + f"/{lang}{path}")
                        assert response.status == 200, where
                        found = page.evaluate(MEASURE)
                        if found["scrollWidth"] > found["innerWidth"]:
                            problems.append(
                                f"{where}: the page is {found['scrollWidth']} px wide, "
                                f"beyond the screen: {found['wide']}"
                            )
                        if not found["tables"]:
                            problems.append(f"{where}: no stacked table")
                        for table in found["tables"]:
                            key = table["key"]
                            if not (
                                key
                                and key["left"] >= 0
                                and key["right"] <= width
                                and key["height"] > 0
                            ):
                                problems.append(f"{where}: first row's key cell off screen: {key}")
                            if not table["stacked"]:
                                problems.append(f"{where}: a table not stacked")
                            problems.extend(f"{where}: {p}" for p in table["problems"])
                page.close()
                assert not refused, "refused by the Content-Security-Policy:\n" + "\n".join(refused)
            assert not problems, "\n".join(problems)

            # Between a phone and a desktop, a register may scroll in its
            # wrapper: then it is a region that Tab reaches, with a visible cue.
            page = browser.new_page(viewport={"width": 700, "height": 800})
            page.goto(live_server.url + "/en/gifts/")
            wrapper = page.locator(".table-wrap").first
            assert (
                wrapper.evaluate("w => getComputedStyle(w).backgroundImage").count("gradient") == 4
            )
            wrapper.focus()
            assert page.evaluate("document.activeElement.getAttribute('role')") == "region"
            page.close()
        except BaseException:
            if page is not None and not page.is_closed():
                shot = tmp_path / "failure.png"
                page.screenshot(path=str(shot), full_page=True)
                print(f"The page at the failure: {shot}")
            raise
        finally:
            browser.close()


# What the page holds at this width: its scroll width, and for each visible
# stacked table whether its rows stack, where the first row's key cell is,
# and any cell whose content overflows it or whose heading is not shown.
MEASURE = """() => {
  const box = el => { if (!el) return null; const r = el.getBoundingClientRect();
    return {left: Math.round(r.left), right: Math.round(r.right), height: Math.round(r.height)}; };
  const tables = [...document.querySelectorAll('main table.stack')]
    .filter(t => t.offsetParent !== null).map(t => {
      const problems = [];
      const firstRow = t.tBodies[0].rows[0];
      for (const td of t.querySelectorAll('tbody td')) {
        if (getComputedStyle(td).display === 'none') continue;
        if (td.scrollWidth > td.clientWidth + 1)
          problems.push(`a ${td.dataset.label} cell overflows (${td.scrollWidth} px > `
            + `${td.clientWidth} px): ${td.textContent.trim().slice(0, 40)}`);
        const before = getComputedStyle(td, '::before').content;
        if (!td.classList.contains('key') && before !== JSON.stringify(td.dataset.label))
          problems.push(`a cell shows no heading "${td.dataset.label}" (${before})`);
      }
      return {stacked: getComputedStyle(firstRow).display !== 'table-row',
              key: box(firstRow.querySelector('td.key')), problems};
    });
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
      && ![...el.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
    .slice(0, 3).map(el => `${el.tagName.toLowerCase()}.${el.className}`);
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          tables, wide};
}"""
