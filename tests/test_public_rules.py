"""Who and what is public without a publication flag of its own
(visits/public.py): people, events and projects are public through the
published records they appear in, and a record entered only for a draft is
public nowhere."""

import pytest

from municipalities.models import Person, ProtocolSignatory
from tests import factories
from visits.models import (
    AgendaItem,
    DelegationMember,
    Event,
    Gift,
    MeetingParticipant,
    Project,
    ProjectPartner,
    Statement,
)
from visits.public import public_events, public_people, public_projects

pytestmark = pytest.mark.django_db


def is_public_person(person):
    return public_people().filter(pk=person.pk).exists()


def test_a_person_in_no_record_and_no_post_is_not_public():
    assert not is_public_person(factories.person())


def test_a_person_of_the_directory_with_a_post_is_public():
    post = factories.post()
    assert is_public_person(post.person)


def test_a_person_of_a_draft_delegation_only_is_public_nowhere_until_it_is_published():
    post = factories.post()  # a post too: a draft appearance still hides them
    visit = factories.visit(is_published=False)
    DelegationMember.objects.create(visit=visit, person=post.person, organization=visit.guest)
    assert not is_public_person(post.person)
    visit.is_published = True
    visit.save()
    assert is_public_person(post.person)


@pytest.mark.parametrize("visit_published", [False, True])
@pytest.mark.parametrize("how", ["participant", "speaker", "presenter", "giver", "recipient"])
def test_a_person_of_a_meeting_is_public_only_when_the_meeting_and_its_visit_are(
    how, visit_published
):
    person = factories.person()
    visit = factories.visit(is_published=visit_published)
    meeting = factories.meeting(visit=visit, host=visit.host, is_published=True)
    org = visit.host
    if how == "participant":
        MeetingParticipant.objects.create(
            meeting=meeting, person=person, organization=org, side="host"
        )
    elif how == "speaker":
        Statement.objects.create(meeting=meeting, speaker=person, organization=org, text="Hi")
    elif how == "presenter":
        AgendaItem.objects.create(meeting=meeting, title_en="Talk", presenter=person)
    elif how == "giver":
        Gift.objects.create(
            meeting=meeting,
            given_by_person=person,
            given_to_organization=visit.guest,
            description_en="A plate",
        )
    else:
        Gift.objects.create(
            meeting=meeting,
            given_by_organization=visit.guest,
            given_to_person=person,
            description_en="A plate",
        )
    assert is_public_person(person) is visit_published
    meeting.is_published = False
    meeting.save()
    assert not is_public_person(person)


def test_a_signatory_is_public_when_the_protocol_is():
    person = factories.person()
    protocol = factories.protocol(is_published=False)
    ProtocolSignatory.objects.create(
        protocol=protocol, person=person, organization=protocol.party_a
    )
    assert not is_public_person(person)
    protocol.is_published = True
    protocol.save()
    assert is_public_person(person)


def test_an_event_is_public_when_a_published_visit_was_made_for_it():
    event = Event.objects.create(name_en="Congress")
    assert not public_events().filter(pk=event.pk).exists()
    visit = factories.visit(event=event, is_published=False)
    assert not public_events().filter(pk=event.pk).exists()
    visit.is_published = True
    visit.save()
    assert public_events().filter(pk=event.pk).exists()


def test_a_project_is_public_when_a_published_meeting_discussed_it_or_it_is_only_in_the_directory():
    project = Project.objects.create(name_en="Display")
    assert not public_projects().filter(pk=project.pk).exists()  # nothing at all
    ProjectPartner.objects.create(project=project, organization=factories.organization())
    assert public_projects().filter(pk=project.pk).exists()  # a partner, no meeting
    meeting = factories.meeting(visit=factories.visit(is_published=False), is_published=True)
    AgendaItem.objects.create(meeting=meeting, title_en="Display", project=project)
    assert not public_projects().filter(pk=project.pk).exists()  # a draft's only
    meeting.visit.is_published = True
    meeting.visit.save()
    assert public_projects().filter(pk=project.pk).exists()


def test_a_person_gets_a_slug_from_the_name_unique_and_folded():
    first = factories.person(name="Əli Şahin")
    second = factories.person(name="Əli Şahin")
    assert first.slug == "eli-sahin"
    assert second.slug == "eli-sahin-2"
    assert first.get_absolute_url() == "/en/people/eli-sahin/"


def test_appearances_of_a_person_newest_first_public_only_in_fixed_queries(
    seed_visit, rf, django_assert_max_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    from visits.appearances import appearances

    request = rf.get("/")
    request.user = AnonymousUser()
    people = list(Person.objects.filter(delegation_memberships__visit=seed_visit))
    assert people
    meeting = seed_visit.meetings.get()
    head = DelegationMember.objects.get(visit=seed_visit, role="head").person
    old = factories.visit(start_date=seed_visit.start_date.replace(year=2019), is_published=True)
    DelegationMember.objects.create(visit=old, person=head, organization=old.guest)
    draft = factories.visit(is_published=False)
    DelegationMember.objects.create(visit=draft, person=head, organization=draft.guest)
    with django_assert_max_num_queries(8):
        found = appearances(request, people)
    kinds = [(a.kind, a.subject) for a in found[head.pk]]
    assert ("delegation", seed_visit) in kinds and ("delegation", old) in kinds
    assert all(subject != draft for _kind, subject in kinds)
    dates = [a.date for a in found[head.pk]]
    assert dates == sorted(dates, reverse=True)
    speakers = {s.speaker_id for s in meeting.statements.all()}
    for pk in speakers & set(found):
        statement_urls = [a.url for a in found[pk] if a.kind == "speaker"]
        assert statement_urls and all("#statement-" in url for url in statement_urls)
