"""Fewer page loads entering a visit's meetings (issue 13): a new person typed
on a delegation or participant row, the copies ticked on the meeting form and
done by its save, and "Save and add another meeting to this visit". As the
Secretariat editor through the admin's own views; the Viewer refused."""

import datetime

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from municipalities.models import Person, Post
from municipalities.rowentry import people_named
from tests import factories
from tests.admin_forms import form_data, post_form
from visits.models import DelegationMember, Meeting, MeetingParticipant

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 11, 13)


def meeting_url(meeting):
    return reverse("admin:visits_meeting_change", args=[meeting.pk])


def visit_url(visit):
    return reverse("admin:visits_visit_change", args=[visit.pk])


def add_meeting_url(visit):
    return reverse("admin:visits_meeting_add") + f"?visit={visit.pk}"


def errors(response):
    """Every error message of the admin form in `response`, rows' included."""
    form = response.context["adminform"].form
    messages = [str(e) for errs in form.errors.values() for e in errs]
    for inline in response.context["inline_admin_formsets"]:
        messages += [str(e) for e in inline.formset.non_form_errors()]
        for form in inline.formset.forms:
            messages += [str(e) for errs in form.errors.values() for e in errs]
    return messages


@pytest.fixture
def seed_meeting(seed_visit):
    meeting = seed_visit.meetings.get()
    Meeting.objects.filter(pk=meeting.pk).update(start_time=datetime.time(10))
    return meeting


@pytest.fixture
def zeytinburnu(db):
    return factories.organization(name_en="Zeytinburnu Municipality (test)", country="TR")


def new_row(prefix, index, organization, name="Ruslan Bekov", **more):
    """The changes that type a new person on row `index` of the rows `prefix`."""
    row = {
        f"{prefix}-{index}-new_person": name,
        f"{prefix}-{index}-organization": str(organization.pk) if organization else "",
        f"{prefix}-{index}-title_en": "Head of Protocol",
        f"{prefix}-{index}-title_tr": "Protokol Müdürü",
    }
    row.update({f"{prefix}-{index}-{key}": value for key, value in more.items()})
    return row


# --- 1. A new person typed on the row --------------------------------------------


def test_the_editor_sees_the_new_person_box_right_after_the_person(editor_client, seed_meeting):
    page = editor_client.get(meeting_url(seed_meeting))
    form = page.context["inline_admin_formsets"][0].formset.forms[0]
    names = list(form.fields)
    assert names.index("new_person") == names.index("person") + 1
    assert "Or a new person" in page.text  # the column heading
    assert 'placeholder="New person’s name"' in page.text
    assert "add their posts on their page later" in page.text


def test_a_new_person_on_a_delegation_row_is_made_and_linked(editor, editor_client, seed_visit):
    union = seed_visit.host
    people = Person.objects.count()
    response = post_form(
        editor_client, visit_url(seed_visit), new_row("members", 1, union, "  Ruslan Bekov  ")
    )
    assert response.status_code == 302, errors(response)
    person = Person.objects.get(name="Ruslan Bekov")  # stripped as typed
    assert Person.objects.count() == people + 1
    assert person.slug == "ruslan-bekov"
    assert person.search_key.strip()
    member = DelegationMember.objects.get(visit=seed_visit, person=person)
    assert (member.organization, member.title_en, member.title_tr) == (
        union,
        "Head of Protocol",
        "Protokol Müdürü",
    )
    # No post invented: the row keeps the organisation and title of the day.
    assert not Post.objects.filter(person=person).exists()
    # The admin's log and the history name the editor, as the person's own form would.
    entry = LogEntry.objects.get(object_id=str(person.pk), content_type__model="person")
    assert (entry.user, entry.action_flag) == (editor, ADDITION)
    assert person.history.get().history_user == editor


def test_a_new_person_on_a_participant_row_is_made_and_linked(editor_client, seed_meeting):
    union = seed_meeting.host
    index = seed_meeting.participants.count()  # the empty row after the saved ones
    changes = new_row("participants", index, union, side="host")
    response = post_form(editor_client, meeting_url(seed_meeting), changes)
    assert response.status_code == 302, errors(response)
    row = seed_meeting.participants.get(person__name="Ruslan Bekov")
    assert (row.side, row.organization, row.title_en) == ("host", union, "Head of Protocol")


def test_an_office_row_gets_its_name_typed_later(editor_client, seed_visit):
    """A saved office row ("the Head of Protocol of X") named afterwards."""
    office = DelegationMember.objects.create(
        visit=seed_visit, organization=seed_visit.guest, title_en="Head of Protocol", order=2
    )
    response = post_form(
        editor_client, visit_url(seed_visit), {"members-1-new_person": "Ruslan Bekov"}
    )
    assert response.status_code == 302, errors(response)
    office.refresh_from_db()
    assert office.person.name == "Ruslan Bekov"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"members-1-person": "PERSON"},
            "Either pick a person or type a new name, not both.",
        ),
        (
            {"members-1-organization": ""},
            "A new person&#x27;s row needs the organisation they came from.",
        ),
        (
            {"members-1-title_en": "", "members-1-title_tr": ""},
            "A new person&#x27;s row needs their title on the day.",
        ),
        (
            {"members-1-group_size": "3", "members-1-group_description_en": "journalists"},
            "A group row names no person: leave the new name empty.",
        ),
        ({"members-1-new_person": " ?! "}, "Type a name with letters in it."),
    ],
    ids=["both", "no organisation", "no title", "a group", "no letters"],
)
def test_a_new_person_row_is_refused_with_a_message_and_nothing_is_saved(
    editor_client, seed_visit, changes, message
):
    other = factories.person(name="Dana Sadykova")
    changes = {key: str(other.pk) if v == "PERSON" else v for key, v in changes.items()}
    people, members = Person.objects.count(), DelegationMember.objects.count()
    data = {**new_row("members", 1, seed_visit.guest), **changes, "purpose_en": "Changed"}
    response = post_form(editor_client, visit_url(seed_visit), data)
    assert response.status_code == 200
    assert message in response.text
    assert response.text.count(message) == 1  # not also the office row's message
    assert (Person.objects.count(), DelegationMember.objects.count()) == (people, members)
    seed_visit.refresh_from_db()
    assert seed_visit.purpose_en != "Changed"


@pytest.mark.parametrize(
    "typed", ["Aliya Şalkarova", "ALIYA ŞALKAROVA", "aliya salkarova", "Aliya  Shalkarova"]
)
def test_a_name_already_in_the_directory_is_refused(editor_client, seed_meeting, typed):
    index = seed_meeting.participants.count()
    people, rows = Person.objects.count(), MeetingParticipant.objects.count()
    changes = new_row("participants", index, seed_meeting.host, typed, side="host")
    response = post_form(editor_client, meeting_url(seed_meeting), changes)
    assert response.status_code == 200
    assert (
        "Aliya Şalkarova is already in the directory: pick them in the person box." in response.text
    )
    assert (Person.objects.count(), MeetingParticipant.objects.count()) == (people, rows)


def test_a_name_typed_on_two_rows_is_refused(editor_client, seed_visit):
    url = visit_url(seed_visit)
    data = form_data(editor_client.get(url))
    data["members-TOTAL_FORMS"] = ["3"]
    for key in [k for k in data if k.startswith("members-1-")]:
        data[key.replace("-1-", "-2-")] = data[key]
    for index in (1, 2):
        for key, value in new_row("members", index, seed_visit.guest).items():
            data[key] = [value]
    people = Person.objects.count()
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "“Ruslan Bekov” is typed on two rows: type a new person once." in response.text
    assert Person.objects.count() == people


def test_the_directory_is_asked_once_for_all_the_names(seed_visit, django_assert_num_queries):
    factories.person(name="Ruslan Bekov", local_name="Руслан Беков")
    with django_assert_num_queries(1):
        found = people_named(["Ruslan Bekov", "Руслан Беков", "Aliya Salkarova", "Nobody Else"])
    assert sorted((key, person.name) for key, person in found.items()) == [
        ("aliya salkarova", "Aliya Şalkarova"),
        ("ruslan bakov", "Ruslan Bekov"),
    ]


def test_the_viewer_gets_no_box_and_may_not_post_one(viewer_client, superuser_client, seed_visit):
    page = viewer_client.get(visit_url(seed_visit))
    assert page.status_code == 200
    assert "new_person" not in page.text
    data = form_data(superuser_client.get(visit_url(seed_visit)))
    for key, value in new_row("members", 1, seed_visit.guest).items():
        data[key] = [value]
    assert viewer_client.post(visit_url(seed_visit), data).status_code == 403
    assert not Person.objects.filter(name="Ruslan Bekov").exists()


def test_without_the_right_to_add_people_the_box_is_absent(client, seed_visit):
    """An editor who may change visits but not add people: no box, and a
    name posted all the same makes nobody."""
    editors = Group.objects.get(name="Secretariat editor")
    limited = Group.objects.create(name="Editor without people")
    limited.permissions.set(editors.permissions.exclude(codename="add_person"))
    user = factories.staff("limited")
    user.groups.add(limited)
    client.force_login(user)
    page = client.get(visit_url(seed_visit))
    assert "new_person" not in page.text
    changes = new_row("members", 1, seed_visit.guest)
    response = post_form(client, visit_url(seed_visit), changes)
    # The name is no field of the form: the row is saved as an office.
    assert response.status_code == 302
    assert not Person.objects.filter(name="Ruslan Bekov").exists()
    assert seed_visit.members.filter(person=None, title_en="Head of Protocol").exists()


# --- 2. The copies, ticked, done by the save --------------------------------------


def test_the_boxes_are_under_the_participants_unticked(editor_client, seed_visit, seed_meeting):
    for url in (meeting_url(seed_meeting), add_meeting_url(seed_visit)):
        page = editor_client.get(url)
        data = form_data(page)
        assert "copy_delegation" not in data and "copy_host_side" not in data  # unticked
        assert "Copy the visit&#x27;s delegation into the participants (guest side)" in page.text
        assert "Copy the host side of the previous meeting" in page.text
    outside = factories.meeting(visit=None)
    page = editor_client.get(meeting_url(outside))
    assert "copy_delegation" not in page.text


def test_a_new_meeting_is_saved_with_both_copies_in_one_post(editor_client, seed_visit):
    seed_visit.meetings.update(start_time=datetime.time(10))
    changes = {
        "title_en": "Lunch with the Secretary General",
        "start_time": "13:00",
        "copy_delegation": "on",
        "copy_host_side": "on",
    }
    response = post_form(editor_client, add_meeting_url(seed_visit), changes)
    assert response.status_code == 302, errors(response)
    assert response.url == visit_url(seed_visit)  # a plain save returns to the visit
    meeting = Meeting.objects.get(title_en="Lunch with the Secretary General")
    assert sorted(meeting.participants.values_list("person__name", "side")) == [
        ("Aliya Şalkarova", "guest"),
        ("Fahri Solak", "host"),
    ]
    page = editor_client.get(response.url)
    text = page.text
    assert "1 member of the visit&#x27;s delegation was added to the participants" in text
    assert "1 host-side participant of" in text
    assert "The meeting “Lunch with the Secretary General” was saved." in text


def test_ticked_again_on_a_second_save_nobody_is_added_twice(editor_client, seed_visit):
    seed_visit.meetings.update(start_time=datetime.time(10))
    afternoon = factories.meeting(
        visit=seed_visit, host=factories.organization(), date=DAY, start_time=datetime.time(15)
    )
    ticked = {"copy_delegation": "on", "copy_host_side": "on", "_continue": "1"}
    post_form(editor_client, meeting_url(afternoon), ticked)
    assert afternoon.participants.count() == 2
    response = post_form(editor_client, meeting_url(afternoon), ticked, follow=True)
    assert afternoon.participants.count() == 2
    assert "No participant was added: everyone in the visit&#x27;s delegation" in response.text
    assert "No participant was added: the host side of" in response.text
    # Shown unticked again after the save.
    assert "copy_delegation" not in form_data(response)


def test_the_copy_comes_after_the_rows_typed_in_the_same_save(editor_client, seed_meeting):
    """A person typed on a row and the same person in the delegation: the
    row as typed is kept, the copy skips them (no duplicate, no error)."""
    salkarova = Person.objects.get(name="Aliya Şalkarova")
    seed_meeting.participants.filter(person=salkarova).delete()
    index = seed_meeting.participants.count()
    changes = {
        f"participants-{index}-person": str(salkarova.pk),
        f"participants-{index}-side": "other",
        "copy_delegation": "on",
    }
    response = post_form(editor_client, meeting_url(seed_meeting), changes)
    assert response.status_code == 302, errors(response)
    assert list(
        seed_meeting.participants.filter(person=salkarova).values_list("side", flat=True)
    ) == ["other"]


def test_a_button_and_a_box_copy_once(editor_client, seed_visit):
    afternoon = factories.meeting(visit=seed_visit, host=factories.organization(), date=DAY)
    changes = {"copy_delegation": "on", "_copy_delegation": "1"}
    response = post_form(editor_client, meeting_url(afternoon), changes, follow=True)
    assert afternoon.participants.count() == 1
    assert "No participant was added" not in response.text


def test_a_refused_form_copies_nothing(editor_client, seed_visit):
    afternoon = factories.meeting(visit=seed_visit, host=factories.organization(), date=DAY)
    changes = {"copy_delegation": "on", "date": ""}
    assert post_form(editor_client, meeting_url(afternoon), changes).status_code == 200
    assert afternoon.participants.count() == 0


def test_the_viewer_may_not_copy_by_box(viewer_client, superuser_client, seed_visit):
    afternoon = factories.meeting(visit=seed_visit, host=factories.organization(), date=DAY)
    assert "copy_delegation" not in viewer_client.get(meeting_url(afternoon)).text
    data = form_data(superuser_client.get(meeting_url(afternoon)))
    data["copy_delegation"] = ["on"]
    assert viewer_client.post(meeting_url(afternoon), data).status_code == 403
    assert afternoon.participants.count() == 0


# --- 3. Save and add another meeting to this visit --------------------------------


def test_save_and_add_another_meeting_opens_the_next_add_form(editor_client, seed_meeting):
    visit = seed_meeting.visit
    page = editor_client.get(meeting_url(seed_meeting))
    assert 'name="_addmeeting"' in page.text
    assert 'value="Save and add another meeting to this visit"' in page.text
    response = post_form(editor_client, meeting_url(seed_meeting), {"_addmeeting": "1"})
    assert response.status_code == 302
    assert response.url == add_meeting_url(visit)  # as the visit's "Add a meeting" link
    page = editor_client.get(response.url)
    assert "The meeting “" in page.text and "was saved." in page.text
    assert str(page.context["adminform"].form["visit"].value()) == str(visit.pk)
    # The host of that day's last meeting, as the link's add form has it.
    assert page.context["adminform"].form["host"].value() == seed_meeting.host_id


def test_save_and_add_another_from_the_add_form_of_a_later_day(editor_client, seed_visit):
    seed_visit.end_date = DAY + datetime.timedelta(days=2)
    seed_visit.save()
    later = DAY + datetime.timedelta(days=1)
    url = add_meeting_url(seed_visit) + f"&date={later.isoformat()}"
    changes = {"title_en": "Visit to the Grand Bazaar", "_addmeeting": "1"}
    response = post_form(editor_client, url, changes)
    assert response.status_code == 302, errors(response)
    assert Meeting.objects.get(title_en="Visit to the Grand Bazaar").date == later
    assert response.url == url  # the add form of the same day


def test_no_add_another_meeting_button_outside_a_visit_nor_for_the_viewer(
    editor_client, viewer_client, seed_meeting
):
    outside = factories.meeting(visit=None)
    assert "_addmeeting" not in editor_client.get(meeting_url(outside)).text
    assert "_addmeeting" not in viewer_client.get(meeting_url(seed_meeting)).text


def test_a_new_person_the_delegation_and_the_next_meeting_in_one_post(editor_client, seed_visit):
    """The browser test's path, in the test client: one POST makes the
    meeting, its new host-side person and its guest side, then opens the
    next meeting's form."""
    changes = {
        "title_en": "Lunch with the Secretary General",
        **new_row("participants", 0, seed_visit.host, side="host"),
        "copy_delegation": "on",
        "_addmeeting": "1",
    }
    response = post_form(editor_client, add_meeting_url(seed_visit), changes)
    assert response.status_code == 302, errors(response)
    assert response.url == add_meeting_url(seed_visit)
    meeting = Meeting.objects.get(title_en="Lunch with the Secretary General")
    assert sorted(meeting.participants.values_list("person__name", "side")) == [
        ("Aliya Şalkarova", "guest"),
        ("Ruslan Bekov", "host"),
    ]


# --- 4. From the visit straight to its meeting; a new signatory typed on the row --


def test_save_and_add_a_meeting_from_the_visit_form(editor_client, viewer_client, seed_visit):
    page = editor_client.get(visit_url(seed_visit))
    assert 'value="Save and add a meeting to this visit"' in page.text
    response = post_form(editor_client, visit_url(seed_visit), {"_addmeeting": "1"})
    assert response.status_code == 302, errors(response)
    assert response.url == add_meeting_url(seed_visit)  # the visit's own "Add a meeting" link
    page = editor_client.get(response.url)
    assert "was saved; now its meeting." in page.text
    assert str(page.context["adminform"].form["visit"].value()) == str(seed_visit.pk)
    # A new visit too: saved, then its first meeting's form.
    add = reverse("admin:visits_visit_add")
    changes = {
        "title_en": "A second visit",
        "slug": "a-second-visit",
        "guest": str(seed_visit.guest_id),
        "host": str(seed_visit.host_id),
        "start_date": "2021-11-20",
        "_addmeeting": "1",
    }
    response = post_form(editor_client, add, changes)
    assert response.status_code == 302, errors(response)
    from visits.models import Visit

    second = Visit.objects.get(slug="a-second-visit")
    assert response.url == add_meeting_url(second)
    # The viewer has no such button (and no save at all).
    assert "_addmeeting" not in viewer_client.get(visit_url(seed_visit)).text


def test_a_new_signatory_is_typed_on_the_protocol_form(editor, editor_client, seed_visit):
    from municipalities.models import Protocol

    protocol = Protocol.objects.order_by("pk").first()
    url = reverse("admin:municipalities_protocol_change", args=[protocol.pk])
    index = protocol.signatories.count()
    changes = {
        f"signatories-{index}-new_person": "Ruslan Bekov",
        f"signatories-{index}-organization": str(protocol.party_b_id),
        f"signatories-{index}-title_en": "Akim",
        f"signatories-{index}-title_tr": "Akim",
        f"signatories-{index}-order": "9",
        "signatories-TOTAL_FORMS": str(index + 1),
    }
    response = post_form(editor_client, url, changes)
    assert response.status_code == 302, errors(response)
    signatory = protocol.signatories.get(person__name="Ruslan Bekov")
    assert (signatory.organization_id, signatory.title_en) == (protocol.party_b_id, "Akim")
    assert LogEntry.objects.filter(
        object_id=str(signatory.person_id), content_type__model="person", user=editor
    ).exists()
    # Typed again: the directory has them now.
    changes[f"signatories-{index + 1}-new_person"] = "Ruslan Bekov"
    changes[f"signatories-{index + 1}-organization"] = str(protocol.party_b_id)
    changes[f"signatories-{index + 1}-title_en"] = "Akim"
    changes[f"signatories-{index + 1}-order"] = "10"
    changes["signatories-TOTAL_FORMS"] = str(index + 2)
    del changes[f"signatories-{index}-new_person"]
    response = post_form(editor_client, url, changes)
    assert response.status_code == 200
    assert any("already in the directory" in e for e in errors(response))
    assert protocol.signatories.filter(person__name="Ruslan Bekov").count() == 1


def test_a_signatory_row_names_someone(editor_client, seed_visit):
    from municipalities.models import Protocol

    protocol = Protocol.objects.order_by("pk").first()
    url = reverse("admin:municipalities_protocol_change", args=[protocol.pk])
    index = protocol.signatories.count()
    signatories = protocol.signatories.count()
    changes = {
        f"signatories-{index}-organization": str(protocol.party_b_id),
        f"signatories-{index}-title_en": "Akim",
        f"signatories-{index}-order": "9",
        "signatories-TOTAL_FORMS": str(index + 1),
    }
    response = post_form(editor_client, url, changes)
    assert response.status_code == 200
    assert "Pick the person, or type a new name beside." in errors(response)
    assert protocol.signatories.count() == signatories
