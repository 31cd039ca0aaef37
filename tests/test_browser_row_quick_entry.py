"""In a real browser (issue 13): from the seed visit, a second meeting is added
with a new host-side person typed on the row (no popup) and the visit's
delegation copied by a ticked box, then "Save and add another meeting to this
visit" opens the next one. Counts the page loads (documents: GETs and POSTs,
redirects followed) that it takes.

A module of its own beside tests/test_row_quick_entry.py, because the
browser import below skips the whole module where Chromium is missing. As in
test_browser_admin.py, all database work is done before the browser starts
or after it has closed."""

import datetime

import pytest

import tests.browser  # noqa: F401  first: skips the module without a browser

# isort: split
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from municipalities.models import Person, Post
from tests.test_browser_admin import PASSWORD, editor_group, signed_in
from visits.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_meeting_with_a_new_person_and_the_delegation_then_the_next_one(live_server):
    from visits.demo import load_seed

    visit, _created = load_seed()
    Meeting.objects.filter(visit=visit).update(start_time=datetime.time(10))
    user = get_user_model().objects.create_user(
        "ayse", "ayse@example.org", PASSWORD, is_staff=True, first_name="Ayşe"
    )
    user.groups.add(editor_group())
    visit_url = f"/en/admin/visits/visit/{visit.pk}/change/"
    add_url = f"/en/admin/visits/meeting/add/?visit={visit.pk}"

    loads = []
    with signed_in(live_server, user.username, width=1280) as admin:
        page = admin.page
        admin.open(visit_url)
        page.on(
            "request",
            lambda r: r.resource_type == "document" and loads.append((r.method, r.url)),
        )
        page.get_by_role("link", name="Add a meeting to this visit").click()
        expect(page.locator(".meeting-host-notice")).to_contain_text(
            "Host: Union of Turkish World Municipalities"
        )
        admin.fill("title_en", "Lunch with the Secretary General")
        admin.fill("start_time", "13:00")
        # The host side: someone the directory does not know yet, typed on the row.
        admin.choose("participants-0-side", "host")
        box = page.get_by_placeholder("New person’s name").first
        box.fill("Ruslan Bekov")
        admin.autocomplete("participants-0-organization", "Union of Turkish", "Union of")
        admin.fill("participants-0-title_en", "Head of Protocol")
        admin.fill("participants-0-title_tr", "Protokol Müdürü")
        # The guest side: the visit's delegation, copied by the save.
        page.get_by_label("Copy the visit's delegation into the participants (guest side)").check()
        page.get_by_role("button", name="Save and add another meeting to this visit").click()

        expect(page.locator("h1")).to_have_text("Add meeting")
        messages = page.locator(".messagelist")
        expect(messages).to_contain_text(
            "1 member of the visit's delegation was added to the participants"
        )
        expect(messages).to_contain_text(
            "The meeting “Lunch with the Secretary General” was saved."
        )
        # The next meeting's form comes with the visit and the host of
        # the day's last meeting, the one just saved.
        expect(page.locator("#id_visit")).to_have_value(str(visit.pk))
        expect(page.locator(".meeting-host-notice")).to_contain_text(
            "Lunch with the Secretary General"
        )
        expect(page.locator("#id_copy_delegation")).not_to_be_checked()

    meeting = Meeting.objects.get(title_en="Lunch with the Secretary General")
    assert sorted(meeting.participants.values_list("person__name", "side", "title_en")) == [
        ("Aliya Şalkarova", "guest", "Deputy Mayor"),
        ("Ruslan Bekov", "host", "Head of Protocol"),
    ]
    ruslan = Person.objects.get(name="Ruslan Bekov")
    assert ruslan.slug == "ruslan-bekov"
    assert not Post.objects.filter(person=ruslan).exists()
    base = live_server.url
    # The add form; one POST, redirected straight to the next add form. The
    # same took eight before: the add form, the person popup's GET and POST,
    # a copy button's POST and the form shown again, the save's POST and the
    # visit, then the visit's "Add a meeting" link.
    assert loads == [
        ("GET", base + add_url),
        ("POST", base + add_url),
        ("GET", base + add_url),
    ]
