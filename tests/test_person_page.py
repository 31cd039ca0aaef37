"""The person page, /<lang>/people/<slug>/: the name in the person's own
script and other spellings, posts over time, and every record they appear in
that the reader may see, newest first, each linking to its exact place; names
on the other public pages linking back; public only through published
records; a fixed number of queries."""

import datetime
import html
import re

import pytest

from municipalities.models import Person, Post, Protocol, ProtocolSignatory
from tests import factories
from tests.sitemaps import sitemap_text
from visits import people
from visits.models import (
    AgendaItem,
    Decision,
    DelegationMember,
    Gift,
    MeetingParticipant,
    Statement,
    Visit,
)

pytestmark = pytest.mark.django_db

SEED_URL = "/{lang}/visits/2021/turkistan-municipality-delegation-visits-tdbb/"
LANGS = ["en", "tr"]


def text_of(response):
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


@pytest.fixture
def head(seed_visit):
    """The seed visit's head of delegation: Aliya Şalkarova."""
    return DelegationMember.objects.get(visit=seed_visit, role="head").person


@pytest.fixture
def solak(seed_visit):
    return Person.objects.get(name="Fahri Solak")


@pytest.fixture
def signed(seed_visit, solak):
    """Solak signs the first protocol the seed meeting discussed."""
    meeting = seed_visit.meetings.get()
    protocol = meeting.agenda_items.exclude(protocol=None).first().protocol
    ProtocolSignatory.objects.create(
        protocol=protocol,
        person=solak,
        organization=protocol.coordinator,
        title_en="Secretary General",
        title_tr="Genel Sekreter",
    )
    return protocol


@pytest.fixture
def draft_person(db):
    """Someone entered only for a draft visit, with a post and internal notes."""
    visit = factories.visit(title_en="A visit still being written", is_published=False)
    person = factories.person(name="Dilnoza Karimova", notes="Prefers tea; phone 555-0199")
    factories.post(person=person, organization=visit.guest, title_en="Deputy Governor")
    DelegationMember.objects.create(
        visit=visit, person=person, organization=visit.guest, role="head"
    )
    return person


# --- The seed visit's people --------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_head_of_delegation_has_a_page_linking_to_the_visit(client, head, lang):
    url = f"/{lang}/people/{head.slug}/"
    response = client.get(url)
    assert response.status_code == 200
    page = text_of(response)
    body = response.content.decode()
    post, label = {
        "en": ("Deputy Mayor", "head of delegation"),
        "tr": ("Belediye Başkan Yardımcısı", "heyet başkanı"),
    }[lang]
    for fact in ("Aliya Şalkarova", post, label, "Aliya Shalkarova", "2021"):
        assert fact in page, fact
    assert {"en": "13 November 2021", "tr": "13 Kasım 2021"}[lang] in page
    visit = SEED_URL.format(lang=lang)
    assert f'href="{visit}"' in body
    assert f'href="/{lang}/municipalities/turkistan-municipality/"' in body
    # … and the visit page names her with a link back.
    assert f'href="{url}"' in client.get(visit).content.decode()


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_says_what_it_is_about(client, head, lang):
    body = client.get(f"/{lang}/people/{head.slug}/").content.decode()
    assert "<title>Aliya Şalkarova –" in body
    description = re.search(r'<meta name="description" content="([^"]*)">', body).group(1)
    assert description.startswith("Aliya Şalkarova – ")
    assert {"en": "Deputy Mayor", "tr": "Belediye Başkan Yardımcısı"}[lang] in description
    assert "Turkistan Municipality" in description or "Türkistan Belediyesi" in description


@pytest.mark.parametrize("lang", LANGS)
def test_a_speakers_quote_links_to_the_statement(client, seed_visit, solak, lang):
    statement = Statement.objects.get(speaker=solak)
    response = client.get(f"/{lang}/people/{solak.slug}/")
    page = text_of(response)
    quote = {
        "en": "We are ready for cooperation on experience sharing.",
        "tr": "Tecrübe paylaşımı konusunda iş birliğine hazırız.",
    }[lang]
    assert quote in page
    anchor = f"/{lang}/meetings/{statement.meeting_id}/#statement-{statement.pk}"
    assert f'href="{anchor}"' in response.content.decode()
    # The anchor exists on the meeting page, and the speaker links back.
    meeting_page = client.get(f"/{lang}/meetings/{statement.meeting_id}/").content.decode()
    assert f'id="statement-{statement.pk}"' in meeting_page
    assert f'href="/{lang}/people/{solak.slug}/"' in meeting_page


@pytest.mark.parametrize("lang", LANGS)
def test_a_signatorys_protocol_links_to_the_protocol_page(client, signed, solak, lang):
    body = client.get(f"/{lang}/people/{solak.slug}/").content.decode()
    assert f'href="/{lang}/protocols/{signed.pk}/"' in body
    label = {"en": "signatory (to sign)", "tr": "imzacı (imzalayacak)"}[lang]
    assert label in text_of_html(body)


def text_of_html(body):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_presentations_decisions_and_gifts_link_to_their_place(client, seed_visit, head, solak):
    meeting = seed_visit.meetings.get()
    AgendaItem.objects.filter(meeting=meeting, kind="presentation").update(presenter=head)
    Decision.objects.create(
        meeting=meeting, text_en="Send a tourism team in spring.", responsible_person=head
    )
    gift = Gift.objects.create(
        meeting=meeting,
        description_en="A felt carpet from Turkestan",
        given_by_person=head,
        given_by_organization=seed_visit.guest,
        given_to_person=solak,
    )
    body = client.get(f"/en/people/{head.slug}/").content.decode()
    page = text_of_html(body)
    meeting_url = f"/en/meetings/{meeting.pk}/"
    for anchor in (f"#agenda-{meeting.pk}", f"#decisions-{meeting.pk}", f"#gift-{gift.pk}"):
        assert f'href="{meeting_url}{anchor}"' in body, anchor
    for fact in (
        "Presentation about the city of Turkestan",
        "Send a tourism team in spring.",
        "A felt carpet from Turkestan",
        "to Fahri Solak",
    ):
        assert fact in page, fact
    # The recipient's page says who gave it; the meeting page has the anchors
    # and links both people of the gift.
    assert (
        f'from <a href="/en/people/{head.slug}/">Aliya Şalkarova</a>, '
        '<a href="/en/municipalities/turkistan-municipality/">Turkistan Municipality</a>'
    ) in client.get(f"/en/people/{solak.slug}/").content.decode()
    meeting_page = client.get(meeting_url).content.decode()
    for anchor in (f'id="agenda-{meeting.pk}"', f'id="decisions-{meeting.pk}"'):
        assert anchor in meeting_page
    assert f'href="/en/people/{head.slug}/">Aliya Şalkarova</a>' in meeting_page
    assert f'href="/en/people/{solak.slug}/">Fahri Solak</a>' in meeting_page
    gifts = client.get("/en/gifts/").content.decode()
    assert f'href="/en/people/{head.slug}/"' in gifts


def test_the_local_name_is_shown_without_a_guessed_language(client, seed_visit, head):
    Person.objects.filter(pk=head.pk).update(local_name="Алия Шалкарова")
    body = client.get(f"/en/people/{head.slug}/").content.decode()
    assert '<dd translate="no">Алия Шалкарова</dd>' in body


# --- Posts ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_posts_held_at_once_are_both_shown_current_before_former(client, lang):
    union = factories.organization(name_en="Union of Turkish World Municipalities", slug="tdbb")
    konya = factories.organization(name_en="Konya Metropolitan Municipality", slug="konya")
    person = factories.person(name="Uğur İbrahim Altay")
    factories.post(
        person=person,
        organization=konya,
        title_en="Mayor",
        title_tr="Belediye Başkanı",
        start_date=datetime.date(2019, 4, 8),
    )
    factories.post(
        person=person,
        organization=union,
        title_en="President",
        title_tr="Başkan",
        start_date=datetime.date(2019, 5, 20),
    )
    factories.post(
        person=person,
        organization=konya,
        title_en="Deputy Mayor",
        title_tr="Belediye Başkan Vekili",
        start_date=datetime.date(2014, 1, 1),
        end_date=datetime.date(2019, 4, 7),
    )
    response = client.get(f"/{lang}/people/{person.slug}/")
    assert response.status_code == 200
    page = text_of(response)
    president, mayor, deputy = {
        "en": ("President", "Mayor", "Deputy Mayor"),
        "tr": ("Başkan", "Belediye Başkanı", "Belediye Başkan Vekili"),
    }[lang]
    former = {"en": "Former posts", "tr": "Önceki görevler"}[lang]
    assert page.index(president) < page.index(mayor) < page.index(former) < page.index(deputy)
    assert {"en": "since 20 May 2019", "tr": "20 Mayıs 2019 tarihinden beri"}[lang] in page
    body = response.content.decode()
    assert f'href="/{lang}/municipalities/tdbb/"' in body
    assert f'href="/{lang}/municipalities/konya/"' in body


# --- Who may see whom -----------------------------------------------------------------


def test_a_person_of_a_draft_only_is_hidden_until_it_is_published(
    client, viewer_client, staff_no_group_client, draft_person
):
    url = f"/en/people/{draft_person.slug}/"
    assert client.get(url).status_code == 404
    assert client.get(f"/tr/people/{draft_person.slug}/").status_code == 404
    assert staff_no_group_client.get(url).status_code == 404
    response = viewer_client.get(url)
    assert response.status_code == 200
    assert "tag-draft" in response.content.decode()
    assert "A visit still being written" in text_of(response)
    assert url not in sitemap_text(client)

    visit = Visit.objects.get(members__person=draft_person)
    visit.is_published = True
    visit.save()
    response = client.get(url)
    assert response.status_code == 200
    assert "A visit still being written" in text_of(response)
    assert "tag-draft" not in response.content.decode()
    assert url in sitemap_text(client)


def test_a_draft_visits_appearances_vanish_for_the_public(client, viewer_client, head):
    """A public person's appearance in a draft record is not listed for the
    public; staff see it marked."""
    draft = factories.visit(title_en="An unpublished return visit", is_published=False)
    DelegationMember.objects.create(visit=draft, person=head, organization=draft.guest)
    meeting = factories.meeting(visit=draft, title_en="A meeting of the draft visit")
    Statement.objects.create(meeting=meeting, speaker=head, text_en="Not for the public yet.")
    url = f"/en/people/{head.slug}/"
    page = text_of(client.get(url))
    for hidden in ("An unpublished return visit", "A meeting of the draft", "Not for the public"):
        assert hidden not in page
    response = viewer_client.get(url)
    staff_page = text_of(response)
    assert "An unpublished return visit" in staff_page
    assert "Not for the public yet." in staff_page
    assert response.content.decode().count("tag-draft") >= 2


@pytest.mark.parametrize("lang", LANGS)
def test_internal_notes_are_never_shown(client, viewer_client, superuser_client, head, lang):
    Person.objects.filter(pk=head.pk).update(notes="Prefers tea; phone 555-0199")
    for reader in (client, viewer_client, superuser_client):
        body = reader.get(f"/{lang}/people/{head.slug}/").content.decode()
        assert "555-0199" not in body and "Prefers tea" not in body


def test_the_sitemap_lists_public_people_and_not_the_draft_only(client, head, draft_person):
    sitemap = sitemap_text(client)
    assert f"/en/people/{head.slug}/" in sitemap
    assert f"/tr/people/{head.slug}/" in sitemap
    assert f"/people/{draft_person.slug}/" not in sitemap


@pytest.mark.parametrize(
    "slug", ["nobody", "aliya-salkarova-2", "0", "%C5%9Fahin", "a" * 300, "9223372036854775808"]
)
def test_unknown_people_are_not_found(client, seed_visit, slug):
    assert client.get(f"/en/people/{slug}/").status_code == 404


def test_a_person_with_no_appearance_and_no_post_is_not_found(client):
    person = factories.person(name="Nobody In Particular")
    assert client.get(f"/en/people/{person.slug}/").status_code == 404


# --- Query budget ---------------------------------------------------------------------

# The person, with the public rule; their posts with organisations (2); their
# appearances: delegations, participations, statements, presentations,
# decisions, gifts given, gifts received, signatures (8).
BUDGET = 10
# Staff also read their session, user and permissions (user's, group's), and
# whether the person is public, to mark one who is not.
STAFF_BUDGET = BUDGET + 5


def _grow(person, count=30):
    """`count` appearances of each kind for `person`, in published records."""
    for n in range(count):
        host = factories.organization()
        visit = factories.visit(
            title_en=f"Visit {n}",
            start_date=datetime.date(2010 + n % 12, 1 + n % 12, 1),
            is_published=True,
            host=host,
        )
        DelegationMember.objects.create(visit=visit, person=person, organization=visit.guest)
        meeting = factories.meeting(visit=visit, host=host, is_published=True)
        MeetingParticipant.objects.create(
            meeting=meeting, person=person, organization=visit.guest, side="guest"
        )
        Statement.objects.create(
            meeting=meeting, speaker=person, organization=visit.guest, text_en=f"Quote {n}"
        )
        AgendaItem.objects.create(meeting=meeting, title_en=f"Talk {n}", presenter=person)
        Decision.objects.create(meeting=meeting, text_en=f"Decision {n}", responsible_person=person)
        Gift.objects.create(
            meeting=meeting,
            description_en=f"Given {n}",
            given_by_person=person,
            given_to_organization=host,
        )
        Gift.objects.create(
            meeting=meeting,
            description_en=f"Received {n}",
            given_by_organization=host,
            given_to_person=person,
        )
        protocol = factories.protocol(
            party_a=visit.guest,
            is_published=True,
            status=Protocol.Status.SIGNED,
            signed_date=visit.start_date,
        )
        ProtocolSignatory.objects.create(protocol=protocol, person=person, organization=visit.guest)
        Post.objects.create(person=person, organization=host, title_en=f"Adviser {n}")


@pytest.mark.parametrize("lang", LANGS)
def test_the_query_budget_does_not_grow(client, head, django_assert_max_num_queries, lang):
    url = f"/{lang}/people/{head.slug}/"
    with django_assert_max_num_queries(BUDGET):
        assert client.get(url).status_code == 200
    _grow(head)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    page = text_of(response)
    for fact in ("Quote 29", "Talk 29", "Decision 29", "Given 29", "Received 29", "Adviser 29"):
        assert fact in page, fact


def test_staff_keep_a_fixed_budget_too(viewer_client, head, django_assert_max_num_queries):
    url = f"/en/people/{head.slug}/"
    with django_assert_max_num_queries(STAFF_BUDGET):
        assert viewer_client.get(url).status_code == 200
    _grow(head)
    with django_assert_max_num_queries(STAFF_BUDGET):
        assert viewer_client.get(url).status_code == 200


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_a_long_record_reads_on_page_after_page_to_the_first_appearance(
    client, head, monkeypatch, django_assert_max_num_queries, lang
):
    """With more appearances than a page lists, "Earlier records" leads on,
    page after page, until every one has been shown once — none skipped, none
    twice — each page in the same number of queries."""
    monkeypatch.setattr(people, "PER_KIND", 5)
    _grow(head, count=12)
    url, seen, pages = f"/{lang}/people/{head.slug}/", [], 0
    while url:
        with django_assert_max_num_queries(BUDGET):
            response = client.get(url)
        assert response.status_code == 200
        pages += 1
        seen += re.findall(r"\b(?:Quote|Given|Received) \d+\b", text_of(response))
        more = re.search(r'<a href="(\?until=[0-9-]+)" rel="next">', response.content.decode())
        url = f"/{lang}/people/{head.slug}/{more.group(1)}" if more else None
    assert pages >= 3
    for kind in ("Quote", "Given", "Received"):
        assert sorted(x for x in seen if x.startswith(kind)) == sorted(
            f"{kind} {n}" for n in range(12)
        ), kind


def test_earlier_records_say_so_and_lead_back(client, head):
    page = client.get(f"/en/people/{head.slug}/?until=2015-06-30")
    assert "Records dated 30 June 2015 or earlier." in text_of(page)
    assert f'href="/en/people/{head.slug}/"' in page.content.decode()
    assert "Turkistan Municipality delegation visits TDBB" not in text_of(page)


@pytest.mark.parametrize("until", ["yesterday", "2021-13-01", "0000-01-01", "9" * 40, "\x00"])
def test_a_bad_until_is_ignored(client, head, until):
    response = client.get(f"/en/people/{head.slug}/", {"until": until})
    assert response.status_code == 200
    assert "Turkistan Municipality delegation visits TDBB" in text_of(response)
