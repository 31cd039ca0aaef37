"""Deleting what history points at is refused, naming what points at it."""

import pytest
from django.db.models import ProtectedError

from tests import factories
from visits.models import DelegationMember, Statement

pytestmark = pytest.mark.django_db


def test_an_organisation_that_was_visited_cannot_be_deleted():
    visit = factories.visit()
    with pytest.raises(ProtectedError) as refused:
        visit.host.delete()
    assert "Visit.host" in str(refused.value)
    assert visit in refused.value.protected_objects
    assert type(visit.host).objects.filter(pk=visit.host.pk).exists()


def test_a_person_who_spoke_at_a_meeting_cannot_be_deleted():
    meeting = factories.meeting()
    speaker = factories.person()
    Statement.objects.create(meeting=meeting, speaker=speaker, text_en="Welcome.")
    with pytest.raises(ProtectedError) as refused:
        speaker.delete()
    assert "Statement.speaker" in str(refused.value)


def test_a_visit_with_meetings_cannot_be_deleted():
    meeting = factories.meeting()
    with pytest.raises(ProtectedError) as refused:
        meeting.visit.delete()
    assert "Meeting.visit" in str(refused.value)


def test_a_visit_with_only_its_own_parts_can_be_deleted():
    visit = factories.visit()
    DelegationMember.objects.create(
        visit=visit, person=factories.person(), organization=visit.guest
    )
    visit.delete()
    assert not DelegationMember.objects.exists()


def test_titles_are_kept_as_they_were_on_the_day():
    visit = factories.visit()
    post = factories.post(organization=visit.guest, title_en="Deputy Mayor")
    member = DelegationMember.objects.create(
        visit=visit, person=post.person, organization=visit.guest, title_en=post.title_en
    )
    post.title_en = "Mayor"
    post.save()
    other = factories.organization()
    factories.post(person=post.person, organization=other, title_en="Governor")

    member.refresh_from_db()
    assert (member.organization, member.title_en) == (visit.guest, "Deputy Mayor")
