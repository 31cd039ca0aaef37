"""Search that leads somewhere: /<lang>/search/ groups what it finds by kind,
each result linking to its own page, people with where they appear most
recently; the visit list's q and meeting search also find records by their
people's names; nothing the reader may not see is found or suggested; a fixed
number of queries however many are found. All names below are made up."""

import datetime
import html
import re

import pytest

from municipalities.models import Organization, Protocol
from tests import factories
from visits.models import (
    AgendaItem,
    DelegationMember,
    Event,
    MeetingParticipant,
    Project,
    Statement,
    Visit,
)
from visits.views import SEARCH_SHOWN

pytestmark = pytest.mark.django_db

SEED_URL = "/{lang}/visits/2021/turkistan-municipality-delegation-visits-tdbb/"


def text_of(response):
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def found(client, lang, query, path="search"):
    response = client.get(f"/{lang}/{path}/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def with_word(word, n=0):
    """One record of every kind with `word` in its name, each public: a
    published visit made for a festival, with a meeting that discussed a joint
    project and had a participant; an organisation; a published protocol."""
    org = factories.organization(name_en=f"{word} Municipality {n}")
    event = Event.objects.create(name_en=f"{word} Festival {n}", kind=Event.Kind.FESTIVAL)
    visit = factories.visit(
        title_en=f"{word} delegation visit {n}",
        title_tr=f"{word} heyeti ziyareti {n}",
        guest=org,
        event=event,
        is_published=True,
    )
    meeting = factories.meeting(
        visit=visit, host=visit.host, title_en=f"{word} working meeting {n}", is_published=True
    )
    person = factories.person(name=f"Ayten {word}ova {n}")
    MeetingParticipant.objects.create(
        meeting=meeting, person=person, organization=org, side="guest"
    )
    project = Project.objects.create(name_en=f"{word} Display {n}")
    AgendaItem.objects.create(meeting=meeting, title_en="The display", project=project)
    protocol = factories.protocol(party_a=org, title_en=f"{word} protocol {n}", is_published=True)
    return {
        "visit": visit,
        "meeting": meeting,
        "person": person,
        "organization": org,
        "protocol": protocol,
        "event": event,
        "project": project,
    }


# --- Every kind, grouped and linked ---------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_every_kind_is_found_grouped_and_linked_to_its_page(client, home, lang):
    records = with_word("Qorvandel")
    page = found(client, lang, "qorvandel")
    # Each group has its heading and its link at the top, with its count.
    titles = {
        "en": ["Visits", "Meetings", "People", "Organisations", "Protocols", "Events", "Projects"],
        "tr": ["Ziyaretler", "Toplantılar", "Kişiler", "Kurumlar", "Protokoller", "Etkinlikler",
               "Projeler"],
    }[lang]  # fmt: skip
    keys = ["visits", "meetings", "people", "organizations", "protocols", "events", "projects"]
    for key, title in zip(keys, titles, strict=True):
        assert f'<a href="#results-{key}">{title} (1)</a>' in page, key
        assert f'<h2 id="results-{key}-title">{title}</h2>' in page, key
    # In that order; every result links to its own page, in the reader's language.
    assert [page.index(f'id="results-{key}"') for key in keys] == sorted(
        page.index(f'id="results-{key}"') for key in keys
    )
    for kind, record in records.items():
        url = record.get_absolute_url().replace("/en/", f"/{lang}/", 1)
        assert f'href="{url}"' in page, kind
    text = text_of(client.get(f"/{lang}/search/", {"q": "qorvandel"}))
    assert {"en": "Qorvandel delegation visit 0", "tr": "Qorvandel heyeti ziyareti 0"}[lang] in text


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_seed_is_found_kind_by_kind(client, seed_visit, lang):
    meeting = seed_visit.meetings.get()
    aliya = seed_visit.members.get().person
    zeytinburnu = Organization.objects.get(name_en__startswith="Zeytinburnu")
    protocol = Protocol.objects.get(party_a=zeytinburnu)
    for query, url in [
        ("turkistan", SEED_URL.format(lang=lang)),
        ("fahri solak", f"/{lang}/meetings/{meeting.pk}/"),
        ("salkarova", f"/{lang}/people/{aliya.slug}/"),
        ("zeytinburnu", f"/{lang}/municipalities/{zeytinburnu.slug}/"),
        ("zeytinburnu", f"/{lang}/protocols/{protocol.pk}/"),
        ("korkut", f"/{lang}/events/{seed_visit.event.slug}/"),
        ("interactive display", f"/{lang}/projects/{Project.objects.get().slug}/"),
    ]:
        assert f'href="{url}' in found(client, lang, query), query


def test_groups_with_nothing_found_are_left_out(client, seed_visit):
    page = found(client, "en", "korkut")
    assert 'href="#results-events"' in page
    assert 'href="#results-protocols"' not in page
    assert 'id="results-protocols"' not in page


# --- People: only whom the reader may see, with where they appear --------------------


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_a_person_shows_current_posts_and_most_recent_appearances(client, seed_visit, lang):
    meeting = seed_visit.meetings.get()
    statement = Statement.objects.filter(speaker__name="Aliya Şalkarova").order_by("-pk").first()
    page = found(client, lang, "salkarova")
    people = page.split('id="results-people"')[1].split("</section>")[0]
    # At the head of the delegation: linking to the visit page.
    head = {"en": "Head of delegation", "tr": "Heyet başkanı"}[lang]
    date = {"en": "13 November 2021", "tr": "13 Kasım 2021"}[lang]
    assert f'{head} — <a href="{SEED_URL.format(lang=lang)}">' in people
    # Speaking at the meeting: linking to the statement on the meeting page.
    assert f'href="/{lang}/meetings/{meeting.pk}/#statement-{statement.pk}"' in people
    assert date in text_of(client.get(f"/{lang}/search/", {"q": "salkarova"}))


def test_a_person_lists_at_most_three_places_one_line_each(client, home):
    person = factories.post(person=factories.person(name="Dauren Sarsekeev")).person
    for n in range(5):
        visit = factories.visit(
            title_en=f"Trip {n}", start_date=datetime.date(2020 + n, 1, 1), is_published=True
        )
        DelegationMember.objects.create(visit=visit, person=person, organization=visit.guest)
        meeting = factories.meeting(visit=visit, host=visit.host, is_published=True)
        MeetingParticipant.objects.create(
            meeting=meeting, person=person, organization=visit.guest, side="guest"
        )
        Statement.objects.create(meeting=meeting, speaker=person, text_en="Thanks.")
    people = found(client, "en", "sarsekeev").split('id="results-people"')[1]
    places = people.split('class="appearances')[1].split("</ul>")[0]
    assert places.count("<li>") == 3
    # The newest first; a meeting spoken at is not listed again for its participants.
    assert "— <a" in places and "#statement-" in places
    assert places.index("1 January 2024") < places.index("1 January 2023")
    assert "2021" not in places
    assert places.count("1 January 2024") == 2  # the meeting, and the visit


@pytest.fixture
def draft_only_person(home):
    """A person entered only for a draft visit's delegation and meeting."""
    visit = factories.visit(title_en="Visit being prepared", is_published=False)
    person = factories.person(name="Dilnaz Qorabekova")
    DelegationMember.objects.create(
        visit=visit, person=person, organization=visit.guest, role="head"
    )
    meeting = factories.meeting(visit=visit, host=visit.host, is_published=True)
    MeetingParticipant.objects.create(
        meeting=meeting, person=person, organization=visit.guest, side="guest"
    )
    return person


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_a_person_of_a_draft_visit_only_is_not_found_nor_suggested(client, draft_only_person, lang):
    for query in ("qorabekova", "Qorabekovo", "Dilnaz Korabekova"):
        page = found(client, lang, query)
        assert "Qorabekova" not in page, query
        assert draft_only_person.get_absolute_url() not in page
    assert "Visit being prepared" not in found(client, lang, "qorabekova", path="visits")


def test_staff_who_may_see_drafts_find_that_person_marked(viewer_client, draft_only_person):
    page = found(viewer_client, "en", "qorabekova")
    people = page.split('id="results-people"')[1].split("</section>")[0]
    assert f'href="/en/people/{draft_only_person.slug}/"' in people
    heading, places = people.split("</h3>", 1)
    assert "tag-draft" in heading
    assert "Head of delegation" in places
    assert places.count("tag-draft") == 2  # the visit and its meeting, both in the draft
    assert "Visit being prepared" in found(viewer_client, "en", "qorabekova", path="visits")


def test_staff_without_a_group_see_no_drafts(staff_no_group_client, draft_only_person):
    page = found(staff_no_group_client, "en", "qorabekova")
    assert "Qorabekova" not in page


def test_suggestions_offer_public_people(client, draft_only_person):
    factories.post(person=factories.person(name="Nurlan Qorabekov"))
    page = found(client, "en", "Qorabekof")
    assert "Did you mean:" in page
    assert "Nurlan Qorabekov" in page
    assert "Dilnaz" not in page


# --- The visit list and meeting search find records by their people --------------------


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_visit_list_finds_a_visit_by_a_delegation_members_surname(client, seed_visit, lang):
    page = found(client, lang, "salkarova", path="visits")
    assert f'href="{SEED_URL.format(lang=lang)}"' in page
    assert f'href="{SEED_URL.format(lang=lang)}"' in found(client, lang, "Шалкарова", "visits")
    assert SEED_URL.format(lang=lang) not in found(client, lang, "qorabekova", path="visits")


def test_a_draft_visit_is_not_found_by_its_member_for_the_public(client, seed_visit):
    Visit.objects.filter(pk=seed_visit.pk).update(is_published=False)
    assert "Turkistan Municipality delegation" not in found(client, "en", "salkarova", "visits")
    assert "Turkistan Municipality delegation" not in found(client, "en", "salkarova")


@pytest.fixture
def berdimuratova(home):
    """A published visit whose meeting had a participant and a speaker who
    were not in the delegation."""
    visit = factories.visit(title_en="Almaty delegation visit", is_published=True)
    meeting = factories.meeting(
        visit=visit, host=visit.host, title_en="Working lunch", is_published=True
    )
    participant = factories.person(name="Tolqyn Berdimuratova")
    MeetingParticipant.objects.create(
        meeting=meeting, person=participant, organization=visit.host, side="host"
    )
    Statement.objects.create(
        meeting=meeting, speaker=factories.person(name="Erlan Zhaksylykov"), text_en="Welcome."
    )
    return meeting


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_a_meetings_participant_or_speaker_finds_the_meeting_and_the_visit(
    client, berdimuratova, lang
):
    meeting_url = f'href="/{lang}/meetings/{berdimuratova.pk}/"'
    visit_url = f'href="/{lang}{berdimuratova.visit.get_absolute_url()[3:]}"'
    for surname in ("berdimuratova", "Zhaksylykov", "jaksilikov"):
        page = found(client, lang, surname)
        meetings = page.split('id="results-meetings"')[1].split("</section>")[0]
        assert meeting_url in meetings, surname
        assert visit_url in found(client, lang, surname, path="visits"), surname


def test_a_participant_of_a_draft_meeting_does_not_reveal_the_visit(client, berdimuratova):
    berdimuratova.is_published = False
    berdimuratova.save()
    assert "Almaty delegation visit" not in found(client, "en", "berdimuratova", "visits")
    assert "Working lunch" not in found(client, "en", "berdimuratova")


def test_found_by_many_people_the_search_reads_subqueries(client, berdimuratova, monkeypatch):
    # Past the bound, people's records are matched by subqueries, not a list of ids.
    monkeypatch.setattr("visits.models.events.THROUGH_PEOPLE_LIMIT", 0)
    assert "Almaty delegation visit" in found(client, "en", "berdimuratova", "visits")
    assert "Working lunch" in found(client, "en", "berdimuratova")


def test_the_visit_list_search_still_combines_with_filters(client, seed_visit):
    assert "Turkistan Municipality delegation" in found(client, "en", "salkarova", "visits")
    page = client.get("/en/visits/", {"q": "salkarova", "year": "2020"}).content.decode()
    assert SEED_URL.format(lang="en") not in page


ODD_QUERIES = ["", "%", "'; drop", "_" * 300, "ş" * 200, "\x00abc", "a b c d e f g h i j"]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_are_harmless(client, seed_visit, query):
    assert client.get("/en/search/", {"q": query}).status_code == 200
    assert client.get("/en/visits/", {"q": query}).status_code == 200


# --- Query budget -----------------------------------------------------------------------

# Visits: the ids of the people's visits, the visits (2); meetings: the ids of
# the people's meetings, the meetings (2); people and their current posts (2);
# organisations, protocols, events, projects (4); where the people appear, one
# query per kind (delegation, participant, speaker, presenter, responsible,
# giver, recipient, signatory: 8).
BUDGET = 18


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_query_budget_is_the_same_for_one_and_thirty_found(
    client, home, django_assert_max_num_queries, lang
):
    url = f"/{lang}/search/?q=vesperkin"
    with_word("Vesperkin")
    with django_assert_max_num_queries(BUDGET):
        page = client.get(url).content.decode()
    assert '<a href="#results-visits">' in page and "(1)" in page
    for n in range(1, 30):
        with_word("Vesperkin", n)
    with django_assert_max_num_queries(BUDGET):
        page = client.get(url).content.decode()
    more = f"({SEARCH_SHOWN}+)"
    for key in ("visits", "meetings", "people", "organizations", "protocols", "events"):
        assert f'<a href="#results-{key}">' in page and more in page
    assert page.count(more) == 7


def test_staff_have_a_fixed_budget_too(viewer_client, home, django_assert_max_num_queries):
    url = "/en/search/?q=vesperkin"
    with_word("Vesperkin")
    viewer_client.get(url)
    # The session and the user with their permissions come first.
    with django_assert_max_num_queries(BUDGET + 4) as queries:
        viewer_client.get(url)
    count = len(queries)
    for n in range(1, 30):
        with_word("Vesperkin", n)
    with django_assert_max_num_queries(count):
        assert viewer_client.get(url).status_code == 200


# The ids of the visits of the people found, the page of visits with their
# guest and host, the count, the first and last years, the countries (5).
VISIT_LIST_BUDGET = 5


def test_the_visit_lists_search_by_people_keeps_its_budget(
    client, home, django_assert_max_num_queries
):
    url = "/en/visits/?q=vesperkinova"
    with_word("Vesperkin")
    with django_assert_max_num_queries(VISIT_LIST_BUDGET):
        assert "Vesperkin delegation visit 0" in client.get(url).content.decode()
    for n in range(1, 30):
        with_word("Vesperkin", n)
    with django_assert_max_num_queries(VISIT_LIST_BUDGET):
        page = client.get(url).content.decode()
    assert "Vesperkin delegation visit 29" in page and "30 visits" in page
