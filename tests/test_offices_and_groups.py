"""People named only by office ("the Mayor of X") and group rows ("18
journalists from 10 countries") in a delegation and among a meeting's
participants: stored without a placeholder person, shown as such on pages,
print and PDF, never in the people directory, and named later by picking the
person on the same row."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from municipalities.models import Person
from tests import factories
from tests.admin_forms import form_data
from tests.test_meeting_page import BUDGET as MEETING_BUDGET
from tests.test_printing import needs_pdf, pdf_text
from visits.models import DelegationMember, MeetingParticipant
from visits.services import copy_delegation

pytestmark = pytest.mark.django_db

SEED_URL = "/{lang}/visits/2021/turkistan-municipality-delegation-visits-tdbb/"
# The visit page's queries, the same with 2 rows or 40 (see the budget test).
VISIT_BUDGET = 16


def text_of(response):
    assert response.status_code == 200, response.status_code
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


@pytest.fixture
def zeytinburnu(db):
    return factories.organization(
        name_en="Zeytinburnu Municipality", name_tr="Zeytinburnu Belediyesi"
    )


@pytest.fixture
def office_and_group(seed_visit, zeytinburnu):
    """The seed visit with an unnamed mayor in the delegation and at the
    meeting, and a group of journalists in the delegation."""
    office = DelegationMember.objects.create(
        visit=seed_visit,
        organization=zeytinburnu,
        title_en="Mayor",
        title_tr="Belediye Başkanı",
        order=5,
    )
    group = DelegationMember.objects.create(
        visit=seed_visit,
        group_size=18,
        group_description_en="journalists from 10 countries",
        group_description_tr="10 ülkeden gazeteciler",
        role=DelegationMember.Role.PRESS,
        order=6,
    )
    participant = MeetingParticipant.objects.create(
        meeting=seed_visit.meetings.get(),
        organization=zeytinburnu,
        title_en="Mayor",
        title_tr="Belediye Başkanı",
        side=MeetingParticipant.Side.GUEST,
        order=5,
    )
    return office, group, participant


# --- The model -------------------------------------------------------------------


def test_an_office_row_needs_its_organisation_and_title(seed_visit, zeytinburnu):
    row = DelegationMember(visit=seed_visit, title_en="Mayor")
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert "Without a person, the row is an office: choose its organisation." in str(caught.value)
    row = DelegationMember(visit=seed_visit, organization=zeytinburnu)
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert "give its title" in str(caught.value)
    participant = MeetingParticipant(meeting=seed_visit.meetings.get(), organization=zeytinburnu)
    with pytest.raises(ValidationError) as caught:
        participant.full_clean()
    assert "give its title" in str(caught.value)


def test_a_group_row_needs_its_size_and_description_and_no_person(seed_visit):
    row = DelegationMember(visit=seed_visit, group_size=18)
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert "Describe the group beside its size." in str(caught.value)
    row = DelegationMember(visit=seed_visit, group_description_en="journalists")
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert "Give the size of the group with its description." in str(caught.value)
    row = DelegationMember(
        visit=seed_visit,
        person=factories.person(),
        group_size=3,
        group_description_en="journalists",
    )
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert "leave the person empty" in str(caught.value)


@pytest.mark.parametrize(
    "fields",
    [
        {},  # nothing at all
        {"title_en": "Mayor"},  # no organisation
        {"organization": True},  # no title
        {"group_size": 18},  # a size without a description
        {"group_description_en": "journalists"},  # a description without a size
        {"group_size": 0, "group_description_en": "journalists"},
    ],
)
def test_the_database_refuses_a_row_that_names_no_one(seed_visit, zeytinburnu, fields):
    if fields.get("organization"):
        fields["organization"] = zeytinburnu
    row = DelegationMember(visit=seed_visit, **fields)
    with pytest.raises(ValidationError) as caught:
        row.validate_constraints()
    assert "A row names a person, or an office" in str(caught.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_the_database_refuses_a_participant_that_names_no_one(seed_visit, zeytinburnu):
    row = MeetingParticipant(meeting=seed_visit.meetings.get(), organization=zeytinburnu)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_several_offices_but_each_person_once(office_and_group, seed_visit, zeytinburnu):
    # A second unnamed mayor (another municipality's, or a deputy) is allowed.
    DelegationMember.objects.create(
        visit=seed_visit, organization=zeytinburnu, title_en="Deputy Mayor"
    )
    DelegationMember.objects.create(
        visit=seed_visit, group_size=4, group_description_en="camera crews"
    )
    MeetingParticipant.objects.create(
        meeting=seed_visit.meetings.get(), organization=zeytinburnu, title_en="Deputy Mayor"
    )
    named = seed_visit.members.exclude(person=None).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        DelegationMember.objects.create(
            visit=seed_visit, person=named.person, organization=named.organization
        )


def test_rows_read_naturally_in_both_languages(office_and_group):
    office, group, participant = office_and_group
    assert str(office) == "Mayor, Zeytinburnu Municipality (name not given)"
    assert str(participant) == "Mayor, Zeytinburnu Municipality (name not given)"
    assert str(group) == "journalists from 10 countries (18 people)"
    with translation.override("tr"):
        office.organization.refresh_from_db()
        assert str(office) == "Zeytinburnu Belediyesi Belediye Başkanı (adı belirtilmemiş)"
        assert str(group) == "10 ülkeden gazeteciler (18 kişi)"


# --- The admin ---------------------------------------------------------------------


def test_an_editor_enters_an_office_and_a_group_then_names_the_office(
    editor_client, seed_visit, zeytinburnu
):
    url = reverse("admin:visits_visit_change", args=[seed_visit.pk])
    data = form_data(editor_client.get(url))
    first = int(data["members-TOTAL_FORMS"][0])
    data.update(
        {
            "members-TOTAL_FORMS": [str(first + 2)],
            f"members-{first}-order": ["5"],
            f"members-{first}-role": ["member"],
            f"members-{first}-organization": [str(zeytinburnu.pk)],
            f"members-{first}-title_en": ["Mayor"],
            f"members-{first}-title_tr": ["Belediye Başkanı"],
            f"members-{first}-visit": [str(seed_visit.pk)],
            f"members-{first + 1}-order": ["6"],
            f"members-{first + 1}-role": ["press"],
            f"members-{first + 1}-group_size": ["18"],
            f"members-{first + 1}-group_description_en": ["journalists from 10 countries"],
            f"members-{first + 1}-group_description_tr": ["10 ülkeden gazeteciler"],
            f"members-{first + 1}-visit": [str(seed_visit.pk)],
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"][0].formset.forms
    ]
    office = seed_visit.members.get(person=None, group_size=None)
    assert office.title_en == "Mayor" and office.organization == zeytinburnu
    assert seed_visit.members.get(group_size=18).group_description_tr == "10 ülkeden gazeteciler"
    people = Person.objects.count()

    # Later the name is known: pick the person on the same row, nothing else.
    mayor = factories.person(name="Ömer Arısoy")
    data = form_data(editor_client.get(url))
    row = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-id") and key.startswith("members-") and value == [str(office.pk)]
    )
    data[f"members-{row}-person"] = [str(mayor.pk)]
    response = editor_client.post(url, data)
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.person == mayor
    assert (office.title_en, office.title_tr, office.organization) == (
        "Mayor",
        "Belediye Başkanı",
        zeytinburnu,
    )
    assert Person.objects.count() == people + 1  # no placeholder was ever made


def test_the_admin_explains_a_row_that_names_no_one(editor_client, seed_visit):
    url = reverse("admin:visits_visit_change", args=[seed_visit.pk])
    data = form_data(editor_client.get(url))
    first = int(data["members-TOTAL_FORMS"][0])
    data.update(
        {
            "members-TOTAL_FORMS": [str(first + 1)],
            f"members-{first}-order": ["5"],
            f"members-{first}-role": ["member"],
            f"members-{first}-title_en": ["Mayor"],
            f"members-{first}-visit": [str(seed_visit.pk)],
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "the row is an office: choose its organisation" in response.content.decode()


def test_copying_the_delegation_copies_offices_and_skips_groups(office_and_group, seed_visit):
    office, _group, _participant = office_and_group
    meeting = factories.meeting(visit=seed_visit)
    assert copy_delegation(meeting) == seed_visit.members.filter(group_size=None).count()
    copied = meeting.participants.get(person=None)
    assert (copied.organization, copied.title_tr) == (office.organization, "Belediye Başkanı")
    assert copy_delegation(meeting) == 0  # the office is not copied twice


# --- Pages, print and PDF ------------------------------------------------------------


@pytest.mark.parametrize(
    "lang,office,group",
    [
        ("en", "(name not given) Mayor, Zeytinburnu Municipality", "journalists from 10 "
         "countries (18 people)"),
        ("tr", "(adı belirtilmemiş) Belediye Başkanı, Zeytinburnu Belediyesi",
         "10 ülkeden gazeteciler (18 kişi)"),
    ],
)  # fmt: skip
def test_the_visit_page_shows_the_office_and_the_group(
    client, office_and_group, lang, office, group
):
    text = text_of(client.get(SEED_URL.format(lang=lang)))
    assert office in text
    assert group in text
    assert "Aliya Şalkarova" in text  # the named head is shown as before


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_meeting_page_and_print_show_the_office(client, office_and_group, seed_visit, lang):
    meeting = seed_visit.meetings.get()
    unnamed = {"en": "(name not given)", "tr": "(adı belirtilmemiş)"}[lang]
    mayor = {"en": "Mayor", "tr": "Belediye Başkanı"}[lang]
    page = text_of(client.get(f"/{lang}/meetings/{meeting.pk}/"))
    assert f"{unnamed} {mayor}, Zeytinburnu" in page
    printed = text_of(client.get(f"/{lang}/meetings/{meeting.pk}/summary/"))
    assert f"{unnamed} {mayor}, Zeytinburnu" in printed
    assert {"en": "(18 people)", "tr": "(18 kişi)"}[lang] in printed


@needs_pdf
def test_the_pdf_shows_the_office_and_the_group(client, office_and_group, seed_visit):
    meeting = seed_visit.meetings.get()
    _pages, text = pdf_text(client.get(f"/en/meetings/{meeting.pk}/summary.pdf"))
    assert "(name not given)" in text
    assert "journalists from 10 countries (18 people)" in text
    _pages, text = pdf_text(client.get(f"/en/meetings/{meeting.pk}/summary.pdf?lang=tr"))
    assert "(adı belirtilmemiş)" in text


def test_the_organisation_page_lists_the_unnamed_participant(client, office_and_group):
    office = office_and_group[0]
    response = client.get(office.organization.get_absolute_url())
    assert response.status_code == 200


# --- People, search and the publication rule ------------------------------------------


def test_people_and_search_are_unaffected(client, office_and_group, seed_visit):
    directory = text_of(client.get("/en/municipalities/"))
    assert "name not given" not in directory
    assert client.get("/en/search/", {"q": "Salkarova"}).status_code == 200
    found = text_of(client.get("/en/search/", {"q": "Turkistan"}))
    assert seed_visit.title_en in found
    head = seed_visit.members.exclude(person=None).get().person
    person_page = text_of(client.get(head.get_absolute_url()))
    assert seed_visit.title_en in person_page
    seed_visit.save()  # the visit's own search key is rebuilt without error


def test_a_draft_visits_offices_and_groups_vanish(office_and_group, seed_visit, superuser):
    seed_visit.is_published = False
    seed_visit.save()
    client = Client()
    assert client.get(SEED_URL.format(lang="en")).status_code == 404
    meeting = seed_visit.meetings.get()
    assert client.get(f"/en/meetings/{meeting.pk}/").status_code == 404
    client.force_login(superuser)
    text = text_of(client.get(SEED_URL.format(lang="en")))
    assert "(name not given)" in text and "(18 people)" in text


# --- Query budgets --------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_budgets_do_not_grow_with_offices_and_groups(
    client, office_and_group, seed_visit, zeytinburnu, django_assert_max_num_queries, lang
):
    meeting = seed_visit.meetings.get()
    urls = {
        SEED_URL.format(lang=lang): VISIT_BUDGET,
        f"/{lang}/meetings/{meeting.pk}/": MEETING_BUDGET,
    }
    for url, budget in urls.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
    for n in range(20):
        DelegationMember.objects.create(
            visit=seed_visit, organization=zeytinburnu, title_en=f"Adviser {n}"
        )
        DelegationMember.objects.create(
            visit=seed_visit, group_size=n + 1, group_description_en=f"group {n}"
        )
        MeetingParticipant.objects.create(
            meeting=meeting, organization=zeytinburnu, title_en=f"Adviser {n}"
        )
        MeetingParticipant.objects.create(
            meeting=meeting, person=factories.person(), organization=zeytinburnu
        )
    for url, budget in urls.items():
        with django_assert_max_num_queries(budget):
            assert "Adviser 19" in client.get(url).content.decode()
