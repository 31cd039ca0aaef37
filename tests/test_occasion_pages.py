"""The event page (/<lang>/events/<slug>/) and the project page
(/<lang>/projects/<slug>/): what they show, linked both ways with the visit and
meeting pages, public only through published records, in the sitemap, in a
fixed number of queries; and the 404 page's language switch."""

import datetime
import html
import re

import pytest

from tests import factories
from tests.sitemaps import sitemap_text
from visits.models import AgendaItem, Event, Meeting, Project, ProjectPartner, Visit

pytestmark = pytest.mark.django_db

SEED_URL = "/{lang}/visits/2021/turkistan-municipality-delegation-visits-tdbb/"
FESTIVAL = "korkut-ata-turkish-world-film-festival-2021"
DISPLAY = "turkish-world-interactive-display"


def text_of(response):
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def h1_of(response):
    return re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1)


# --- The event page ---------------------------------------------------------------


def test_the_seed_event_page_in_english(client, seed_visit):
    response = client.get(f"/en/events/{FESTIVAL}/")
    assert response.status_code == 200
    page = text_of(response)
    for fact in (
        "Korkut Ata Turkish World Film Festival",
        "Festival",
        "November 2021",
        "Istanbul, Türkiye",
        "Visits made for it",
        "1 visit.",
        "Turkistan Municipality delegation visits TDBB",
        "13 November 2021",
        "Turkistan Municipality → Union of Turkish World Municipalities",
    ):
        assert fact in page, fact
    body = response.content.decode()
    assert "<title>Korkut Ata Turkish World Film Festival – " in body
    assert '<meta name="description" content="Korkut Ata Turkish World Film Festival:' in body
    assert f'href="{SEED_URL.format(lang="en")}"' in body
    assert f'href="/en/visits/?occasion={FESTIVAL}"' in body
    assert "tag-draft" not in body


def test_the_seed_event_page_in_turkish(client, seed_visit):
    response = client.get(f"/tr/events/{FESTIVAL}/")
    assert response.status_code == 200
    page = text_of(response)
    for fact in (
        "Korkut Ata Türk Dünyası Film Festivali",
        "Kasım 2021",
        "Bu etkinlik için yapılan ziyaretler",
        "1 ziyaret.",
        "Türkistan Belediyesi heyeti TDBB'yi ziyaret etti",
    ):
        assert fact in page, fact
    body = response.content.decode()
    assert f'href="{SEED_URL.format(lang="tr")}"' in body
    assert f'href="/tr/visits/?occasion={FESTIVAL}"' in body
    assert "<title>Korkut Ata Türk Dünyası Film Festivali – " in body
    # The filtered list the page links to lists the visit.
    listed = client.get(f"/tr/visits/?occasion={FESTIVAL}").content.decode()
    assert f'href="{SEED_URL.format(lang="tr")}"' in listed


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_an_event_with_all_its_facts(client, lang):
    organiser = factories.organization(name_en="Kazan City Hall", name_tr="Kazan Belediyesi")
    event = Event.objects.create(
        name_en="Nowruz Festival in Kazan",
        name_tr="Kazan Nevruz Festivali",
        kind=Event.Kind.FESTIVAL,
        organizer=organiser,
        city_en="Kazan",
        country="RU",
        start_date=datetime.date(2024, 3, 20),
        end_date=datetime.date(2024, 3, 23),
        description_en="Spring celebrations & concerts.",
        description_tr="Bahar kutlamaları ve konserler.",
        website="https://nowruz.example.org/",
    )
    factories.visit(title_en="Visit to Kazan", event=event, is_published=True)
    response = client.get(f"/{lang}/events/{event.slug}/")
    assert response.status_code == 200
    page, body = text_of(response), response.content.decode()
    if lang == "en":
        for fact in ("20–23 March 2024", "Kazan, Russia", "Spring celebrations"):
            assert fact in page, fact
        assert 'content="Spring celebrations &amp; concerts."' in body
    else:
        for fact in ("20–23 Mart 2024", "Kazan, Rusya", "Bahar kutlamaları"):
            assert fact in page, fact
    assert f'href="/{lang}/municipalities/{organiser.slug}/"' in body
    assert '<a href="https://nowruz.example.org/" rel="external">' in body
    assert "Visit to Kazan" in page


def test_many_visits_show_the_newest_with_the_count_and_the_list(client, seed_visit):
    event = seed_visit.event
    for day in range(60):
        factories.visit(
            title_en=f"Festival visit {day}",
            event=event,
            start_date=datetime.date(2021, 11, 1) + datetime.timedelta(days=day),
            is_published=True,
        )
    page = text_of(client.get(f"/en/events/{FESTIVAL}/"))
    assert "61 visits; the newest 50 are shown." in page
    assert "Festival visit 59" in page
    assert "Festival visit 9 " not in page  # the eleven oldest are left to the list
    assert "All 61 visits in the visit list, with filters" in page
    assert page.index("Festival visit 59") < page.index("Festival visit 58")
    assert "61 ziyaret; en yeni 50 tanesi gösteriliyor." in text_of(
        client.get(f"/tr/events/{FESTIVAL}/")
    )


# --- The project page -------------------------------------------------------------


def test_the_seed_project_page_in_english(client, seed_visit):
    meeting = seed_visit.meetings.get()
    response = client.get(f"/en/projects/{DISPLAY}/")
    assert response.status_code == 200
    page = text_of(response)
    for fact in (
        "Joint project",
        "Turkish World Interactive Display",
        "proposed",
        "Union of Turkish World Municipalities (lead)",
        "Turkistan Municipality (prospective partner)",
        "Meetings that discussed it",
        "1 meeting.",
        "13 November 2021",
        "hosted by Union of Turkish World Municipalities",
        "On the agenda: Turkish World Interactive Display project",
    ):
        assert fact in page, fact
    body = response.content.decode()
    assert f'href="/en/meetings/{meeting.pk}/"' in body
    assert "/en/municipalities/tdbb/" in body
    turkistan = seed_visit.guest.slug
    assert f'href="/en/municipalities/{turkistan}/"' in body
    assert "<title>Turkish World Interactive Display – " in body
    assert '<meta name="description" content="Turkish World Interactive Display: a joint' in body
    assert "tag-draft" not in body
    # Protocols are not linked to projects in the model: none is shown.
    assert "/protocols/" not in body.split('<main id="main"')[1].split("</main>")[0]


def test_the_seed_project_page_in_turkish(client, seed_visit):
    response = client.get(f"/tr/projects/{DISPLAY}/")
    assert response.status_code == 200
    page = text_of(response)
    for fact in (
        "Ortak proje",
        "Türk Dünyası İnteraktif Ekranı",
        "Ortaklar",
        "Ele alındığı toplantılar",
        "1 toplantı.",
        "13 Kasım 2021",
        "Gündemde:",
    ):
        assert fact in page, fact
    assert "<title>Türk Dünyası İnteraktif Ekranı – " in response.content.decode()


def test_a_project_with_dates_and_a_description(client):
    project = Project.objects.create(
        name_en="Turkic World Parks",
        description_en="Parks named after sister cities.",
        status=Project.Status.ACTIVE,
        start_date=datetime.date(2022, 5, 1),
        end_date=datetime.date(2024, 9, 30),
    )
    ProjectPartner.objects.create(project=project, organization=factories.organization())
    page = text_of(client.get(f"/en/projects/{project.slug}/"))
    for fact in ("in progress", "1 May 2022 – 30 September 2024", "Parks named after"):
        assert fact in page, fact
    assert "No published meeting has discussed it yet." in page
    Project.objects.filter(pk=project.pk).update(end_date=None)
    assert "from 1 May 2022" in text_of(client.get(f"/en/projects/{project.slug}/"))
    assert "1 Mayıs 2022 tarihinden itibaren" in text_of(
        client.get(f"/tr/projects/{project.slug}/")
    )


# --- Links both ways -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_visit_to_event_and_back(client, seed_visit, lang):
    event_url = f"/{lang}/events/{FESTIVAL}/"
    assert seed_visit.event.get_absolute_url() == f"/en/events/{FESTIVAL}/"
    visit_page = client.get(SEED_URL.format(lang=lang)).content.decode()
    assert f'href="{event_url}"' in visit_page
    assert f'href="{SEED_URL.format(lang=lang)}"' in client.get(event_url).content.decode()


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_pair_page_links_the_event_of_a_visit(client, seed_visit, lang):
    guest, host = seed_visit.guest.slug, seed_visit.host.slug
    pair_page = client.get(f"/{lang}/municipalities/{guest}/{host}/").content.decode()
    assert f'href="/{lang}/events/{FESTIVAL}/"' in pair_page


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_meeting_to_project_and_back(client, seed_visit, lang):
    meeting = seed_visit.meetings.get()
    project_url = f"/{lang}/projects/{DISPLAY}/"
    meeting_url = f"/{lang}/meetings/{meeting.pk}/"
    assert f'href="{project_url}"' in client.get(meeting_url).content.decode()
    # The visit page shows the same agenda, with the same link.
    assert f'href="{project_url}"' in client.get(SEED_URL.format(lang=lang)).content.decode()
    assert f'href="{meeting_url}"' in client.get(project_url).content.decode()


# --- Who may see what ------------------------------------------------------------------


@pytest.fixture
def draft(seed_visit):
    """The seed visit as a draft: its event and its project are nowhere else."""
    Visit.objects.filter(pk=seed_visit.pk).update(is_published=False)
    return seed_visit


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_an_event_of_a_draft_visit_only_is_not_found(client, staff_no_group_client, draft, lang):
    for reader in (client, staff_no_group_client):
        assert reader.get(f"/{lang}/events/{FESTIVAL}/").status_code == 404


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_a_project_of_a_draft_visit_only_is_not_found(client, staff_no_group_client, draft, lang):
    for reader in (client, staff_no_group_client):
        assert reader.get(f"/{lang}/projects/{DISPLAY}/").status_code == 404


def test_staff_see_a_draft_event_and_its_draft_visit_marked(viewer_client, draft):
    response = viewer_client.get(f"/en/events/{FESTIVAL}/")
    assert response.status_code == 200
    assert "tag-draft" in h1_of(response)
    body = response.content.decode()
    assert f'href="{SEED_URL.format(lang="en")}"' in body
    assert body.count("tag-draft") == 2  # the event and its visit
    turkish = viewer_client.get(f"/tr/events/{FESTIVAL}/")
    assert "taslak" in text_of(turkish).lower()


def test_staff_see_a_draft_project_and_its_draft_meeting_marked(viewer_client, draft):
    meeting = draft.meetings.get()
    response = viewer_client.get(f"/en/projects/{DISPLAY}/")
    assert response.status_code == 200
    assert "tag-draft" in h1_of(response)
    body = response.content.decode()
    assert f'href="/en/meetings/{meeting.pk}/"' in body
    assert body.count("tag-draft") == 2  # the project and its meeting


def test_a_public_event_lists_only_the_published_visits(client, viewer_client, seed_visit):
    factories.visit(title_en="A visit still in draft", event=seed_visit.event)
    page = text_of(client.get(f"/en/events/{FESTIVAL}/"))
    assert "A visit still in draft" not in page
    assert "1 visit." in page
    staff = viewer_client.get(f"/en/events/{FESTIVAL}/")
    assert "A visit still in draft" in text_of(staff)
    assert "tag-draft" not in h1_of(staff)  # the event itself is public
    assert "2 visits, newest first." in text_of(staff)


def test_a_public_project_lists_only_the_published_meetings(client, viewer_client, seed_visit):
    hidden = factories.meeting(title_en="A meeting still in draft", is_published=False)
    project = Project.objects.get(slug=DISPLAY)
    AgendaItem.objects.create(meeting=hidden, title_en="Display", project=project)
    assert "A meeting still in draft" not in text_of(client.get(f"/en/projects/{DISPLAY}/"))
    staff = viewer_client.get(f"/en/projects/{DISPLAY}/")
    assert "A meeting still in draft" in text_of(staff)
    assert "tag-draft" not in h1_of(staff)


@pytest.mark.parametrize(
    "path",
    [
        "/en/events/no-such-event/",
        "/tr/projects/no-such-project/",
        f"/en/events/{'x' * 300}/",
        f"/en/projects/{'x' * 300}/",
        "/en/events/%C3%BC/",
        "/en/projects/",
    ],
)
def test_unknown_events_and_projects_are_not_found(client, seed_visit, path):
    assert client.get(path).status_code == 404


# --- Sitemap and feeds ---------------------------------------------------------------------


def test_the_sitemap_lists_public_events_and_projects_in_both_languages(client, seed_visit):
    sitemap = sitemap_text(client)
    for lang in ("en", "tr"):
        assert f"/{lang}/events/{FESTIVAL}/</loc>" in sitemap
        assert f"/{lang}/projects/{DISPLAY}/</loc>" in sitemap


def test_the_sitemap_leaves_out_a_drafts_event_and_project(client, draft):
    sitemap = sitemap_text(client)
    assert f"/events/{FESTIVAL}/" not in sitemap
    assert f"/projects/{DISPLAY}/" not in sitemap


def test_the_feeds_link_the_visit_page_and_name_no_meeting(client, seed_visit):
    """The Atom feed and the calendar name visits and protocol signings, never a
    meeting: nothing there should point at a meeting page or the meeting list."""
    feed = client.get("/en/visits/feed/").content.decode()
    assert f"http://testserver{SEED_URL.format(lang='en')}" in feed
    Visit.objects.filter(pk=seed_visit.pk).update(start_date=datetime.date.today())
    calendar = client.get("/en/visits/calendar.ics").content.decode()
    assert "URL:http://testserver/en/visits/" in calendar
    for text in (feed, calendar):
        assert "/meetings/" not in text


def test_the_calendar_links_a_planned_signing_to_the_protocol_page(client, seed_visit):
    from municipalities.models import Protocol

    protocol = Protocol.objects.filter(status=Protocol.Status.PLANNED).first()
    protocol.planned_date = datetime.date.today() + datetime.timedelta(days=30)
    protocol.planned_date_precision = "day"
    protocol.save()
    calendar = client.get("/en/visits/calendar.ics").content.decode()
    assert f"URL:http://testserver/en/protocols/{protocol.pk}/\r\n" in calendar


# --- The 404 page's language switch -----------------------------------------------------------


def switch_of(response):
    return re.search(r'<a href="([^"]*)" hreflang', response.content.decode()).group(1)


@pytest.mark.parametrize(
    ("path", "other", "lang"),
    [
        ("/en/people/nobody/", "/tr/people/nobody/", "en"),
        ("/tr/people/nobody/", "/en/people/nobody/", "tr"),
        ("/en/events/nothing/", "/tr/events/nothing/", "en"),
        ("/tr/xyz/", "/en/xyz/", "tr"),
        ("/en/xyz/deeper/?q=1", "/tr/xyz/deeper/?q=1", "en"),
        ("/tr/meetings/99999999999999999999/", "/en/meetings/99999999999999999999/", "tr"),
    ],
)
def test_the_404_language_switch_goes_to_the_same_path(client, db, path, other, lang):
    response = client.get(path)
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in response.content.decode()
    assert switch_of(response) == other
    again = client.get(other)
    assert again.status_code == 404
    assert switch_of(again) == path
    assert ("Sayfa bulunamadı" in again.content.decode()) == (lang == "en")


def test_the_language_switch_of_a_found_page_is_unchanged(client, seed_visit):
    response = client.get(f"/en/events/{FESTIVAL}/?x=1")
    assert switch_of(response) == f"/tr/events/{FESTIVAL}/?x=1"


# --- Query budgets ----------------------------------------------------------------------------

# Event page, for the public: the event with its organiser (1), the visits
# shown with guest and host (1), their count once there are more than shown (1).
EVENT_BUDGET = 3
# Project page, for the public: the project (1), its partners with their
# organisations (1), the meetings shown with host and visit (1), their agenda
# items about it (1), the meetings' count once there are more than shown (1).
PROJECT_BUDGET = 5
# Staff also: the session and the user (2), their permissions (2), and
# whether the record is public, to mark it (1).
STAFF_EXTRA = 5


def _grow_visits(event, count=60):
    for n in range(count):
        factories.visit(
            event=event,
            start_date=datetime.date(2022, 1, 1) + datetime.timedelta(days=n),
            is_published=True,
        )


def _grow_meetings(project, count=60):
    for n in range(count):
        meeting = factories.meeting(
            visit=None,
            date=datetime.date(2022, 1, 1) + datetime.timedelta(days=n),
            is_published=True,
        )
        for order in range(2):
            AgendaItem.objects.create(
                meeting=meeting, title_en=f"Item {n}.{order}", project=project, order=order
            )


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_event_page_keeps_its_budget(client, seed_visit, django_assert_max_num_queries, lang):
    url = f"/{lang}/events/{FESTIVAL}/"
    with django_assert_max_num_queries(EVENT_BUDGET):
        assert client.get(url).status_code == 200
    _grow_visits(seed_visit.event)
    with django_assert_max_num_queries(EVENT_BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    assert "61" in text_of(response)


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_project_page_keeps_its_budget(client, seed_visit, django_assert_max_num_queries, lang):
    url = f"/{lang}/projects/{DISPLAY}/"
    with django_assert_max_num_queries(PROJECT_BUDGET):
        assert client.get(url).status_code == 200
    _grow_meetings(Project.objects.get(slug=DISPLAY))
    with django_assert_max_num_queries(PROJECT_BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    page = text_of(response)
    assert {"en": "61 meetings; the newest 50", "tr": "61 toplantı; en yeni 50"}[lang] in page
    assert "Item 59.0" in page and "Item 59.1" in page
    assert "Item 9.0" not in page  # the eleven oldest are counted, not shown
    assert Meeting.objects.count() == 61


def test_staff_pages_keep_their_budget(viewer_client, draft, django_assert_max_num_queries):
    _grow_visits(draft.event)
    _grow_meetings(Project.objects.get(slug=DISPLAY))
    with django_assert_max_num_queries(EVENT_BUDGET + STAFF_EXTRA):
        assert viewer_client.get(f"/en/events/{FESTIVAL}/").status_code == 200
    with django_assert_max_num_queries(PROJECT_BUDGET + STAFF_EXTRA):
        assert viewer_client.get(f"/en/projects/{DISPLAY}/").status_code == 200
