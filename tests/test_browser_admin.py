"""A new member of the secretariat enters the seed visit through the admin, in a
real browser, starting from an empty database.

The press release of 13 November 2021 (shared/seed/turkistan-visit-2021-11-13.txt)
is entered by hand, form by form, as `visits.demo.load_seed` records it: the
organisations, the people with their posts, the festival, the two planned
sister-city protocols, the project, the visit with its head of delegation, and
the meeting with everything said, discussed and given in it. Then the records
are checked as stored.

Playwright's sync API runs an event loop in this thread, and Django refuses
database calls from a thread with a running loop: all database work here is
done before the browser starts or after it has closed. The live server answers
from its own thread.
"""

import datetime
import importlib
import time
from contextlib import contextmanager

import pytest

from tests.browser import (  # first: skips the module without a browser
    CHROMIUM,
    LAUNCH_ARGS,
    PolicyViolations,
)

# isort: split
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from municipalities.models import Organization, Person, Protocol
from portal.dates import DatePrecision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-test-password-7"
roles = importlib.import_module("visits.migrations.0003_roles")
glossary_roles = importlib.import_module("visits.migrations.0015_glossary_roles")


# --- Setting the scene (Python, before the browser) --------------------------


def editor_group():
    """The "Secretariat editor" group, as its migrations made it.

    A transactional test starts after other tests may have flushed the
    migration's rows; the permissions come back with the flush, the groups
    do not. The migrations' functions are then run again on the project's app
    registry; it marks app configs as model-less when done (it was written
    for a migration's registry), so their modules are put back afterwards.
    """
    group = Group.objects.filter(name=roles.EDITOR).first()
    if group is not None and group.permissions.filter(codename="view_glossaryterm").exists():
        return group
    modules = {config.label: config.models_module for config in django_apps.get_app_configs()}
    try:
        roles.create_roles(django_apps, None)
        glossary_roles.grant(django_apps, None)  # the glossary's rights came later
    finally:
        for config in django_apps.get_app_configs():
            config.models_module = modules[config.label]
    return Group.objects.get(name=roles.EDITOR)


def new_secretariat_member():
    user = get_user_model().objects.create_user(
        "ayse", "ayse@example.org", PASSWORD, is_staff=True, first_name="Ayşe"
    )
    user.groups.add(editor_group())
    return user


def the_union():
    return Organization.objects.create(
        kind=Organization.Kind.UNION,
        name_en="Union of Turkish World Municipalities",
        name_tr="Türk Dünyası Belediyeler Birliği",
        short_name="TDBB",
        slug="tdbb",
        country="TR",
        region="İstanbul",
        is_home=True,
    )


# --- The browser's side --------------------------------------------------------


class Admin:
    """What the secretariat member does on the admin's pages."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url.rstrip("/")

    def open(self, path):
        self.page.goto(self.base_url + path)

    def fill(self, field, value):
        self.page.locator(f"#id_{field}").fill(value)

    def fill_both(self, field, english, turkish):
        """An English text and its Turkish version, side by side on the form."""
        self.fill(f"{field}_en", english)
        self.fill(f"{field}_tr", turkish)

    def choose(self, field, value):
        self.page.locator(f"#id_{field}").select_option(value)

    def check(self, field):
        self.page.locator(f"#id_{field}").check()

    def autocomplete(self, field, typed, pick):
        """Pick `pick` in the select2 box of `field` after typing `typed`."""
        page = self.page
        chosen = page.locator(f"#select2-id_{field}-container")
        for _attempt in range(3):
            # The box itself: its text part is empty, and so of no size, until a choice.
            page.locator(f'[aria-labelledby="select2-id_{field}-container"]').click()
            search = page.locator(".select2-container--open .select2-search__field")
            try:
                # On a loaded machine a click may come before select2 listens
                # (or close a box the last attempt left open): click again.
                search.wait_for(timeout=5000)
            except PlaywrightError:
                page.keyboard.press("Escape")
                continue
            search.fill(typed)
            option = page.locator(
                ".select2-container--open .select2-results__option:not(.loading-results)",
                has_text=pick,
            )
            option.first.wait_for()
            # The results are replaced when the server's answer for the full
            # text arrives; a click on the list being replaced is lost, so
            # check and try again, as a person would.
            option.first.click()
            if pick in (chosen.text_content() or ""):
                return
        expect(chosen).to_contain_text(pick)

    def add_row(self, verbose_name):
        self.page.get_by_role("button", name=f"Add another {verbose_name}", exact=True).click()

    def save(self, what, button="Save"):
        """Press the save button; fail with the form's errors unless it saved."""
        page = self.page
        page.get_by_role("button", name=button, exact=True).click()
        outcome = page.locator(".messagelist .success, .errornote")
        try:
            outcome.first.wait_for(timeout=10_000)
        except PlaywrightError:
            pytest.fail(
                f"{what}: neither a success message nor a form error after saving; "
                f"{page.url} shows:\n{page.inner_text('body')[:3000]}"
            )
        if page.locator(".errornote").count():
            pytest.fail(f"{what}: the admin refused the save:\n" + "\n".join(self.errors()))
        expect(page.locator(".messagelist .success").first).to_be_visible()
        expect(page.locator(".errornote")).to_have_count(0)

    def errors(self):
        """Each error on the page, with the field (and inline row) it belongs to."""
        return self.page.evaluate(
            """() => Array.from(document.querySelectorAll(
                    '.errornote, ul.errorlist li')).map(el => {
                const row = el.closest('.inline-related, tr.form-row, tr.row-form-errors');
                const field = el.closest('[class*="field-"]');
                const where = [row && row.id, field && field.className]
                    .filter(Boolean).join(' / ');
                return (where ? where + ': ' : '') + el.textContent.trim();
            })"""
        )


@contextmanager
def signed_in(live_server, username, width=1400):
    """A browser whose secretariat member `username` has signed in to the
    admin: the Admin of its first page (its context holds any popups)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        context = browser.new_context(viewport={"width": width, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(10_000)
        admin = Admin(page, live_server.url)
        try:
            log_in(admin, username)
            yield admin
        finally:
            browser.close()


def log_in(admin, username):
    admin.open("/en/admin/login/")
    admin.fill("username", username)
    admin.fill("password", PASSWORD)
    admin.page.get_by_role("button", name="Log in").click()
    expect(admin.page.locator("#user-tools")).to_contain_text("Ayşe")


def enter_organisations(admin):
    admin.open("/en/admin/municipalities/organization/add/")
    admin.choose("kind", "metropolitan")
    admin.fill_both("name", "Istanbul Metropolitan Municipality", "İstanbul Büyükşehir Belediyesi")
    admin.fill("short_name", "İBB")
    admin.fill("local_name", "İstanbul Büyükşehir Belediyesi")
    admin.fill("other_names", "Istanbul\nİstanbul\nIstanbul Metropolitan")
    admin.choose("country", "TR")
    admin.fill("region", "İstanbul")
    admin.save("Istanbul")

    for english, turkish, other_names in (
        ("Zeytinburnu Municipality", "Zeytinburnu Belediyesi", "Zeytinburnu"),
        ("Üsküdar Municipality", "Üsküdar Belediyesi", "Üsküdar\nUskudar\nScutari"),
    ):
        admin.open("/en/admin/municipalities/organization/add/")
        admin.choose("kind", "district")
        admin.fill_both("name", english, turkish)
        admin.fill("local_name", turkish)
        admin.fill("other_names", other_names)
        admin.choose("country", "TR")
        admin.fill("region", "İstanbul")
        admin.autocomplete("parent", "istanbul", "Istanbul Metropolitan Municipality")
        admin.save(english)

    admin.open("/en/admin/municipalities/organization/add/")
    admin.choose("kind", "provincial")
    admin.fill_both("name", "Turkistan Municipality", "Türkistan Belediyesi")
    admin.fill("local_name", "Түркістан қаласының әкімдігі")
    admin.fill("other_names", "Turkestan\nTürkistan\nТүркістан\nТуркестан")
    admin.choose("country", "KZ")
    admin.fill("region", "Turkistan Region")
    admin.fill_both(
        "description",
        "Turkestan, in southern Kazakhstan, was previously a district and has moved "
        "to the status of a province.",
        "Kazakistan'ın güneyindeki Türkistan daha önce ilçeydi; il statüsüne geçti.",
    )
    admin.fill("highlights-0-order", "4")
    admin.fill_both(
        "highlights-0-text", "About 1,600 historical buildings.", "Yaklaşık 1.600 tarihi yapı."
    )
    admin.add_row("Highlight")
    admin.fill("highlights-1-order", "2")
    admin.fill_both(
        "highlights-1-text",
        "Home to the Ahmet Yasawi Tomb, Kazakhstan's only work on the UNESCO list.",
        "Kazakistan'ın UNESCO listesindeki tek eseri olan Ahmet Yesevi Türbesi buradadır.",
    )
    admin.save("Turkistan")


def enter_people(admin):
    admin.open("/en/admin/municipalities/person/add/")
    admin.fill("name", "Aliya Şalkarova")
    admin.fill("other_names", "Aliya Shalkarova\nAliya Salkarova")
    admin.autocomplete("posts-0-organization", "turkestan", "Turkistan Municipality")
    admin.fill_both("posts-0-title", "Deputy Mayor", "Belediye Başkan Yardımcısı")
    admin.save("Aliya Şalkarova")

    admin.open("/en/admin/municipalities/person/add/")
    admin.fill("name", "Fahri Solak")
    admin.autocomplete("posts-0-organization", "tdbb", "Union of Turkish World Municipalities")
    admin.fill_both("posts-0-title", "Secretary General", "Genel Sekreter")
    admin.save("Fahri Solak")


def enter_event_protocols_and_project(admin):
    admin.open("/en/admin/visits/event/add/")
    admin.fill_both(
        "name", "Korkut Ata Turkish World Film Festival", "Korkut Ata Türk Dünyası Film Festivali"
    )
    admin.choose("kind", "festival")
    admin.fill("city_en", "Istanbul")  # the Turkish form is filled on save
    admin.choose("country", "TR")
    admin.fill("start_date", "2021-11-01")
    admin.choose("start_date_precision", "month")
    admin.save("the festival")

    for district, district_tr in (
        ("Zeytinburnu Municipality", "Zeytinburnu Belediyesi"),
        ("Üsküdar Municipality", "Üsküdar Belediyesi"),
    ):
        admin.open("/en/admin/municipalities/protocol/add/")
        admin.choose("kind", "sister_city")
        admin.choose("status", "planned")
        admin.autocomplete("party_a", district.split()[0].lower(), district)
        admin.autocomplete("party_b", "turkistan", "Turkistan Municipality")
        admin.autocomplete("coordinator", "tdbb", "Union of Turkish World Municipalities")
        admin.fill("planned_date", "2021-12-01")
        admin.choose("planned_date_precision", "month")
        admin.fill_both(
            "summary",
            f"Sister-city protocol between {district} and Turkistan Municipality, "
            "planned to be signed in December 2021.",
            f"{district_tr} ile Türkistan Belediyesi arasında Aralık 2021'de imzalanması "
            "planlanan kardeş şehir protokolü.",
        )
        admin.check("is_published")
        admin.save(f"the protocol of {district}")

    admin.open("/en/admin/visits/project/add/")
    admin.fill_both("name", "Turkish World Interactive Display", "Türk Dünyası İnteraktif Ekranı")
    admin.choose("status", "proposed")
    admin.autocomplete(
        "partnerships-0-organization", "tdbb", "Union of Turkish World Municipalities"
    )
    admin.choose("partnerships-0-role", "lead")
    admin.save("the project")


def enter_visit(admin):
    admin.open("/en/admin/visits/visit/add/")
    admin.fill_both(
        "title",
        "Turkistan Municipality delegation visits TDBB",
        "Türkistan Belediyesi heyeti TDBB'yi ziyaret etti",
    )
    admin.autocomplete("guest", "turkistan", "Turkistan Municipality")
    admin.autocomplete("host", "tdbb", "Union of Turkish World Municipalities")
    admin.choose("status", "held")
    admin.fill("start_date", "2021-11-13")
    admin.fill("city_en", "Istanbul")  # the Turkish form is filled on save
    admin.choose("country", "TR")
    admin.autocomplete("event", "korkut", "Korkut Ata Turkish World Film Festival")
    admin.autocomplete("invited_by", "tdbb", "Union of Turkish World Municipalities")
    admin.fill_both(
        "purpose",
        "A visit to the Union while the delegation was in Istanbul for the Korkut Ata "
        "Turkish World Film Festival; experience sharing in tourism and city management.",
        "Korkut Ata Türk Dünyası Film Festivali için İstanbul'da bulunan heyetin Birliğe "
        "ziyareti; turizm ve şehir yönetiminde tecrübe paylaşımı.",
    )
    admin.fill_both(
        "delegation_description",
        "Deputy Mayor Aliya Şalkarova and her accompanying delegation",
        "Belediye Başkan Yardımcısı Aliya Şalkarova ve beraberindeki heyet",
    )
    admin.check("is_published")
    # The head of delegation, her organisation and title left to her post.
    admin.fill("members-0-order", "1")
    admin.autocomplete("members-0-person", "salkarova", "Aliya Şalkarova")
    admin.choose("members-0-role", "head")
    admin.save("the visit with its head of delegation", button="Save and continue editing")


def enter_meeting(admin, photo_path):
    page = admin.page
    page.get_by_role("link", name="Add a meeting to this visit").click()
    # Prefilled from the visit.
    expect(page.locator("#select2-id_visit-container")).to_contain_text(
        "Turkistan Municipality delegation visits TDBB"
    )
    expect(page.locator("#select2-id_host-container")).to_contain_text(
        "Union of Turkish World Municipalities"
    )
    expect(page.locator("#id_date")).to_have_value("2021-11-13")
    expect(page.locator("#id_city_en")).to_have_value("Istanbul")

    admin.choose("kind", "courtesy")
    admin.fill_both(
        "title",
        "Deputy Mayor Aliya Şalkarova meets Secretary General Fahri Solak",
        "Belediye Başkan Yardımcısı Aliya Şalkarova, Genel Sekreter Fahri Solak ile görüştü",
    )
    admin.fill_both("venue", "TDBB headquarters", "TDBB Genel Merkezi")
    # Participants: organisation and title come from their posts.
    admin.choose("participants-0-side", "host")
    admin.fill("participants-0-order", "1")
    admin.autocomplete("participants-0-person", "solak", "Fahri Solak")
    admin.add_row("Participant")
    admin.choose("participants-1-side", "guest")
    admin.fill("participants-1-order", "1")
    admin.autocomplete("participants-1-person", "salkarova", "Aliya Şalkarova")

    # The agenda.
    agenda = [
        (
            "presentation",
            "Presentation about the city of Turkestan",
            "Türkistan şehri hakkında sunum",
            ("subject", "turkestan", "Turkistan Municipality"),
        ),
        (
            "protocol",
            "Sister-city protocol signing ceremony between Zeytinburnu Municipality and "
            "Turkistan Municipality, planned for December 2021",
            "Zeytinburnu Belediyesi ile Türkistan Belediyesi arasında Aralık 2021'de "
            "planlanan kardeş şehir protokolü imza töreni",
            ("protocol", "zeytinburnu", "Zeytinburnu Municipality"),
        ),
        (
            "protocol",
            "Sister-city protocol signing ceremony between Üsküdar Municipality and "
            "Turkistan Municipality, planned for December 2021",
            "Üsküdar Belediyesi ile Türkistan Belediyesi arasında Aralık 2021'de "
            "planlanan kardeş şehir protokolü imza töreni",
            ("protocol", "uskudar", "Üsküdar Municipality"),
        ),
        (
            "project",
            "Turkish World Interactive Display project",
            "Türk Dünyası İnteraktif Ekranı projesi",
            ("project", "interactive", "Turkish World Interactive Display"),
        ),
    ]
    for n, (kind, title_en, title_tr, (field, typed, pick)) in enumerate(agenda):
        admin.add_row("Agenda item")
        admin.fill(f"agenda_items-{n}-order", str(n + 1))
        admin.choose(f"agenda_items-{n}-kind", kind)
        admin.fill_both(f"agenda_items-{n}-title", title_en, title_tr)
        admin.autocomplete(f"agenda_items-{n}-{field}", typed, pick)

    # What was said, in order.
    statements = [
        (
            "salkarova",
            "Aliya Şalkarova",
            "reported",
            "Stating that Korkut Ata Film Festival was very good and that it is very "
            "important for the Turkish World to come together in such an important "
            "festival, Şalkarova thanked TDBB for the invitation.",
            "Korkut Ata Film Festivali'nin çok güzel geçtiğini ve Türk Dünyası'nın böyle "
            "önemli bir festivalde bir araya gelmesinin çok önemli olduğunu belirten "
            "Şalkarova, davet için TDBB'ye teşekkür etti.",
        ),
        (
            "salkarova",
            "Aliya Şalkarova",
            "quote",
            "With the transition of Turkestan, which was previously a district, to the "
            "status of a province, it has shown great development and change with the "
            "investments made in the last 3 years. There are approximately 1,600 "
            "historical buildings in our city.",
            "",
        ),
        (
            "solak",
            "Fahri Solak",
            "quote",
            "We are ready for cooperation on experience sharing. We are ready to further "
            "strengthen our cooperation with Kazakhstan in every field.",
            "",
        ),
    ]
    for n, (typed, speaker, kind, text_en, text_tr) in enumerate(statements):
        admin.add_row("Statement")
        admin.fill(f"statements-{n}-order", str(n + 1))
        admin.autocomplete(f"statements-{n}-speaker", typed, speaker)
        admin.choose(f"statements-{n}-kind", kind)
        admin.fill(f"statements-{n}-text_en", text_en)
        if text_tr:
            admin.fill(f"statements-{n}-text_tr", text_tr)

    # The gift and the family photo.
    admin.add_row("Gift")
    admin.fill("gifts-0-order", "1")
    admin.choose("gifts-0-category", "other")
    admin.autocomplete(
        "gifts-0-given_by_organization", "tdbb", "Union of Turkish World Municipalities"
    )
    admin.autocomplete("gifts-0-given_to_organization", "turkistan", "Turkistan Municipality")
    admin.fill_both(
        "gifts-0-description",
        "Gift presented by TDBB to the Turkistan delegation at the end of the visit",
        "Ziyaretin sonunda TDBB tarafından Türkistan heyetine takdim edilen hediye",
    )
    admin.add_row("Photo")
    admin.fill("photos-0-order", "1")
    page.locator("#id_photos-0-image").set_input_files(str(photo_path))
    admin.fill_both("photos-0-caption", "Family photo", "Aile fotoğrafı")
    admin.fill("photos-0-credit", "TDBB")
    admin.save("the meeting with its participants, agenda, statements, gift and photo")


def small_jpeg(path):
    from PIL import Image

    Image.new("RGB", (64, 48), (0, 128, 128)).save(path, "JPEG", quality=85)
    return path


# --- The test ----------------------------------------------------------------


def test_a_new_editor_enters_the_seed_visit_in_the_admin(live_server, tmp_path):
    user = new_secretariat_member()
    union = the_union()
    photo = small_jpeg(tmp_path / "family-photo.jpg")
    screenshot = tmp_path / "meeting.png"

    started = time.monotonic()
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
            enter_organisations(admin)
            enter_people(admin)
            enter_event_protocols_and_project(admin)
            enter_visit(admin)
            enter_meeting(admin, photo)
            # Saved, the meeting is listed on its visit; open it again and look.
            expect(page.locator("#id_title_en")).to_have_value(
                "Turkistan Municipality delegation visits TDBB"
            )
            page.locator("#meetings-group").get_by_role("link", name="Change").click()
            expect(page.locator("#id_title_en")).to_have_value(
                "Deputy Mayor Aliya Şalkarova meets Secretary General Fahri Solak"
            )
            page.screenshot(path=str(screenshot), full_page=True)
            # What was entered is what the public reads.
            page.goto(
                live_server.url + "/en/visits/2021/turkistan-municipality-delegation-visits-tdbb/"
            )
            main = page.locator("main")
            for fact in (
                "Turkistan Municipality delegation visits TDBB",
                "Aliya Şalkarova",
                "Deputy Mayor, Turkistan Municipality",
                "Secretary General, Union of Turkish World Municipalities",
                "Presentation about the city of Turkestan",
                "planned for December 2021",
                "Turkish World Interactive Display",
                "Gift presented by TDBB to the Turkistan delegation",
            ):
                expect(main).to_contain_text(fact)
            expect(main.locator(".gallery img")).to_have_count(1)
            # Its print view and the meeting's history, under the same policy.
            main.get_by_role("link", name="Print summary").click()
            expect(page.locator("article.sheet")).to_contain_text("Aliya Şalkarova")
            meeting = page.url.rstrip("/").split("/")[-2]
            page.goto(live_server.url + f"/en/admin/visits/meeting/{meeting}/history/")
            expect(page.locator("#content h1")).to_contain_text("Change history")
        except BaseException:  # pytest.fail too: keep what the page looked like
            failure = tmp_path / "failure.png"
            page.screenshot(path=str(failure), full_page=True)
            print(f"The page at the failure: {failure}")
            raise
        finally:
            browser.close()
    elapsed = time.monotonic() - started
    print(f"browser part: {elapsed:.1f} s")
    assert screenshot.stat().st_size > 0
    assert not refused, "refused by the Content-Security-Policy:\n" + "\n".join(refused)

    check_records(union)


# --- What is stored (Python, after the browser) ---------------------------------


def check_records(union):
    from visits.models import AgendaItem, DelegationMember, Meeting, Statement, Visit

    turkistan = Organization.objects.get(name_en="Turkistan Municipality")
    istanbul = Organization.objects.get(name_en="Istanbul Metropolitan Municipality")
    assert turkistan.kind == Organization.Kind.PROVINCIAL
    assert turkistan.country.code == "KZ"
    assert "Turkestan" in turkistan.other_names
    assert turkistan.highlights.filter(text_en="About 1,600 historical buildings.").exists()
    for name in ("Zeytinburnu Municipality", "Üsküdar Municipality"):
        district = Organization.objects.get(name_en=name)
        assert district.kind == Organization.Kind.DISTRICT
        assert district.parent == istanbul

    salkarova = Person.objects.get(name="Aliya Şalkarova")
    solak = Person.objects.get(name="Fahri Solak")
    assert list(Person.objects.search("salkarova")) == [salkarova]
    post = salkarova.posts.get()
    assert (post.organization, post.title_en) == (turkistan, "Deputy Mayor")

    protocols = Protocol.objects.filter(party_b=turkistan).order_by("party_a__name_en")
    assert [p.party_a.name_en for p in protocols] == [
        "Zeytinburnu Municipality",
        "Üsküdar Municipality",
    ]
    for protocol in protocols:
        assert protocol.kind == Protocol.Kind.SISTER_CITY
        assert protocol.status == Protocol.Status.PLANNED
        assert protocol.planned_date == datetime.date(2021, 12, 1)
        assert protocol.planned_date_precision == DatePrecision.MONTH
        assert protocol.planned_date_display == "December 2021"

    visit = Visit.objects.get()
    assert (visit.guest, visit.host, visit.invited_by) == (turkistan, union, union)
    assert visit.start_date == datetime.date(2021, 11, 13)
    assert visit.event.name_en == "Korkut Ata Turkish World Film Festival"
    assert visit.event.start_date_precision == DatePrecision.MONTH
    assert visit.title_tr == "Türkistan Belediyesi heyeti TDBB'yi ziyaret etti"
    assert visit.is_published
    head = visit.members.get()
    assert head.person == salkarova
    assert head.role == DelegationMember.Role.HEAD
    assert head.organization == turkistan
    assert head.title_en == "Deputy Mayor"
    assert head.title_tr == "Belediye Başkan Yardımcısı"

    meeting = Meeting.objects.get()
    assert meeting.visit == visit
    assert meeting.host == union
    assert meeting.date == datetime.date(2021, 11, 13)
    assert meeting.venue_en == "TDBB headquarters"
    assert (meeting.city, meeting.country.code, meeting.is_published) == ("Istanbul", "TR", True)
    participants = {p.person: p for p in meeting.participants.all()}
    assert set(participants) == {salkarova, solak}
    assert participants[solak].side == "host"
    assert (participants[solak].organization, participants[solak].title_en) == (
        union,
        "Secretary General",
    )
    assert participants[salkarova].side == "guest"
    assert (participants[salkarova].organization, participants[salkarova].title_en) == (
        turkistan,
        "Deputy Mayor",
    )

    items = list(meeting.agenda_items.all())
    assert [item.kind for item in items] == [
        AgendaItem.Kind.PRESENTATION,
        AgendaItem.Kind.PROTOCOL,
        AgendaItem.Kind.PROTOCOL,
        AgendaItem.Kind.PROJECT,
    ]
    assert items[0].subject == turkistan
    assert {items[1].protocol, items[2].protocol} == set(protocols)
    assert items[3].project.name_en == "Turkish World Interactive Display"

    statements = list(meeting.statements.all())
    assert [s.speaker for s in statements] == [salkarova, salkarova, solak]
    assert [s.kind for s in statements] == [
        Statement.Kind.REPORTED,
        Statement.Kind.QUOTE,
        Statement.Kind.QUOTE,
    ]
    # Organisation and title of the day, left empty, come from the speakers' posts.
    assert [(s.organization, s.title_en) for s in statements] == [
        (turkistan, "Deputy Mayor"),
        (turkistan, "Deputy Mayor"),
        (union, "Secretary General"),
    ]
    assert statements[0].text_tr.startswith("Korkut Ata Film Festivali'nin")
    assert "1,600 historical buildings" in statements[1].text_en

    gift = meeting.gifts.get()
    assert (gift.given_by_organization, gift.given_to_organization) == (union, turkistan)

    photo = meeting.photos.get()
    assert photo.image.name and photo.image.storage.exists(photo.image.name)
    assert photo.thumbnail.name and photo.thumbnail.storage.exists(photo.thumbnail.name)
    assert photo.caption_en == "Family photo"
