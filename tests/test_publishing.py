"""Publishing what belongs together: publishing a visit offers to publish the
protocols signed or planned at its meetings, or says which stay unpublished."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from municipalities.models import Protocol
from tests import factories
from visits import services
from visits.models import AgendaItem, Visit

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:visits_visit_changelist")


@pytest.fixture
def draft_visit(seed_visit):
    """The seed visit unpublished, with a protocol planned on its agenda and
    one signed at its meeting, both unpublished; the seed's own protocols
    are published."""
    Visit.objects.filter(pk=seed_visit.pk).update(is_published=False)
    meeting = seed_visit.meetings.get()
    meeting.is_published = False
    meeting.save()
    planned = factories.protocol(
        party_a=factories.organization(name_en="Ankara"),
        party_b=factories.organization(name_en="Astana"),
        planned_date=datetime.date(2022, 5, 1),
    )
    AgendaItem.objects.create(
        meeting=meeting, kind=AgendaItem.Kind.PROTOCOL, title_en="Signing", protocol=planned
    )
    signed = factories.protocol(
        kind=Protocol.Kind.FRIENDSHIP,
        status=Protocol.Status.SIGNED,
        signed_date=datetime.date(2021, 11, 13),
        party_a=factories.organization(name_en="Bursa"),
        party_b=factories.organization(name_en="Bishkek"),
    )
    meeting.signed_protocols.add(signed)
    # Neither of these is for the visit's readers to miss: not signed or planned.
    factories.protocol(
        status=Protocol.Status.CANCELLED,
        party_a=factories.organization(name_en="Cancelled town"),
    ).agenda_items.create(meeting=meeting, kind=AgendaItem.Kind.PROTOCOL, title_en="Cancelled")
    seed_visit.refresh_from_db()
    return seed_visit, planned, signed


def publish(client, visit, **extra):
    return client.post(
        CHANGELIST, {"action": "publish_visits", "_selected_action": [visit.pk], **extra}
    )


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_publishing_asks_first_listing_the_unpublished_protocols(editor_client, draft_visit):
    visit, _planned, _signed = draft_visit
    response = publish(editor_client, visit)
    assert response.status_code == 200
    page = response.text
    assert "2 protocols signed or planned at their meetings are not published" in page
    assert "Ankara" in page and "Bishkek" in page
    assert "Cancelled town" not in page
    assert "Publish these protocols too" in page
    visit.refresh_from_db()
    assert not visit.is_published  # nothing happens before the answer


def test_publish_them_too(editor_client, editor, draft_visit):
    visit, planned, signed = draft_visit
    page = publish(editor_client, visit)
    response = publish(
        editor_client,
        visit,
        confirmed="yes",
        with_protocols="yes",
        protocol=[p.pk for p in page.context["protocols"]],
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    planned.refresh_from_db()
    signed.refresh_from_db()
    assert visit.is_published and planned.is_published and signed.is_published
    assert visit.meetings.get().is_published
    assert planned.history.first().history_user == editor
    said = " ".join(messages_of(response))
    assert f"Published with them: {signed}; {planned}." in said  # the register's order
    assert "stay unpublished" not in said
    # Readers now find the protocols on the visit and in the register.
    from django.test import Client

    reader = Client()
    assert "Ankara" in reader.get(f"/en/visits/2021/{visit.slug}/").text
    assert "Bishkek" in reader.get("/en/protocols/").text


def test_publish_only_the_visit(editor_client, draft_visit):
    visit, planned, signed = draft_visit
    response = publish(
        editor_client,
        visit,
        confirmed="yes",
        with_protocols="no",
        protocol=[planned.pk, signed.pk],
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    planned.refresh_from_db()
    signed.refresh_from_db()
    assert visit.is_published
    assert not planned.is_published and not signed.is_published
    said = " ".join(messages_of(response))
    assert "1 visit and its meetings are public." in said
    assert f"These protocols of their meetings stay unpublished: {signed}; {planned}." in said


@pytest.fixture
def visit_editor_client(db):
    """May publish visits, may not change protocols."""
    from django.test import Client

    user = factories.staff("visits-only")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_visit", "change_visit", "view_protocol", "view_meeting"]
        )
    )
    client = Client()
    client.force_login(user)
    return client


def test_without_the_change_permission_on_protocols_they_stay_unpublished(
    visit_editor_client, draft_visit
):
    visit, planned, signed = draft_visit
    page = publish(visit_editor_client, visit)
    assert page.status_code == 200
    assert "You may not change protocols, so these stay unpublished" in page.text
    assert 'name="with_protocols"' not in page.text
    # Even a forged answer publishes no protocol.
    response = publish(
        visit_editor_client,
        visit,
        confirmed="yes",
        with_protocols="yes",
        protocol=[planned.pk, signed.pk],
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    planned.refresh_from_db()
    assert visit.is_published and not planned.is_published
    said = " ".join(messages_of(response))
    assert "stay unpublished (you may not change protocols)" in said
    assert str(planned) in said


def test_a_visit_with_nothing_unpublished_is_published_at_once(editor_client, seed_visit):
    Visit.objects.filter(pk=seed_visit.pk).update(is_published=False)
    response = publish(editor_client, seed_visit)
    assert response.status_code == 302
    seed_visit.refresh_from_db()
    assert seed_visit.is_published


def test_the_confirmation_page_in_turkish(
    editor_client, draft_visit, django_assert_max_num_queries
):
    visit, _planned, _signed = draft_visit
    with django_assert_max_num_queries(15):
        response = editor_client.post(
            "/tr/admin/visits/visit/", {"action": "publish_visits", "_selected_action": [visit.pk]}
        )
    assert response.status_code == 200
    assert "Bu protokolleri de yayımla" in response.text
    assert "Publish" not in response.text.split('id="content"')[1]


def test_the_service_publishes_only_what_was_chosen_and_still_waits(draft_visit):
    visit, planned, signed = draft_visit
    result = services.publish_visits(Visit.objects.filter(pk=visit.pk), protocols=[planned.pk])
    assert result.visits == 1
    assert result.protocols_published == [planned]  # the signed one was not chosen
    assert result.protocols_left == [signed]
    assert list(services.protocols_left_unpublished(Visit.objects.filter(pk=visit.pk))) == [signed]
