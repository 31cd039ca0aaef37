"""Public pages about visits and everything that needs them: home, the visit
list and page, meetings outside visits, an organisation's page, everything
between two organisations, the gift register and search.

Every queryset starts from a `visible_*` helper: one place decides what the
public may see (published records) and what signed-in staff see (drafts too).
"""

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from municipalities.models import Organization, Person, Post, Protocol
from municipalities.views import can_see_drafts, clean_param, page_of, visible_protocols

from .models import (
    AgendaItem,
    Decision,
    DelegationMember,
    Gift,
    Meeting,
    MeetingParticipant,
    Photo,
    Statement,
    Visit,
)

# --- What the reader may see ---------------------------------------------------


def visible_visits(request):
    return Visit.objects.all() if can_see_drafts(request) else Visit.objects.published()


def visible_meetings(request):
    return Meeting.objects.all() if can_see_drafts(request) else Meeting.objects.published()


def visible_gifts(request):
    return Gift.objects.filter(meeting__in=visible_meetings(request))


def meetings_with_everything(request, meetings):
    """`meetings` with all a page or printout shows of them, in a fixed number
    of queries (one per kind of row), whatever their number."""
    return meetings.select_related("host", "visit", "convened_by").prefetch_related(
        Prefetch(
            "participants",
            queryset=MeetingParticipant.objects.select_related("person", "organization"),
        ),
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related(
                "presenter",
                "subject",
                "project",
                "protocol__party_a__parent",
                "protocol__party_b__parent",
            ),
        ),
        Prefetch(
            "statements", queryset=Statement.objects.select_related("speaker", "organization")
        ),
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related(
                "responsible_organization", "responsible_person"
            ),
        ),
        Prefetch(
            "gifts",
            queryset=Gift.objects.select_related(
                "given_by_organization",
                "given_by_person",
                "given_to_organization",
                "given_to_person",
            ),
        ),
        "photos",
        Prefetch(
            "signed_protocols",
            queryset=visible_protocols(request).select_related("party_a", "party_b"),
        ),
    )


# --- Home ------------------------------------------------------------------------

HOME_LIST = 5


def home(request):
    today = timezone.localdate()
    visits = visible_visits(request).select_related("guest", "host")
    recent = list(visits.filter(start_date__lte=today).order_by("-start_date", "-id")[:HOME_LIST])
    upcoming = list(visits.filter(start_date__gt=today).order_by("start_date", "id")[:HOME_LIST])
    signings = list(
        visible_protocols(request)
        .filter(status=Protocol.Status.PLANNED)
        .select_related("party_a", "party_b")
        .order_by("planned_date", "id")[:HOME_LIST]
    )
    published = visits.filter(start_date__lte=today)
    figures = published.aggregate(
        visits=Count("id"),
        countries=Count("guest__country", distinct=True),
    )
    figures["signed"] = visible_protocols(request).filter(status=Protocol.Status.SIGNED).count()
    figures["members"] = Organization.objects.members().count()
    return render(
        request,
        "visits/home.html",
        {
            "recent": recent,
            "upcoming": upcoming,
            "signings": signings,
            "figures": figures,
            "section": "home",
        },
    )


# --- The visit list ------------------------------------------------------------------


def filtered_visits(request):
    """The visits the list's filters ask for, and the filters as understood.

    Unknown values are ignored rather than refused: a link that outlived an
    organisation still opens the list.
    """
    visits = visible_visits(request)
    applied = {}
    year = clean_param(request, "year", max_length=4)
    if year and year.isdigit():
        visits = visits.filter(start_date__year=int(year))
        applied["year"] = int(year)
    country = clean_param(request, "country", max_length=2)
    if country and country.upper() in dict(countries):
        code = country.upper()
        visits = visits.filter(
            Q(host__is_home=True, guest__country=code)
            | Q(guest__is_home=True, host__country=code)
            | (
                Q(host__is_home=False, guest__is_home=False)
                & (Q(guest__country=code) | Q(host__country=code))
            )
        )
        applied["country"] = code
    for param, field in (("org", None), ("host", "host"), ("guest", "guest")):
        slug = clean_param(request, param, max_length=80)
        if not slug:
            continue
        org = Organization.objects.filter(slug=slug).first()
        if org is None:
            continue
        visits = (
            visits.filter(Q(host=org) | Q(guest=org))
            if field is None
            else visits.filter(**{field: org})
        )
        applied[param] = org
    occasion = clean_param(request, "occasion", max_length=80)
    if occasion:
        from .models import Event

        event = Event.objects.filter(slug=occasion).first()
        if event is not None:
            visits = visits.filter(event=event)
            applied["occasion"] = event
    direction = clean_param(request, "direction", choices=Visit.Direction.values)
    if direction == Visit.Direction.INCOMING:
        visits = visits.incoming()
    elif direction == Visit.Direction.OUTGOING:
        visits = visits.outgoing()
    elif direction == Visit.Direction.OTHER:
        visits = visits.between_others()
    if direction:
        applied["direction"] = direction
    status = clean_param(request, "status", choices=Visit.Status.values)
    if status:
        visits = visits.filter(status=status)
        applied["status"] = status
    query = clean_param(request, "q", max_length=200)
    if query:
        visits = visits.search(query)
        applied["q"] = query
    return visits, applied


def visit_list(request):
    visits, applied = filtered_visits(request)
    page = page_of(request, visits.select_related("guest", "host", "event"))
    base = visible_visits(request)
    years = base.dates("start_date", "year", order="DESC")
    return render(
        request,
        "visits/visit_list.html",
        {
            "page": page,
            "applied": applied,
            "years": [d.year for d in years],
            "countries": _countries_in_use(),
            "directions": Visit.Direction.choices,
            "statuses": Visit.Status.choices,
            "section": "visits",
        },
    )


def _countries_in_use():
    codes = (
        Organization.objects.exclude(country="")
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )
    return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])


# --- One visit ---------------------------------------------------------------------------


def get_visit(request, year, slug):
    """The visit at /visits/<year>/<slug>/ with everything its page shows, if
    the reader may see it."""
    visit = get_object_or_404(
        visible_visits(request)
        .select_related("guest", "host", "event", "invited_by")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=DelegationMember.objects.select_related("person", "organization"),
            ),
            Prefetch("photos", queryset=Photo.objects.order_by("order", "id")),
            "guest__highlights",
        ),
        slug=slug,
        start_date__year=year,
    )
    visit.visible_meetings = list(
        meetings_with_everything(
            request, visible_meetings(request).filter(visit=visit)
        ).order_by("date", "start_time", "id")
    )
    return visit


def visit_detail(request, year, slug):
    visit = get_visit(request, year, slug)
    protocols = {
        item.protocol.pk: item.protocol
        for meeting in visit.visible_meetings
        for item in meeting.agenda_items.all()
        if item.protocol is not None
    }
    if not can_see_drafts(request):
        published = set(
            Protocol.objects.published().filter(pk__in=protocols).values_list("pk", flat=True)
        )
        protocols = {pk: p for pk, p in protocols.items() if pk in published}
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "meetings": visit.visible_meetings,
            "protocols": list(protocols.values()),
            "public_protocol_ids": set(protocols),
            "section": "visits",
        },
    )


# --- Pages filled in by later work ---------------------------------------------------------


def _not_yet(request, *args, **kwargs):
    raise Http404


meeting_list = organization_detail = pair = _not_yet  # TODO(issue 4)


# --- Search -----------------------------------------------------------------------------------

SEARCH_SHOWN = 10


def search(request):
    """One box over visits, meetings, organisations, people and protocols,
    each found through its folded search key."""
    query = clean_param(request, "q", max_length=200) or ""
    sections = []
    if query:
        found = [
            (
                "visits",
                _("Visits"),
                visible_visits(request).search(query).select_related("guest", "host"),
            ),
            (
                "meetings",
                _("Meetings"),
                visible_meetings(request).search(query).select_related("host", "visit"),
            ),
            ("organizations", _("Organisations"), Organization.objects.search(query)),
            (
                "people",
                _("People"),
                Person.objects.search(query).prefetch_related(
                    Prefetch(
                        "posts",
                        queryset=Post.objects.filter(end_date__isnull=True).select_related(
                            "organization"
                        ),
                        to_attr="current_posts",
                    )
                ),
            ),
            (
                "protocols",
                _("Protocols"),
                visible_protocols(request).search(query).select_related("party_a", "party_b"),
            ),
        ]
        for key, title, queryset in found:
            rows = list(queryset[: SEARCH_SHOWN + 1])
            sections.append(
                {
                    "key": key,
                    "title": title,
                    "rows": rows[:SEARCH_SHOWN],
                    "more": len(rows) > SEARCH_SHOWN,
                }
            )
    return render(
        request,
        "visits/search.html",
        {
            "query": query,
            "sections": sections,
            "total": sum(len(section["rows"]) for section in sections),
            "section": "search",
        },
    )
