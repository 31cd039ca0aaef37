"""In a real browser (issue 13): a new person with their post at a new
organisation, from the "+" beside a participant row's person, on one popup
form; and a new host organisation typed on the meeting form. Counts the page
loads (document GETs and POSTs) each takes.

As in test_browser_admin.py, all database work is done before the browser
starts or after it has closed."""

import pytest

import tests.browser  # noqa: F401  first: skips the module without a browser

# isort: split
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from municipalities.models import Organization, Person
from tests.test_browser_admin import PASSWORD, Admin, editor_group, signed_in
from visits.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = "/tmp"


@pytest.fixture
def seed_and_clerk():
    from visits.demo import load_seed

    visit, _created = load_seed()
    user = get_user_model().objects.create_user(
        "ayse", "ayse@example.org", PASSWORD, is_staff=True, first_name="Ayşe"
    )
    user.groups.add(editor_group())
    return visit, user


def browse(live_server, user, run):
    with signed_in(live_server, user.username) as admin:
        page = admin.page
        run(page, admin)


def test_a_new_person_at_a_new_organisation_in_one_popup(live_server, seed_and_clerk):
    visit, user = seed_and_clerk
    meeting = visit.meetings.get()
    row = meeting.participants.count()  # the empty row after the seed's
    field = f"participants-{row}-person"
    loads = []

    def run(page, admin):
        admin.open(f"/en/admin/visits/meeting/{meeting.pk}/change/")
        # Every page the browser loads from here: the popup's, and the form's.
        page.context.on(
            "request",
            lambda r: r.resource_type == "document" and loads.append((r.method, r.url)),
        )
        # What the row knows (here its title) comes to the popup's post.
        admin.fill(f"participants-{row}-title_en", "Mayor")
        with page.expect_popup() as opened:
            page.locator(f"#add_id_{field}").click()
        popup = opened.value
        popup.set_default_timeout(10_000)
        form = Admin(popup, live_server.url)
        expect(popup.locator("#id_post_title_en")).to_have_value("Mayor")
        form.fill("name", "Mehmet Özer")
        form.fill("post_title_tr", "Belediye Başkanı")
        popup.get_by_text("New organisation…").click()
        form.fill_both(
            "new_post_organization_name",
            "Kayseri Metropolitan Municipality",
            "Kayseri Büyükşehir Belediyesi",
        )
        form.choose("new_post_organization_kind", "metropolitan")
        form.choose("new_post_organization_country", "TR")
        for width in (1280, 800):
            popup.set_viewport_size({"width": width, "height": 900})
            popup.screenshot(path=f"{SCREENSHOTS}/one-form-person-{width}.png", full_page=True)
        with popup.expect_event("close"):
            popup.get_by_role("button", name="Save", exact=True).click()
        # Django's popup response hands the new person to the row's box.
        expect(page.locator(f"#select2-id_{field}-container")).to_contain_text("Mehmet Özer")
        popup_loads = list(loads)
        loads.clear()
        loads.append(popup_loads)
        admin.choose(f"participants-{row}-side", "host")
        admin.save("the meeting with Mehmet Özer")

    browse(live_server, user, run)

    popup_loads = loads[0]
    assert [method for method, _url in popup_loads] == ["GET", "POST"]
    assert all("/admin/municipalities/person/add/" in url for _method, url in popup_loads)
    kayseri = Organization.objects.get(name_en="Kayseri Metropolitan Municipality")
    mehmet = Person.objects.get(name="Mehmet Özer")
    assert list(mehmet.posts.values_list("organization", "title_en", "title_tr")) == [
        (kayseri.pk, "Mayor", "Belediye Başkanı")
    ]
    participant = meeting.participants.get(person=mehmet)
    # Organisation and title left empty on the row: taken from his new post.
    assert (participant.organization, participant.title_en) == (kayseri, "Mayor")


def test_a_new_host_on_the_meeting_form_in_one_post(live_server, seed_and_clerk):
    visit, user = seed_and_clerk
    loads = []

    def run(page, admin):
        admin.open(f"/en/admin/visits/visit/{visit.pk}/change/")
        page.on("request", lambda r: r.resource_type == "document" and loads.append(r.method))
        page.get_by_role("link", name="Add a meeting to this visit").click()
        admin.fill("title_en", "At the regional administration")
        # The box comes with the visit's host: cleared for a new one.
        host = page.locator('[aria-labelledby="select2-id_host-container"]')
        host.locator(".select2-selection__clear").click()
        page.keyboard.press("Escape")
        page.get_by_text("New host organisation…").click()
        admin.fill_both(
            "new_host_name", "Turkistan Region Administration", "Türkistan Bölge İdaresi"
        )
        admin.choose("new_host_kind", "regional")
        admin.choose("new_host_country", "KZ")
        page.set_viewport_size({"width": 1280, "height": 1000})
        page.screenshot(path=f"{SCREENSHOTS}/one-form-meeting-host.png", full_page=True)
        admin.save("the meeting at a new host")
        expect(page.locator(".messagelist .success")).to_contain_text(
            "At the regional administration"
        )

    browse(live_server, user, run)

    meeting = Meeting.objects.get(title_en="At the regional administration")
    assert (meeting.host.name_en, meeting.host.name_tr) == (
        "Turkistan Region Administration",
        "Türkistan Bölge İdaresi",
    )
    assert (meeting.host.kind, meeting.host.country.code) == ("regional", "KZ")
    # The add form, its one POST, and the visit it returns to.
    assert loads == ["GET", "POST", "GET"]
