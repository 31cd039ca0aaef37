"""Public pages about visits and everything that needs them: home, the visit
list and page, meetings outside visits, an organisation's page, everything
between two organisations, the gift register and search.

Every queryset starts from a `visible_*` helper: one place decides what the
public may see (published records) and what signed-in staff see (drafts too).
"""

import datetime

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from municipalities.models import (
    Organization,
    Person,
    Post,
    Protocol,
    ProtocolSignatory,
    other_names_list,
)
from municipalities.views import (
    Applied,
    can_see_drafts,
    clean_param,
    countries_in_use,
    name_in_reader_language,
    visible_protocols,
)
from portal.dates import DatePrecision
from portal.paging import page_of
from portal.search import suggestions

from .charts import bar_chart, per_year
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
    return Visit.objects.all() if can_see_drafts(request, Visit) else Visit.objects.published()


def visible_meetings(request):
    if can_see_drafts(request, Meeting):
        return Meeting.objects.all()
    return Meeting.objects.published()


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
        "gifts__photos",
        Prefetch(
            "signed_protocols",
            queryset=visible_protocols(request).select_related("party_a", "party_b"),
        ),
    )


# --- Home ------------------------------------------------------------------------

HOME_LIST = 5
HOME_COUNTRIES = 10


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
    past = visible_visits(request).filter(start_date__lte=today).order_by()
    yearly = dict(past.values_list("start_date__year").annotate(n=Count("id")))
    by_country = (
        past.incoming()
        .exclude(guest__country="")
        .values_list("guest__country")
        .annotate(n=Count("id"))
        .order_by("-n", "guest__country")[:HOME_COUNTRIES]
    )
    charts = {
        "per_year": bar_chart(
            per_year(yearly),
            _("Visits per year"),
            _("Visits"),
            category_label=_("Year"),
            chart_id="chart-visits-per-year",
        ),
        "by_country": bar_chart(
            [(countries.name(code), n) for code, n in by_country],
            _("Visitors by country"),
            _("Incoming visits"),
            category_label=_("Country"),
            horizontal=True,
            chart_id="chart-visitors-by-country",
        ),
    }
    return render(
        request,
        "visits/home.html",
        {
            "recent": recent,
            "upcoming": upcoming,
            "signings": signings,
            "figures": figures,
            "charts": charts,
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
    applied = Applied()
    year = _year_param(request)
    if year:
        visits = visits.filter(start_date__year=year)
        applied["year"] = year
    country = clean_param(request, "country", max_length=2)
    if country and country.upper() in dict(countries):
        code = country.upper()
        home = Organization.objects.home_id()
        visits = visits.filter(
            Q(host_id=home, guest__country=code)
            | Q(guest_id=home, host__country=code)
            | (
                ~Q(host_id=home)
                & ~Q(guest_id=home)
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


# What a visit's line in a list shows (templates/visits/_visit_item.html):
# reading only these keeps long texts and search keys out of the list's query.
LIST_COLUMNS = [
    *(f"title{suffix}" for suffix in ("", "_en", "_tr")),
    "slug",
    "start_date",
    "end_date",
    *(f"city{suffix}" for suffix in ("", "_en", "_tr")),
    "status",
    "is_published",
    "guest_id",
    "host_id",
    *(f"{side}__name{suffix}" for side in ("guest", "host") for suffix in ("", "_en", "_tr")),
]


def visit_list(request):
    visits, applied = filtered_visits(request)
    page = page_of(request, visits.select_related("guest", "host").only(*LIST_COLUMNS))
    # The years between the first and the last visit: two index lookups,
    # where listing the distinct years would read every row.
    bounds = visible_visits(request).aggregate(first=Min("start_date"), last=Max("start_date"))
    years = range(bounds["last"].year, bounds["first"].year - 1, -1) if bounds["first"] else []
    return render(
        request,
        "visits/visit_list.html",
        {
            "page": page,
            "applied": applied,
            # As text, selected or not: printing a number localises it.
            "years": [(str(year), year == applied["year"]) for year in years],
            "countries": countries_in_use(),
            "directions": Visit.Direction.choices,
            "statuses": Visit.Status.choices,
            "section": "visits",
        },
    )


# --- One visit ---------------------------------------------------------------------------


def get_visit(request, year, slug):
    """The visit at /visits/<year>/<slug>/ with everything its page shows, if
    the reader may see it."""
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise Http404  # no date has that year; the query could not be built
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
        meetings_with_everything(request, visible_meetings(request).filter(visit=visit)).order_by(
            "date", "start_time", "id"
        )
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
    if not can_see_drafts(request, Protocol):
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


# --- Meetings outside visits ----------------------------------------------------------------

MEETINGS_PER_PAGE = 10


def _year_param(request):
    """The `year` query parameter as a year a date can have, or None."""
    year = clean_param(request, "year", max_length=4)
    if year and year.isascii() and year.isdigit() and 1 <= int(year) <= 9999:
        return int(year)
    return None


def meeting_list(request):
    """Meetings outside visits (board meetings), newest first, each with its
    decisions. Four queries whatever the page holds: the years, the count,
    the page (hosts joined, participants counted) and its decisions."""
    standalone = visible_meetings(request).standalone()
    meetings = standalone
    applied = Applied()
    year = _year_param(request)
    if year:
        meetings = meetings.filter(date__year=year)
        applied["year"] = year
    slug = clean_param(request, "org", max_length=80)
    org = Organization.objects.filter(slug=slug).first() if slug else None
    if org is not None:
        meetings = meetings.filter(Q(host=org) | Q(convened_by=org))
        applied["org"] = org
    meetings = (
        meetings.select_related("host", "convened_by")
        .annotate(participant_count=Count("participants", distinct=True))
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related(
                    "responsible_organization", "responsible_person"
                ),
            )
        )
        .order_by("-date", F("start_time").desc(nulls_last=True), "-id")
    )
    return render(
        request,
        "visits/meeting_list.html",
        {
            "page": page_of(request, meetings, per_page=MEETINGS_PER_PAGE),
            "applied": applied,
            "years": [d.year for d in standalone.dates("date", "year", order="DESC")],
            "section": "meetings",
        },
    )


# --- One meeting -------------------------------------------------------------------------------

LARGEST_ID = 2**63 - 1


def protocols_of_meeting(request, meeting):
    """The protocols a meeting discussed or signed, as far as the reader may
    see them, with their signatories and fields of cooperation."""
    found = {item.protocol_id for item in meeting.agenda_items.all() if item.protocol_id}
    found |= {protocol.pk for protocol in meeting.signed_protocols.all()}
    if not found:
        return []
    return list(
        visible_protocols(request)
        .filter(pk__in=found)
        .select_related("party_a__parent", "party_b__parent", "coordinator")
        .prefetch_related(
            "cooperation_fields",
            Prefetch(
                "signatories",
                queryset=ProtocolSignatory.objects.select_related("person", "organization"),
            ),
        )
        .order_by("planned_date", "id")
    )


def meeting_detail(request, pk):
    """One meeting, within a visit or not, with all it holds. A meeting of a
    draft visit, or an unpublished one, is not found by the public; staff who
    may see drafts get it marked. A fixed number of queries whatever it holds."""
    if pk > LARGEST_ID:
        raise Http404
    meeting = get_object_or_404(
        meetings_with_everything(request, visible_meetings(request)).select_related(
            "host__parent", "visit__guest", "visit__host"
        ),
        pk=pk,
    )
    protocols = protocols_of_meeting(request, meeting)
    return render(
        request,
        "visits/meeting_detail.html",
        {
            "meeting": meeting,
            "meeting_protocols": protocols,
            "public_protocol_ids": {p.pk for p in protocols},
            "signed_here": {p.pk for p in meeting.signed_protocols.all()},
            "section": "visits" if meeting.visit_id else "meetings",
        },
    )


# --- One organisation -------------------------------------------------------------------------

VISITS_SHOWN = 20
MEETINGS_SHOWN = 10


def _posts_of(organization):
    """The organisation's posts with their holders: current ones first (most
    recent start first), then ended ones, each marked `is_ended`."""
    today = timezone.localdate()
    posts = list(
        Post.objects.filter(organization=organization)
        .select_related("person")
        .order_by(F("start_date").desc(nulls_last=True), "person__name", "id")
    )
    for post in posts:
        post.is_ended = post.end_date is not None and post.end_date < today
    return sorted(posts, key=lambda post: post.is_ended)


def organization_detail(request, slug):
    """One organisation: its facts, districts, people, visits both ways,
    meetings outside visits, protocols and a chart of visits per year. A
    fixed number of queries (eleven for a reader) whatever it has."""
    org = get_object_or_404(
        Organization.objects.select_related("parent").prefetch_related(
            Prefetch("highlights"),
            Prefetch(
                "children",
                queryset=Organization.objects.order_by(name_in_reader_language(), "id"),
            ),
        ),
        slug=slug,
    )
    today = timezone.localdate()
    theirs = visible_visits(request).filter(Q(host=org) | Q(guest=org))
    listed = theirs.select_related("guest", "host", "event").order_by("-start_date", "-id")
    received = list(listed.filter(host=org)[:VISITS_SHOWN])
    sent = list(listed.filter(guest=org)[:VISITS_SHOWN])
    totals = theirs.aggregate(
        received=Count("id", filter=Q(host=org)), sent=Count("id", filter=Q(guest=org))
    )
    yearly = dict(
        theirs.filter(start_date__lte=today)
        .order_by()
        .values_list("start_date__year")
        .annotate(n=Count("id"))
    )
    visitors = (
        theirs.filter(host=org, start_date__lte=today)
        .exclude(guest__country="")
        .order_by()
        .values_list("guest__country")
        .annotate(n=Count("id"))
        .order_by("-n", "guest__country")[:HOME_COUNTRIES]
    )
    meetings = list(
        visible_meetings(request)
        .standalone()
        .filter(Q(host=org) | Q(convened_by=org))
        .select_related("host", "convened_by")
        .order_by("-date", "-id")[: MEETINGS_SHOWN + 1]
    )
    protocols = list(
        visible_protocols(request)
        .involving(org)
        .select_related("party_a", "party_b", "coordinator")
        .prefetch_related("cooperation_fields")
        .order_by(Coalesce("signed_date", "planned_date").asc(nulls_last=True), "id")
    )
    for protocol in protocols:
        protocol.partner = protocol.other_party(org)
    sister_cities = [
        p.partner
        for p in protocols
        if p.kind == Protocol.Kind.SISTER_CITY and p.status == Protocol.Status.SIGNED
    ]
    return render(
        request,
        "visits/organization_detail.html",
        {
            "org": org,
            "other_names": other_names_list(org.other_names),
            "posts": _posts_of(org),
            "received": received,
            "sent": sent,
            "totals": totals,
            "meetings": meetings[:MEETINGS_SHOWN],
            "more_meetings": len(meetings) > MEETINGS_SHOWN,
            "protocols": protocols,
            "sister_cities": sister_cities,
            "chart": bar_chart(
                per_year(yearly),
                _("Visits per year"),
                _("Visits"),
                category_label=_("Year"),
                chart_id="chart-visits-per-year",
            ),
            "visitors_chart": bar_chart(
                [(countries.name(code), n) for code, n in visitors],
                _("Visitors by country"),
                _("Visits received"),
                category_label=_("Country"),
                horizontal=True,
                chart_id="chart-visitors-by-country",
            )
            if visitors
            else "",
            "section": "directory",
        },
    )


# --- Everything between two organisations -------------------------------------------------------


def _between_entries(request, first, second):
    """Visits, meetings, protocols and gifts between two organisations, as
    one list of {date, precision, kind, record} in time order (undated
    protocols last). Four queries, whatever their number."""
    visits = list(
        visible_visits(request)
        .filter(Q(guest=first, host=second) | Q(guest=second, host=first))
        .select_related("guest", "host", "event")
    )

    def attended_by(org):
        return Exists(MeetingParticipant.objects.filter(meeting=OuterRef("pk"), organization=org))

    meetings = list(
        visible_meetings(request)
        .filter(
            ((Q(host=first) | Q(convened_by=first)) & attended_by(second))
            | ((Q(host=second) | Q(convened_by=second)) & attended_by(first))
        )
        # A meeting within a visit between the two is told by the visit.
        .exclude(visit__in=[visit.pk for visit in visits])
        .select_related("host", "convened_by", "visit")
    )
    protocols = list(
        visible_protocols(request)
        .between(first, second)
        .select_related("party_a", "party_b", "coordinator")
        .prefetch_related("cooperation_fields")
    )
    gifts = list(
        visible_gifts(request)
        .filter(
            Q(given_by_organization=first, given_to_organization=second)
            | Q(given_by_organization=second, given_to_organization=first)
        )
        .select_related(
            "meeting__visit",
            "given_by_organization",
            "given_by_person",
            "given_to_organization",
            "given_to_person",
        )
    )
    day = DatePrecision.DAY
    entries = [
        *({"date": v.start_date, "precision": day, "kind": "visit", "record": v} for v in visits),
        *({"date": m.date, "precision": day, "kind": "meeting", "record": m} for m in meetings),
        *(
            {
                "date": p.signed_date or p.planned_date,
                "precision": day if p.signed_date else p.planned_date_precision,
                "kind": "protocol",
                "record": p,
            }
            for p in protocols
        ),
        *({"date": g.meeting.date, "precision": day, "kind": "gift", "record": g} for g in gifts),
    ]
    order = {"visit": 0, "meeting": 1, "protocol": 2, "gift": 3}
    entries.sort(
        key=lambda e: (
            e["date"] is None,
            e["date"] or datetime.date.max,
            order[e["kind"]],
            e["record"].pk,
        )
    )
    counts = {
        "visits": len(visits),
        "meetings": len(meetings),
        "protocols": len(protocols),
        "gifts": len(gifts),
    }
    return entries, counts


def pair(request, first, second):
    """Everything between two organisations, in time order. Either order of
    the two addresses shows the same page; an unknown one, or the same one
    twice, is not a page."""
    if first == second:
        raise Http404
    found = {
        org.slug: org
        for org in Organization.objects.filter(slug__in=[first, second]).select_related("parent")
    }
    if len(found) != 2:
        raise Http404
    first, second = found[first], found[second]
    entries, counts = _between_entries(request, first, second)
    return render(
        request,
        "visits/pair.html",
        {
            "first": first,
            "second": second,
            "entries": entries,
            "counts": counts,
            # Either order of the two shows this page; search engines get one.
            "canonical": request.build_absolute_uri(
                reverse("pair", args=sorted([first.slug, second.slug]))
            ),
            "section": "directory",
        },
    )


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
    total = sum(len(section["rows"]) for section in sections)
    return render(
        request,
        "visits/search.html",
        {
            "query": query,
            "sections": sections,
            "total": total,
            # Found nothing: the nearest names of organisations and people.
            "suggestions": (
                suggestions(query, [Organization.objects.all(), Person.objects.all()])
                if query and not total
                else []
            ),
            "section": "search",
        },
    )
