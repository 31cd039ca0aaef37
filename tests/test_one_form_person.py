"""One form for a new person with their post at a new organisation (issue 13),
and a new host organisation on the visit and meeting forms, without a popup.

The admin forms are posted as a browser would (tests/admin_forms.py), by the
Secretariat editor; a Viewer, and an editor who may not add organisations, are
refused."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from municipalities.models import Organization, Person, Post
from tests import factories
from tests.admin_forms import form_data, post_form
from visits.models import Meeting, Visit

pytestmark = pytest.mark.django_db

PERSON_ADD = reverse("admin:municipalities_person_add")

MEHMET = {
    "name": "Mehmet Özer",
    "post_title_en": "Mayor",
    "post_title_tr": "Belediye Başkanı",
    "new_post_organization_name_en": "Kayseri Metropolitan Municipality",
    "new_post_organization_name_tr": "Kayseri Büyükşehir Belediyesi",
    "new_post_organization_kind": "metropolitan",
    "new_post_organization_country": "TR",
}


def counts():
    return Organization.objects.count(), Person.objects.count(), Post.objects.count()


def errors(response):
    """The form's errors by field, as the admin shows them."""
    assert response.status_code == 200, response.status_code
    form = response.context["adminform"].form
    return {name: [str(e) for e in errs] for name, errs in form.errors.items()}


# --- The person's add form -----------------------------------------------------


def test_the_add_form_has_the_post_and_a_collapsed_new_organisation(editor_client, seed_visit):
    response = editor_client.get(PERSON_ADD)
    html = response.text
    assert response.status_code == 200
    for name in (*MEHMET, "post_organization", "post_start_date", "new_post_organization_parent"):
        assert f'name="{name}"' in html, name
    # Collapsed behind its toggle, above the posts inline.
    assert "<details><summary>" in html
    assert html.index("new_post_organization_name_en") < html.index('id="posts-group"')
    # The organisation boxes look like the admin's others: select2 autocomplete.
    assert 'data-model-name="post"' in html and 'data-field-name="organization"' in html
    assert 'class="country-select"' in html


def test_a_new_person_with_a_post_at_a_new_organisation_in_one_post(editor, editor_client):
    before = counts()
    response = post_form(editor_client, PERSON_ADD, {**MEHMET, "post_start_date": "2024-04-01"})
    assert response.status_code == 302, errors(response)
    assert counts() == (before[0] + 1, before[1] + 1, before[2] + 1)

    kayseri = Organization.objects.get(name_en="Kayseri Metropolitan Municipality")
    assert (kayseri.name_tr, kayseri.kind, kayseri.country.code) == (
        "Kayseri Büyükşehir Belediyesi",
        "metropolitan",
        "TR",
    )
    assert kayseri.slug == "kayseri-metropolitan-municipality"
    person = Person.objects.get(name="Mehmet Özer")
    post = person.posts.get()
    assert (post.organization, post.title_en, post.title_tr, str(post.start_date)) == (
        kayseri,
        "Mayor",
        "Belediye Başkanı",
        "2024-04-01",
    )
    # History and the admin's log, by the editor, for the organisation too.
    for record in (kayseri, person, post):
        created = record.history.get()
        assert (created.history_type, created.history_user) == ("+", editor)
    for record in (kayseri, person):
        entry = LogEntry.objects.get(
            object_id=str(record.pk), content_type__model=record._meta.model_name
        )
        assert (entry.action_flag, entry.user) == (ADDITION, editor)
    person_entry = LogEntry.objects.get(content_type__model="person")
    assert "Mayor, Kayseri Metropolitan Municipality" in person_entry.get_change_message()


def test_an_existing_organisation_and_a_second_post_in_the_inline(editor_client, seed_visit):
    union = Organization.objects.get(short_name="TDBB")
    kayseri = factories.organization(name_en="Kayseri Metropolitan Municipality")
    response = post_form(
        editor_client,
        PERSON_ADD,
        {
            "name": "Mehmet Özer",
            "post_title_en": "Mayor",
            "post_organization": str(kayseri.pk),
            "posts-0-organization": str(union.pk),
            "posts-0-title_en": "President",
        },
    )
    assert response.status_code == 302, errors(response)
    person = Person.objects.get(name="Mehmet Özer")
    assert sorted(person.posts.values_list("title_en", "organization__name_en")) == [
        ("Mayor", "Kayseri Metropolitan Municipality"),
        ("President", "Union of Turkish World Municipalities"),
    ]


def test_a_person_without_a_post_is_still_allowed(editor_client):
    response = post_form(editor_client, PERSON_ADD, {"name": "Mehmet Özer"})
    assert response.status_code == 302, errors(response)
    assert not Person.objects.get(name="Mehmet Özer").posts.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"post_organization": "EXISTING"},
            "new_post_organization_name_en",
            "Either pick an existing organisation above or enter a new one here, not both",
        ),
        (
            {"new_post_organization_country": ""},
            "new_post_organization_country",
            "A new organisation needs its country",
        ),
        (
            {"new_post_organization_kind": ""},
            "new_post_organization_kind",
            "This field cannot be blank.",
        ),
        (
            {"new_post_organization_name_en": "", "new_post_organization_name_tr": "Talas"},
            "new_post_organization_name_en",
            "A new organisation needs its name in English",
        ),
        (
            {"new_post_organization_name_en": "KAYSERI metropolitan municipality"},
            "new_post_organization_name_en",
            "Kayseri Metropolitan Municipality is already in the directory: pick it above.",
        ),
        (
            # The Turkish name of the one in the directory, typed as the English one.
            {"new_post_organization_name_en": "kayseri büyükşehir belediyesi"},
            "new_post_organization_name_en",
            "Kayseri Metropolitan Municipality is already in the directory: pick it above.",
        ),
        ({"post_title_en": "", "post_title_tr": ""}, "post_title_en", "needs its title"),
    ],
    ids=["both", "no-country", "no-kind", "no-name", "duplicate", "duplicate-tr", "no-title"],
)
def test_refusals_save_nothing(editor_client, changes, field, message):
    existing = factories.organization(
        name_en="Kayseri Metropolitan Municipality", name_tr="Kayseri Büyükşehir Belediyesi"
    )
    if changes.get("post_organization") == "EXISTING":
        changes = {**changes, "post_organization": str(existing.pk)}
    data = {**MEHMET, **changes}
    if "duplicate" not in message and "already" not in message:
        # A name of its own, so that only the change at hand is wrong.
        data.setdefault("new_post_organization_name_en", "Kayseri")
        if data["new_post_organization_name_en"].startswith("Kayseri Metropolitan"):
            data["new_post_organization_name_en"] = "Talas Municipality"
            data["new_post_organization_name_tr"] = "Talas Belediyesi"
    before = counts()
    response = post_form(editor_client, PERSON_ADD, data)
    found = errors(response)
    assert any(message in text for text in found.get(field, [])), found
    assert counts() == before
    # The group is shown open, with what was typed, when it holds errors.
    if field.startswith("new_"):
        fieldset = response.text.split("new_post_organization_name_en")[0].rsplit("<fieldset", 1)[1]
        assert "<details>" not in fieldset


def test_a_title_without_an_organisation_is_refused(editor_client):
    before = counts()
    response = post_form(
        editor_client, PERSON_ADD, {"name": "Mehmet Özer", "post_title_en": "Mayor"}
    )
    assert "needs its organisation" in str(errors(response)["post_organization"])
    assert counts() == before


def test_the_change_form_is_unchanged(editor_client, seed_visit):
    person = Person.objects.get(name="Fahri Solak")
    response = editor_client.get(reverse("admin:municipalities_person_change", args=[person.pk]))
    assert response.status_code == 200
    assert "post_title_en" not in response.text
    assert "new_post_organization" not in response.text


def test_the_popup_hands_the_new_person_back_to_the_row(editor_client):
    url = PERSON_ADD + "?_to_field=id&_popup=1"
    response = post_form(editor_client, url, MEHMET)
    assert response.status_code == 200
    person = Person.objects.get(name="Mehmet Özer")
    assert "admin/js/popup_response.js" in response.text
    assert f"&quot;value&quot;: &quot;{person.pk}&quot;" in response.text


def test_a_row_can_prefill_the_organisation(editor_client, seed_visit):
    union = Organization.objects.get(short_name="TDBB")
    # As static/js/admin-popups.js sends what the row knows.
    response = editor_client.get(
        PERSON_ADD + f"?_popup=1&post_organization={union.pk}&post_title_en=Mayor"
    )
    data = form_data(response)
    assert (data["post_organization"], data["post_title_en"]) == ([str(union.pk)], ["Mayor"])


# --- Who may ---------------------------------------------------------------------


def test_a_viewer_cannot_add_people(viewer_client):
    assert viewer_client.get(PERSON_ADD).status_code == 403
    response = viewer_client.post(PERSON_ADD, {**MEHMET})
    assert response.status_code == 403
    assert not Person.objects.exists()
    assert not Organization.objects.exists()


@pytest.fixture
def clerk_client():
    """May add people and posts, but not organisations."""
    group = Group.objects.create(name="People only")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="municipalities",
            codename__in=[
                "add_person",
                "view_person",
                "add_post",
                "view_post",
                "view_organization",
            ],
        )
    )
    user = factories.staff("clerk")
    user.groups.add(group)
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_without_the_right_to_add_organisations_the_group_is_absent(clerk_client):
    response = clerk_client.get(PERSON_ADD)
    assert response.status_code == 200
    assert "new_post_organization" not in response.text
    assert 'name="post_organization"' in response.text
    before = counts()
    response = clerk_client.post(
        PERSON_ADD,
        {
            **MEHMET,
            **{f"posts-{k}": v for k, v in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()},
        },
    )
    assert "You may not add organisations" in str(errors(response)["post_organization"])
    assert counts() == before


# --- A new host on the visit and meeting forms -----------------------------------

TURKISTAN_REGION = {
    "new_host_name_en": "Turkistan Region Administration",
    "new_host_name_tr": "Türkistan Bölge İdaresi",
    "new_host_kind": "regional",
    "new_host_country": "KZ",
}


def test_a_meeting_with_a_new_host_in_one_post(editor, editor_client, seed_visit):
    url = reverse("admin:visits_meeting_add") + f"?visit={seed_visit.pk}"
    before = Organization.objects.count()
    response = post_form(
        editor_client,
        url,
        {"title_en": "At the regional administration", "host": "", **TURKISTAN_REGION},
    )
    assert response.status_code == 302, errors(response)
    meeting = Meeting.objects.get(title_en="At the regional administration")
    assert meeting.host.name_en == "Turkistan Region Administration"
    assert (meeting.host.kind, meeting.host.country.code) == ("regional", "KZ")
    assert Organization.objects.count() == before + 1
    entry = LogEntry.objects.get(content_type__model="organization")
    assert (entry.object_id, entry.user) == (str(meeting.host.pk), editor)


def test_a_meeting_refuses_a_picked_and_a_new_host(editor_client, seed_visit):
    url = reverse("admin:visits_meeting_add") + f"?visit={seed_visit.pk}"
    before = Organization.objects.count(), Meeting.objects.count()
    # The host box comes prefilled with the visit's host.
    response = post_form(editor_client, url, {"title_en": "At the region", **TURKISTAN_REGION})
    assert "not both" in str(errors(response)["new_host_name_en"])
    assert (Organization.objects.count(), Meeting.objects.count()) == before


def test_a_new_host_and_guest_on_the_visit_form(editor_client):
    url = reverse("admin:visits_visit_add")
    response = post_form(
        editor_client,
        url,
        {
            "title_en": "Kayseri at the Turkistan region",
            "start_date": "2024-05-02",
            "status": "held",
            **TURKISTAN_REGION,
            "new_guest_name_en": "Kayseri Metropolitan Municipality",
            "new_guest_kind": "metropolitan",
            "new_guest_country": "TR",
        },
    )
    assert response.status_code == 302, errors(response)
    visit = Visit.objects.get()
    assert (visit.host.name_en, visit.guest.name_en) == (
        "Turkistan Region Administration",
        "Kayseri Metropolitan Municipality",
    )


def test_the_visit_form_asks_for_a_host_picked_or_new(editor_client):
    response = post_form(
        editor_client,
        reverse("admin:visits_visit_add"),
        {"title_en": "Nowhere", "start_date": "2024-05-02", "status": "held"},
    )
    found = errors(response)
    assert "Pick an organisation, or enter a new one below." in found["host"]
    assert "Pick an organisation, or enter a new one below." in found["guest"]
    assert not Visit.objects.exists()
