"""In a real browser: a second meeting of the seed visit gets its participants
from the visit's delegation and from the host side of the meeting before it,
two clicks instead of a row typed per person. Counts the page loads (full
pages: GETs and POSTs, redirects followed) that it takes.

As in test_browser_admin.py, all database work is done before the browser
starts or after it has closed."""

import datetime

import pytest

import tests.browser  # noqa: F401  first: skips the module without a browser

# isort: split
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.test_browser_admin import PASSWORD, editor_group, signed_in
from visits.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_delegation_and_host_side_are_copied_with_two_clicks(live_server):
    from visits.demo import load_seed

    visit, _created = load_seed()
    Meeting.objects.filter(visit=visit).update(start_time=datetime.time(10))
    user = get_user_model().objects.create_user(
        "ayse", "ayse@example.org", PASSWORD, is_staff=True, first_name="Ayşe"
    )
    user.groups.add(editor_group())
    visit_url = f"/en/admin/visits/visit/{visit.pk}/change/"

    loads = []
    with signed_in(live_server, user.username) as admin:
        page = admin.page
        admin.open(visit_url)
        page.on("request", lambda r: r.resource_type == "document" and loads.append(r.method))
        page.get_by_role("link", name="Add a meeting to this visit").click()
        notice = page.locator(".meeting-host-notice")
        expect(notice).to_contain_text("Host: Union of Turkish World Municipalities")
        expect(notice).to_contain_text("Deputy Mayor Aliya Şalkarova meets")
        admin.fill("title_en", "Lunch with the Secretary General")
        admin.fill("start_time", "13:00")
        page.get_by_role(
            "button", name="Save and copy the visit's delegation into the participants"
        ).click()
        expect(page.locator(".messagelist .success").last).to_contain_text(
            "1 member of the visit's delegation was added to the participants"
        )
        participants = page.locator("#participants-group")
        expect(participants).to_contain_text("Aliya Şalkarova")
        expect(page.locator("#id_participants-0-side")).to_have_value("guest")
        page.get_by_role(
            "button", name="Save and copy the host side from the previous meeting"
        ).click()
        expect(page.locator(".messagelist .success").last).to_contain_text(
            "1 host-side participant of"
        )
        expect(participants).to_contain_text("Fahri Solak")
        expect(participants).to_contain_text("Aliya Şalkarova")

    meeting = Meeting.objects.get(title_en="Lunch with the Secretary General")
    assert sorted(meeting.participants.values_list("person__name", "side", "title_en")) == [
        ("Aliya Şalkarova", "guest", "Deputy Mayor"),
        ("Fahri Solak", "host", "Secretary General"),
    ]
    # The add form; each copy is a POST and the meeting shown again.
    assert loads == ["GET", "POST", "GET", "POST", "GET"]
