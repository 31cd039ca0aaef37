"""The directory, an organisation's page, everything between two
organisations, the board meetings and the home page's charts: what the public
sees, what only staff see, odd addresses, and a number of queries that does
not grow with the number of rows."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from municipalities.models import CooperationField, Highlight, Organization, Protocol
from tests import factories
from visits.charts import bar_chart, nice_ticks, per_year
from visits.models import Decision, Gift, MeetingParticipant, Visit

pytestmark = pytest.mark.django_db

_n = itertools.count(1)

SEED_PAGES = [
    "/{lang}/municipalities/",
    "/{lang}/municipalities/tdbb/",
    "/{lang}/municipalities/turkistan-municipality/",
    "/{lang}/municipalities/istanbul-metropolitan-municipality/",
    "/{lang}/municipalities/tdbb/turkistan-municipality/",
    "/{lang}/municipalities/turkistan-municipality/tdbb/",
    "/{lang}/meetings/",
    "/{lang}/",
]


def org(slug):
    return Organization.objects.get(slug=slug)


def html(response):
    return response.content.decode()


# --- The seed data in both languages -------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "tr"])
@pytest.mark.parametrize("page", SEED_PAGES)
def test_pages_open_for_the_seed_visit(client, seed_visit, page, lang):
    response = client.get(page.format(lang=lang))
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html(response)


def test_directory_lists_organisations_in_a_table(client, seed_visit):
    text = html(client.get("/en/municipalities/"))
    assert "<table" in text and '<th scope="col">' in text
    assert 'href="/en/municipalities/turkistan-municipality/"' in text
    assert "Түркістан қаласының әкімдігі" in text
    assert "Kazakhstan" in text


def test_directory_filters_and_searches(client, seed_visit):
    text = html(client.get("/en/municipalities/", {"country": "kz"}))
    assert "Turkistan Municipality" in text and "Zeytinburnu Municipality" not in text
    text = html(client.get("/en/municipalities/", {"kind": "district"}))
    assert "Zeytinburnu Municipality" in text and "Turkistan Municipality" not in text
    text = html(client.get("/en/municipalities/", {"q": "turkestan"}))
    assert "Turkistan Municipality" in text and "Üsküdar Municipality" not in text
    text = html(client.get("/en/municipalities/", {"q": "USKUDAR"}))
    assert "Üsküdar Municipality" in text
    factories.organization(name_en="Member Town", is_member=True)
    text = html(client.get("/en/municipalities/", {"member": "yes"}))
    assert "Member Town" in text and "Turkistan Municipality" not in text
    text = html(client.get("/en/municipalities/", {"member": "no"}))
    assert "Member Town" not in text and "Turkistan Municipality" in text


def test_organisation_page_shows_its_facts_people_visits_and_protocols(client, seed_visit):
    text = html(client.get("/en/municipalities/turkistan-municipality/"))
    assert "About 1,600 historical buildings." in text
    assert "Turkestan, Türkistan" in text  # other names
    assert "Aliya Şalkarova" in text and "Deputy Mayor" in text
    assert "Turkistan Municipality delegation visits TDBB" in text
    assert 'href="/en/visits/?org=turkistan-municipality"' in text
    # The protocols' other parties link to the pair pages.
    assert 'href="/en/municipalities/turkistan-municipality/zeytinburnu-municipality/"' in text
    assert "<svg" in text and "<title" in text  # the chart
    text = html(client.get("/en/municipalities/istanbul-metropolitan-municipality/"))
    assert 'href="/en/municipalities/uskudar-municipality/"' in text  # its districts
    text = html(client.get("/en/municipalities/zeytinburnu-municipality/"))
    assert 'href="/en/municipalities/istanbul-metropolitan-municipality/"' in text  # parent


def test_ended_posts_come_after_current_ones_and_are_marked(client, seed_visit):
    turkistan = org("turkistan-municipality")
    factories.post(
        organization=turkistan,
        person=factories.person(name="Former Mayor"),
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2015, 1, 1),
    )
    text = html(client.get("/en/municipalities/turkistan-municipality/"))
    assert text.index("Aliya Şalkarova") < text.index("Former Mayor")
    assert 'class="ended"' in text


def test_pair_page_tells_everything_between_two_in_time_order(client, seed_visit):
    text = html(client.get("/en/municipalities/tdbb/turkistan-municipality/"))
    assert "Turkistan Municipality delegation visits TDBB" in text
    assert "Gift presented by TDBB to the Turkistan delegation" in text
    assert text.index("Turkistan Municipality delegation visits TDBB") < text.index(
        "Gift presented by TDBB"
    )
    text = html(client.get("/en/municipalities/zeytinburnu-municipality/turkistan-municipality/"))
    assert "Sister-city protocol between Zeytinburnu Municipality" in text
    assert "December 2021" in text  # the planned date with its precision


def test_pair_page_never_shows_gift_values_or_internal_notes(client, seed_visit):
    Gift.objects.update(value=98765, currency="TRY", internal_notes="Kept in the safe")
    text = html(client.get("/en/municipalities/tdbb/turkistan-municipality/"))
    assert "Gift presented by TDBB" in text
    assert "98765" not in text and "98,765" not in text and "Kept in the safe" not in text


def test_meeting_list_shows_meetings_outside_visits_with_decisions(client, home):
    host = factories.organization(name_en="Host Town")
    meeting = factories.meeting(
        visit=None, host=host, convened_by=home, title_en="Executive Board", is_published=True
    )
    person = factories.person()
    MeetingParticipant.objects.create(
        meeting=meeting, person=person, side="host", organization=host, title_en="Mayor"
    )
    Decision.objects.create(
        meeting=meeting,
        text_en="The next assembly will be held in Host Town.",
        responsible_organization=host,
        due_date=datetime.date(2022, 6, 1),
        due_date_precision="month",
        status=Decision.Status.IN_PROGRESS,
        notes="Internal remark",
    )
    inside = factories.meeting(title_en="Inside a visit", is_published=True)
    Visit.objects.filter(pk=inside.visit_id).update(is_published=True)
    text = html(client.get("/en/meetings/"))
    assert "Executive Board" in text
    assert "Inside a visit" not in text
    assert "The next assembly will be held in Host Town." in text
    assert "June 2022" in text
    assert "1 person recorded" in text
    assert "Internal remark" not in text
    assert 'class="tag tag-in_progress"' in text


def test_home_page_draws_the_two_charts(client, seed_visit):
    text = html(client.get("/en/"))
    assert 'id="chart-visits-per-year"' in text
    assert 'id="chart-visitors-by-country"' in text
    assert "Kazakhstan" in text
    assert "<script" not in text


# --- What is not published -------------------------------------------------------------


@pytest.fixture
def drafts(seed_visit):
    """An unpublished visit, protocol and board meeting around the seed's
    organisations, and a published meeting inside the unpublished visit."""
    turkistan, union = org("turkistan-municipality"), org("tdbb")
    visit = factories.visit(
        title_en="Secret draft visit",
        guest=union,
        host=turkistan,
        start_date=datetime.date(2020, 5, 5),
        is_published=False,
    )
    inside = factories.meeting(visit=visit, host=turkistan, title_en="Meeting in a draft visit")
    inside.is_published = True
    inside.save()
    MeetingParticipant.objects.create(
        meeting=inside, person=factories.person(), side="guest", organization=union
    )
    Gift.objects.create(
        meeting=inside,
        given_by_organization=turkistan,
        given_to_organization=union,
        description_en="Gift at a draft visit",
    )
    protocol = factories.protocol(
        kind=Protocol.Kind.FRIENDSHIP,
        party_a=union,
        party_b=turkistan,
        title_en="Secret draft protocol",
        is_published=False,
    )
    board = factories.meeting(
        visit=None, host=turkistan, convened_by=union, title_en="Secret board meeting"
    )
    MeetingParticipant.objects.create(
        meeting=board, person=factories.person(), side="other", organization=union
    )
    return {"visit": visit, "protocol": protocol, "meeting": board}


DRAFT_PAGES = {
    "/en/municipalities/turkistan-municipality/": [
        "Secret draft visit",
        "Secret draft protocol",
        "Secret board meeting",
    ],
    "/en/municipalities/tdbb/": [
        "Secret draft visit",
        "Secret draft protocol",
        "Secret board meeting",
    ],
    "/en/municipalities/tdbb/turkistan-municipality/": [
        "Secret draft visit",
        "Secret draft protocol",
        "Secret board meeting",
        "Meeting in a draft visit",
        "Gift at a draft visit",
    ],
    "/en/meetings/": ["Secret board meeting"],
}


@pytest.mark.parametrize("url", DRAFT_PAGES)
def test_unpublished_records_are_hidden_from_readers(drafts, url):
    text = html(Client().get(url))
    for title in DRAFT_PAGES[url]:
        assert title not in text, title


@pytest.mark.parametrize("url", DRAFT_PAGES)
def test_staff_see_unpublished_records_marked_as_drafts(superuser_client, drafts, url):
    text = html(superuser_client.get(url))
    for title in DRAFT_PAGES[url]:
        assert title in text, title
    assert '<span class="tag tag-draft">' in text


def test_home_charts_count_only_published_visits(client, superuser, seed_visit):
    guest = factories.organization(name_en="Secret Guest", country="MN")
    factories.visit(
        guest=guest, host=org("tdbb"), start_date=datetime.date(2019, 3, 3), is_published=False
    )
    assert "Mongolia" not in html(Client().get("/en/"))
    staff = Client()
    staff.force_login(superuser)
    assert "Mongolia" in html(staff.get("/en/"))


# --- Odd addresses -----------------------------------------------------------------------

ODD_QUERIES = [
    {"page": "-1"},
    {"page": "abc"},
    {"page": str(10**9)},
    {"page": "1" * 400},
    {"q": "x" * 5000},
    {"q": "\x00\x01\x1f\x7f<script>"},
    {"q": "%%%___"},
    {"country": "ZZ"},
    {"country": "k\x00z"},
    {"kind": "castle"},
    {"member": "maybe"},
    {"year": "0"},
    {"year": "²"},
    {"year": "-1"},
    {"year": "99999"},
    {"org": "no-such-organisation"},
    {"org": "x" * 5000},
    {"country": ["KZ", "TR"], "kind": ["district", "x"]},
]


@pytest.mark.parametrize(
    "url",
    [
        "/en/municipalities/",
        "/tr/municipalities/",
        "/en/meetings/",
        "/en/",
        "/en/municipalities/tdbb/",
        "/en/municipalities/tdbb/turkistan-municipality/",
    ],
)
@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_query_strings_give_a_normal_page(client, seed_visit, url, query):
    assert client.get(url, query).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/en/municipalities/no-such-place/",
        "/en/municipalities/tdbb/no-such-place/",
        "/en/municipalities/no-such-place/tdbb/",
        "/en/municipalities/tdbb/tdbb/",
        "/tr/municipalities/turkistan-municipality/turkistan-municipality/",
    ],
)
def test_unknown_or_same_organisations_are_not_found(client, seed_visit, url):
    assert client.get(url).status_code == 404


# --- Charts ------------------------------------------------------------------------------


def test_bar_chart_escapes_what_it_is_given():
    markup = str(bar_chart([("<b>Bold</b> & co", 3)], "A <i>title</i>", "Visits"))
    assert "<b>" not in markup and "<i>" not in markup
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in markup
    assert '<svg class="chart' in markup and "<title" in markup
    assert 'class="bar"' in markup
    assert "<script" not in markup


def test_bar_chart_prints_values_axis_labels_and_a_table():
    markup = str(
        bar_chart(
            [("2021", 4), ("2022", 0), ("2023", 11)], "Per year", "Visits", category_label="Year"
        )
    )
    assert markup.count('class="bar"') == 3
    assert ">11</text>" in markup and ">4</text>" in markup
    assert ">Year</text>" in markup and ">Visits</text>" in markup
    assert '<th scope="row">2023</th><td class="num">11</td>' in markup
    horizontal = str(bar_chart([("Kazakhstan", 5)], "By country", "Visits", horizontal=True))
    assert "chart-horizontal" in horizontal and ">Kazakhstan</text>" in horizontal


def test_bar_chart_without_rows_says_so():
    assert "<svg" not in str(bar_chart([], "Nothing", "Visits"))


def test_chart_helpers():
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(1) == [0, 1]
    assert per_year({2019: 2, 2021: 1}) == [("2019", 2), ("2020", 0), ("2021", 1)]
    assert per_year({}) == []


# --- Queries do not grow with rows --------------------------------------------------------------


def queries_for(client, url):
    client.get(url)  # warm up: content types, sessions, translations
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def assert_constant(client, url, grow, django_assert_num_queries):
    """The number of queries for `url` stays the same when `grow()` adds rows."""
    few = queries_for(client, url)
    grow()
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200


@pytest.fixture
def fields():
    return [
        CooperationField.objects.get_or_create(
            slug=name.lower(), defaults={"name_en": name, "name_tr": name}
        )[0]
        for name in ("Trade", "Culture", "Tourism")
    ]


def one_of_everything(center, fields, *, as_staff=False):
    """For `center`: a district, a post, a highlight, a visit each way, a
    board meeting with a decision and participant, and a protocol."""
    n = next(_n)
    other = factories.organization(name_en=f"Partner {n}", country="KZ", parent=center)
    factories.post(organization=center, start_date=datetime.date(2000 + n % 20, 1, 1))
    Highlight.objects.create(organization=center, text_en=f"Fact {n}")
    day = datetime.date(2000 + n % 25, 1 + n % 12, 1)
    for guest, host in ((other, center), (center, other)):
        visit = factories.visit(guest=guest, host=host, start_date=day, is_published=True)
        meeting = factories.meeting(visit=visit, host=host, is_published=True)
        MeetingParticipant.objects.create(
            meeting=meeting, person=factories.person(), side="guest", organization=guest
        )
        Gift.objects.create(
            meeting=meeting,
            given_by_organization=host,
            given_by_person=factories.person(),
            given_to_organization=guest,
            description_en=f"Gift {n}",
            value=10,
            currency="TRY",
        )
    board = factories.meeting(
        visit=None, host=center, convened_by=other, date=day, is_published=True
    )
    Decision.objects.create(meeting=board, text_en=f"Decision {n}", responsible_organization=other)
    MeetingParticipant.objects.create(
        meeting=board, person=factories.person(), side="other", organization=other
    )
    protocol = factories.protocol(
        party_a=center,
        party_b=other,
        coordinator=factories.organization(),
        is_published=True,
        planned_date=day,
    )
    protocol.cooperation_fields.set(fields)
    return other


def test_directory_queries_do_not_grow(client, home, django_assert_num_queries):
    parent = factories.organization(name_en="Parent City")
    for _ in range(2):
        factories.organization(
            parent=parent, is_member=True, member_since=datetime.date(2020, 1, 1)
        )

    def grow():
        for i in range(57):
            factories.organization(parent=parent, country=["KZ", "AZ", "UZ"][i % 3])

    assert_constant(client, "/en/municipalities/", grow, django_assert_num_queries)


def test_organisation_page_queries_do_not_grow(client, home, fields, django_assert_num_queries):
    center = factories.organization(name_en="Center City")
    for _ in range(3):
        one_of_everything(center, fields)

    def grow():
        for _ in range(57):
            one_of_everything(center, fields)

    url = f"/en/municipalities/{center.slug}/"
    assert_constant(client, url, grow, django_assert_num_queries)
    text = html(client.get(url))
    delegations = text[text.index('id="received"') : text.index('id="meetings"')]
    assert delegations.count('href="/en/visits/20') == 2 * 20  # at most 20 each way
    assert "All 60 visits received" in text and "All 60 visits made" in text


def test_pair_page_queries_do_not_grow(client, home, fields, django_assert_num_queries):
    first = factories.organization(name_en="First City")
    second = factories.organization(name_en="Second City")

    def add(count):
        for i in range(count):
            day = datetime.date(2001 + i % 20, 1 + i % 12, 1 + i % 28)
            guest, host = (first, second) if i % 2 else (second, first)
            visit = factories.visit(guest=guest, host=host, start_date=day, is_published=True)
            inner = factories.meeting(visit=visit, host=host, is_published=True)
            Gift.objects.create(
                meeting=inner,
                given_by_organization=host,
                given_to_organization=guest,
                given_to_person=factories.person(),
                description_en="A plaque",
            )
            # A meeting hosted by one, attended by the other, in a third party's visit.
            third = factories.visit(host=host, start_date=day, is_published=True)
            meeting = factories.meeting(visit=third, host=host, is_published=True)
            MeetingParticipant.objects.create(
                meeting=meeting, person=factories.person(), side="other", organization=guest
            )
            protocol = factories.protocol(
                kind=Protocol.Kind.COOPERATION,
                status=Protocol.Status.ENDED,
                party_a=first,
                party_b=second,
                coordinator=home,
                planned_date=day,
                is_published=True,
            )
            protocol.cooperation_fields.set(fields)

    add(3)
    url = f"/en/municipalities/{first.slug}/{second.slug}/"
    assert_constant(client, url, lambda: add(57), django_assert_num_queries)
    text = html(client.get(url))
    assert text.count('class="timeline-visit"') == 60
    assert text.count('class="timeline-meeting"') == 60
    assert text.count('class="timeline-protocol"') == 60
    assert text.count('class="timeline-gift"') == 60


def test_meeting_list_queries_do_not_grow(client, home, django_assert_num_queries):
    def add(count):
        for _ in range(count):
            host = factories.organization()
            meeting = factories.meeting(visit=None, host=host, convened_by=home, is_published=True)
            for _ in range(2):
                MeetingParticipant.objects.create(
                    meeting=meeting, person=factories.person(), side="host", organization=host
                )
                Decision.objects.create(
                    meeting=meeting,
                    text_en="Decided",
                    responsible_organization=host,
                    responsible_person=factories.person(),
                )

    add(3)
    assert_constant(client, "/en/meetings/", lambda: add(57), django_assert_num_queries)


def test_home_queries_do_not_grow(client, home, django_assert_num_queries):
    countries = itertools.cycle(["KZ", "AZ", "UZ", "KG", "TM", "MN", "RU", "BA", "MK", "XK", "HU"])

    def add(count):
        for i in range(count):
            guest = factories.organization(country=next(countries))
            factories.visit(
                guest=guest,
                host=home,
                start_date=datetime.date(2005 + i % 15, 1, 1),
                is_published=True,
                status=Visit.Status.HELD,
            )

    add(3)
    assert_constant(client, "/en/", lambda: add(57), django_assert_num_queries)


def test_staff_pages_queries_do_not_grow(superuser_client, home, fields, django_assert_num_queries):
    center = factories.organization(name_en="Center City")
    for _ in range(3):
        one_of_everything(center, fields)

    def grow():
        for _ in range(57):
            one_of_everything(center, fields)

    url = f"/en/municipalities/{center.slug}/"
    assert_constant(superuser_client, url, grow, django_assert_num_queries)


def test_both_orders_of_a_pair_name_one_canonical_address(client, seed_visit):
    canonical = (
        '<link rel="canonical" '
        'href="http://testserver/en/municipalities/tdbb/turkistan-municipality/">'
    )
    assert canonical in html(client.get("/en/municipalities/tdbb/turkistan-municipality/"))
    assert canonical in html(client.get("/en/municipalities/turkistan-municipality/tdbb/"))
