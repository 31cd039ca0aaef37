"""Issue 13's baseline: the page loads a clerk needs to enter one real visit in
the admin of 2e8ee3f ("today's main" when the issue was filed).

Not part of the test suite (it drives the OLD admin; it is kept under bench/).
To run it against 2e8ee3f, from a clone of the repository with its venv:

    git worktree add --detach /tmp/old 2e8ee3f
    ln -s "$PWD/.venv" /tmp/old/.venv
    cp bench/entry_page_loads_2e8ee3f.py /tmp/old/tests/
    cd /tmp/old
    .venv/bin/python -m pytest tests/entry_page_loads_2e8ee3f.py -q -s -p no:cacheprovider

The scenario, entered the shortest sensible way 2e8ee3f allows (the seed of
visits.demo.load_seed() is there already): the visit "TDBB delegation visits
Shymkent" (3-4 March 2024) with a six-row delegation, its two meetings (one
with a protocol signed at it), and a board meeting outside any visit. Every
missing organisation, person and protocol is added with the "+" beside the
field, in a popup (from a popup for an organisation a new person's post needs).
Where the old model has no shape for a fact, a clerk's workaround is used: a
placeholder person for an office ("Deputy Secretary General of TDBB (name not
given)", "Akim of Turkistan Region (name not given)") and for a group
("Journalists (5)"), one post per delegation or participant row, the
delegation typed again on each meeting, side "other" and the role typed into
the title on the board meeting.

Page loads are counted from the admin index (after login) to the page the
last save shows, in every window of the browser context (popups count):
(a) document requests, GET and POST, each redirect's target GET included;
(b) clicks that load a page: document requests that are not a redirect's
target (a POST and the page it redirects to count once).

Measured on 2e8ee3f (SQLite, Chromium 1400x1000):

    step                            (a) documents   (b) page-loading clicks
    visit with its delegation              19              18
    meeting 1 (with the protocol)           9               8
    meeting 2                               7               6
    board meeting                           7               6
    total                                  42              38

The click path ("+ X" opens a popup, "Save" in a popup closes it; each is one
page load, and a popup opened from a popup is counted like any other):
- visit: index "Add" beside Visits; + host (Shymkent City Akimat), Save;
  + person Mehmet Özer [+ post organisation Kayseri Metropolitan Municipality,
  Save], Save; Fahri Solak chosen; + person Selim Aydın, Save; + person Murat
  Yıldız [+ post organisation Talas Municipality, Save], Save; + person Deputy
  Secretary General placeholder, Save; + person Journalists (5), Save;
  "Save and continue editing" (POST, then the visit's page).
- meeting 1: "Add a meeting to this visit"; + person Ruslan Bekov, Save;
  + person Dana Omarova, Save; six guest rows typed; + protocol signed (with
  its two signatories on the popup's form), Save; "Save" (back on the visit).
- meeting 2: "Add a meeting to this visit"; + host (Turkistan Region
  Administration), Save; + person Akim placeholder, Save; six guest rows
  typed; "Save" (back on the visit).
- board meeting: the sidebar's "Add" beside Meetings; + person Ayşe Kaya
  [+ post organisation Nilüfer Municipality, Save], Save; "Save" (the
  meeting list).

What 2e8ee3f cannot store as such: an office without a person, a group and
its size (placeholder people instead), a delegation or participant row with
two posts (Mehmet Özer's row names President of TDBB only), the chair,
members and secretary of a board meeting (typed into the titles), the
group's Turkish name (an "other name" of the placeholder and its post).

As in tests/test_browser_admin.py, all database work is done before the
browser starts or after it has closed.
"""

import datetime

import pytest

from tests.browser import (  # first: skips the module without a browser
    CHROMIUM,
    LAUNCH_ARGS,
    PolicyViolations,
)

# isort: split
from django.contrib.auth import get_user_model
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from municipalities.models import Organization, Person, Protocol
from tests.test_browser_admin import PASSWORD, Admin, editor_group, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEPS = ("visit", "meeting 1", "meeting 2", "board meeting")


class PageLoads:
    """Every document request of the browser context, main window and popups."""

    def __init__(self):
        self.requests = []  # (method, url, whether a redirect led to it)
        self.marks = []  # (step, number of requests when it ended)

    def seen(self, request):
        if request.resource_type == "document":
            self.requests.append((request.method, request.url, request.redirected_from is not None))

    def end_step(self, name):
        self.marks.append((name, len(self.requests)))

    def per_step(self):
        """{step: (documents, page-loading clicks, [requests])}."""
        counts, start = {}, 0
        for name, end in self.marks:
            chunk = self.requests[start:end]
            clicks = sum(1 for _method, _url, redirected in chunk if not redirected)
            counts[name] = (len(chunk), clicks, chunk)
            start = end
        return counts


# --- The browser's side --------------------------------------------------------


def open_popup(admin, field):
    """Click the "+" beside `field`; the popup's form, as an Admin."""
    with admin.page.expect_popup() as info:
        admin.page.locator(f"#add_id_{field}").click()
    window = info.value
    window.set_default_timeout(10_000)
    window.wait_for_load_state("domcontentloaded")
    expect(window.locator("#content h1")).to_contain_text("Add")
    return Admin(window, admin.base_url)


def save_popup(popup, opener, field, name):
    """Save the popup's form; it closes and `name` is chosen in `field` of its opener."""
    try:
        with popup.page.expect_event("close", timeout=15_000):
            popup.page.get_by_role("button", name="Save", exact=True).click()
    except PlaywrightError:
        pytest.fail(f"{name}: the popup did not close on save:\n" + "\n".join(popup.errors()))
    expect(opener.page.locator(f"#id_{field} option:checked")).to_contain_text(name)


def new_organisation(opener, field, kind, english, turkish, country, parent=None):
    popup = open_popup(opener, field)
    popup.choose("kind", kind)
    popup.fill_both("name", english, turkish)
    popup.choose("country", country)
    if parent:
        popup.autocomplete("parent", parent[0], parent[1])
    save_popup(popup, opener, field, english)


def new_person(opener, field, name, posts=(), other_names=""):
    """A person with posts (organisation: an existing one as (typed, pick), or
    a new one as a dict for new_organisation), added from `field`'s "+"."""
    popup = open_popup(opener, field)
    popup.fill("name", name)
    if other_names:
        popup.fill("other_names", other_names)
    for n, (organisation, english, turkish, start) in enumerate(posts):
        if n:
            popup.add_row("Post")
        if isinstance(organisation, dict):
            new_organisation(popup, f"posts-{n}-organization", **organisation)
        else:
            popup.autocomplete(f"posts-{n}-organization", *organisation)
        popup.fill_both(f"posts-{n}-title", english, turkish)
        if start:
            popup.fill(f"posts-{n}-start_date", start)
    save_popup(popup, opener, field, name)


def row(admin, prefix, n, person, **values):
    """One delegation or participant row: an existing person (typed, pick) or
    a new one (a dict for new_person); then choices, texts and autocompletes."""
    if n:
        admin.add_row("Delegation member" if prefix == "members" else "Participant")
    admin.fill(f"{prefix}-{n}-order", str(n + 1))
    if isinstance(person, dict):
        new_person(admin, f"{prefix}-{n}-person", **person)
    else:
        admin.autocomplete(f"{prefix}-{n}-person", *person)
    for name, value in values.items():
        if name in ("role", "side"):
            admin.choose(f"{prefix}-{n}-{name}", value)
        elif name == "organization":
            admin.autocomplete(f"{prefix}-{n}-organization", *value)
        else:  # a title in both languages
            admin.fill_both(f"{prefix}-{n}-{name}", *value)


TDBB = ("tdbb", "Union of Turkish World Municipalities")
KAYSERI = ("kayseri", "Kayseri Metropolitan Municipality")
SHYMKENT = ("shymkent", "Shymkent City Akimat")

# The delegation as each meeting retypes it, row by row: (typed, pick).
DELEGATION = [
    ("ozer", "Mehmet Özer"),
    ("solak", "Fahri Solak"),
    ("aydin", "Selim Aydın"),
    ("yildiz", "Murat Yıldız"),
    ("deputy secretary", "Deputy Secretary General of TDBB (name not given)"),
    ("journalists", "Journalists (5)"),
]


def enter_visit(admin):
    page = admin.page
    page.locator("#content-main tr.model-visit a.addlink").click()
    admin.fill_both(
        "title", "TDBB delegation visits Shymkent", "TDBB heyeti Şımkent'i ziyaret etti"
    )
    admin.autocomplete("guest", *TDBB)
    new_organisation(
        admin, "host", "provincial", "Shymkent City Akimat", "Şımkent Şehir Akimliği", "KZ"
    )
    admin.choose("status", "held")
    admin.fill("start_date", "2024-03-03")
    admin.fill("end_date", "2024-03-04")
    admin.fill_both("city", "Shymkent", "Şımkent")
    admin.choose("country", "KZ")
    admin.check("is_published")

    kayseri = {
        "kind": "metropolitan",
        "english": "Kayseri Metropolitan Municipality",
        "turkish": "Kayseri Büyükşehir Belediyesi",
        "country": "TR",
    }
    # The head: two posts, but the row carries one (the post of the day, President of TDBB).
    mehmet = {
        "name": "Mehmet Özer",
        "posts": [
            (TDBB, "President", "Başkan", "2024-01-01"),
            (kayseri, "Mayor", "Belediye Başkanı", "2019-04-08"),
        ],
    }
    row(admin, "members", 0, mehmet, role="head")
    row(admin, "members", 1, ("solak", "Fahri Solak"))
    selim = {
        "name": "Selim Aydın",
        "posts": [(KAYSERI, "Deputy Mayor", "Belediye Başkan Yardımcısı", None)],
    }
    row(admin, "members", 2, selim)
    talas = {
        "kind": "district",
        "english": "Talas Municipality",
        "turkish": "Talas Belediyesi",
        "country": "TR",
        "parent": KAYSERI,
    }
    murat = {"name": "Murat Yıldız", "posts": [(talas, "Mayor", "Belediye Başkanı", None)]}
    row(admin, "members", 3, murat)
    # An office with nobody named, and a group: placeholder people.
    office = {
        "name": "Deputy Secretary General of TDBB (name not given)",
        "posts": [(TDBB, "Deputy Secretary General", "Genel Sekreter Yardımcısı", None)],
    }
    row(admin, "members", 4, office)
    journalists = {
        "name": "Journalists (5)",
        "other_names": "Gazeteciler",
        "posts": [(TDBB, "Journalists", "Gazeteciler", None)],
    }
    row(admin, "members", 5, journalists, role="press")
    admin.save("the visit with its delegation", button="Save and continue editing")


def guest_side(admin, first):
    """The delegation typed again, row by row."""
    for n, person in enumerate(DELEGATION, start=first):
        row(admin, "participants", n, person, side="guest")


def enter_meeting_1(admin):
    page = admin.page
    page.get_by_role("link", name="Add a meeting to this visit").click()
    expect(page.locator("#select2-id_host-container")).to_contain_text("Shymkent City Akimat")
    expect(page.locator("#id_date")).to_have_value("2024-03-03")
    admin.choose("kind", "courtesy")
    admin.fill_both("title", "Meeting with the Akim of Shymkent", "Şımkent Akimi ile görüşme")
    admin.fill("start_time", "10:00")
    ruslan = {"name": "Ruslan Bekov", "posts": [(SHYMKENT, "Akim", "Akim", None)]}
    row(admin, "participants", 0, ruslan, side="host")
    dana = {"name": "Dana Omarova", "posts": [(SHYMKENT, "Deputy Akim", "Akim Yardımcısı", None)]}
    row(admin, "participants", 1, dana, side="host")
    guest_side(admin, first=2)

    # The protocol signed at the meeting, from the "+" beside "protocols signed".
    popup = open_popup(admin, "signed_protocols")
    popup.choose("kind", "cooperation")
    popup.choose("status", "signed")
    popup.autocomplete("party_a", *KAYSERI)
    popup.autocomplete("party_b", *SHYMKENT)
    popup.fill_both(
        "title",
        "Cooperation protocol between Kayseri and Shymkent",
        "Kayseri ile Şımkent arasında işbirliği protokolü",
    )
    popup.fill("signed_date", "2024-03-03")
    popup.fill_both("signed_place", "Shymkent", "Şımkent")
    popup.check("is_published")
    popup.add_row("Signatory")
    popup.fill("signatories-0-order", "1")
    popup.autocomplete("signatories-0-person", "ozer", "Mehmet Özer")
    popup.autocomplete("signatories-0-organization", *KAYSERI)  # title from that post
    popup.add_row("Signatory")
    popup.fill("signatories-1-order", "2")
    popup.autocomplete("signatories-1-person", "bekov", "Ruslan Bekov")
    save_popup(popup, admin, "signed_protocols", "Cooperation protocol between Kayseri and")
    admin.save("meeting 1")  # back on the visit


def enter_meeting_2(admin):
    page = admin.page
    page.get_by_role("link", name="Add a meeting to this visit").click()
    expect(page.locator("#id_date")).to_have_value("2024-03-03")
    admin.choose("kind", "courtesy")
    admin.fill_both(
        "title",
        "Visit to the Turkistan Region Administration",
        "Türkistan Bölge İdaresi ziyareti",
    )
    admin.fill("start_time", "15:00")
    new_organisation(
        admin,
        "host",
        "regional",
        "Turkistan Region Administration",
        "Türkistan Bölge İdaresi",
        "KZ",
    )
    akim = {
        "name": "Akim of Turkistan Region (name not given)",
        "posts": [
            (
                ("turkistan region", "Turkistan Region Administration"),
                "Akim of Turkistan Region",
                "Türkistan Bölgesi Akimi",
                None,
            )
        ],
    }
    row(admin, "participants", 0, akim, side="host")
    guest_side(admin, first=1)
    admin.save("meeting 2")


def enter_board_meeting(admin):
    page = admin.page
    # From the visit's page, the sidebar's "Add" beside Meetings.
    page.locator("#nav-sidebar tr.model-meeting a.addlink").click()
    expect(page.locator("#id_title_en")).to_be_visible()
    admin.choose("kind", "board")
    admin.fill_both("title", "Executive Board meeting", "Encümen toplantısı")
    admin.autocomplete("host", *TDBB)
    admin.fill("date", "2024-03-20")
    admin.fill("start_time", "10:00")
    # No chair, members or secretary: side "other", the role typed into the title.
    row(
        admin,
        "participants",
        0,
        ("ozer", "Mehmet Özer"),
        side="other",
        title=("President (chair)", "Başkan (toplantı başkanı)"),
    )
    row(
        admin,
        "participants",
        1,
        ("salkarova", "Aliya Şalkarova"),
        side="other",
        title=("Deputy Mayor (board member)", "Belediye Başkan Yardımcısı (encümen üyesi)"),
    )
    nilufer = {
        "kind": "district",
        "english": "Nilüfer Municipality",
        "turkish": "Nilüfer Belediyesi",
        "country": "TR",
    }
    ayse = {"name": "Ayşe Kaya", "posts": [(nilufer, "Mayor", "Belediye Başkanı", None)]}
    row(
        admin,
        "participants",
        2,
        ayse,
        side="other",
        title=("Mayor (board member)", "Belediye Başkanı (encümen üyesi)"),
    )
    row(
        admin,
        "participants",
        3,
        ("solak", "Fahri Solak"),
        side="other",
        title=("Secretary General (secretary)", "Genel Sekreter (toplantı sekreteri)"),
    )
    admin.save("the board meeting")


# --- The test ----------------------------------------------------------------


def test_the_page_loads_of_one_real_entry_on_2e8ee3f(live_server, tmp_path):
    from visits.demo import load_seed

    load_seed()
    user = get_user_model().objects.create_user(
        "ayse", "ayse@example.org", PASSWORD, is_staff=True, first_name="Ayşe"
    )
    user.groups.add(editor_group())

    loads = PageLoads()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(10_000)
        refused = PolicyViolations(page)
        admin = Admin(page, live_server.url)
        try:
            log_in(admin, user.username)
            expect(page.locator("#content-main tr.model-visit a.addlink")).to_be_visible()
            # Counting starts on the admin index, in every window of the context.
            context.on("request", loads.seen)
            enter_visit(admin)
            loads.end_step("visit")
            enter_meeting_1(admin)
            loads.end_step("meeting 1")
            enter_meeting_2(admin)
            loads.end_step("meeting 2")
            enter_board_meeting(admin)
            loads.end_step("board meeting")
            context.remove_listener("request", loads.seen)
        except BaseException:  # pytest.fail too: keep what the page looked like
            for n, window in enumerate(context.pages):
                failure = tmp_path / f"failure-{n}.png"
                window.screenshot(path=str(failure), full_page=True)
                print(f"A window at the failure: {failure}")
            raise
        finally:
            browser.close()

    report(loads)
    assert not refused, "refused by the Content-Security-Policy:\n" + "\n".join(refused)
    check_records()
    counts = loads.per_step()
    # Every popup is a GET of its form and a POST of it; every save of a
    # main form a POST and the page it redirects to.
    assert {step: counts[step][:2] for step in STEPS} == {
        "visit": (19, 18),
        "meeting 1": (9, 8),
        "meeting 2": (7, 6),
        "board meeting": (7, 6),
    }


def report(loads):
    counts = loads.per_step()
    print("\nPage loads on 2e8ee3f (a: document requests, b: clicks that load a page)")
    for step in STEPS:
        documents, clicks, requests = counts[step]
        print(f"  {step:<14} a={documents:>3}  b={clicks:>3}")
        for method, url, redirected in requests:
            print(f"      {method:<4} {url.split('/en/admin/', 1)[-1]}{' (redirect)' * redirected}")
    total_a = sum(counts[step][0] for step in STEPS)
    total_b = sum(counts[step][1] for step in STEPS)
    print(f"  {'total':<14} a={total_a:>3}  b={total_b:>3}")


# --- What is stored (Python, after the browser) ---------------------------------


def check_records():
    from visits.models import DelegationMember, Meeting, MeetingParticipant, Visit

    union = Organization.objects.get(slug="tdbb")
    shymkent = Organization.objects.get(name_en="Shymkent City Akimat")
    kayseri = Organization.objects.get(name_en="Kayseri Metropolitan Municipality")
    talas = Organization.objects.get(name_en="Talas Municipality")
    region = Organization.objects.get(name_en="Turkistan Region Administration")
    nilufer = Organization.objects.get(name_en="Nilüfer Municipality")
    assert (shymkent.kind, shymkent.country.code, shymkent.name_tr) == (
        "provincial",
        "KZ",
        "Şımkent Şehir Akimliği",
    )
    assert (kayseri.kind, kayseri.country.code) == ("metropolitan", "TR")
    assert (talas.kind, talas.parent, talas.name_tr) == ("district", kayseri, "Talas Belediyesi")
    assert (region.kind, region.country.code) == ("regional", "KZ")
    assert (nilufer.kind, nilufer.name_tr) == ("district", "Nilüfer Belediyesi")

    ozer = Person.objects.get(name="Mehmet Özer")
    assert [(p.organization, p.title_en, p.title_tr, p.start_date) for p in ozer.posts.all()] == [
        (union, "President", "Başkan", datetime.date(2024, 1, 1)),
        (kayseri, "Mayor", "Belediye Başkanı", datetime.date(2019, 4, 8)),
    ]

    visit = Visit.objects.get(title_en="TDBB delegation visits Shymkent")
    assert visit.title_tr == "TDBB heyeti Şımkent'i ziyaret etti"
    assert (visit.guest, visit.host, visit.is_published) == (union, shymkent, True)
    assert (visit.start_date, visit.end_date) == (
        datetime.date(2024, 3, 3),
        datetime.date(2024, 3, 4),
    )
    delegation = [
        (m.person.name, m.role, m.organization.name_en, m.title_en, m.title_tr)
        for m in visit.members.select_related("person", "organization")
    ]
    assert delegation == [
        ("Mehmet Özer", "head", union.name_en, "President", "Başkan"),
        ("Fahri Solak", "member", union.name_en, "Secretary General", "Genel Sekreter"),
        ("Selim Aydın", "member", kayseri.name_en, "Deputy Mayor", "Belediye Başkan Yardımcısı"),
        ("Murat Yıldız", "member", talas.name_en, "Mayor", "Belediye Başkanı"),
        (
            "Deputy Secretary General of TDBB (name not given)",
            "member",
            union.name_en,
            "Deputy Secretary General",
            "Genel Sekreter Yardımcısı",
        ),
        ("Journalists (5)", "press", union.name_en, "Journalists", "Gazeteciler"),
    ]
    assert DelegationMember.objects.filter(visit=visit).count() == 6

    guests = [name for _typed, name in DELEGATION]
    first, second = visit.meetings.order_by("start_time")
    assert (first.title_tr, first.host, first.date, first.start_time) == (
        "Şımkent Akimi ile görüşme",
        shymkent,
        datetime.date(2024, 3, 3),
        datetime.time(10),
    )
    rows = [
        (p.side, p.person.name, p.organization, p.title_en)
        for p in first.participants.select_related("person", "organization")
    ]
    assert rows[:2] == [
        ("host", "Ruslan Bekov", shymkent, "Akim"),
        ("host", "Dana Omarova", shymkent, "Deputy Akim"),
    ]
    assert [(side, name) for side, name, _org, _title in rows[2:]] == [
        ("guest", name) for name in guests
    ]
    protocol = first.signed_protocols.get()
    assert protocol.title_tr == "Kayseri ile Şımkent arasında işbirliği protokolü"
    assert (protocol.kind, protocol.status, protocol.signed_date) == (
        Protocol.Kind.COOPERATION,
        Protocol.Status.SIGNED,
        datetime.date(2024, 3, 3),
    )
    assert {protocol.party_a, protocol.party_b} == {kayseri, shymkent}
    assert (protocol.signed_place_en, protocol.signed_place_tr) == ("Shymkent", "Şımkent")
    assert [(s.person.name, s.organization, s.title_en) for s in protocol.signatories.all()] == [
        ("Mehmet Özer", kayseri, "Mayor"),
        ("Ruslan Bekov", shymkent, "Akim"),
    ]

    assert (second.title_tr, second.host, second.start_time) == (
        "Türkistan Bölge İdaresi ziyareti",
        region,
        datetime.time(15),
    )
    hosts = second.participants.filter(side="host").select_related("person", "organization")
    assert [(p.person.name, p.organization, p.title_tr) for p in hosts] == [
        ("Akim of Turkistan Region (name not given)", region, "Türkistan Bölgesi Akimi")
    ]
    assert [p.person.name for p in second.participants.filter(side="guest")] == guests

    board = Meeting.objects.get(title_en="Executive Board meeting")
    assert (board.visit, board.kind, board.host, board.title_tr) == (
        None,
        Meeting.Kind.BOARD,
        union,
        "Encümen toplantısı",
    )
    assert (board.date, board.start_time) == (datetime.date(2024, 3, 20), datetime.time(10))
    assert [
        (p.person.name, p.organization, p.title_en)
        for p in MeetingParticipant.objects.filter(meeting=board).select_related("person")
    ] == [
        ("Mehmet Özer", union, "President (chair)"),
        ("Aliya Şalkarova", Organization.objects.get(slug="turkistan-municipality"),
         "Deputy Mayor (board member)"),
        ("Ayşe Kaya", nilufer, "Mayor (board member)"),
        ("Fahri Solak", union, "Secretary General (secretary)"),
    ]  # fmt: skip
