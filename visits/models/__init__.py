"""What happened: visits, delegations, meetings, and everything said, decided
and given in them.

Who took part is stored with the organisation and title *of that day*
(`organization`, `title` on DelegationMember, MeetingParticipant, Statement):
a later change of post rewrites nothing here.

The models live in three modules along the record's seams: events.py (events,
visits, delegation members), meetings.py (meetings, participants, projects) and
content.py (agenda items, statements, decisions, gifts, photos).
"""

from .content import AgendaItem, Decision, DecisionQuerySet, Gift, Photo, Statement
from .events import DelegationMember, Event, Visit, VisitQuerySet, VisitTally
from .meetings import (
    Meeting,
    MeetingParticipant,
    MeetingQuerySet,
    Project,
    ProjectPartner,
    ProjectQuerySet,
)

__all__ = [
    "AgendaItem",
    "Decision",
    "DecisionQuerySet",
    "DelegationMember",
    "Event",
    "Gift",
    "Meeting",
    "MeetingParticipant",
    "MeetingQuerySet",
    "Photo",
    "Project",
    "ProjectPartner",
    "ProjectQuerySet",
    "Statement",
    "Visit",
    "VisitQuerySet",
    "VisitTally",
]
