"""The meeting page, /<lang>/meetings/<id>/: a meeting of a visit or a board
meeting outside any, with all it holds, linked both ways, public only when
published, in a fixed number of queries."""

import datetime
import html
import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from municipalities.models import CooperationField, Organization, ProtocolSignatory
from tests import factories
from tests.sitemaps import sitemap_text
from visits.models import Decision, Gift, MeetingParticipant, Photo, Statement, Visit

pytestmark = pytest.mark.django_db

SEED_URL = "/{lang}/visits/2021/turkistan-municipality-delegation-visits-tdbb/"


def text_of(response):
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def png(name="photo.png", colour="teal"):
    data = BytesIO()
    Image.new("RGB", (40, 30), colour).save(data, "PNG")
    return SimpleUploadedFile(name, data.getvalue(), "image/png")


@pytest.fixture
def seed_meeting(seed_visit):
    """The seed meeting with a decision, a photo (caption with an apostrophe
    and an ampersand), a gift photo, a signatory and a field of cooperation."""
    meeting = seed_visit.meetings.get()
    Decision.objects.create(
        meeting=meeting,
        text_en="Share experience programmes.",
        text_tr="Tecrübe programları paylaşılacak.",
        status=Decision.Status.IN_PROGRESS,
    )
    Photo.objects.create(
        meeting=meeting, image=png(), caption_en="Family photo at TDBB's hall & garden"
    )
    gift = meeting.gifts.first()
    Photo.objects.create(gift=gift, image=png("plaque.png", "gold"), caption_en="The plaque")
    participant = meeting.participants.first()
    protocol = meeting.agenda_items.exclude(protocol=None).first().protocol
    ProtocolSignatory.objects.create(
        protocol=protocol,
        person=participant.person,
        organization=participant.organization,
        title_en="Signing deputy",
    )
    field = CooperationField.objects.create(name_en="Culture and tourism", name_tr="Kültür")
    protocol.cooperation_fields.add(field)
    return meeting


@pytest.fixture
def board_meeting(db, request):
    """A published board meeting outside any visit, with a participant, a
    statement and a plaque presented (beside the seed, if a test has it)."""
    home = Organization.objects.filter(is_home=True).first() or request.getfixturevalue("home")
    host = factories.organization(name_en="Kayseri Metropolitan Municipality", slug="kayseri")
    meeting = factories.meeting(
        visit=None,
        host=host,
        convened_by=home,
        title_en="Executive board meeting in Kayseri",
        title_tr="Kayseri'de encümen toplantısı",
        date=datetime.date(2024, 3, 5),
        is_published=True,
    )
    person = factories.person(name="Memduh Büyükkılıç")
    MeetingParticipant.objects.create(
        meeting=meeting, person=person, organization=host, title_en="Mayor", side="host"
    )
    Statement.objects.create(
        meeting=meeting, speaker=person, text_en="Welcome to Kayseri, city of Erciyes."
    )
    Gift.objects.create(
        meeting=meeting,
        description_en="Commemorative plaque",
        description_tr="Hatıra plaketi",
        given_by_organization=home,
        given_to_organization=host,
    )
    return meeting


def test_the_seed_meeting_page_in_english(client, seed_meeting):
    response = client.get(f"/en/meetings/{seed_meeting.pk}/")
    assert response.status_code == 200
    page = text_of(response)
    for fact in [
        "TDBB headquarters",
        "13 November 2021",
        "Fahri Solak",
        "Secretary General, Union of Turkish World Municipalities",
        "Aliya Şalkarova",
        "Presentation about the city of Turkestan",
        "We are ready for cooperation on experience sharing",
        "Share experience programmes.",
        "in progress",
        "Sister-city (twinning) protocol",
        "Signing deputy",
        "Culture and tourism",
        "Gift presented by TDBB to the Turkistan delegation",
        "The plaque",
        "Print summary",
        "Download PDF",
    ]:
        assert fact in page, fact
    body = response.content.decode()
    # The statement is quoted; the photo's alt text is plain text, escaped once.
    assert "<blockquote" in body
    assert 'alt="Family photo at TDBB&#x27;s hall &amp; garden"' in body
    assert f'href="/en/meetings/{seed_meeting.pk}/summary/"' in body
    assert f'href="/en/meetings/{seed_meeting.pk}/summary.pdf"' in body


def test_the_seed_meeting_page_in_turkish(client, seed_meeting):
    response = client.get(f"/tr/meetings/{seed_meeting.pk}/")
    assert response.status_code == 200
    page = text_of(response)
    for fact in (
        "13 Kasım 2021",
        "Belediye Başkan Yardımcısı",
        "Tecrübe paylaşımı konusunda iş birliğine hazırız",
        "Tecrübe programları paylaşılacak.",
        "İmzalayanlar",
    ):
        assert fact in page, fact
    assert 'href="/tr/visits/2021/turkistan-municipality-delegation-visits-tdbb/"' in (
        response.content.decode()
    )


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_links_both_ways(client, seed_meeting, lang):
    meeting_url = f"/{lang}/meetings/{seed_meeting.pk}/"
    visit_page = client.get(SEED_URL.format(lang=lang)).content.decode()
    assert f'href="{meeting_url}"' in visit_page
    page = client.get(meeting_url).content.decode()
    assert f'href="{SEED_URL.format(lang=lang)}"' in page
    assert f'href="/{lang}/municipalities/{seed_meeting.host.slug}/"' in page
    assert f'href="/{lang}/municipalities/{seed_meeting.visit.guest.slug}/"' in page
    assert seed_meeting.get_absolute_url().endswith(f"/meetings/{seed_meeting.pk}/")


def test_links_from_search_pair_and_gift_register(client, seed_meeting):
    url = f'href="/en/meetings/{seed_meeting.pk}/"'
    assert url in client.get("/en/search/?q=headquarters").content.decode()
    assert url in client.get("/en/gifts/").content.decode()


def test_a_board_meeting_has_its_page(client, board_meeting):
    url = f"/en/meetings/{board_meeting.pk}/"
    page = text_of(client.get(url))
    for fact in (
        "Executive board meeting in Kayseri",
        "Kayseri Metropolitan Municipality",
        "Union of Turkish World Municipalities",
        "Memduh Büyükkılıç",
        "Welcome to Kayseri, city of Erciyes.",
        "Commemorative plaque",
        "Board meetings",
    ):
        assert fact in page, fact
    turkish = text_of(client.get(f"/tr/meetings/{board_meeting.pk}/"))
    assert "Kayseri'de encümen toplantısı" in turkish
    assert "Hatıra plaketi" in turkish
    link = f'href="{url}"'
    assert link in client.get("/en/meetings/").content.decode()
    assert link in client.get("/en/gifts/").content.decode()
    assert link in client.get("/en/municipalities/kayseri/").content.decode()
    assert link in client.get("/en/search/?q=kayseri").content.decode()
    pair = f"/en/municipalities/{board_meeting.convened_by.slug}/kayseri/"
    assert link in client.get(pair).content.decode()
    assert f"/en/meetings/{board_meeting.pk}/" in sitemap_text(client)


@pytest.fixture
def draft(seed_meeting):
    Visit.objects.filter(pk=seed_meeting.visit_id).update(is_published=False)
    return seed_meeting


def test_a_meeting_of_a_draft_visit_is_not_found_nor_linked(client, draft):
    assert client.get(f"/en/meetings/{draft.pk}/").status_code == 404
    assert client.get(f"/tr/meetings/{draft.pk}/").status_code == 404
    link = f"/meetings/{draft.pk}/"
    for path in ("/sitemap.xml", "/en/gifts/", "/en/search/?q=headquarters", "/en/meetings/"):
        assert link not in client.get(path).content.decode(), path
    host = draft.host.slug
    assert link not in client.get(f"/en/municipalities/{host}/").content.decode()


def test_an_unpublished_board_meeting_is_not_found(client, board_meeting):
    board_meeting.is_published = False
    board_meeting.save()
    assert client.get(f"/en/meetings/{board_meeting.pk}/").status_code == 404
    assert f"/meetings/{board_meeting.pk}/" not in sitemap_text(client)
    assert f"/meetings/{board_meeting.pk}/" not in client.get("/en/gifts/").content.decode()


def test_staff_see_a_draft_meeting_marked(viewer_client, draft):
    response = viewer_client.get(f"/en/meetings/{draft.pk}/")
    assert response.status_code == 200
    assert "tag-draft" in response.content.decode()


@pytest.mark.parametrize("pk", ["0", "99999", "9223372036854775808"])
def test_unknown_meetings_are_not_found(client, seed_visit, pk):
    assert client.get(f"/en/meetings/{pk}/").status_code == 404


# The meeting with host, convener, visit and its guest (1); its participants,
# agenda, statements, decisions, gifts, gifts' photos, photos and signed
# protocols (8); the protocols it names, their fields and signatories (3).
BUDGET = 12


def _grow(meeting, count=25):
    guest = meeting.visit.guest if meeting.visit_id else meeting.host
    for n in range(count):
        person = factories.person()
        MeetingParticipant.objects.create(
            meeting=meeting, person=person, side="guest", organization=guest, order=10 + n
        )
        Statement.objects.create(meeting=meeting, speaker=person, text_en="Thanks.", order=10 + n)
        Decision.objects.create(meeting=meeting, text_en=f"Decision {n}")
        gift = Gift.objects.create(
            meeting=meeting,
            description_en=f"Gift {n}",
            given_by_person=person,
            given_to_organization=guest,
        )
        Photo.objects.create(gift=gift, image=png(f"g{n}.png"), caption_en=f"Gift photo {n}")
        protocol = factories.protocol(party_a=guest, is_published=True)
        meeting.signed_protocols.add(protocol)
        ProtocolSignatory.objects.create(protocol=protocol, person=person, organization=guest)


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_query_budget_does_not_grow(client, seed_meeting, django_assert_max_num_queries, lang):
    url = f"/{lang}/meetings/{seed_meeting.pk}/"
    with django_assert_max_num_queries(BUDGET):
        assert client.get(url).status_code == 200
    _grow(seed_meeting)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    assert "Gift photo 24" in response.content.decode()


def test_a_board_meeting_keeps_the_same_budget(
    client, board_meeting, django_assert_max_num_queries
):
    _grow(board_meeting)
    with django_assert_max_num_queries(BUDGET):
        assert client.get(f"/en/meetings/{board_meeting.pk}/").status_code == 200
