"""Issue 14, the page's chrome: focus visible everywhere (black on yellow, as
GOV.UK draws it), a compact navigation on a phone, charts whose letters stay
at 12 px or more on a phone, the print view's controls and phone layout, and
the PDF's keep-with-next rules.

What the server can show is checked on the markup and the stylesheets; the
browser part (at the end, skipped without Chromium) tabs through the header
at 390 and 1280 px and measures contrast, the navigation's height and the
charts' letters as drawn.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from visits import pdf
from visits.charts import WIDTH, bar_chart, wrap_name

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"
SITE_CSS = (STATIC / "css" / "site.css").read_text()
PRINT_CSS = (STATIC / "css" / "print.css").read_text()


def luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hex_rgb(value):
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def rule(css, selector):
    """The declarations of every rule whose selector list holds `selector`."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    bodies = [
        body
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
        if selector in [s.strip() for s in selectors.split(",")]
    ]
    assert bodies, f"no rule for {selector}"
    return " ".join(bodies)


# --- Focus ------------------------------------------------------------------------------------


def test_focus_colours_are_black_on_yellow_and_stand_out_from_the_header():
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", SITE_CSS))
    yellow, black = hex_rgb(colours["focus"]), hex_rgb(colours["text"])
    assert colours["focus"] == "#ffdd00"
    assert contrast(black, yellow) >= 7
    # The yellow against the header's and the navigation's blues around it.
    assert contrast(yellow, hex_rgb(colours["accent"])) >= 3
    assert contrast(yellow, hex_rgb(colours["accent-dark"])) >= 3
    # Header links are white until focused; then black on yellow (was white
    # on yellow, 1.4:1, because `.language a` and `.site-nav a` came later).
    header = rule(SITE_CSS, ".site-header a:focus")
    assert "color: var(--text)" in header and "background-color: var(--focus)" in header
    focus_at = SITE_CSS.index(".site-header a:focus")
    assert focus_at > SITE_CSS.index(".language a, .language a:visited")
    assert focus_at > SITE_CSS.index(".site-nav a, .site-nav a:visited")
    # Buttons, links and fields everywhere else.
    for selector in ("a:focus", ".button:focus", "input:focus"):
        assert "var(--focus)" in rule(SITE_CSS, selector), selector


def test_the_current_section_is_marked_and_public_pages_carry_no_script(client, seed_visit):
    for path, name in [("/en/gifts/", "Gifts"), ("/tr/protocols/", "Protokoller")]:
        text = client.get(path).content.decode()
        start = text.index('<nav class="site-nav"')
        nav = text[start : text.index("</nav>", start)]
        current = re.findall(r'<a href="[^"]+" aria-current="page">([^<]+)</a>', nav)
        assert current == [name]
        assert "<script" not in text


def test_the_navigation_is_one_scrolling_row_on_a_phone():
    phone = SITE_CSS[SITE_CSS.index("@media (max-width: 40rem) {\n  .header-inner") :]
    row = rule(phone, ".site-nav ul")
    assert "flex-wrap: nowrap" in row and "overflow-x: auto" in row
    assert "local" in row and "scroll" in row  # the fading edges that say "more this way"
    # The page's padding is no longer lost to .width-container's shorthand.
    assert "padding: 0 1rem" not in rule(SITE_CSS, ".width-container")


# --- Charts -----------------------------------------------------------------------------------


def view_box_width(markup):
    return float(re.search(r'viewBox="0 0 ([\d.]+) ', markup).group(1))


def test_charts_are_drawn_for_a_phone_with_long_names_above_their_bars():
    rows = [("Turkish Republic of Northern Cyprus", 3), ("Kazakhstan", 20)]
    markup = str(bar_chart(rows, "Visitors by country", "Visits", horizontal=True))
    # At 320 px the page is 288 px wide: 14-unit letters in WIDTH units come
    # out at 12 px or more.
    assert view_box_width(markup) == WIDTH and 14 * 288 / WIDTH >= 12
    assert 'class="category category-above"' in markup
    assert "<tspan" in markup and "Northern Cyprus" in markup
    assert "<title>Turkish Republic of Northern Cyprus: 3</title>" in markup
    # Short names stay beside their bars.
    short = str(bar_chart([("Kazakhstan", 5)], "By country", "Visits", horizontal=True))
    assert "category-above" not in short and ">Kazakhstan</text>" in short


def test_a_long_run_of_years_lies_down_and_a_short_one_stands():
    few = str(bar_chart([(str(y), 3) for y in range(2021, 2025)], "Per year", "Visits"))
    many = str(bar_chart([(str(y), 3) for y in range(2015, 2027)], "Per year", "Visits"))
    assert "chart-horizontal" not in few and view_box_width(few) == WIDTH
    assert "chart-horizontal" in many and view_box_width(many) == WIDTH
    assert many.count('class="bar"') == 12


def test_names_wrap_on_words_and_are_cut_only_past_two_lines():
    assert wrap_name("Kosovo", 300) == ["Kosovo"]
    assert wrap_name("Turkish Republic of Northern Cyprus", 200) == [
        "Turkish Republic of",
        "Northern Cyprus",
    ]
    lines = wrap_name("A very long name of some international organisation of cities", 120)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert wrap_name("Supercalifragilisticexpialidocious", 100)[0].endswith("…")


# --- The print view ---------------------------------------------------------------------------


def test_the_print_view_has_styled_controls_and_a_phone_layout(client, seed_visit):
    meeting = seed_visit.meetings.get()
    text = client.get(f"/en/meetings/{meeting.pk}/summary/").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    assert '<div class="print-actions"><button type="submit">Update</button>' in text
    assert 'class="button button-secondary" href="/en/meetings/' in text
    phone = PRINT_CSS[PRINT_CSS.index("@media screen and (max-width: 40rem)") :]
    sheet = rule(phone, ".sheet")
    assert "max-width: none" in sheet and "padding: 4mm" in sheet
    assert "grid-template-columns: 1fr" in rule(phone, ".facts")
    # Print media keep the A4 sheet: the phone rules are screen-only.
    assert "@media print" not in phone.split("}\n}")[0]


def test_print_css_keeps_headings_with_what_follows_and_rows_in_pairs():
    assert "break-after: avoid" in rule(PRINT_CSS, "h2")
    keep = rule(PRINT_CSS, "tbody tr:last-child")
    assert "break-before: avoid" in keep
    assert "tbody tr:nth-child(2)" in PRINT_CSS and ".fallback-note" in PRINT_CSS
    assert "orphans: 3" in rule(PRINT_CSS, "li") and "widows: 3" in rule(PRINT_CSS, "li")
    assert "break-inside: avoid" in rule(PRINT_CSS, "tr")


@pytest.mark.skipif(not pdf.available(), reason=pdf.unavailable_reason())
def test_weasyprint_never_leaves_one_table_row_alone_on_a_page():
    """Whatever the space left above it, a table breaks with at least two of
    its rows on each page, and its heading and note stay with it."""
    import weasyprint

    rows = "".join(f"<tr><td>row{i}</td><td>x</td></tr>" for i in range(5))
    seen_breaks = 0
    for filler in range(170, 245, 3):  # mm of text above the table
        html = (
            f"<style>{PRINT_CSS}</style><div style='height:{filler}mm'></div>"
            "<h2>Participants</h2><table><thead><tr><th>Name</th><th>Title</th></tr></thead>"
            f"<tbody>{rows}</tbody></table><p class='fallback fallback-note'>note</p>"
        )
        pages = weasyprint.HTML(string=html).render().pages
        per_page = []
        for page in pages:
            texts = [box.text for box in page._page_box.descendants() if hasattr(box, "text")]
            per_page.append(
                (sum(t.startswith("row") for t in texts), "Participants" in texts, "note" in texts)
            )
        with_rows = [p for p in per_page if p[0]]
        if len(with_rows) > 1:
            seen_breaks += 1
            assert all(count >= 2 for count, _h, _n in with_rows), (filler, per_page)
        heading_page = next(i for i, p in enumerate(per_page) if p[1])
        assert per_page[heading_page][0] >= 2, (filler, per_page)  # heading not left alone
        note_page = next(i for i, p in enumerate(per_page) if p[2])
        assert per_page[note_page][0] >= 2, (filler, per_page)  # note not left alone
    assert seen_breaks  # the table did break across pages for some fillers


# --- In a browser -----------------------------------------------------------------------------

CONTRAST_JS = """
el => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => {
    const c = v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b);
  };
  // The background actually behind the element: its own or its nearest painted ancestor's.
  let bg = null;
  for (let n = el; n && !bg; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length < 4 || c[3] > 0) bg = c.slice(0, 3);
  }
  const fg = rgb(getComputedStyle(el).color).slice(0, 3);
  const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  const s = getComputedStyle(el);
  return {
    text: el.textContent.trim(),
    ratio: (hi + 0.05) / (lo + 0.05),
    look: [s.color, s.backgroundColor, s.boxShadow, s.outlineColor, s.outlineStyle].join("|"),
  };
}
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_header_focus_nav_height_and_chart_letters_in_a_browser(live_server):
    from tests.browser import CHROMIUM, LAUNCH_ARGS  # skips the test without a browser

    from playwright.sync_api import sync_playwright  # isort: skip
    from visits.demo import load_seed

    load_seed()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        try:
            for width in (390, 1280):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(live_server.url + "/en/")
                links = page.locator(".site-header a")
                unfocused = [links.nth(i).evaluate(CONTRAST_JS) for i in range(links.count())]
                page.keyboard.press("Tab")  # the skip link
                looks = []
                for _ in range(links.count()):
                    page.keyboard.press("Tab")
                    looks.append(
                        page.evaluate_handle("document.activeElement").evaluate(CONTRAST_JS)
                    )
                assert [look["text"] for look in looks] == [u["text"] for u in unfocused]
                for before, after in zip(unfocused, looks, strict=True):
                    assert after["ratio"] >= 3, (width, after)
                    assert after["look"] != before["look"], (width, after["text"])
                if width == 390:
                    nav = page.locator("nav.site-nav").bounding_box()
                    assert nav["height"] < 120, nav
                    header = page.locator("header.site-header").bounding_box()
                    h1 = page.locator("main h1").bounding_box()
                    assert h1["y"] - (header["y"] + header["height"]) >= 16
                    sizes = page.eval_on_selector_all(
                        "svg.chart text",
                        "texts => texts.map(t => parseFloat(getComputedStyle(t).fontSize)"
                        " * t.ownerSVGElement.getScreenCTM().a)",
                    )
                    assert sizes and min(sizes) >= 12, sizes
                    assert page.evaluate("document.documentElement.scrollWidth") <= 390
                page.close()
        finally:
            browser.close()
