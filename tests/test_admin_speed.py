"""What the admin makes slow (issue 13): a meeting's participants copied from
the visit's delegation and from the previous meeting's host side, a new
meeting's host taken from the last meeting of its day and shown above the
form, the visit's meetings in time order. Each as an editor through the
admin's own views, and the Viewer refused."""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from tests.admin_forms import post_form
from visits.models import DelegationMember, Meeting, MeetingParticipant

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 11, 13)


def change_url(meeting, lang="en"):
    return f"/{lang}" + reverse("admin:visits_meeting_change", args=[meeting.pk])[3:]


def add_url(lang="en"):
    return f"/{lang}" + reverse("admin:visits_meeting_add")[3:]


def participants(meeting):
    """(name, side, organisation, English title, Turkish title) of each participant."""
    return sorted(
        (p.person.name, p.side, p.organization.name_en, p.title_en, p.title_tr)
        for p in meeting.participants.select_related("person", "organization")
    )


@pytest.fixture
def afternoon(seed_visit):
    """The seed visit with a larger delegation (three, one of them of another
    organisation) and a second meeting that afternoon at another host, with
    no participants yet. The seed meeting is put at 10:00."""
    seed_meeting = seed_visit.meetings.get()
    Meeting.objects.filter(pk=seed_meeting.pk).update(start_time=datetime.time(10))
    akimat = factories.organization(name_en="Turkistan Region Akimat", country="KZ")
    for order, (name, organization, title_en, title_tr) in enumerate(
        [
            (
                "Nurlan Abenov",
                seed_visit.guest,
                "Adviser to the Mayor",
                "Belediye Başkanı Danışmanı",
            ),
            ("Dana Sadykova", akimat, "Head of Tourism", "Turizm Dairesi Başkanı"),
        ],
        start=2,
    ):
        DelegationMember.objects.create(
            visit=seed_visit,
            person=factories.person(name=name),
            organization=organization,
            title_en=title_en,
            title_tr=title_tr,
            order=order,
        )
    return factories.meeting(
        visit=seed_visit,
        title_en="Visit to Zeytinburnu Municipality",
        host=factories.organization(name_en="Zeytinburnu Municipality (test)"),
        date=DAY,
        start_time=datetime.time(15),
        is_published=True,
    )


# --- 1. The visit's delegation into the participants --------------------------


def test_the_delegation_is_copied_as_guests_with_the_titles_of_the_day(
    editor_client, seed_visit, afternoon
):
    response = post_form(editor_client, change_url(afternoon), {"_copy_delegation": "1"})
    assert response.status_code == 302
    assert response.url == change_url(afternoon) + "#participants-group"
    assert participants(afternoon) == [
        ("Aliya Şalkarova", "guest", "Turkistan Municipality", "Deputy Mayor",
         "Belediye Başkan Yardımcısı"),
        ("Dana Sadykova", "guest", "Turkistan Region Akimat", "Head of Tourism",
         "Turizm Dairesi Başkanı"),
        ("Nurlan Abenov", "guest", "Turkistan Municipality", "Adviser to the Mayor",
         "Belediye Başkanı Danışmanı"),
    ]  # fmt: skip
    page = editor_client.get(response.url)
    assert "3 members of the visit&#x27;s delegation were added to the participants" in page.text
    # Listed in the inline, in the delegation's order.
    rows = page.context["inline_admin_formsets"][0].formset.forms
    assert [form.instance.person.name for form in rows if form.instance.pk] == [
        "Aliya Şalkarova",
        "Nurlan Abenov",
        "Dana Sadykova",
    ]


def test_a_second_copy_adds_nobody_twice(editor_client, seed_visit, afternoon):
    post_form(editor_client, change_url(afternoon), {"_copy_delegation": "1"})
    response = post_form(
        editor_client, change_url(afternoon), {"_copy_delegation": "1"}, follow=True
    )
    assert afternoon.participants.count() == 3
    assert "No participant was added: everyone in the visit&#x27;s delegation" in response.text
    # The seed meeting lists its head of delegation already: only the two others come.
    seed_meeting = seed_visit.meetings.get(start_time=datetime.time(10))
    post_form(editor_client, change_url(seed_meeting), {"_copy_delegation": "1"})
    assert seed_meeting.participants.filter(person__name="Aliya Şalkarova").count() == 1
    assert seed_meeting.participants.count() == 4


def test_the_rest_of_the_form_is_saved_with_the_copy(editor_client, afternoon):
    changes = {"_copy_delegation": "1", "venue_en": "Zeytinburnu town hall"}
    post_form(editor_client, change_url(afternoon), changes)
    afternoon.refresh_from_db()
    assert afternoon.venue_en == "Zeytinburnu town hall"
    assert afternoon.participants.count() == 3


def test_a_form_with_errors_copies_nothing(editor_client, afternoon):
    response = post_form(
        editor_client, change_url(afternoon), {"_copy_delegation": "1", "date": ""}
    )
    assert response.status_code == 200
    assert afternoon.participants.count() == 0


def test_a_new_meeting_is_saved_with_the_delegation_in_one_post(editor_client, seed_visit):
    url = add_url() + f"?visit={seed_visit.pk}"
    changes = {"title_en": "Lunch at the Union", "kind": "reception", "_copy_delegation": "1"}
    response = post_form(editor_client, url, changes)
    meeting = Meeting.objects.get(title_en="Lunch at the Union")
    assert response.status_code == 302
    assert response.url == change_url(meeting) + "#participants-group"
    assert participants(meeting) == [
        ("Aliya Şalkarova", "guest", "Turkistan Municipality", "Deputy Mayor",
         "Belediye Başkan Yardımcısı"),
    ]  # fmt: skip


def test_the_viewer_may_not_copy(viewer_client, superuser_client, afternoon):
    page = viewer_client.get(change_url(afternoon))
    assert page.status_code == 200
    assert "_copy_delegation" not in page.text
    assert "_copy_host_side" not in page.text
    from tests.admin_forms import form_data

    data = form_data(superuser_client.get(change_url(afternoon)))
    for button in ("_copy_delegation", "_copy_host_side"):
        assert viewer_client.post(change_url(afternoon), {**data, button: ["1"]}).status_code == 403
    # A GET copies nothing, whoever sends it.
    superuser_client.get(change_url(afternoon) + "?_copy_delegation=1&_copy_host_side=1")
    assert afternoon.participants.count() == 0


def test_the_copy_is_protected_against_cross_site_posts(editor, afternoon):
    from django.test import Client

    from tests.admin_forms import form_data

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    data = form_data(client.get(change_url(afternoon)))
    data.pop("csrfmiddlewaretoken")
    assert (
        client.post(change_url(afternoon), {**data, "_copy_delegation": ["1"]}).status_code == 403
    )
    assert afternoon.participants.count() == 0


def test_copied_participants_are_on_the_public_meeting_page_while_the_visit_is(
    editor_client, client, seed_visit, afternoon
):
    post_form(editor_client, change_url(afternoon), {"_copy_delegation": "1"})
    page = client.get(afternoon.get_absolute_url())
    assert "Dana Sadykova" in page.text and "Head of Tourism" in page.text
    turkish = client.get("/tr" + afternoon.get_absolute_url()[3:])
    assert "Turizm Dairesi Başkanı" in turkish.text
    seed_visit.is_published = False
    seed_visit.save()
    assert client.get(afternoon.get_absolute_url()).status_code == 404


# --- 2. The host side of the previous meeting ----------------------------------


def test_the_host_side_comes_from_the_previous_meeting(editor_client, seed_visit, afternoon):
    seed_meeting = seed_visit.meetings.get(start_time=datetime.time(10))
    response = post_form(
        editor_client, change_url(afternoon), {"_copy_host_side": "1"}, follow=True
    )
    assert participants(afternoon) == [
        ("Fahri Solak", "host", "Union of Turkish World Municipalities", "Secretary General",
         "Genel Sekreter"),
    ]  # fmt: skip
    assert f"1 host-side participant of “{seed_meeting}” was added." in response.text
    # Again: nobody twice.
    response = post_form(
        editor_client, change_url(afternoon), {"_copy_host_side": "1"}, follow=True
    )
    assert afternoon.participants.count() == 1
    assert "No participant was added: the host side of" in response.text


def test_the_previous_meeting_is_the_one_just_before_in_time(editor_client, seed_visit, afternoon):
    later = factories.meeting(
        visit=seed_visit, title_en="Dinner", date=DAY, start_time=datetime.time(19)
    )
    MeetingParticipant.objects.create(
        meeting=afternoon,
        person=factories.person(name="Ömer Arısoy"),
        side="host",
        organization=afternoon.host,
        title_en="Mayor",
        title_tr="Belediye Başkanı",
    )
    post_form(editor_client, change_url(later), {"_copy_host_side": "1"})
    assert [p[0] for p in participants(later)] == ["Ömer Arısoy"]


def test_the_first_meeting_has_no_host_side_to_copy(editor_client, seed_visit, afternoon):
    seed_meeting = seed_visit.meetings.get(start_time=datetime.time(10))
    before = participants(seed_meeting)
    response = post_form(
        editor_client, change_url(seed_meeting), {"_copy_host_side": "1"}, follow=True
    )
    assert "this is the visit&#x27;s first meeting" in response.text
    assert participants(seed_meeting) == before


def test_a_meeting_outside_a_visit_has_no_copy_buttons(editor_client):
    board = factories.meeting(visit=None, title_en="Board meeting")
    page = editor_client.get(change_url(board))
    assert page.status_code == 200
    assert "_copy_delegation" not in page.text


# --- 3. The host of a new meeting -----------------------------------------------


def test_a_new_meeting_comes_with_the_visits_host_and_says_so(editor_client, factories_visit):
    visit = factories_visit
    page = editor_client.get(add_url() + f"?visit={visit.pk}")
    form = page.context["adminform"].form
    assert form["host"].value() == visit.host_id
    assert form["date"].value() == visit.start_date
    notice = page.text[page.text.index('class="meeting-host-notice"') :][:600]
    assert f"Host: {visit.host}" in notice
    assert "the visit's host" in notice
    assert "Check it if this meeting was elsewhere." in notice


def test_a_second_meeting_of_the_day_comes_with_the_host_of_the_last_one(
    editor_client, factories_visit
):
    visit = factories_visit
    elsewhere = factories.organization(name_en="Ministry of Culture")
    factories.meeting(
        visit=visit, title_en="Call at the ministry", host=elsewhere, start_time=datetime.time(11)
    )
    factories.meeting(visit=visit, title_en="Breakfast", start_time=datetime.time(8))
    page = editor_client.get(add_url() + f"?visit={visit.pk}")
    assert page.context["adminform"].form["host"].value() == elsewhere.pk
    notice = " ".join(page.text[page.text.index('class="meeting-host-notice"') :][:600].split())
    assert "Host: Ministry of Culture" in notice
    assert "as at “Call at the ministry”, the last meeting of that day" in notice
    # On another day of the visit, nothing yet: the visit's host.
    page = editor_client.get(add_url() + f"?visit={visit.pk}&date=2021-11-14")
    assert page.context["adminform"].form["date"].value() == datetime.date(2021, 11, 14)
    assert page.context["adminform"].form["host"].value() == visit.host_id


def test_the_visit_form_offers_a_link_for_each_day(editor_client, factories_visit):
    page = editor_client.get(reverse("admin:visits_visit_change", args=[factories_visit.pk]))
    base = reverse("admin:visits_meeting_add") + f"?visit={factories_visit.pk}"
    assert f'href="{base}"' in page.text
    assert f'href="{base}&amp;date=2021-11-14"' in page.text
    assert f'href="{base}&amp;date=2021-11-15"' in page.text


@pytest.mark.parametrize(
    "query",
    [
        "?visit=99999999999999999999999",
        "?visit=9223372036854775808",
        "?visit=abc",
        "?visit=-1",
        "?visit={pk}&date=not-a-date",
        "?visit={pk}&date=2021-02-30",
        "?visit={pk}&date=1999-01-01",
        "?visit={pk}&host=abc",
    ],
)
def test_odd_add_links_are_ignored(editor_client, factories_visit, query):
    page = editor_client.get(add_url() + query.format(pk=factories_visit.pk))
    assert page.status_code == 200


def test_the_host_shows_above_a_meetings_form_in_turkish(editor_client, seed_visit):
    meeting = seed_visit.meetings.get()
    page = editor_client.get(change_url(meeting, "tr"))
    text = " ".join(page.text.split())
    assert "Ev sahibi: Türk Dünyası Belediyeler Birliği" in text
    assert "Toplantı başka bir yerde yapıldıysa bunu kontrol edin." in text
    assert "Kaydet ve ziyaretin heyetini katılımcılara kopyala" in text
    assert "Kaydet ve önceki toplantının ev sahibi tarafını kopyala" in text
    page = editor_client.get(add_url("tr") + f"?visit={seed_visit.pk}")
    assert "ziyaretin ev sahibi" in page.text


@pytest.fixture
def factories_visit(db):
    return factories.visit(
        title_en="Baku delegation", start_date=DAY, end_date=datetime.date(2021, 11, 15)
    )


# --- 4. The visit's meetings in time order -----------------------------------------


def test_the_visits_meetings_are_listed_in_time_order(editor_client, factories_visit):
    visit = factories_visit
    for title, day, hour in [
        ("Third, day two", 14, None),
        ("Second, day one afternoon", 13, 15),
        ("First, day one morning", 13, 9),
        ("Fourth, day three", 15, 10),
    ]:
        factories.meeting(
            visit=visit,
            title_en=title,
            date=datetime.date(2021, 11, day),
            start_time=datetime.time(hour) if hour else None,
        )
    page = editor_client.get(reverse("admin:visits_visit_change", args=[visit.pk]))
    inline = next(
        f for f in page.context["inline_admin_formsets"] if f.formset.prefix == "meetings"
    )
    assert [form.instance.title_en for form in inline.formset.forms] == [
        "First, day one morning",
        "Second, day one afternoon",
        "Third, day two",
        "Fourth, day three",
    ]


# --- Query budgets ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_meeting_forms_keep_their_query_budget(
    editor_client, seed_visit, afternoon, django_assert_max_num_queries, lang
):
    # The change form: session, user and their permissions, the meeting, its
    # host for the notice, the visit's label, the protocols' labels, per inline
    # its rows and one query per autocomplete field with a value (17 once the
    # participants are there). The add form: session and user, the visit with its host, that
    # day's meetings with their hosts, the labels of the visit and host.
    change, add = change_url(afternoon, lang), add_url(lang) + f"?visit={seed_visit.pk}"

    def pages():
        with django_assert_max_num_queries(17):
            assert editor_client.get(change).status_code == 200
        with django_assert_max_num_queries(8):
            assert editor_client.get(add).status_code == 200

    editor_client.get(change)  # warm: content types
    pages()
    # Many more meetings that day, delegation members and participants.
    for n in range(30):
        person = factories.person()
        DelegationMember.objects.create(
            visit=seed_visit, person=person, organization=seed_visit.guest, order=10 + n
        )
        factories.meeting(visit=seed_visit, date=DAY, start_time=datetime.time(11, n))
    post_form(editor_client, change, {"_copy_delegation": "1"})
    assert afternoon.participants.count() == 33
    pages()
