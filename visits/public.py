"""What the public may see of records that have no publication flag of their
own: people, events and projects are public through the published records
they appear in. One place for the rule; every page, search result, sitemap
and feed that lists them starts here.

- A **person** is public when they appear in a published record (a delegation
  of a published visit; a published meeting as participant, speaker,
  presenter, person responsible for a decision, giver or recipient of a gift;
  a published protocol as signatory), or when they appear in no record at all
  but hold a post (the directory's people). Someone entered only for a draft
  is not public anywhere.
- An **event** is public when a published visit was made for it.
- A **project** is public when a published meeting discussed it, or when it
  has partners and no meeting discussed it at all (the directory's projects);
  a project entered only for a draft meeting is not public.

Signed-in staff who may view the model in the admin see them all
(`can_see_drafts`), as they see drafts of visits.
"""

from django.db.models import Exists, OuterRef, Q

from municipalities.models import Person, Post, ProtocolSignatory
from municipalities.views import can_see_drafts

from .models import (
    AgendaItem,
    Decision,
    DelegationMember,
    Event,
    Gift,
    MeetingParticipant,
    Project,
    ProjectPartner,
    Statement,
    Visit,
)


def counted_visits(request=None):
    """The visits that every count of visits counts — the home page's figure
    and its chart per year, the visit list's total, what `load_demo` reports —
    and that the pages list: those the reader may see, whatever their date or
    status. For the public (and without a request) the published ones; for
    staff who may see drafts, all of them."""
    if request is not None and can_see_drafts(request, Visit):
        return Visit.objects.all()
    return Visit.objects.published()


def published_meeting(prefix="meeting__"):
    """The condition on a row of a meeting (through `prefix`) that the meeting
    is public: published, and so is its visit if it has one."""
    return Q(**{f"{prefix}is_published": True}) & (
        Q(**{f"{prefix}visit__isnull": True}) | Q(**{f"{prefix}visit__is_published": True})
    )


# Where a person appears: (model, the field naming the person, the condition
# that the row is in a published record).
APPEARANCES = [
    (DelegationMember, "person", Q(visit__is_published=True)),
    (MeetingParticipant, "person", published_meeting()),
    (Statement, "speaker", published_meeting()),
    (AgendaItem, "presenter", published_meeting()),
    (Decision, "responsible_person", published_meeting()),
    (Gift, "given_by_person", published_meeting()),
    (Gift, "given_to_person", published_meeting()),
    (ProtocolSignatory, "person", Q(protocol__is_published=True)),
]


def _appears(published_only):
    condition = Q()
    for model, field, published in APPEARANCES:
        rows = model.objects.filter(**{field: OuterRef("pk")})
        if published_only:
            rows = rows.filter(published)
        condition |= Exists(rows)
    return condition


def public_people(people=None):
    """`people` (all by default) as far as the public may see them."""
    people = Person.objects.all() if people is None else people
    in_directory = Exists(Post.objects.filter(person=OuterRef("pk"))) & ~_appears(False)
    return people.filter(_appears(True) | in_directory)


def public_events(events=None):
    events = Event.objects.all() if events is None else events
    return events.filter(Exists(Visit.objects.published().filter(event=OuterRef("pk"))))


def public_projects(projects=None):
    projects = Project.objects.all() if projects is None else projects
    discussed = AgendaItem.objects.filter(project=OuterRef("pk"))
    in_directory = Exists(ProjectPartner.objects.filter(project=OuterRef("pk"))) & ~Exists(
        discussed
    )
    return projects.filter(Exists(discussed.filter(published_meeting())) | in_directory)


def visible_people(request):
    return Person.objects.all() if can_see_drafts(request, Person) else public_people()


def visible_events(request):
    return Event.objects.all() if can_see_drafts(request, Event) else public_events()


def visible_projects(request):
    return Project.objects.all() if can_see_drafts(request, Project) else public_projects()
