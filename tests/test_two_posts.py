"""A person acting in two posts at once (issue 13): the union's president who
is also a metropolitan mayor leads a delegation in both capacities. One row,
marked "in all their posts of the day", names every post held that day on
pages, in search, in print and in the PDF; a row left to guess between two
posts is refused; and the admin warns when two people hold a single post at
once."""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from municipalities.models import (
    Organization,
    Post,
    ProtocolSignatory,
    overlapping_holders,
    two_holders_message,
)
from tests import factories
from tests.admin_forms import form_data
from tests.test_gift_place_and_event_dates import SUMMARY_BUDGET, VISIT_BUDGET
from tests.test_meeting_page import BUDGET as MEETING_BUDGET
from tests.test_person_page import BUDGET as PERSON_BUDGET
from tests.test_printing import needs_pdf, pdf_text
from tests.test_protocol_page import PAGE_BUDGET as PROTOCOL_BUDGET
from tests.test_protocol_page import REGISTER_BUDGET
from tests.test_search_pages import BUDGET as SEARCH_BUDGET
from visits.models import DelegationMember, MeetingParticipant, Statement
from visits.services import copy_delegation

pytestmark = pytest.mark.django_db

SEED_URL = "/{lang}/visits/2021/turkistan-municipality-delegation-visits-tdbb/"
BOTH = {
    "en": "President, Union of Turkish World Municipalities; "
    "Mayor, Gaziantep Metropolitan Municipality",
    "tr": "Başkan, Türk Dünyası Belediyeler Birliği; "
    "Büyükşehir Belediye Başkanı, Gaziantep Büyükşehir Belediyesi",
}


def text_of(response):
    """The page's text as read: inline tags (links, spans) dropped in place,
    others as a space."""
    assert response.status_code == 200, response.status_code
    text = re.sub(r"</?(a|span|strong|em)\b[^>]*>", "", response.content.decode())
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(text).split())


@pytest.fixture
def gaziantep(db):
    return factories.organization(
        name_en="Gaziantep Metropolitan Municipality",
        name_tr="Gaziantep Büyükşehir Belediyesi",
        kind=Organization.Kind.METROPOLITAN,
    )


@pytest.fixture
def sahin(seed_visit, gaziantep):
    """The union's president, mayor of Gaziantep at the same time."""
    person = factories.person(name="Fatma Şahin")
    Post.objects.create(
        person=person,
        organization=Organization.objects.home(),
        title_en="President",
        title_tr="Başkan",
        start_date=datetime.date(2019, 5, 1),
        single_holder=True,
    )
    Post.objects.create(
        person=person,
        organization=gaziantep,
        title_en="Mayor",
        title_tr="Büyükşehir Belediye Başkanı",
        start_date=datetime.date(2014, 3, 30),
    )
    return person


def _saved(row):
    row.clean()  # fills organisation and title, as the admin's form does first
    row.full_clean()
    row.save()
    return row


@pytest.fixture
def in_both(seed_visit, sahin):
    """Fatma Şahin in the seed visit's delegation, at its meeting, speaking
    and signing a protocol, each row "in all their posts", organisation and
    title left to be filled."""
    meeting = seed_visit.meetings.get()
    protocol = meeting.agenda_items.exclude(protocol=None).first().protocol
    return {
        "member": _saved(DelegationMember(visit=seed_visit, person=sahin, all_posts=True, order=9)),
        "participant": _saved(
            MeetingParticipant(meeting=meeting, person=sahin, side="host", all_posts=True)
        ),
        "statement": _saved(
            Statement(meeting=meeting, speaker=sahin, text_en="Welcome.", all_posts=True, order=9)
        ),
        "signatory": _saved(
            ProtocolSignatory(protocol=protocol, person=sahin, all_posts=True, order=9)
        ),
    }


# --- The model ---------------------------------------------------------------------


def test_two_posts_and_no_choice_is_refused_naming_both(seed_visit, sahin):
    row = DelegationMember(visit=seed_visit, person=sahin)
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    message = caught.value.message_dict["organization"][0]
    assert message == (
        "Fatma Şahin held 2 posts on 13 November 2021 (President, Union of Turkish World "
        "Municipalities; Mayor, Gaziantep Metropolitan Municipality): choose the "
        "organisation they came for, or tick “in all their posts”."
    )
    with translation.override("tr"), pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert "2 görevde bulunuyordu" in str(caught.value)
    speech = Statement(meeting=seed_visit.meetings.get(), speaker=sahin, text_en="Hello.")
    with pytest.raises(ValidationError):
        speech.full_clean()  # a speaker too: no silent choice


def test_a_chosen_organisation_settles_it(seed_visit, sahin, gaziantep):
    row = DelegationMember(visit=seed_visit, person=sahin, organization=gaziantep)
    row.full_clean()
    assert (row.title_en, row.title_tr) == ("Mayor", "Büyükşehir Belediye Başkanı")
    assert row.capacities_display() == "Mayor, Gaziantep Metropolitan Municipality"
    assert row.other_posts() == []  # not marked: only its own


def test_in_all_posts_fills_from_the_latest_and_names_the_others(in_both, gaziantep):
    for row in in_both.values():
        row.refresh_from_db()
        assert row.organization == Organization.objects.home()
        assert row.title_en == "President"
        assert [post.organization for post in row.other_posts()] == [gaziantep]
        assert row.capacities_display() == BOTH["en"]


def test_the_rows_own_post_is_not_named_twice(seed_visit, sahin, gaziantep):
    # Organisation and title given by hand (another case): the same post is
    # recognised and only the other one is added.
    row = _saved(
        DelegationMember(
            visit=seed_visit,
            person=sahin,
            organization=gaziantep,
            title_en="MAYOR",
            all_posts=True,
        )
    )
    assert [post.title_en for post in row.other_posts()] == ["President"]


def test_in_all_posts_with_one_post_shows_nothing_more(seed_visit):
    aliya = seed_visit.members.get(person__name="Aliya Şalkarova")
    aliya.all_posts = True
    aliya.full_clean()  # no error
    assert aliya.other_posts() == []
    assert aliya.capacities_display() == "Deputy Mayor, Turkistan Municipality"


def test_a_post_ended_before_the_day_is_not_named(seed_visit, sahin):
    sahin.posts.filter(title_en="Mayor").update(end_date=datetime.date(2021, 1, 1))
    row = _saved(DelegationMember(visit=seed_visit, person=sahin))  # one post that day
    assert row.title_en == "President"
    row.all_posts = True
    assert row.other_posts() == []


def test_copying_the_delegation_keeps_all_posts(in_both, seed_visit, gaziantep):
    meeting = factories.meeting(visit=seed_visit)
    copy_delegation(meeting)
    copied = meeting.participants.get(person=in_both["member"].person)
    assert copied.all_posts
    assert [post.organization for post in copied.other_posts()] == [gaziantep]


# --- Pages, print, PDF, search, CSV ---------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_visit_and_meeting_pages_show_both(client, in_both, seed_visit, lang):
    visit_page = text_of(client.get(SEED_URL.format(lang=lang)))
    assert visit_page.count(BOTH[lang]) >= 3  # delegation, participants, statement
    meeting = seed_visit.meetings.get()
    meeting_page = text_of(client.get(f"/{lang}/meetings/{meeting.pk}/"))
    assert f"Fatma Şahin {BOTH[lang]}" in meeting_page  # the participants table
    assert f"— Fatma Şahin, {BOTH[lang]}" in meeting_page  # the statement
    # The organisations link as the participants table links them.
    gaziantep = Organization.objects.get(name_en="Gaziantep Metropolitan Municipality")
    assert (
        f'href="/{lang}/municipalities/{gaziantep.slug}/"'
        in client.get(f"/{lang}/meetings/{meeting.pk}/").content.decode()
    )


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_protocol_and_person_pages_show_both(client, in_both, sahin, lang):
    protocol = in_both["signatory"].protocol
    page = text_of(client.get(f"/{lang}/protocols/{protocol.pk}/"))
    title, other = BOTH[lang].split("; ")
    assert f"Fatma Şahin {title.split(', ')[0]}; {other}" in page
    register = text_of(client.get(f"/{lang}/protocols/"))
    assert f"Fatma Şahin ({title.split(', ')[0]}; {other})" in register
    person = text_of(client.get(f"/{lang}/people/{sahin.slug}/"))
    assert BOTH[lang] in person


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_print_summary_shows_both(client, in_both, seed_visit, lang):
    meeting = seed_visit.meetings.get()
    printed = text_of(client.get(f"/en/meetings/{meeting.pk}/summary/?lang={lang}"))
    assert printed.count(BOTH[lang]) >= 4  # delegation, participants, statement, signatory


@needs_pdf
def test_the_pdf_shows_both(client, in_both, seed_visit):
    meeting = seed_visit.meetings.get()
    for lang in ("en", "tr"):
        _pages, text = pdf_text(client.get(f"/en/meetings/{meeting.pk}/summary.pdf?lang={lang}"))
        assert BOTH[lang] in text


def test_search_shows_both_in_the_persons_appearances(client, in_both):
    found = text_of(client.get("/en/search/", {"q": "Fatma Sahin"}))
    assert f"· {BOTH['en']}" in found


def test_the_register_csv_names_both(client, in_both):
    csv = client.get("/en/protocols/protocols.csv")
    assert csv.status_code == 200
    content = b"".join(csv.streaming_content if csv.streaming else [csv.content]).decode()
    assert f"Fatma Şahin ({BOTH['en']})" in content


# --- The admin ---------------------------------------------------------------------


def _add_member(editor_client, visit, person, **fields):
    url = reverse("admin:visits_visit_change", args=[visit.pk])
    data = form_data(editor_client.get(url))
    first = int(data["members-TOTAL_FORMS"][0])
    data.update(
        {
            "members-TOTAL_FORMS": [str(first + 1)],
            f"members-{first}-order": ["9"],
            f"members-{first}-role": ["member"],
            f"members-{first}-person": [str(person.pk)],
            f"members-{first}-visit": [str(visit.pk)],
            **{f"members-{first}-{name}": [value] for name, value in fields.items()},
        }
    )
    return editor_client.post(url, data)


def test_an_editor_saves_a_row_in_all_posts(editor_client, seed_visit, sahin):
    response = _add_member(editor_client, seed_visit, sahin)
    assert response.status_code == 200  # two posts, no choice: refused, said why
    assert "held 2 posts on 13 November 2021" in response.content.decode()
    assert not seed_visit.members.filter(person=sahin).exists()

    response = _add_member(editor_client, seed_visit, sahin, all_posts="on")
    assert response.status_code == 302
    row = seed_visit.members.get(person=sahin)
    assert row.all_posts and row.title_en == "President"
    assert row.capacities_display() == BOTH["en"]
    assert row.history.first().all_posts  # kept in the history too


def test_ticking_all_posts_for_one_post_saves_with_a_warning(editor_client, seed_visit):
    aliya = seed_visit.members.get(person__name="Aliya Şalkarova")
    url = reverse("admin:visits_visit_change", args=[seed_visit.pk])
    data = form_data(editor_client.get(url))
    row = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("members-") and key.endswith("-id") and value == [str(aliya.pk)]
    )
    data[f"members-{row}-all_posts"] = ["on"]
    response = editor_client.post(url, data, follow=True)
    aliya.refresh_from_db()
    assert aliya.all_posts  # saved: not an error
    assert [str(m) for m in response.context["messages"] if "one post only" in str(m)] == [
        "Aliya Şalkarova held one post only on 13 November 2021: “all posts” names nothing "
        "more than the row’s own."
    ]


def test_the_inlines_have_a_narrow_all_posts_column(editor_client, seed_visit):
    meeting = seed_visit.meetings.get()
    for url in (
        reverse("admin:visits_visit_change", args=[seed_visit.pk]),
        reverse("admin:visits_meeting_change", args=[meeting.pk]),
    ):
        page = editor_client.get(url).content.decode()
        assert '<th class="column-all_posts">All posts' in page
    protocol = meeting.agenda_items.exclude(protocol=None).first().protocol
    url = reverse("admin:municipalities_protocol_change", args=[protocol.pk])
    assert '<th class="column-all_posts">All posts' in editor_client.get(url).content.decode()


def test_a_viewer_cannot_tick_all_posts(viewer_client, seed_visit):
    member = seed_visit.members.first()
    url = reverse("admin:visits_delegationmember_change", args=[member.pk])
    response = viewer_client.post(url, {"all_posts": "on"})
    assert response.status_code == 403
    member.refresh_from_db()
    assert not member.all_posts


# --- Two holders of a single post -------------------------------------------------------


@pytest.fixture
def ozer(sahin):
    """Another president of the union from 1 March 2024, while Fatma Şahin's
    presidency was left open."""
    person = factories.person(name="Mehmet Özer")
    Post.objects.create(
        person=person,
        organization=Organization.objects.home(),
        title_en="president",  # case does not matter
        start_date=datetime.date(2024, 3, 1),
    )
    return person


def test_overlapping_holders_in_one_query(ozer, sahin, django_assert_num_queries):
    posts = list(ozer.posts.all())
    with django_assert_num_queries(1):
        pairs = overlapping_holders(posts)
    assert [(post.person, other.person) for post, other in pairs] == [(ozer, sahin)]
    message = two_holders_message(*pairs[0])
    assert message == (
        "Fatma Şahin and Mehmet Özer both hold the post of President, Union of Turkish World "
        "Municipalities from 1 March 2024: check the dates (the earlier holder’s “until”)."
    )
    with translation.override("tr"):
        assert "Fatma Şahin ile Mehmet Özer 1 Mart 2024 tarihinden" in two_holders_message(
            *pairs[0]
        )
    assert overlapping_holders([]) == []


def test_no_warning_when_dates_do_not_overlap_or_the_post_has_many(ozer, sahin):
    president = sahin.posts.get(title_en="President")
    president.end_date = datetime.date(2024, 2, 29)
    president.save()
    assert overlapping_holders(list(ozer.posts.all())) == []
    president.end_date = None
    president.single_holder = False
    president.save()
    assert overlapping_holders(list(ozer.posts.all())) == []  # a board has many members
    # Either side may say the post has one holder.
    ozer.posts.update(single_holder=True)
    assert len(overlapping_holders(list(ozer.posts.all()))) == 1
    # Another title in the same organisation is another post.
    ozer.posts.update(title_en="Treasurer")
    assert overlapping_holders(list(ozer.posts.all())) == []


def test_the_admin_warns_on_saving_a_second_holder(editor_client, sahin):
    newcomer = factories.person(name="Mehmet Özer")
    url = reverse("admin:municipalities_person_change", args=[newcomer.pk])
    data = form_data(editor_client.get(url))
    data.update(
        {
            "posts-0-organization": [str(Organization.objects.home().pk)],
            "posts-0-title_en": ["President"],
            "posts-0-start_date": ["2024-03-01"],
        }
    )
    response = editor_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert newcomer.posts.count() == 1  # a warning, never a refusal
    messages = [str(m) for m in response.context["messages"]]
    assert any(
        "Fatma Şahin and Mehmet Özer both hold the post of President" in m for m in messages
    ), messages


def test_the_admin_warns_on_saving_the_post_or_the_organisation(editor_client, ozer):
    post = ozer.posts.get()
    response = editor_client.post(
        reverse("admin:municipalities_post_change", args=[post.pk]),
        form_data(editor_client.get(reverse("admin:municipalities_post_change", args=[post.pk]))),
        follow=True,
    )
    assert any("both hold the post" in str(m) for m in response.context["messages"])
    union = Organization.objects.home()
    url = reverse("admin:municipalities_organization_change", args=[union.pk])
    response = editor_client.post(url, form_data(editor_client.get(url)), follow=True)
    warnings = [str(m) for m in response.context["messages"] if "both hold" in str(m)]
    assert len(warnings) == 1  # the pair once, not once from each side


# --- Query budgets ------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def _more_in_both(seed_visit, count):
    meeting = seed_visit.meetings.get()
    protocol = meeting.agenda_items.exclude(protocol=None).first().protocol
    home = Organization.objects.home()
    for n in range(count):
        person = factories.person(name=f"Two Posts {n}")
        Post.objects.create(person=person, organization=home, title_en=f"Vice President {n}")
        factories.post(person=person, title_en=f"Mayor {n}")
        _saved(DelegationMember(visit=seed_visit, person=person, all_posts=True, order=20 + n))
        _saved(MeetingParticipant(meeting=meeting, person=person, side="host", all_posts=True))
        _saved(Statement(meeting=meeting, speaker=person, text_en="Hi.", all_posts=True))
        _saved(ProtocolSignatory(protocol=protocol, person=person, all_posts=True, order=20 + n))


# A row marked "in all their posts" costs one query for its kind of row (the
# posts, with organisations, of the people in such rows), whatever the number
# of rows; none where no row is marked. The pages' own budgets plus those:
# the visit page and the summary read delegation members, participants,
# statements and the protocols' signatories (4); the meeting page
# participants, statements and signatories (3); the protocol page and the
# register signatories (1); search reads the posts of the people it found
# once (1); the person page has read their posts already (0).
EXTRA = {"visit": 4, "meeting": 3, "summary": 4, "protocol": 1, "register": 1, "search": 1}


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_budgets_do_not_grow_with_rows_in_all_posts(
    client, in_both, seed_visit, sahin, lang, django_assert_max_num_queries
):
    meeting = seed_visit.meetings.get()
    protocol = in_both["signatory"].protocol
    urls = {
        SEED_URL.format(lang=lang): VISIT_BUDGET + EXTRA["visit"],
        f"/{lang}/meetings/{meeting.pk}/": MEETING_BUDGET + EXTRA["meeting"],
        f"/{lang}/meetings/{meeting.pk}/summary/": SUMMARY_BUDGET + EXTRA["summary"],
        f"/{lang}/protocols/{protocol.pk}/": PROTOCOL_BUDGET + EXTRA["protocol"],
        f"/{lang}/protocols/": REGISTER_BUDGET + EXTRA["register"],
        f"/{lang}/search/?q=Fatma": SEARCH_BUDGET + EXTRA["search"],
        f"/{lang}/people/{sahin.slug}/": PERSON_BUDGET,
    }
    before = {url: _count(client, url)[0] for url in urls}
    _more_in_both(seed_visit, 15)
    for url, budget in urls.items():
        with django_assert_max_num_queries(budget):
            queries, _response = _count(client, url)
        assert queries == before[url], url
    assert "Mayor 14" in _count(client, SEED_URL.format(lang=lang))[1].content.decode()


def test_rows_in_one_post_read_no_posts(client, seed_visit):
    """Without a row marked "in all their posts" no post is read: the budgets
    the other tests pin are those of before."""
    meeting = seed_visit.meetings.get()
    for url in (SEED_URL.format(lang="en"), f"/en/meetings/{meeting.pk}/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not any('"municipalities_post"' in q["sql"] for q in queries.captured_queries)
