"""The secretariat's admin: checks with clear messages, titles from posts, roles,
history and revert, refusal of a stale save, actions and the dashboard."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from municipalities.models import Organization, Person, Protocol
from tests import factories
from tests.admin_forms import form_data, post_form
from tests.factories import STAFF_PASSWORD, staff
from visits.models import Decision, Meeting, MeetingParticipant, Visit

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def errors(response):
    assert response.status_code == 200, response.status_code
    adminform = response.context["adminform"]
    found = [str(e) for e in adminform.form.non_field_errors()]
    found += [f"{name}: {e}" for name, errs in adminform.form.errors.items() for e in errs]
    for formset in response.context["inline_admin_formsets"]:
        found += [str(e) for e in formset.formset.non_form_errors()]
        for form_errors in formset.formset.errors:
            found += [f"{n}: {e}" for n, errs in form_errors.items() for e in errs]
    return " | ".join(found)


# --- Checks with clear messages ---


def test_a_meeting_outside_its_visits_dates_is_refused(editor_client, seed_visit):
    meeting = seed_visit.meetings.get()
    response = post_form(editor_client, change_url(meeting), {"date": "2021-11-20"})
    assert "outside its visit (13 November 2021)" in errors(response)
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2021, 11, 13)


def test_a_participant_listed_twice_is_refused(editor_client, seed_visit):
    meeting = seed_visit.meetings.get()
    url = change_url(meeting)
    data = form_data(editor_client.get(url))
    solak = Person.objects.get(name="Fahri Solak")
    data.update(
        {
            "participants-2-side": ["host"],
            "participants-2-order": ["2"],
            "participants-2-person": [str(solak.pk)],
            "participants-2-meeting": [str(meeting.pk)],
        }
    )
    response = editor_client.post(url, data)
    assert "duplicate" in errors(response).lower()
    assert meeting.participants.count() == 2


def test_a_decision_due_before_its_meeting_is_refused(editor_client, seed_visit):
    meeting = seed_visit.meetings.get()
    url = change_url(meeting)
    data = form_data(editor_client.get(url))
    data.update(
        {
            "decisions-TOTAL_FORMS": ["1"],
            "decisions-0-order": ["1"],
            "decisions-0-status": ["open"],
            "decisions-0-text_en": ["Exchange city management experts."],
            "decisions-0-due_date": ["2021-10-01"],
            "decisions-0-due_date_precision": ["month"],
            "decisions-0-meeting": [str(meeting.pk)],
        }
    )
    response = editor_client.post(url, data)
    assert "cannot be due before the meeting" in errors(response)
    assert not Decision.objects.exists()

    data["decisions-0-due_date"] = ["2021-11-01"]  # November 2021: the meeting's month
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert Decision.objects.get().due_date_display == "November 2021"


def add_protocol(client, **fields):
    url = reverse("admin:municipalities_protocol_add")
    data = form_data(client.get(url))
    data.update({key: [str(value)] for key, value in fields.items()})
    return client.post(url, data)


def test_protocol_checks_on_the_form(editor_client, seed_visit):
    zeytinburnu = Organization.objects.get(slug="zeytinburnu-municipality")
    turkistan = seed_visit.guest
    before = Protocol.objects.count()

    response = add_protocol(
        editor_client, kind="friendship", status="proposed", party_a=turkistan.pk,
        party_b=turkistan.pk,
    )  # fmt: skip
    assert "two different organisations" in errors(response)

    response = add_protocol(
        editor_client, kind="sister_city", status="proposed", party_a=turkistan.pk,
        party_b=zeytinburnu.pk,
    )  # fmt: skip
    assert "already have an open protocol of this kind" in errors(response)

    response = add_protocol(
        editor_client, kind="friendship", status="signed", party_a=turkistan.pk,
        party_b=zeytinburnu.pk,
    )  # fmt: skip
    assert "needs its signing date" in errors(response)
    assert Protocol.objects.count() == before

    response = add_protocol(
        editor_client, kind="friendship", status="signed", party_a=turkistan.pk,
        party_b=zeytinburnu.pk, signed_date="2022-03-01",
    )  # fmt: skip
    assert response.status_code == 302
    assert Protocol.objects.count() == before + 1


def test_organisation_and_title_come_from_the_post_on_the_day(editor_client, seed_visit):
    meeting = seed_visit.meetings.get()
    meeting.participants.all().delete()
    url = change_url(meeting)
    data = form_data(editor_client.get(url))
    solak = Person.objects.get(name="Fahri Solak")
    data.update(
        {
            "participants-TOTAL_FORMS": ["1"],
            "participants-0-side": ["host"],
            "participants-0-order": ["1"],
            "participants-0-person": [str(solak.pk)],
            "participants-0-organization": [""],
            "participants-0-title_en": [""],
            "participants-0-title_tr": [""],
            "participants-0-meeting": [str(meeting.pk)],
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, errors(response)
    participant = MeetingParticipant.objects.get(meeting=meeting)
    assert (participant.organization.slug, participant.title_en, participant.title_tr) == (
        "tdbb",
        "Secretary General",
        "Genel Sekreter",
    )


def test_a_person_without_a_post_that_day_needs_an_organisation(editor_client, seed_visit):
    meeting = seed_visit.meetings.get()
    url = change_url(meeting)
    data = form_data(editor_client.get(url))
    newcomer = factories.person(name="Nurlan Abenov")
    data.update(
        {
            "participants-2-side": ["guest"],
            "participants-2-order": ["2"],
            "participants-2-person": [str(newcomer.pk)],
            "participants-2-meeting": [str(meeting.pk)],
        }
    )
    response = editor_client.post(url, data)
    assert "Nurlan Abenov held no recorded post on 13 November 2021" in errors(response)


def test_add_meeting_from_a_visit_comes_prefilled(editor_client, seed_visit):
    visit_page = editor_client.get(change_url(seed_visit))
    link = reverse("admin:visits_meeting_add") + f"?visit={seed_visit.pk}"
    assert link in visit_page.text
    form = editor_client.get(link).context["adminform"].form
    assert form.initial["host"] == seed_visit.host_id
    assert form.initial["date"] == seed_visit.start_date
    assert (form.initial["city_en"], form.initial["city_tr"]) == ("Istanbul", "İstanbul")


def test_a_board_meeting_outside_any_visit_needs_a_host(editor_client, home):
    url = reverse("admin:visits_meeting_add")
    data = form_data(editor_client.get(url))
    data.update({"title_en": ["Executive Board"], "kind": ["board"], "date": ["2022-05-04"]})
    response = editor_client.post(url, data)
    assert "Choose the host" in errors(response)
    data["host"] = [str(home.pk)]
    assert editor_client.post(url, data).status_code == 302
    assert Meeting.objects.standalone().get().host == home


# --- Roles ---


def test_editor_enters_records_but_cannot_delete_organisations_or_manage_users(
    client, editor, seed_visit
):
    client.force_login(editor)
    assert client.get(reverse("admin:visits_visit_add")).status_code == 200
    assert client.get(change_url(seed_visit.meetings.get())).status_code == 200
    turkistan = seed_visit.guest
    url = reverse("admin:municipalities_organization_delete", args=[turkistan.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    person = Person.objects.first()
    url = reverse("admin:municipalities_person_delete", args=[person.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    response = post_form(client, change_url(seed_visit), {"title_en": "Turkistan visit"})
    assert response.status_code == 302
    assert Organization.objects.filter(pk=turkistan.pk).exists()


def test_viewer_sees_everything_and_changes_nothing(client, seed_visit):
    client.force_login(staff("viewer", "Viewer"))
    assert client.get(reverse("admin:visits_visit_changelist")).status_code == 200
    response = client.get(change_url(seed_visit))
    assert response.status_code == 200
    assert "Save" not in response.text.split('id="visit_form"')[1]
    data = form_data(response)
    data["title_en"] = ["Changed by a viewer"]
    assert client.post(change_url(seed_visit), data).status_code == 403
    assert client.get(reverse("admin:visits_visit_add")).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    seed_visit.refresh_from_db()
    assert seed_visit.title_en == "Turkistan Municipality delegation visits TDBB"


def test_a_login_without_staff_status_gets_nothing(client, seed_visit):
    user = get_user_model().objects.create_user("reader", password=STAFF_PASSWORD)
    user.groups.add(Group.objects.get(name="Secretariat editor"))
    client.force_login(user)
    for url in (reverse("admin:index"), change_url(seed_visit)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


# --- History and revert ---


def test_every_change_is_kept_with_who_and_can_be_reverted(editor_client, editor, seed_visit):
    url = change_url(seed_visit)
    response = post_form(editor_client, url, {"title_en": "A wrong title"})
    assert response.status_code == 302
    seed_visit.refresh_from_db()
    assert seed_visit.title_en == "A wrong title"

    latest, original = seed_visit.history.all()[:2]
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert "title_en" in latest.diff_against(original).changed_fields

    history_url = reverse("admin:visits_visit_history", args=[seed_visit.pk])
    history_page = editor_client.get(history_url)
    assert history_page.status_code == 200
    assert "editor" in history_page.text

    revert_url = history_url + f"{original.history_id}/"
    assert editor_client.get(revert_url).status_code == 200
    response = post_form(editor_client, revert_url)
    assert response.status_code == 302
    seed_visit.refresh_from_db()
    assert seed_visit.title_en == "Turkistan Municipality delegation visits TDBB"
    assert seed_visit.history.count() == 3

    for bad in ("1/change/history/", "abc/history/", "1/history/xyz/"):
        response = editor_client.get(reverse("admin:visits_visit_changelist") + bad)
        assert response.status_code in (302, 404), bad


# --- Two editors at once ---


def test_a_stale_save_is_refused_with_what_the_other_changed(client, editor, seed_visit):
    meeting = seed_visit.meetings.get()
    url = change_url(meeting)
    other = staff("colleague", "Secretariat editor")

    client.force_login(editor)
    mine = form_data(client.get(url))  # I open the form…

    colleague = type(client)()
    colleague.force_login(other)
    response = post_form(colleague, url, {"venue_en": "Union headquarters, Fatih"})
    assert response.status_code == 302  # …a colleague saves first…

    mine["title_en"] = ["My new title"]
    response = client.post(url, mine)  # …and my save is refused.
    message = errors(response)
    assert "colleague saved this record" in message
    assert "TDBB headquarters" in message and "Union headquarters, Fatih" in message
    assert "Your changes were not saved" in message
    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.venue_en) == (
        "Deputy Mayor Aliya Şalkarova meets Secretary General Fahri Solak",
        "Union headquarters, Fatih",
    )

    response = post_form(client, url, {"title_en": "My new title"})  # reopened: fine
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title_en, meeting.venue_en) == ("My new title", "Union headquarters, Fatih")


# --- Actions ---


def test_publishing_a_visit_publishes_its_meetings_together(editor_client, seed_visit):
    changelist = reverse("admin:visits_visit_changelist")
    meeting = seed_visit.meetings.get()
    response = editor_client.post(
        changelist, {"action": "unpublish_visits", "_selected_action": [seed_visit.pk]}
    )
    assert response.status_code == 302
    seed_visit.refresh_from_db()
    meeting.refresh_from_db()
    assert not seed_visit.is_published and not meeting.is_published
    assert not Meeting.objects.published().exists()

    editor_client.post(
        changelist, {"action": "publish_visits", "_selected_action": [seed_visit.pk]}
    )
    seed_visit.refresh_from_db()
    assert seed_visit.is_published and seed_visit.published_at is not None
    assert list(Meeting.objects.published()) == [meeting]
    assert seed_visit.history.first().history_user.username == "editor"


def test_marking_decisions_done(editor_client, seed_visit):
    meeting = seed_visit.meetings.get()
    decision = Decision.objects.create(meeting=meeting, text_en="Share programmes.")
    editor_client.post(
        reverse("admin:visits_decision_changelist"),
        {"action": "mark_decisions_done", "_selected_action": [decision.pk]},
    )
    decision.refresh_from_db()
    assert decision.status == "done" and decision.completed_on is not None


def test_the_selection_exports_as_csv(editor_client, seed_visit):
    response = editor_client.post(
        reverse("admin:municipalities_organization_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(Organization.objects.values_list("pk", flat=True)),
        },
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "Short name", "Kind"]
    names = {row[0] for row in rows[1:]}
    assert {"Üsküdar Municipality", "Turkistan Municipality"} <= names
    assert len(rows) == Organization.objects.count() + 1


def test_csv_cells_that_look_like_formulas_are_quoted(editor_client, db):
    factories.organization(name_en='=HYPERLINK("http://evil")')
    response = editor_client.post(
        reverse("admin:municipalities_organization_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(Organization.objects.values_list("pk", flat=True)),
        },
    )
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


# --- Dashboard and lists ---


def test_dashboard_shows_what_needs_attention_with_links(
    editor_client, seed_visit, django_assert_max_num_queries
):
    today = datetime.date.today()
    upcoming = factories.visit(title_en="Baku delegation", start_date=today)
    meeting = seed_visit.meetings.get()
    Decision.objects.create(meeting=meeting, text_en="Overdue", due_date=datetime.date(2022, 1, 1))
    Decision.objects.create(
        meeting=meeting, text_en="Later", due_date=today.replace(year=today.year + 1)
    )
    factories.meeting(visit=upcoming, date=today)  # no summary, but not held yet
    factories.meeting(visit=None, date=datetime.date(2022, 5, 4))  # held, no summary

    # 14, the site version, and (not yet kept for this version) one count per
    # kind of record of the missing-translations panel (7).
    with django_assert_max_num_queries(22):
        response = editor_client.get(reverse("admin:index"))
    text = " ".join(response.text.split())
    assert "Baku delegation" in text
    assert "<strong>1</strong> meeting held without a summary" in text
    assert "<strong>2</strong> open decisions" in text
    assert "<strong>1</strong> overdue decision" in text
    assert "<strong>2</strong> protocols proposed or awaiting signature" in text

    for query, expected in [
        ("admin:visits_visit_changelist", "?when=upcoming"),
        ("admin:visits_meeting_changelist", "?summary=missing&amp;when=past"),
        ("admin:visits_decision_changelist", "?due=overdue"),
        ("admin:municipalities_protocol_changelist", "?status__in=proposed,planned"),
    ]:
        assert reverse(query) + expected in response.text
    overdue = editor_client.get(reverse("admin:visits_decision_changelist") + "?due=overdue")
    assert [d.text_en for d in overdue.context["cl"].result_list] == ["Overdue"]
    planned = editor_client.get(
        reverse("admin:municipalities_protocol_changelist") + "?status__in=proposed,planned"
    )
    assert planned.context["cl"].result_count == 2


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("admin:visits_visit_changelist", lambda: factories.meeting()),
        ("admin:visits_meeting_changelist", lambda: factories.meeting()),
        ("admin:municipalities_organization_changelist", lambda: factories.organization()),
        ("admin:municipalities_protocol_changelist", lambda: factories.protocol()),
        ("admin:municipalities_person_changelist", lambda: factories.post()),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_changelist_queries_do_not_grow_with_rows(
    superuser_client, url, make, django_assert_num_queries
):
    for _ in range(3):
        make()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    superuser_client.get(reverse(url))  # warm: content types, session
    with CaptureQueriesContext(connection) as few:
        assert superuser_client.get(reverse(url)).status_code == 200
    for _ in range(40):
        make()
    with django_assert_num_queries(len(few)):
        assert superuser_client.get(reverse(url)).status_code == 200


def test_meeting_form_with_30_inline_rows_has_a_query_budget(
    superuser_client, seed_visit, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from visits.models import Statement

    meeting = seed_visit.meetings.get()
    org = meeting.host

    def add_rows(count):
        for n in range(count):
            person = factories.person()
            MeetingParticipant.objects.create(
                meeting=meeting, person=person, side="host", organization=org, order=n
            )
            Statement.objects.create(
                meeting=meeting, speaker=person, organization=org, text_en="Thank you.", order=n
            )

    superuser_client.get(change_url(meeting))  # warm: content types, session
    with CaptureQueriesContext(connection) as few:
        superuser_client.get(change_url(meeting))
    add_rows(15)  # 30 more rows: 17 participants and 18 statements in all
    # Session and user; the meeting; per inline its rows (joined with their
    # relations) and one query per autocomplete field for the selected labels;
    # the visit's and host's labels; the protocols linked from the agenda.
    with django_assert_num_queries(len(few)):
        response = superuser_client.get(change_url(meeting))
    assert response.status_code == 200
    assert len(few) <= 25


def test_the_admin_search_finds_visits_by_folded_names(editor_client, seed_visit):
    response = editor_client.get(reverse("admin:visits_visit_changelist"), {"q": "TÜRKİSTAN"})
    assert list(response.context["cl"].result_list) == [seed_visit]
    assert Visit.objects.count() == 1


# --- Uploads through the form ---


def _jpeg(size=(64, 48)):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, "JPEG")
    return out.getvalue()


def _png():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return out.getvalue()


def _bomb_png():
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    return out.getvalue()


BAD_UPLOADS = {
    "truncated JPEG": ("family.jpg", lambda: _jpeg((400, 300))[:600], "damaged"),
    "PNG renamed .jpg": ("family.jpg", _png, "says .jpg but it is a PNG"),
    "SVG": (
        "family.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "Only JPEG, PNG or WebP images are accepted",
    ),
    "20,000 x 20,000 pixels": ("family.png", _bomb_png, "larger than 40 megapixels"),
    "empty file": ("family.jpg", lambda: b"", "empty"),
}


def files_in(folder):
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.mark.parametrize("kind", BAD_UPLOADS)
def test_a_bad_photo_is_refused_and_nothing_is_stored(editor_client, seed_visit, settings, kind):
    from django.core.files.uploadedfile import SimpleUploadedFile

    name, content, message = BAD_UPLOADS[kind]
    meeting = seed_visit.meetings.get()
    url = change_url(meeting)
    data = form_data(editor_client.get(url))
    data.update(
        {
            "photos-TOTAL_FORMS": ["1"],
            "photos-0-order": ["1"],
            "photos-0-caption_en": ["Family photo"],
            "photos-0-meeting": [str(meeting.pk)],
            "photos-0-image": SimpleUploadedFile(name, content()),
        }
    )
    response = editor_client.post(url, data)
    assert message in errors(response)
    assert not meeting.photos.exists()
    assert files_in(settings.MEDIA_ROOT) == []


def test_a_good_photo_is_stored_upright_without_location_and_thumbnailed(
    editor_client, seed_visit, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6  # shot on its side
    exif.get_ifd(0x8825)[2] = (41.0, 0.0, 0.0)  # a GPS latitude
    raw = io.BytesIO()
    Image.new("RGB", (120, 80), "teal").save(raw, "JPEG", exif=exif)

    meeting = seed_visit.meetings.get()
    url = change_url(meeting)
    data = form_data(editor_client.get(url))
    data.update(
        {
            "photos-TOTAL_FORMS": ["1"],
            "photos-0-order": ["1"],
            "photos-0-caption_en": ["Family photo"],
            "photos-0-meeting": [str(meeting.pk)],
            "photos-0-image": SimpleUploadedFile("family.jpg", raw.getvalue()),
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, errors(response)
    photo = meeting.photos.get()
    with Image.open(photo.image.path) as stored:
        assert stored.size == (80, 120)
        assert not stored.getexif()
    with Image.open(photo.thumbnail.path) as thumb:
        assert max(thumb.size) <= 480
    thumbnail = photo.thumbnail.name
    photo.caption_en = "Family photo at the Union"
    photo.save()
    assert photo.thumbnail.name == thumbnail  # made once
    assert len(files_in(settings.MEDIA_ROOT)) == 2


def test_a_protocol_document_must_be_a_pdf(editor_client, seed_visit, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    protocol = Protocol.objects.first()
    url = change_url(protocol)
    data = form_data(editor_client.get(url))
    data["document"] = SimpleUploadedFile("protocol.pdf", _png())
    assert "not a PDF" in errors(editor_client.post(url, data))
    assert files_in(settings.MEDIA_ROOT) == []
    data = form_data(editor_client.get(url))
    data["document"] = SimpleUploadedFile("protocol.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n")
    assert editor_client.post(url, data).status_code == 302
    protocol.refresh_from_db()
    assert protocol.document.name.endswith(".pdf")


# --- Logins ---


def test_repeated_failed_logins_lock_out_that_user_from_that_address(client, editor):
    login = reverse("admin:login")
    statuses = [
        client.post(login, {"username": "editor", "password": "wrong password!"}).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
    response = client.post(login, {"username": "editor", "password": STAFF_PASSWORD})
    assert response.status_code == 429
    assert "Too many failed logins" in response.text
    # A colleague behind the same address still gets in.
    colleague = staff("colleague", "Viewer")
    response = client.post(login, {"username": colleague.username, "password": STAFF_PASSWORD})
    assert response.status_code == 302


def test_passwords_need_twelve_characters():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Tr0ub4dor&3")
    validate_password("correct horse battery staple")


def test_a_new_visit_with_its_head_of_delegation_takes_the_title_from_the_post(
    editor_client, seed_visit
):
    url = reverse("admin:visits_visit_add")
    data = form_data(editor_client.get(url))
    salkarova = Person.objects.get(name="Aliya Şalkarova")
    data.update(
        {
            "title_en": ["Turkistan delegation returns"],
            "guest": [str(seed_visit.guest_id)],
            "host": [str(seed_visit.host_id)],
            "start_date": ["2022-03-21"],
            "status": ["planned"],
            "members-0-order": ["1"],
            "members-0-person": [str(salkarova.pk)],
            "members-0-role": ["head"],
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, errors(response)
    member = Visit.objects.get(title_en="Turkistan delegation returns").members.get()
    assert (member.organization, member.title_en) == (seed_visit.guest, "Deputy Mayor")
