"""Every public page kind, in both languages, read at 320, 390 and 1280 px in
a real browser: the page never scrolls sideways (nor cuts content off at the
right edge, should html or body hide the overflow; a table in a scroll region
of its own is allowed), axe-core finds no serious or critical violation, and
every link of the header shows its focus.

The data is the seed visit and a small generated set (long names, tables of
many columns, charts), loaded before the browser starts: Playwright's sync API
runs an event loop in this thread, and Django refuses database calls from such
a thread (see test_browser_public.py, whose axe audit this reuses).

One browser, one page per language; each page kind is loaded at 320 px and
widened to 390 and 1280 px (the public pages' layout is CSS alone), checked at
each width. Failures are gathered and
reported together, page by page and width by width, so that one run lists all
there is to fix.

The focus check tabs from the top of the page through the skip link, the
header and its navigation (opening a menu button if the navigation hides
behind one), until focus leaves them. For each element reached: its text
against its background, as the browser computes them while it is focused, is
at least 3:1 (the lowest over the element and its texts), and its look differs
from the unfocused one (colour, background, outline, shadow or underline).
Every visible link of the header must be reached.
"""

import time

import pytest

from tests.browser import CHROMIUM, LAUNCH_ARGS  # first: skips the module without a browser
from tests.test_browser_public import BLOCKING, Audit, sync_playwright  # skips without axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("en", "tr")
WIDTHS = (320, 390, 1280)
HEIGHT = 800
EXTRA_VISITS = 30  # enough for long names, full registers and charts; quick to load
MIN_FOCUS_CONTRAST = 3.0


def page_kinds():
    """(name, path without the language prefix, expected status) for every
    public page kind, from the loaded data."""
    from municipalities.models import Organization, Person, Protocol
    from visits.demo import SEED_VISIT_SLUG
    from visits.models import Event, Meeting, Project, Visit

    visit = Visit.objects.get(slug=SEED_VISIT_SLUG)
    meeting = Meeting.objects.filter(visit=visit).order_by("pk").first()
    guest = visit.guest
    protocol = Protocol.objects.involving(guest).order_by("pk").first()  # the sister cities
    person = Person.objects.get(slug="aliya-salkarova")
    event = Event.objects.get(slug="korkut-ata-turkish-world-film-festival-2021")
    project = Project.objects.get(slug="turkish-world-interactive-display")
    union = Organization.objects.home()

    def bare(url):  # reverse() gives /en/…; each language adds its own prefix
        return url.removeprefix("/en")

    return [
        ("home", "/", 200),
        ("visit list", "/visits/", 200),
        ("visit", bare(visit.get_absolute_url()), 200),
        ("meeting list", "/meetings/", 200),
        ("meeting", bare(meeting.get_absolute_url()), 200),
        ("print summary", f"/meetings/{meeting.pk}/summary/", 200),
        ("organisation list", "/municipalities/", 200),
        ("organisation", bare(guest.get_absolute_url()), 200),
        ("pair", f"/municipalities/{union.slug}/{guest.slug}/", 200),
        ("person", bare(person.get_absolute_url()), 200),
        ("protocol register", "/protocols/", 200),
        ("protocol", bare(protocol.get_absolute_url()), 200),
        ("gift register", "/gifts/", 200),
        ("event", bare(event.get_absolute_url()), 200),
        ("project", bare(project.get_absolute_url()), 200),
        ("search results", "/search/?q=turkistan", 200),
        ("not found", "/no-such-page/", 404),
    ]


class OnceAudit(Audit):
    """test_browser_public's audit, with axe-core put in the page once per
    load rather than once per run: each page is checked at three widths."""

    def check(self, name):
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            self.page.evaluate(self.axe.axe_script)
        results = self.page.evaluate("() => axe.run({resultTypes: ['violations']})")
        self.found[name] = results["violations"]


# The page scrolls sideways, or (where html or body hides the overflow) cuts
# content off at the right edge: the page's width and the outermost elements
# that stick out, leaving out those inside a scroll region of their own.
OVERFLOW_JS = """() => {
  const doc = document.documentElement, limit = window.innerWidth;
  const inRegion = (el) => {
    for (let n = el.parentElement; n && n !== document.body; n = n.parentElement) {
      if (getComputedStyle(n).overflowX !== "visible") return true;
    }
    return false;
  };
  const sticks = (el) => el.getBoundingClientRect().right > limit + 0.5;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map((c) => "." + c).join("");
  const culprits = [...document.body.querySelectorAll("*")]
    .filter((el) => sticks(el) && !inRegion(el) && !(el.parentElement && sticks(el.parentElement)))
    .map((el) => `${name(el)} (${Math.round(el.getBoundingClientRect().right)} px)`);
  if (doc.scrollWidth <= limit && !culprits.length) return null;
  return {scrollWidth: doc.scrollWidth, innerWidth: limit, culprits: culprits.slice(0, 4)};
}"""

# Colours and contrast as WCAG computes them; the background is the first
# opaque one up the tree, with translucent ones laid over it.
CONTRAST_JS = """
const parse = (c) => {
  const m = c && c.match(/rgba?\\(([^)]*)\\)/);
  if (!m) return null;
  const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
  return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
};
const over = (top, below) => ({
  r: top.r * top.a + below.r * (1 - top.a), g: top.g * top.a + below.g * (1 - top.a),
  b: top.b * top.a + below.b * (1 - top.a), a: 1,
});
const background = (el) => {
  const layers = [];
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
  }
  return layers.reduceRight((below, top) => over(top, below), {r: 255, g: 255, b: 255, a: 1});
};
const luminance = (c) => {
  const ch = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
};
const ratio = (a, b) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
const css = (c) => `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`;
const looks = (el) => {
  const s = getComputedStyle(el);
  return [s.color, s.backgroundColor, s.outlineStyle, s.outlineWidth, s.outlineColor,
          s.boxShadow, s.textDecorationLine, s.textDecorationThickness,
          s.borderBottomColor, s.borderBottomWidth].join("|");
};
const describe = (el) => {
  const text = (el.innerText || el.getAttribute("aria-label") || "").trim().replace(/\\s+/g, " ");
  return `${el.tagName.toLowerCase()} "${text.slice(0, 40)}"`;
};
const inHeader = (el) => !!(el && el.closest && el.closest("a.skip-link, .site-header"));
"""

# Before any focus: the header's focusable elements, their unfocused look.
REMEMBER_JS = (
    "() => {"
    + CONTRAST_JS
    + """
  const all = [...document.querySelectorAll(
    "a.skip-link, .site-header a[href], .site-header button, .site-header summary")];
  window.__unfocused = new Map(all.map((el) => [el, looks(el)]));
  return true;
}"""
)

# The focused element: where it is, its contrast, whether its look changed.
FOCUSED_JS = (
    "() => {"
    + CONTRAST_JS
    + """
  const el = document.activeElement;
  if (!inHeader(el)) return null;
  let worst = null;
  const texts = [el, ...el.querySelectorAll("*")].filter((n) =>
    [...n.childNodes].some((t) => t.nodeType === 3 && t.textContent.trim()));
  for (const n of texts.length ? texts : [el]) {
    const fg = parse(getComputedStyle(n).color), bg = background(n);
    const r = ratio(over(fg, bg), bg);
    if (!worst || r < worst.ratio) worst = {ratio: r, color: css(fg), background: css(bg)};
  }
  const before = window.__unfocused.get(el);
  const opener = (el.tagName === "BUTTON" && el.getAttribute("aria-expanded") === "false")
    || (el.tagName === "SUMMARY" && !el.parentElement.open);
  return {name: describe(el), ...worst, changed: before === undefined || before !== looks(el),
          opener, href: el.getAttribute("href")};
}"""
)

# The visible links of the header, which tabbing must reach.
HEADER_LINKS_JS = """() => [...document.querySelectorAll(".site-header a[href]")]
  .filter((a) => a.getClientRects().length && getComputedStyle(a).visibility !== "hidden")
  .map((a) => a.getAttribute("href"))"""


def check_focus(page):
    """Tab through the skip link, header and navigation; the problems found."""
    page.evaluate(REMEMBER_JS)
    reached, faint, unchanged = set(), {}, []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None:
            break
        reached.add(focused["href"])
        if focused["ratio"] < MIN_FOCUS_CONTRAST:
            how = f"{focused['ratio']:.2f}:1, {focused['color']} on {focused['background']}"
            faint.setdefault(how, []).append(focused["name"])
        if not focused["changed"]:
            unchanged.append(focused["name"])
        if focused["opener"]:  # a menu button: open it, and tab on into the menu
            page.keyboard.press("Enter")
            page.evaluate(REMEMBER_JS)
    problems = [
        f"focus contrast under 3:1 ({how}) on {len(names)}: {', '.join(names)}"
        for how, names in faint.items()
    ]
    if unchanged:
        problems.append("focus looks the same as unfocused on: " + ", ".join(unchanged))
    missed = [href for href in page.evaluate(HEADER_LINKS_JS) if href not in reached]
    if missed:
        problems.append("header links never reached by Tab: " + ", ".join(missed))
    return problems


def check_layout(page, audit, label):
    """At the page's current width: sideways scroll and axe; the problems found."""
    problems = []
    overflow = page.evaluate(OVERFLOW_JS)
    if overflow:
        what = (
            f"scrolls sideways: {overflow['scrollWidth']} px wide in {overflow['innerWidth']}"
            if overflow["scrollWidth"] > overflow["innerWidth"]
            else f"content cut off at the right edge of {overflow['innerWidth']} px"
        )
        problems.append(f"{what}; " + ", ".join(overflow["culprits"]))
    audit.check(label)
    for v in audit.found[label]:
        if v["impact"] in BLOCKING:
            targets = "; ".join(", ".join(n["target"]) for n in v["nodes"][:3])
            problems.append(
                f"axe {v['id']} ({v['impact']}, {len(v['nodes'])} element(s)): {targets}"
            )
    return problems


def check_kind(page, audit, url, status, focus_widths):
    """One page kind: loaded at the narrowest width and widened (the pages'
    layout is CSS alone, so a resize reads as a fresh load would); the header's
    focus tried at `focus_widths`, each on a fresh load. {width: problems}."""
    found = {}
    response = page.goto(url)
    if response.status != status:
        return {WIDTHS[0]: [f"answered {response.status}, not {status}"]}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        found[width] = check_layout(page, audit, f"{url} {width}")
    for n, width in enumerate(focus_widths):
        page.set_viewport_size({"width": width, "height": HEIGHT})
        if n or width != WIDTHS[-1]:
            page.goto(url)  # nothing focused yet, the Tab order starts at the top
        found[width] += check_focus(page)
    return found


def test_every_page_kind_reads_on_a_phone_and_by_keyboard(live_server):
    from municipalities.models import Organization
    from visits.demo import load_seed
    from visits.demo_extra.generator import load_extra

    load_seed()
    load_extra(EXTRA_VISITS, Organization.objects.home())
    kinds = page_kinds()

    failures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        try:
            for language in LANGUAGES:
                started = time.monotonic()
                page = browser.new_page(viewport={"width": WIDTHS[0], "height": HEIGHT})
                page.set_default_timeout(10_000)
                audit = OnceAudit(page)
                for n, (name, path, status) in enumerate(kinds):
                    # The header is base.html's on every page: all widths on
                    # the first page, one width in turn on the others.
                    focus_widths = WIDTHS if n == 0 else [WIDTHS[n % len(WIDTHS)]]
                    url = f"{live_server.url}/{language}{path}"
                    found = check_kind(page, audit, url, status, focus_widths)
                    for width, problems in found.items():
                        failures += [
                            f"/{language}{path} ({name}) at {width} px: {p}" for p in problems
                        ]
                page.close()
                print(
                    f"{language}: {len(kinds)} page kinds at {len(WIDTHS)} widths "
                    f"in {time.monotonic() - started:.1f} s"
                )
        finally:
            browser.close()
    if failures:
        pytest.fail(f"{len(failures)} problem(s):\n" + "\n".join(failures), pytrace=False)
