"""The shapes of the generated set: organisations, people, posts, events, projects and the
plans of protocols, meetings and visits before they are written."""

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from municipalities.models import Organization, Person, Protocol
from visits.demo_extra import data
from visits.demo_extra.text import _period_end, _tr
from visits.models import AgendaItem, Meeting, MeetingParticipant, Visit

K = Organization.Kind
MUNICIPAL = {K.METROPOLITAN, K.PROVINCIAL, K.DISTRICT, K.TOWN}

SEED = 2021
AS_OF = dt.date(2026, 11, 28)
FIRST_DAY = dt.date(2019, 1, 8)
LAST_DAY = dt.date(2027, 4, 30)
COVID = (dt.date(2020, 3, 15), dt.date(2021, 5, 31))
HOME = "@home"
ISTANBUL = "istanbul-metropolitan-municipality"
ELECTIONS_TR = (dt.date(2019, 4, 8), dt.date(2024, 4, 3))
TDBB_CONGRESS = dt.date(2019, 5, 20)


@dataclass
class OrgSpec:
    slug: str
    kind: str
    name_en: str
    name_tr: str
    local: str = ""
    country: str = ""
    city: tuple = ("", "")
    where: str = ""  # the country the body sits in, when it is not `country`
    region: str = ""
    parent: str = ""
    other: str = ""
    short: str = ""
    culture: str = "tr"
    member: bool = False
    population: tuple | None = None
    highlights: tuple = ()
    website: str = ""
    description: tuple = ("", "")

    @property
    def located_in(self):
        return self.where or self.country

    @property
    def is_municipal(self):
        return self.kind in MUNICIPAL


@dataclass(eq=False)
class PersonSpec:
    name: str
    local: str
    other: str
    culture: str
    instance: Person | None = None


@dataclass(eq=False)
class PostSpec:
    person: PersonSpec
    org: str
    role: str
    title_en: str
    title_tr: str
    start: dt.date | None
    end: dt.date | None = None
    municipality: str = ""  # for a union board seat: the mayoralty it goes with

    def held_on(self, day):
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _titles(spec, role):
    """The English and Turkish titles of a post by role in an organisation
    (data/titles.json)."""
    titles = data.read("titles")
    if spec.is_municipal:
        municipal = titles["municipal"]
        by_role = {**municipal["by_country"].get(spec.country, municipal["default"])}
        by_role["staff"] = municipal["staff"]
    elif spec.kind == K.MINISTRY:
        by_role = dict(titles["ministry"])
        if "interior" in spec.slug:
            by_role["staff"] = by_role["staff_interior"]
    elif spec.kind == K.EMBASSY:
        by_role = titles["consulate" if spec.slug.startswith("consulate") else "embassy"]
    elif spec.kind == K.INTERNATIONAL:
        by_role = titles["international"]
    elif spec.kind == K.REGIONAL:
        regional = titles["regional"]
        by_role = {**regional, "head": regional["heads"][spec.slug]}
    elif spec.kind == K.UNION:
        by_role = titles["union"]
    else:
        by_role = titles["other"]
    return data.pair(by_role[role])


# --- Events and projects ------------------------------------------------------------


class EventSpec(NamedTuple):
    slug: str
    kind: str
    name_en: str
    name_tr: str
    organizer: str
    city: tuple
    country: str
    start: dt.date
    end: dt.date | None
    precision: str

    @property
    def last_day(self):
        return self.end or _period_end(self.start, self.precision)


class ProjectSpec(NamedTuple):
    slug: str
    name_en: str
    name_tr: str
    description: tuple
    status: str
    start: dt.date | None
    end: dt.date | None
    partners: list  # (organisation slug, role)


@dataclass(eq=False)
class ProtocolPlan:
    protocol: Protocol
    parties: tuple  # the two slugs
    day: dt.date  # when it was made, so that only later records refer to it
    fields: list
    signatories: list  # PostSpec
    instance: Protocol | None = None  # the row, once saved or found
    skipped: bool = False  # another open protocol of its kind joins the pair


@dataclass(eq=False)
class MeetingPlan:
    meeting: Meeting
    participants: list = field(default_factory=list)
    agenda: list = field(default_factory=list)  # (AgendaItem, ProtocolPlan | None)
    statements: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    gifts: list = field(default_factory=list)
    signed: list = field(default_factory=list)  # ProtocolPlan
    people: set = field(default_factory=set)

    def add(self, post, side, org, role=""):
        """Add a participant once, with the title of the post held that day."""
        if post is None or post.person in self.people:
            return
        self.people.add(post.person)
        self.participants.append(
            MeetingParticipant(
                meeting=self.meeting, person=post.person.instance, side=side, role=role,
                organization=org, title_en=post.title_en, title_tr=post.title_tr,
                order=len(self.participants) + 1,
            )
        )  # fmt: skip

    def side(self, side):
        return [p for p in self.participants if p.side == side]

    def item(self, kind, title, description=("", ""), protocol=None, first=False, **fields):
        """Put an item on the agenda; `protocol` (a ProtocolPlan) is linked once saved."""
        item = AgendaItem(
            meeting=self.meeting, kind=kind, **_tr("title", title),
            **_tr("description", description), **fields,
        )  # fmt: skip
        self.agenda.insert(0 if first else len(self.agenda), (item, protocol))


@dataclass(eq=False)
class VisitPlan:
    direction: str
    guest: str
    host: str
    members: list  # (PostSpec, role), the head first
    status: str
    topics: tuple  # two (English, Turkish) topics
    visit: Visit | None = None
    delegation: list = field(default_factory=list)
    meetings: list = field(default_factory=list)

    @property
    def held(self):
        return self.status == Visit.Status.HELD
