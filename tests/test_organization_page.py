"""The organisation page, /<lang>/municipalities/<slug>/: its people, visits
both ways, the meetings it hosted (within any visit) and those its people
attended, protocols as a party and as coordinator, joint projects, gifts given
and received; every record linked to its own page, nothing a draft holds shown
to the public, nothing false said of an empty section, and a fixed number of
queries whatever it has."""

import datetime
import html
import re

import pytest

from municipalities.models import Organization, Protocol
from tests import factories
from visits.models import DelegationMember, Gift, MeetingParticipant, Project, ProjectPartner

pytestmark = pytest.mark.django_db

LANGS = ["en", "tr"]


def org(slug):
    return Organization.objects.get(slug=slug)


def page_of(client, slug, lang="en"):
    response = client.get(f"/{lang}/municipalities/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def text_of(markup):
    text = re.sub(r"<[^>]+>", " ", markup)
    return " ".join(html.unescape(text).split())


def section(markup, anchor):
    """The part of the page from the heading `id="anchor"` to the next h2."""
    start = markup.index(f'id="{anchor}"')
    end = markup.find("<h2", start)
    return markup[start : end if end != -1 else len(markup)]


def item(markup, needle):
    """The list item (<li>…</li>) of the page that holds `needle`."""
    at = markup.index(needle)
    return markup[markup.rindex("<li", 0, at) : markup.index("</li>", at)]


def seed_meeting(seed_visit):
    return seed_visit.meetings.get(host__slug="tdbb")


# --- A meeting hosted within another organisation's visit -----------------------------------


@pytest.fixture
def hosted_elsewhere(seed_visit):
    """Within the seed visit (Turkistan's delegation to the union), a meeting
    hosted by Zeytinburnu, which is the main host of no visit; a Turkistan
    deputy mayor attends it."""
    zeytinburnu = org("zeytinburnu-municipality")
    meeting = factories.meeting(
        visit=seed_visit,
        host=zeytinburnu,
        title_en="Working lunch at Zeytinburnu",
        title_tr="Zeytinburnu'nda çalışma yemeği",
        is_published=True,
    )
    aliya = seed_meeting(seed_visit).participants.get(person__name="Aliya Şalkarova").person
    MeetingParticipant.objects.create(
        meeting=meeting,
        person=aliya,
        side="guest",
        organization=org("turkistan-municipality"),
        title_en="Deputy Mayor",
        title_tr="Belediye Başkan Yardımcısı",
    )
    return meeting


@pytest.mark.parametrize("lang", LANGS)
def test_a_meeting_hosted_within_another_visit_is_shown_and_nothing_false_said(
    client, hosted_elsewhere, lang
):
    markup = page_of(client, "zeytinburnu-municipality", lang)
    meetings = section(markup, "meetings")
    assert f'href="/{lang}/meetings/{hosted_elsewhere.pk}/"' in meetings
    # The visit it belongs to is linked, and the visit's page links back to the meeting.
    visit_url = hosted_elsewhere.visit.get_absolute_url().replace("/en/", f"/{lang}/")
    assert f'href="{visit_url}"' in meetings
    visit_page = client.get(visit_url).content.decode()
    assert f'href="/{lang}/meetings/{hosted_elsewhere.pk}/"' in visit_page
    text = text_of(markup)
    received = text_of(section(markup, "received"))
    if lang == "en":
        assert "Working lunch at Zeytinburnu" in text
        assert "No visits to it have been recorded" not in text
        assert "It was not the main host of any recorded visit" in received
    else:
        assert "Zeytinburnu'nda çalışma yemeği" in text
        assert "Bu kuruma yapılmış kayıtlı ziyaret yok." not in received
        assert "Kayıtlı hiçbir ziyaretin ana ev sahibi olmadı" in received
    # Its own meeting page links back to it.
    meeting_page = client.get(f"/{lang}/meetings/{hosted_elsewhere.pk}/").content.decode()
    assert f'href="/{lang}/municipalities/zeytinburnu-municipality/"' in meeting_page


def test_an_organisation_with_nothing_says_so_briefly(client, seed_visit):
    factories.organization(name_en="Quiet Town", slug="quiet-town")
    markup = page_of(client, "quiet-town")
    text = text_of(markup)
    assert "No visits to it have been recorded." in text
    assert "No visits by its delegations have been recorded." in text
    assert "No protocols have been recorded." in text
    # Nothing else to say: no empty headings, and no chart of nothing.
    empty = ["people", "meetings", "attended", "coordinated", "projects", "gifts", "per-year"]
    for absent in empty:
        assert f'id="{absent}"' not in markup, absent
        assert f'href="#{absent}"' not in markup, absent


# --- Meetings its people attended --------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_meetings_its_people_attended_are_linked_with_who_attended(client, hosted_elsewhere, lang):
    seed = seed_meeting(hosted_elsewhere.visit)
    aliya = hosted_elsewhere.participants.get().person
    attended = section(page_of(client, "turkistan-municipality", lang), "attended")
    for meeting in (seed, hosted_elsewhere):
        assert f'href="/{lang}/meetings/{meeting.pk}/"' in attended
    assert f'href="/{lang}/people/{aliya.slug}/">Aliya Şalkarova</a>' in attended
    assert ("Who took part" if lang == "en" else "Toplantıya katılanlar") in text_of(attended)
    # The host's own meeting is under what it hosted, not again under what its people attended.
    union = page_of(client, "tdbb", lang)
    assert f'href="/{lang}/meetings/{seed.pk}/"' in section(union, "meetings")
    assert 'id="attended"' not in union or f"/meetings/{seed.pk}/" not in section(union, "attended")


# --- Protocols ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_union_lists_the_protocols_it_coordinated(client, seed_visit, lang):
    coordinated = Protocol.objects.filter(coordinator=org("tdbb"))
    assert coordinated.count() == 2
    markup = page_of(client, "tdbb", lang)
    part = section(markup, "coordinated")
    for protocol in coordinated:
        assert f'href="/{lang}/protocols/{protocol.pk}/"' in part
    text = text_of(markup)
    if lang == "en":
        assert "Protocols it coordinated" in text
        assert "No protocols have been recorded" not in text
        # Untitled: named by kind and parties.
        assert (
            "Sister-city (twinning) protocol between Zeytinburnu Municipality and "
            "Turkistan Municipality" in text
        )
    else:
        assert "Koordine ettiği protokoller" in text
        assert "Kayıtlı protokol yok." not in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_protocol_is_named_by_its_title_or_else_its_kind_and_parties(client, home, lang):
    first = factories.organization(name_en="Osh", name_tr="Oş")
    second = factories.organization(name_en="Kazan")
    factories.protocol(kind=Protocol.Kind.FRIENDSHIP, party_a=first, party_b=second,
                       coordinator=home, is_published=True)  # fmt: skip
    factories.protocol(party_a=first, coordinator=home, is_published=True,
                       title_en="Osh twinning charter")  # fmt: skip
    coordinated = text_of(section(page_of(client, home.slug, lang), "coordinated"))
    osh = text_of(section(page_of(client, first.slug, lang), "protocols"))
    assert "Osh twinning charter" in coordinated and "Osh twinning charter" in osh
    if lang == "en":
        assert "Friendship protocol between Osh and Kazan" in coordinated
        assert "Friendship protocol with Kazan" in osh
    else:
        assert "Oş ile Kazan arasında dostluk protokolü" in coordinated
        assert "Kazan ile dostluk protokolü" in osh


@pytest.mark.parametrize("lang", LANGS)
def test_a_partys_protocols_link_to_their_pages_and_to_the_pair(client, seed_visit, lang):
    markup = page_of(client, "turkistan-municipality", lang)
    part = section(markup, "protocols")
    for protocol in Protocol.objects.involving(org("turkistan-municipality")):
        assert f'href="/{lang}/protocols/{protocol.pk}/"' in part
    pair = f"/{lang}/municipalities/turkistan-municipality/zeytinburnu-municipality/"
    assert f'href="{pair}"' in part
    assert 'id="coordinated"' not in markup  # it coordinated none


# --- Gifts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_gifts_given_and_received_link_to_the_meeting_page(client, seed_visit, lang):
    meeting = seed_meeting(seed_visit)
    given = Gift.objects.get(given_by_organization__slug="tdbb")
    received = Gift.objects.get(given_to_organization__slug="tdbb")
    gifts = section(page_of(client, "tdbb", lang), "gifts")
    given_part = gifts[gifts.index('id="gifts-given"') : gifts.index('id="gifts-received"')]
    received_part = gifts[gifts.index('id="gifts-received"') :]
    assert f'href="/{lang}/meetings/{meeting.pk}/#gift-{given.pk}"' in given_part
    assert f'href="/{lang}/meetings/{meeting.pk}/#gift-{received.pk}"' in received_part
    # The anchors exist on the meeting page.
    meeting_page = client.get(f"/{lang}/meetings/{meeting.pk}/").content.decode()
    assert f'id="gift-{given.pk}"' in meeting_page and f'id="gift-{received.pk}"' in meeting_page
    # The other side is named and linked.
    assert f'href="/{lang}/municipalities/turkistan-municipality/"' in given_part
    label = {"en": ("Given to", "Given by"), "tr": ("Hediye edilen", "Hediye eden")}[lang]
    assert label[0] in given_part and label[1] in received_part


def test_gift_values_and_internal_notes_never_show(client, seed_visit):
    Gift.objects.update(value=98765, currency="TRY", internal_notes="Kept in the safe")
    text = page_of(client, "tdbb")
    assert "98765" not in text and "98,765" not in text and "Kept in the safe" not in text


# --- People ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_people_link_to_their_pages_and_former_holders_come_below_marked(client, seed_visit, lang):
    turkistan = org("turkistan-municipality")
    former = factories.post(
        organization=turkistan,
        person=factories.person(name="Former Mayor"),
        title_en="Mayor",
        title_tr="Belediye Başkanı",
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2015, 1, 1),
    )
    people = section(page_of(client, "turkistan-municipality", lang), "people")
    aliya = turkistan.posts.get(person__name="Aliya Şalkarova").person
    assert f'href="/{lang}/people/{aliya.slug}/">Aliya Şalkarova</a>' in people
    assert f'href="/{lang}/people/{former.person.slug}/">Former Mayor</a>' in people
    assert people.index("Aliya Şalkarova") < people.index("Former Mayor")
    former_item = item(people, "Former Mayor")
    assert 'class="ended"' in former_item and "tag-ended" in former_item
    assert ("Former posts" if lang == "en" else "Önceki görevler") in text_of(people)
    # The person's page links back (once it lists posts) — at least it opens.
    assert client.get(f"/{lang}/people/{former.person.slug}/").status_code == 200


@pytest.mark.parametrize("lang", LANGS)
def test_with_former_posts_only_it_says_no_one_holds_one_now(client, home, lang):
    town = factories.organization(name_en="Former Town", slug="former-town")
    factories.post(
        organization=town,
        person=factories.person(name="Old Mayor"),
        start_date=datetime.date(2001, 1, 1),
        end_date=datetime.date(2005, 1, 1),
    )
    people = text_of(section(page_of(client, "former-town", lang), "people"))
    assert "Old Mayor" in people
    assert {
        "en": "No one holds a post in it at present, as far as recorded.",
        "tr": "Kayıtlara göre şu anda kurumda görevli kimse yok.",
    }[lang] in people


# --- Projects -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_joint_projects_are_listed_with_role_and_status(client, seed_visit, lang):
    project = Project.objects.get(partnerships__organization__slug="turkistan-municipality")
    part = section(page_of(client, "turkistan-municipality", lang), "projects")
    assert f'href="/{lang}/projects/{project.slug}/"' in part
    text = text_of(part)
    if lang == "en":
        assert "Turkish World Interactive Display" in text
        assert "Prospective partner" in text and "proposed" in text
    else:
        assert "Türk Dünyası İnteraktif Ekranı" in text
        assert "Olası ortak" in text and "önerildi" in text


def test_a_project_only_a_draft_meeting_discussed_is_not_listed(client, viewer_client, seed_visit):
    from visits.models import AgendaItem

    project = Project.objects.create(name_en="Secret joint project")
    ProjectPartner.objects.create(project=project, organization=org("turkistan-municipality"))
    draft = factories.meeting(visit=None, host=org("tdbb"), is_published=False)
    AgendaItem.objects.create(meeting=draft, title_en="About it", project=project)
    assert "Secret joint project" not in page_of(client, "turkistan-municipality")
    markup = page_of(viewer_client, "turkistan-municipality")
    assert "tag-draft" in item(markup, "Secret joint project")


# --- What a draft holds ---------------------------------------------------------------------


@pytest.fixture
def drafts(seed_visit):
    """Around Turkistan: an unpublished visit to it by a secret guest, with a
    person entered only for it (who holds a post at Turkistan), a published
    meeting inside it hosted by Turkistan with a gift Turkistan gave, and an
    unpublished protocol with Turkistan as a party."""
    turkistan = org("turkistan-municipality")
    guest = factories.organization(name_en="Secret Guest City")
    visit = factories.visit(
        title_en="Secret draft visit",
        guest=guest,
        host=turkistan,
        start_date=datetime.date(2020, 5, 5),
        is_published=False,
    )
    person = factories.person(name="Draft Only Person")
    factories.post(person=person, organization=turkistan, title_en="Adviser")
    DelegationMember.objects.create(visit=visit, person=person, organization=turkistan)
    meeting = factories.meeting(
        visit=visit, host=turkistan, title_en="Meeting in a draft visit", is_published=True
    )
    MeetingParticipant.objects.create(
        meeting=meeting, person=person, side="host", organization=turkistan
    )
    Gift.objects.create(
        meeting=meeting,
        given_by_organization=turkistan,
        given_to_organization=guest,
        description_en="Gift at a draft visit",
    )
    protocol = factories.protocol(
        kind=Protocol.Kind.FRIENDSHIP,
        party_a=turkistan,
        party_b=guest,
        title_en="Secret draft protocol",
        is_published=False,
    )
    return {"visit": visit, "person": person, "meeting": meeting, "protocol": protocol}


DRAFT_TEXTS = [
    "Secret draft visit",
    "Draft Only Person",
    "Meeting in a draft visit",
    "Gift at a draft visit",
    "Secret draft protocol",
]


@pytest.mark.parametrize("reader", ["client", "staff_no_group_client"])
@pytest.mark.parametrize("lang", LANGS)
def test_what_a_draft_holds_is_absent_for_readers(request, drafts, reader, lang):
    markup = page_of(request.getfixturevalue(reader), "turkistan-municipality", lang)
    for text in DRAFT_TEXTS:
        assert text not in markup, text
    assert f"/people/{drafts['person'].slug}/" not in markup
    assert f"/meetings/{drafts['meeting'].pk}/" not in markup
    assert f"/protocols/{drafts['protocol'].pk}/" not in markup
    assert "tag-draft" not in markup


@pytest.mark.parametrize("lang", LANGS)
def test_staff_who_may_see_drafts_see_them_marked(viewer_client, drafts, lang):
    markup = page_of(viewer_client, "turkistan-municipality", lang)
    for text in DRAFT_TEXTS:
        assert "tag-draft" in item(markup, text), text
    assert f'href="/{lang}/people/{drafts["person"].slug}/"' in markup
    assert f'href="/{lang}/meetings/{drafts["meeting"].pk}/"' in markup
    assert f'href="/{lang}/protocols/{drafts["protocol"].pk}/"' in markup


# --- Odd addresses --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/en/municipalities/no-such-place/", "/tr/municipalities/x-" + "9" * 30 + "/"]
)
def test_unknown_organisations_are_not_found(client, seed_visit, path):
    assert client.get(path).status_code == 404


def test_odd_parameters_are_ignored(client, seed_visit):
    response = client.get("/en/municipalities/tdbb/", {"page": "-1", "q": "\x00", "x": "9" * 99})
    assert response.status_code == 200


# --- A fixed number of queries ------------------------------------------------------------------

# For a reader: the organisation with its parent (1), its highlights and its
# districts (2); posts with their holders (1); visits received, visits sent,
# their totals, visits per year and visitors by country (5); meetings hosted
# (1); meetings attended and who attended for it (2); protocols with their
# fields of cooperation (2) and its sister cities (1); joint projects (1);
# gifts given and received (2). Staff add their session, user and the
# user's and groups' permissions (4).
BUDGET = 18
STAFF_BUDGET = BUDGET + 4


def grow(turkistan, count=40):
    """Around Turkistan: `count` visits (each way in turn), meetings it hosts
    in others' visits, meetings its people attend, gifts each way, protocols
    as a party and as coordinator, current and former posts, and projects."""
    for n in range(count):
        day = datetime.date(2000 + n % 25, 1 + n % 12, 1 + n % 28)
        other = factories.organization(name_en=f"Other {n}", country="KZ")
        guest, host = (other, turkistan) if n % 2 else (turkistan, other)
        visit = factories.visit(guest=guest, host=host, start_date=day, is_published=True)
        in_theirs = factories.visit(guest=other, host=factories.organization(), start_date=day,
                                    is_published=True)  # fmt: skip
        hosted = factories.meeting(visit=in_theirs, host=turkistan, is_published=True)
        attended = factories.meeting(visit=visit, host=other, is_published=True)
        person = factories.person()
        MeetingParticipant.objects.create(
            meeting=attended, person=person, side="guest", organization=turkistan
        )
        Gift.objects.create(
            meeting=hosted,
            given_by_organization=turkistan,
            given_to_organization=other,
            given_to_person=factories.person(),
            description_en=f"Gift given {n}",
        )
        Gift.objects.create(
            meeting=attended,
            given_by_organization=other,
            given_by_person=person,
            given_to_organization=turkistan,
            description_en=f"Gift received {n}",
        )
        factories.protocol(party_a=turkistan, party_b=other, signed_date=day,
                           status=Protocol.Status.SIGNED, is_published=True)  # fmt: skip
        factories.protocol(party_a=other, coordinator=turkistan, is_published=True)
        factories.post(organization=turkistan, person=person, start_date=day,
                       end_date=day + datetime.timedelta(days=300) if n % 2 else None)  # fmt: skip
        project = Project.objects.create(name_en=f"Project {n}")
        ProjectPartner.objects.create(project=project, organization=turkistan)


@pytest.mark.parametrize("lang", LANGS)
def test_the_query_budget_does_not_grow(client, seed_visit, django_assert_max_num_queries, lang):
    url = f"/{lang}/municipalities/turkistan-municipality/"
    client.get(url)  # warm up: translations, content types
    with django_assert_max_num_queries(BUDGET):
        assert client.get(url).status_code == 200
    grow(org("turkistan-municipality"))
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    markup = response.content.decode()
    # Bounded lists, each with its total.
    if lang == "en":
        # Each with the seed's: a gift each way, two protocols as a party.
        gifts = section(markup, "gifts")
        assert text_of(gifts).count("The newest 10 of 41 are listed.") == 2
        assert gifts.count("#gift-") == 2 * 10
        assert "The newest 30 of 42 are listed." in text_of(section(markup, "protocols"))
        assert "The newest 30 of 40 are listed." in text_of(section(markup, "coordinated"))
        assert "The newest 10 of 40 are listed." in text_of(section(markup, "meetings"))
        assert "The newest 10 of 41 are listed." in text_of(section(markup, "attended"))


def test_the_query_budget_for_staff_does_not_grow(
    viewer_client, drafts, django_assert_max_num_queries
):
    url = "/en/municipalities/turkistan-municipality/"
    viewer_client.get(url)
    with django_assert_max_num_queries(STAFF_BUDGET):
        assert viewer_client.get(url).status_code == 200
    grow(org("turkistan-municipality"), count=15)
    with django_assert_max_num_queries(STAFF_BUDGET):
        assert viewer_client.get(url).status_code == 200
