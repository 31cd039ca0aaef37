"""Public pages about visits and everything that needs them: home, the visit
list and page, meetings outside visits, an organisation's page, everything
between two organisations, the gift register and search.

Every queryset starts from a `visible_*` helper: one place decides what the
public may see (published records) and what signed-in staff see (drafts too).
"""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
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
from municipalities.registers import clean_organization
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

from .appearances import appearances
from .charts import bar_chart, per_year
from .models import (
    AgendaItem,
    Decision,
    DelegationMember,
    Event,
    Gift,
    Meeting,
    MeetingParticipant,
    Photo,
    Project,
    ProjectPartner,
    Statement,
    Visit,
)
from .public import (
    counted_visits,
    public_events,
    public_people,
    public_projects,
    visible_events,
    visible_people,
    visible_projects,
)
from .totals import live_figures, public_figures

# --- What the reader may see ---------------------------------------------------


def visible_visits(request):
    """What pages list and counts count: one rule (`counted_visits`)."""
    return counted_visits(request)


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
            queryset=MeetingParticipant.objects.select_related(
                "person", "organization"
            ).with_other_posts(),
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
            "statements",
            queryset=Statement.objects.select_related("speaker", "organization").with_other_posts(),
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
    # No filter here joins a many-valued relation: each visit comes once
    # without DISTINCT (which made PostgreSQL sort every past visit).
    visits = visible_visits(request).select_related("guest", "host")
    recent = list(visits.filter(start_date__lte=today).order_by("-start_date", "-id")[:HOME_LIST])
    upcoming = list(visits.filter(start_date__gt=today).order_by("start_date", "id")[:HOME_LIST])
    protocols = visible_protocols(request).select_related("party_a", "party_b")
    signings = list(protocols.signings_ahead(today)[:HOME_LIST])
    # Signings whose planned period is over: a reminder for staff only. The
    # page cache serves anonymous readers alone, so its pages never hold them.
    overdue = (
        list(protocols.signings_overdue(today)[:HOME_LIST])
        if can_see_drafts(request, Protocol)
        else []
    )
    # The figure and the chart per year count what the visit list lists: for
    # the public from the maintained tallies, for staff (drafts too) live.
    if can_see_drafts(request, Visit):
        figures, yearly, by_country = live_figures(
            counted_visits(request).order_by(), today, HOME_COUNTRIES
        )
    else:
        figures, yearly, by_country = public_figures(today, HOME_COUNTRIES)
    figures["signed"] = visible_protocols(request).filter(status=Protocol.Status.SIGNED).count()
    figures["members"] = Organization.objects.members().count()
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
            "overdue": overdue,
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
        # By the visit's names, or by a person of the delegation or of its meetings.
        visits = visits.search_with_people(query, visible_meetings(request))
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
    "guest__slug",
    "host__slug",
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
                queryset=DelegationMember.objects.select_related(
                    "person", "organization"
                ).with_other_posts(),
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
    protocols = protocols_of_meetings(request, visit.visible_meetings)
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "meetings": visit.visible_meetings,
            "protocols": protocols,
            "public_protocol_ids": {p.pk for p in protocols},
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


def hosted_by(meetings, org):
    """Those of `meetings` that `org` hosted or convened."""
    return meetings.filter(Q(host=org) | Q(convened_by=org))


def attended_for(meetings, org):
    """Those of `meetings` where someone took part for `org` (its organisation
    on the day) that `org` neither hosted nor convened."""
    return (
        meetings.filter(
            Exists(MeetingParticipant.objects.filter(meeting=OuterRef("pk"), organization=org))
        )
        .exclude(host=org)
        .exclude(convened_by=org)
    )


def who_took_part_for(org):
    """A meeting's participants who took part for `org`, as `meeting.ours`."""
    return Prefetch(
        "participants",
        queryset=MeetingParticipant.objects.filter(organization=org).select_related("person"),
        to_attr="ours",
    )


def meeting_list(request):
    """Meetings outside visits (board meetings), newest first, each with its
    decisions. With `?host=<slug>` instead every meeting the reader may see
    that the organisation hosted or convened, within visits too; with
    `?attended=<slug>` every one its people attended for it that it neither
    hosted nor convened (as the organisation's page counts them). A fixed
    number of queries whatever the page holds: the organisation (when asked
    for), the years, the count, the page (hosts and visits joined,
    participants counted), its decisions, and who took part for the
    organisation (with `attended`)."""
    meetings = visible_meetings(request)
    applied = Applied()
    host = clean_organization(request, "host")
    attended = None if host else clean_organization(request, "attended")
    if host is not None:
        scope = hosted_by(meetings, host)
        applied["host"] = host
    elif attended is not None:
        scope = attended_for(meetings, attended)
        applied["attended"] = attended
    else:
        # Outside visits there is no visit to be published: the same rows as
        # `meetings.standalone()`, without the join to every visit that the
        # rule for meetings in visits needs (the planner read all 100,000).
        scope = Meeting.objects.standalone()
        if not can_see_drafts(request, Meeting):
            scope = scope.filter(is_published=True)
    meetings = scope
    year = _year_param(request)
    if year:
        meetings = meetings.filter(date__year=year)
        applied["year"] = year
    org = None if host or attended else clean_organization(request, "org")
    if org is not None:
        meetings = hosted_by(meetings, org)
        applied["org"] = org
    chair = MeetingParticipant.objects.filter(
        meeting=OuterRef("pk"), role=MeetingParticipant.Role.CHAIR
    )
    meetings = (
        meetings.select_related("host", "convened_by", "visit")
        .annotate(
            # Counted for the rows shown only (a GROUP BY over the join made
            # PostgreSQL read every participant of every meeting first).
            participant_count=Coalesce(
                Subquery(
                    MeetingParticipant.objects.filter(meeting=OuterRef("pk"))
                    .order_by()
                    .values("meeting")
                    .annotate(n=Count("id"))
                    .values("n")
                ),
                0,
            ),
            # Who chaired it, named on its card: in the page's own query.
            chair_name=Subquery(chair.values("person__name")[:1]),
            chair_slug=Subquery(chair.values("person__slug")[:1]),
        )
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
    if attended is not None:
        meetings = meetings.prefetch_related(who_took_part_for(attended))
    return render(
        request,
        "visits/meeting_list.html",
        {
            "page": page_of(request, meetings, per_page=MEETINGS_PER_PAGE),
            "applied": applied,
            "years": [d.year for d in scope.dates("date", "year", order="DESC")],
            "section": "meetings",
        },
    )


# --- One meeting -------------------------------------------------------------------------------

LARGEST_ID = 2**63 - 1


def protocols_in_full(request):
    """The protocols the reader may see, each read with its parties (and
    their parents), coordinator, fields of cooperation and signatories:
    three queries however many."""
    return (
        visible_protocols(request)
        .select_related("party_a__parent", "party_b__parent", "coordinator")
        .prefetch_related(
            "cooperation_fields",
            Prefetch(
                "signatories",
                queryset=ProtocolSignatory.objects.select_related(
                    "person", "organization"
                ).with_other_posts(),
            ),
        )
    )


def protocols_of_meetings(request, meetings):
    """The protocols the meetings (from `meetings_with_everything`) discussed
    or signed, as far as the reader may see them, with their coordinator,
    signatories and fields of cooperation: three queries, or none."""
    found = set()
    for meeting in meetings:
        found |= {item.protocol_id for item in meeting.agenda_items.all() if item.protocol_id}
        found |= {protocol.pk for protocol in meeting.signed_protocols.all()}
    if not found:
        return []
    return list(protocols_in_full(request).filter(pk__in=found).order_by("planned_date", "id"))


def protocols_of_meeting(request, meeting):
    """The protocols a meeting discussed or signed, as far as the reader may
    see them, with their signatories and fields of cooperation."""
    return protocols_of_meetings(request, [meeting])


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
POSTS_SHOWN = 30  # current posts, and again former ones
PROTOCOLS_SHOWN = 30  # as a party, and again as coordinator
PROJECTS_SHOWN = 20
GIFTS_SHOWN = 10  # given, and again received


def _first_rows(queryset, order, shown, partition=None):
    """The first `shown` rows of `queryset` in `order` (of each `partition`,
    if one is given), each with `total`: how many rows the queryset (or the
    row's partition) holds in all. One query, however many rows there are."""
    partition_by = [partition] if partition is not None else None
    return list(
        queryset.annotate(
            _rank=Window(RowNumber(), partition_by=partition_by, order_by=order),
            total=Window(Count("pk"), partition_by=partition_by),
        )
        .filter(_rank__lte=shown)
        .order_by(*order)
    )


def _total(rows):
    return rows[0].total if rows else 0


def _posts_of(request, organization):
    """The organisation's posts held by people the reader may see, with their
    holders: (current, former), each the most recent start first, at most
    POSTS_SHOWN of each, every row with `total` and `is_ended`; for staff who
    see drafts, `is_draft` marks a holder the public does not see."""
    today = timezone.localdate()
    ended = ExpressionWrapper(Q(end_date__lt=today), output_field=BooleanField())
    posts = Post.objects.filter(
        organization=organization, person__in=visible_people(request)
    ).select_related("person")
    drafts_shown = can_see_drafts(request, Person)
    if drafts_shown:
        posts = posts.annotate(
            person_is_public=Exists(public_people(Person.objects.filter(pk=OuterRef("person_id"))))
        )
    rows = _first_rows(
        posts.annotate(is_ended=ended),
        [F("start_date").desc(nulls_last=True), F("person__name").asc(), F("id").asc()],
        POSTS_SHOWN,
        partition=ended,
    )
    for post in rows:
        post.is_draft = drafts_shown and not post.person_is_public
    return [p for p in rows if not p.is_ended], [p for p in rows if p.is_ended]


def organization_detail(request, slug):
    """One organisation: its facts, districts, people, visits both ways,
    meetings it hosted and those its people attended, protocols as a party
    and as coordinator, joint projects, gifts given and received, and charts.
    Every list is bounded (the newest few, with the total), so the number of
    queries is fixed (eighteen for a reader) whatever it has."""
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
    current_posts, former_posts = _posts_of(request, org)

    # Visits with it as the main host or as the delegation's organisation.
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

    # Meetings it hosted or convened, within a visit or not; and those its
    # people attended (for it, on the day) that it neither hosted nor convened.
    newest = [F("date").desc(), F("id").desc()]
    hosted = _first_rows(
        hosted_by(visible_meetings(request), org)
        .select_related("host", "convened_by", "visit")
        .annotate(in_visits=Window(Count("visit"))),
        newest,
        MEETINGS_SHOWN,
    )
    attended = _first_rows(
        attended_for(visible_meetings(request), org)
        .select_related("host", "visit")
        .prefetch_related(who_took_part_for(org)),
        newest,
        MEETINGS_SHOWN,
    )
    for meeting in (*hosted, *attended):
        meeting.is_draft = not meeting.is_public

    # Protocols it is a party to, and those it coordinated between others.
    as_party = Q(party_a=org) | Q(party_b=org)
    role = Case(When(as_party, then=Value("party")), default=Value("coordinator"))
    protocols = _first_rows(
        visible_protocols(request)
        .filter(as_party | Q(coordinator=org))
        .select_related("party_a", "party_b", "coordinator")
        .prefetch_related("cooperation_fields")
        .annotate(role=role),
        [Coalesce("signed_date", "planned_date").desc(nulls_last=True), F("id").desc()],
        PROTOCOLS_SHOWN,
        partition=role,
    )
    party_protocols = [p for p in protocols if p.role == "party"]
    coordinated = [p for p in protocols if p.role == "coordinator"]
    for protocol in party_protocols:
        protocol.partner = protocol.other_party(org)
    signed = (
        visible_protocols(request)
        .involving(org)
        .filter(kind=Protocol.Kind.SISTER_CITY, status=Protocol.Status.SIGNED)
    )
    sister_cities = (
        Organization.objects.filter(
            Q(pk__in=signed.values("party_a")) | Q(pk__in=signed.values("party_b"))
        )
        .exclude(pk=org.pk)
        .order_by(name_in_reader_language(), "id")
    )

    # Joint projects it is a partner of.
    partnerships = ProjectPartner.objects.filter(
        organization=org, project__in=visible_projects(request)
    ).select_related("project")
    drafts_shown = can_see_drafts(request, Project)
    if drafts_shown:
        partnerships = partnerships.annotate(
            project_is_public=Exists(
                public_projects(Project.objects.filter(pk=OuterRef("project_id")))
            )
        )
    projects = _first_rows(partnerships, [F("project__name").asc(), F("id").asc()], PROJECTS_SHOWN)
    for partnership in projects:
        partnership.is_draft = drafts_shown and not partnership.project_is_public

    # Gifts it gave and received, newest first.
    gifts = visible_gifts(request).select_related(
        "meeting__visit",
        "given_by_organization",
        "given_by_person",
        "given_to_organization",
        "given_to_person",
    )
    gift_order = [F("meeting__date").desc(), F("id").desc()]
    gifts_given = _first_rows(gifts.filter(given_by_organization=org), gift_order, GIFTS_SHOWN)
    gifts_received = _first_rows(gifts.filter(given_to_organization=org), gift_order, GIFTS_SHOWN)
    for gift in (*gifts_given, *gifts_received):
        gift.is_draft = not gift.meeting.is_public

    return render(
        request,
        "visits/organization_detail.html",
        {
            "org": org,
            "other_names": other_names_list(org.other_names),
            "current_posts": current_posts,
            "former_posts": former_posts,
            "received": received,
            "sent": sent,
            "totals": {
                **totals,
                "hosted": _total(hosted),
                "hosted_in_visits": hosted[0].in_visits if hosted else 0,
                "attended": _total(attended),
                "party_protocols": _total(party_protocols),
                "coordinated": _total(coordinated),
                "projects": _total(projects),
                "gifts_given": _total(gifts_given),
                "gifts_received": _total(gifts_received),
                # What the registers list for `?org=`: both roles. (A gift an
                # organisation gave itself would count twice; none is recorded.)
                "all_protocols": _total(party_protocols) + _total(coordinated),
                "all_gifts": _total(gifts_given) + _total(gifts_received),
                "current_posts": _total(current_posts),
                "former_posts": _total(former_posts),
            },
            "hosted": hosted,
            "attended": attended,
            "protocols": party_protocols,
            "coordinated": coordinated,
            "sister_cities": list(sister_cities),
            "projects": projects,
            "gifts_given": gifts_given,
            "gifts_received": gifts_received,
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
    protocols last). Six queries whatever their number: visits, meetings,
    protocols with their fields and signatories, gifts."""
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
    protocols = list(protocols_in_full(request).between(first, second))
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
APPEARANCES_SHOWN = 3  # per person found: the most recent places they appear


def _marked_public(request, model, records, public):
    """`records` with `is_public` on each: false for what only staff who may
    see drafts see (`public`, the rule of visits/public.py, says what is)."""
    if not can_see_drafts(request, model):
        return records.annotate(is_public=Value(True))
    return records.annotate(is_public=Exists(public().filter(pk=OuterRef("pk"))))


def _one_per_record(places):
    """The newest appearance in each visit, meeting or protocol: someone who
    spoke at a meeting is not listed as its participant as well."""
    seen = set()
    found = []
    for place in places:
        record = (type(place.subject), place.subject.pk)
        if record not in seen:
            seen.add(record)
            found.append(place)
    return found


def search(request):
    """One box over visits, meetings, people, organisations, protocols, events
    and projects, each found through its folded search key (visits and
    meetings by their people's names as well), each linking to its page.

    A fixed number of queries: one per kind, the ids of the visits and
    meetings of people found (2), people's current posts (1) and their
    appearances (one per kind of appearance, visits/appearances.py)."""
    query = clean_param(request, "q", max_length=200) or ""
    sections = []
    if query:
        people = _marked_public(
            request, Person, visible_people(request).search(query), public_people
        ).prefetch_related(
            Prefetch(
                "posts",
                queryset=Post.objects.filter(end_date__isnull=True).select_related("organization"),
                to_attr="current_posts",
            )
        )
        found = [
            (
                "visits",
                _("Visits"),
                visible_visits(request)
                .search_with_people(query, visible_meetings(request))
                .select_related("guest", "host")
                .only(*LIST_COLUMNS),
            ),
            (
                "meetings",
                _("Meetings"),
                visible_meetings(request).search_with_people(query).select_related("host", "visit"),
            ),
            ("people", _("People"), people),
            ("organizations", _("Organisations"), Organization.objects.search(query)),
            (
                "protocols",
                _("Protocols"),
                visible_protocols(request).search(query).select_related("party_a", "party_b"),
            ),
            (
                "events",
                _("Events"),
                _marked_public(
                    request, Event, visible_events(request).search(query), public_events
                ),
            ),
            (
                "projects",
                _("Projects"),
                _marked_public(
                    request, Project, visible_projects(request).search(query), public_projects
                ),
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
        people = next(section["rows"] for section in sections if section["key"] == "people")
        places = appearances(request, people, per_kind=APPEARANCES_SHOWN)
        for person in people:
            person.recent = _one_per_record(places[person.pk])[:APPEARANCES_SHOWN]
        sections = [section for section in sections if section["rows"]]
    total = sum(len(section["rows"]) for section in sections)
    return render(
        request,
        "visits/search.html",
        {
            "query": query,
            "sections": sections,
            "total": total,
            # Found nothing: the nearest names of organisations and of the
            # people the reader may see.
            "suggestions": (
                suggestions(query, [Organization.objects.all(), visible_people(request)])
                if query and not total
                else []
            ),
            "section": "search",
        },
    )
