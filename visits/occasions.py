"""Pages of the occasions and joint work visits are about: an event
(/events/<slug>/) with the visits it brought, and a joint project
(/projects/<slug>/) with its partners and the meetings that discussed it.

Both are public through the published records they appear in (visits/public.py);
staff who may see drafts also see the others, marked."""

from django.db.models import Exists, F, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, render

from municipalities.views import can_see_drafts

from .models import AgendaItem, Event, Project
from .public import public_events, public_projects, visible_events, visible_projects
from .views import LIST_COLUMNS, visible_meetings, visible_visits

# An event may bring many visits and a project be discussed at many meetings:
# the page shows the newest ones, with the count (and, for an event, a link to
# the visit list filtered to it).
VISITS_SHOWN = 50
MEETINGS_SHOWN = 50


def _is_public(request, record, model, public):
    """Whether the public sees `record`: always so for a reader who is not
    staff (they got it through the public rule), asked of the rule otherwise."""
    if not can_see_drafts(request, model):
        return True
    return public(model.objects.filter(pk=record.pk)).exists()


def event_detail(request, slug):
    """An event and the visits made for it, newest first. Three queries for
    the public: the event with its organiser, the visits shown, and their count
    (only when there are more than are shown)."""
    event = get_object_or_404(visible_events(request).select_related("organizer"), slug=slug)
    visits = visible_visits(request).filter(event=event)
    shown = list(
        visits.select_related("guest", "host")
        .only(*LIST_COLUMNS)
        .order_by("-start_date", "-id")[:VISITS_SHOWN]
    )
    total = visits.count() if len(shown) == VISITS_SHOWN else len(shown)
    return render(
        request,
        "visits/event_detail.html",
        {
            "event": event,
            "is_public": _is_public(request, event, Event, public_events),
            "visits": shown,
            "total": total,
            "section": "visits",
        },
    )


def project_detail(request, slug):
    """A project, its partners and the meetings that discussed it, newest
    first, each with the agenda items about the project. Four queries for the
    public: the project, its partners, the meetings shown, their agenda items
    about it; and the meetings' count when there are more than are shown."""
    project = get_object_or_404(visible_projects(request), slug=slug)
    partners = list(project.partnerships.select_related("organization"))
    about = AgendaItem.objects.filter(project=project)
    discussed = visible_meetings(request).filter(Exists(about.filter(meeting=OuterRef("pk"))))
    meetings = list(
        discussed.select_related("host", "visit")
        .prefetch_related(Prefetch("agenda_items", queryset=about, to_attr="project_items"))
        .order_by("-date", F("start_time").desc(nulls_last=True), "-id")[:MEETINGS_SHOWN]
    )
    total = discussed.count() if len(meetings) == MEETINGS_SHOWN else len(meetings)
    return render(
        request,
        "visits/project_detail.html",
        {
            "project": project,
            "is_public": _is_public(request, project, Project, public_projects),
            "partners": partners,
            "meetings": meetings,
            "total": total,
            "section": "visits",
        },
    )
