"""The generator of the demo set: plans it in memory from the data files, then writes
what the database does not have yet (see the package's docstring)."""

import datetime as dt
import random
from collections import Counter, defaultdict

from django.db import transaction
from django.utils import translation

from municipalities.models import (
    CooperationField,
    Protocol,
    ProtocolSignatory,
)
from portal.dates import normalise
from visits.demo_extra.data import (
    CANCELLED_NOTES,
    CO_HOSTS,
    ESCORTS,
    PROTOCOL_KINDS,
    PUBLISHED_PROTOCOL,
    TOPICS,
    TOURS,
    events,
    organisations,
    projects,
)
from visits.demo_extra.directory import DirectoryPlanner
from visits.demo_extra.meetings import MeetingPlanner
from visits.demo_extra.specs import (
    AS_OF,
    COVID,
    FIRST_DAY,
    HOME,
    ISTANBUL,
    LAST_DAY,
    MUNICIPAL,
    SEED,
    K,
    OrgSpec,
    ProtocolPlan,
    VisitPlan,
)
from visits.demo_extra.text import _listing, _the, _tr, _upper_tr
from visits.models import (
    AgendaItem,
    Decision,
    DelegationMember,
    Gift,
    Meeting,
    MeetingParticipant,
    Statement,
    Visit,
)

EVENTS = events()
PROJECTS = projects()


class _Generator(DirectoryPlanner, MeetingPlanner):
    """Plans the whole set in memory, then writes what the database does not have yet."""

    def __init__(self, home, stdout=None):
        self.home = home
        self.stdout = stdout
        self.rng = random.Random(SEED)
        self.created = Counter()
        self.specs = {s.slug: s for s in organisations()}
        self.specs[HOME] = OrgSpec(
            HOME, K.UNION, home.name_en or home.name, home.name_tr or home.name_en or home.name,
            country="TR", city=("Istanbul", "İstanbul"), short=home.short_name,
        )  # fmt: skip
        self.orgs = {}  # slug -> Organization
        self.slug_of = {}  # Organization pk -> slug
        self.member_since = {}
        self.people = []  # PersonSpec
        self.names_used = set()
        self.surname_uses = Counter()
        self.by_role = defaultdict(list)  # (organisation slug, role) -> [PostSpec]
        self.fields = list(CooperationField.objects.order_by("slug"))
        self.events = {}
        self.projects = {}
        # What earlier slots have planned.
        self.open_protocols = {}  # (kind, frozenset of slugs) -> ProtocolPlan
        self.by_pair = defaultdict(list)  # frozenset of slugs -> [ProtocolPlan]
        self.protocols = []
        self.protocol_titles = set()
        self.visit_slugs = set()
        self.trips = defaultdict(list)  # guest slug -> [(host slug, event, first, last day)]
        self.board_keys = set()
        self.visits = []
        self.boards = []

    def say(self, text):
        if self.stdout is not None:
            self.stdout.write(text + "\n")

    # --- look-ups while planning ------------------------------------------------------

    def holders(self, slug, role, day):
        return [p for p in self.by_role[(slug, role)] if p.held_on(day)]

    def head(self, slug, day):
        found = self.holders(slug, "head", day)
        return found[0] if found else None

    def team(self, slug, day, roles=("deputy", "staff")):
        return [p for role in roles for p in self.holders(slug, role, day)]

    def names(self, slug):
        return self.specs[slug].name_en, self.specs[slug].name_tr

    def city(self, slug):
        return self.specs[slug].city

    def slug(self, org):
        return self.slug_of[org.pk]

    def slugs(self, test):
        return [s for s, spec in self.specs.items() if s != HOME and test(spec)]

    def pick(self, slugs):
        return self.rng.choice(sorted(slugs))

    def random_day(self, start=FIRST_DAY, end=LAST_DAY):
        rng = self.rng
        while True:
            day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
            if COVID[0] <= day <= COVID[1] and rng.random() < 0.75:
                continue  # few visits during the pandemic
            if day.weekday() == 6:
                day += dt.timedelta(days=1)
            return min(day, end)

    # --- protocols ----------------------------------------------------------------------

    def open_between(self, a, b, day):
        return [
            p
            for p in self.by_pair[frozenset((a, b))]
            if p.protocol.status in Protocol.OPEN_STATUSES and p.day <= day
        ]

    def protocol_outcome(self, day, mode):
        """(status, planned date, its precision, signed date) of a protocol made at `day`."""
        rng = self.rng
        if mode == "ceremony":
            return ("signed", None, "day", day) if day <= AS_OF else ("planned", day, "day", None)
        target = day + dt.timedelta(days=rng.randrange(30, 240)) if mode == "discussed" else day
        if target > AS_OF:
            weights = (0, 80, 20, 0)
        elif target > AS_OF - dt.timedelta(days=730):
            weights = (50, 25, 15, 10)
        else:
            weights = (80, 0, 0, 20)
        outcome = rng.choices(("signed", "planned", "proposed", "cancelled"), weights)[0]
        precision = rng.choice(("month", "month", "day"))
        if outcome == "signed":
            if target < AS_OF - dt.timedelta(days=4 * 365) and rng.random() < 0.2:
                return "ended", None, "day", target
            return "signed", None, "day", target
        if outcome == "planned":  # not signed yet: planned for the coming months
            return (
                "planned",
                max(target, AS_OF + dt.timedelta(rng.randrange(20, 150))),
                precision,
                None,
            )
        if outcome == "cancelled":
            return "cancelled", target, "month", None
        return "proposed", None, "day", None

    def new_protocol(self, a, b, day, mode, coordinator=None):
        """A protocol between a and b, made at `day`; None when one of its kind is open.

        mode "ceremony": signed on `day` (planned for it, if that is after AS_OF);
        "discussed": talked about on `day`, signed or planned later; "loose": about `day`.
        """
        rng = self.rng
        municipal = self.specs[a].is_municipal and self.specs[b].is_municipal
        if municipal:
            kind = rng.choices(list(PROTOCOL_KINDS), (40, 25, 25, 10))[0]
        else:
            kind = rng.choice(("cooperation", "memorandum"))
        key = (kind, frozenset((a, b)))
        if a == b or key in self.open_protocols:
            return None
        status, planned, precision, signed = self.protocol_outcome(day, mode)
        (a_en, a_tr), (b_en, b_tr) = self.names(a), self.names(b)
        kind_en, kind_tr = PROTOCOL_KINDS[kind]
        title = (f"{kind_en} between {_the(a_en)} and {_the(b_en)}",
                 f"{a_tr} ile {b_tr} arasında {kind_tr}")  # fmt: skip
        n, base = 1, title
        while title[0] in self.protocol_titles:
            n += 1
            year = (signed or planned or day).year
            suffix = f" ({year})" if n == 2 else f" ({year}, {n - 1})"
            title = (base[0] + suffix, base[1] + suffix)
        self.protocol_titles.add(title[0])
        fields = sorted(rng.sample(self.fields, min(len(self.fields), rng.randint(2, 5))),
                        key=lambda f: f.order)  # fmt: skip
        summary = ("", "")
        if fields:
            summary = (
                f"{kind_en} covering " + _listing((f.name_en.lower() for f in fields), "and") + ".",
                _upper_tr(_listing((f.name_tr.lower() for f in fields),
                                   "ile" if len(fields) == 2 else "ve")
                          + f" alanlarını kapsayan {kind_tr}."),
            )  # fmt: skip
        notes = ""
        if status == "cancelled":
            notes = rng.choice(CANCELLED_NOTES)
        elif status == "ended":
            notes = "Ended by mutual agreement after its term."
        protocol = Protocol(
            kind=kind, status=status, party_a=self.orgs[a], party_b=self.orgs[b],
            coordinator=self.orgs[coordinator] if coordinator else None,
            **_tr("title", title), **_tr("summary", summary),
            planned_date=normalise(planned, precision), planned_date_precision=precision,
            signed_date=signed,
            **_tr("signed_place", rng.choice((self.city(a), self.city(b))) if signed else ("", "")),
            notes=notes, is_published=rng.random() < PUBLISHED_PROTOCOL[status],
        )  # fmt: skip
        signatories = []
        if signed:
            for slug in (a, b, *([coordinator] if coordinator and rng.random() < 0.4 else [])):
                post = self.head(slug, signed)
                if post and post.person not in {s.person for s in signatories}:
                    signatories.append(post)
        plan = ProtocolPlan(protocol, (a, b), day, fields, signatories)
        self.protocols.append(plan)
        self.by_pair[frozenset((a, b))].append(plan)
        if status in Protocol.OPEN_STATUSES:
            self.open_protocols[key] = plan
        return plan

    def plan_loose_protocol(self):
        """A protocol no visit here records: proposed, planned, signed elsewhere, ended…"""
        rng = self.rng
        day = self.random_day(dt.date(2017, 1, 1), LAST_DAY)
        turkish = self.slugs(lambda s: s.country == "TR" and s.is_municipal)
        foreign = self.slugs(lambda s: s.country != "TR" and s.is_municipal)
        others = self.slugs(lambda s: s.kind in {K.INTERNATIONAL, K.FOUNDATION, K.REGIONAL,
                                                 K.UNION, K.MINISTRY})  # fmt: skip
        r = rng.random()
        if r < 0.5:
            a, b = self.pick(turkish), self.pick(foreign)
            coordinator = HOME if rng.random() < 0.7 else None
        elif r < 0.7:
            a, b = self.pick(foreign), self.pick(foreign)
            if self.specs[a].country == self.specs[b].country:
                return
            coordinator = HOME if rng.random() < 0.5 else None
        else:
            a, b, coordinator = HOME, self.pick(others), None
        self.new_protocol(a, b, day, "loose", coordinator)

    # --- visits ---------------------------------------------------------------------------

    def plan_visit(self):
        rng = self.rng
        direction = rng.choices(("in", "out", "between"), (45, 37, 18))[0]
        event = None
        if rng.random() < 0.22:
            event = rng.choice(
                [e for e in EVENTS if (direction == "in") == (e.city[0] == "Istanbul")]
            )
        if event:
            start = event.start + dt.timedelta(
                rng.randrange((event.last_day - event.start).days + 1)
            )
        else:
            start = self.random_day()
        guest, host = self.pick_parties(direction, event, start)
        if guest is None:
            return
        board = direction == "out" and rng.random() < 0.35 and self.city(host)[0] != "Istanbul"
        members = self.delegation(guest, host, start, direction, board)
        if not members:
            return
        stops = self.stops(direction, guest, host, board, start)
        last_day = start + dt.timedelta(max(offset for *_x, offset in stops))
        if self.repeats_a_trip(guest, host, event, start, last_day):
            return
        if last_day > AS_OF:
            status = "planned" if rng.random() < 0.9 else "postponed"
        else:
            status = rng.choices(("held", "postponed", "cancelled"), (92, 4, 4))[0]
        if status in {"postponed", "cancelled"}:
            stops = stops[:1]
        last = max(offset for *_x, offset in stops)
        plan = VisitPlan(direction, guest, host, members, status, tuple(rng.sample(TOPICS, 2)))

        protocol, signing, discussed = self.visit_protocol(plan, start, last)
        if signing:
            sign_host = host
            partner = next(s for s in protocol.parties if s != guest)
            if direction == "in" and self.city(partner)[0] == "Istanbul" and rng.random() < 0.5:
                sign_host = partner
            place = self.city(sign_host) if protocol.protocol.signed_date else ("", "")
            protocol.protocol.signed_place_en, protocol.protocol.signed_place_tr = place
            stops = [*stops[:3], (sign_host, "signing", last)]

        plan.visit = self.visit_record(
            plan, event, board, start, last, protocol if signing else None
        )
        plan.delegation = [
            DelegationMember(
                visit=plan.visit, person=post.person.instance, role=role,
                organization=self.orgs[post.org], **_tr("title", (post.title_en, post.title_tr)),
                order=n,
            )
            for n, (post, role) in enumerate(members, start=1)
        ]  # fmt: skip
        ends = {}  # day offset -> when the last meeting of that day ends, in minutes
        for n, (stop, kind, offset) in enumerate(stops):
            begin = ends.get(offset, rng.choice((9, 10, 10, 11)) * 60 + rng.choice((0, 30)))
            length = rng.choice((45, 60, 60, 90, 120))
            ends[offset] = begin + length + rng.choice((15, 30, 60))
            m = self.meeting(plan, stop, kind, start + dt.timedelta(offset), begin, length, n == 0)
            plan.meetings.append(m)
            if kind == "signing":
                self.signing(plan, m, protocol)
        if discussed:
            self.protocol_item(plan.meetings[0], protocol, discussed)
        gift_meetings = [
            m for m in plan.meetings if m.meeting.kind not in {"signing", "site_visit"}
        ]
        if plan.held and gift_meetings and rng.random() < 0.75:
            self.gifts(gift_meetings[-1], guest)
        for m in plan.meetings:
            if m.gifts:
                m.item("ceremony", ("Exchange of gifts and family photo",
                                    "Hediye takdimi ve aile fotoğrafı"))  # fmt: skip
            for order, (item, _protocol) in enumerate(m.agenda, start=1):
                item.order = order
        self.visits.append(plan)
        self.trips[guest].append((host, event, start, last_day))

    def repeats_a_trip(self, guest, host, event, start, last_day):
        """Whether `guest`'s delegation already has this trip: to the same
        occasion, or to the same host on days that overlap. One trip is one
        visit; two records of it would list it twice."""
        return any(
            (event is not None and event == other_event)
            or (host == other_host and start <= other_last and other_start <= last_day)
            for other_host, other_event, other_start, other_last in self.trips[guest]
        )

    def pick_parties(self, direction, event, day):
        """(guest, host) of a visit, or (None, None) when no fitting pair is found."""
        rng = self.rng
        president = self.head(HOME, day).person

        def usable(slug):  # someone heads it that day, and it is not the union's president
            head = self.head(slug, day)
            return slug == HOME or (head is not None and head.person is not president)

        def weighted(groups):
            groups = [(slugs, w) for slugs, w in groups if slugs]
            return self.pick(rng.choices([g for g, _w in groups], [w for _g, w in groups])[0])

        foreign = self.slugs(lambda s: s.is_municipal and s.country != "TR")
        turkish = self.slugs(lambda s: s.is_municipal and s.country == "TR")
        embassies = self.slugs(lambda s: s.kind == K.EMBASSY)
        international = self.slugs(lambda s: s.kind == K.INTERNATIONAL)
        regional = self.slugs(lambda s: s.kind == K.REGIONAL)
        ministries = self.slugs(lambda s: s.kind == K.MINISTRY)
        tr_ministries = [s for s in ministries if self.specs[s].country == "TR"]
        foundations = self.slugs(lambda s: s.kind in {K.FOUNDATION, K.UNION})
        there = []
        if event:
            there = self.slugs(lambda s: s.city[0] == event.city[0])
            there = [s for s in there if self.specs[s].is_municipal] or there
        for _attempt in range(20):
            if direction == "in":
                guest, host = None, HOME
                if event:
                    guest = weighted([(foreign, 70), (regional, 15), (international, 15)])
                else:
                    guest = weighted([(foreign, 55), (turkish, 12), (embassies, 10),
                                      (international, 8), (regional, 7), (ministries, 4),
                                      (foundations, 4)])  # fmt: skip
            elif direction == "out":
                guest = HOME
                if there:
                    host = self.pick(there)
                else:
                    host = weighted([(foreign, 55), (regional, 10), (international, 10),
                                     (tr_ministries, 10), (turkish, 10),
                                     (embassies, 5)])  # fmt: skip
            elif there:
                guest, host = self.pick(foreign + turkish), self.pick(there)
            elif rng.random() < 0.45:
                guest, host = self.pick(turkish), self.pick(foreign)
            elif rng.random() < 0.65:
                guest, host = self.pick(foreign), self.pick(turkish)
            else:
                guest, host = self.pick(embassies + regional + international), self.pick(turkish)
            if guest == host or not (usable(guest) and usable(host)):
                continue
            if direction == "between" and self.city(guest)[0] == self.city(host)[0]:
                continue
            return guest, host
        return None, None

    def delegation(self, guest, host, day, direction, board):
        """[(post, role)], the head first: whose posts give the titles of the day."""
        rng = self.rng
        members = []

        def add(post, role):
            if post is not None and post.person not in {p.person for p, _r in members}:
                members.append((post, role))

        if guest == HOME:
            deputies = self.holders(HOME, "deputy", day)
            if board or rng.random() < 0.6 or not deputies:
                add(self.head(HOME, day), "head")
                if deputies and rng.random() < 0.5:
                    add(deputies[0], "deputy_head")
            else:
                add(deputies[0], "head")
            if board:  # mayors who sit on the union's board, with their mayoral titles
                seats = self.holders(HOME, "board", day) + self.holders(HOME, "vp", day)
                rng.shuffle(seats)
                for seat in seats[: rng.randint(2, 5)]:
                    if seat.municipality != host:
                        add(self.head(seat.municipality, day), "member")
            for post in self.holders(HOME, "staff", day):
                if rng.random() < 0.7:
                    add(post, "member")
            interpreters = self.holders(HOME, "interpreter", day)
            if interpreters and self.specs[host].located_in in {"KZ", "KG", "UZ", "TM", "RU", "MD"}:
                add(rng.choice(interpreters), "interpreter")
            for role in ("press", "protocol"):
                for post in self.holders(HOME, role, day):
                    if rng.random() < 0.35:
                        add(post, role)
        else:
            deputies = self.holders(guest, "deputy", day)
            if deputies and rng.random() < 0.3:
                add(rng.choice(deputies), "head")
            else:
                add(self.head(guest, day), "head")
            for post in self.team(guest, day):
                if rng.random() < 0.5:
                    roles = ("member", "member", "deputy_head", "advisor")
                    add(post, rng.choice(roles) if post.role == "deputy" else "member")
            # In Türkiye, a foreign delegation often comes with its embassy or consulate.
            spec = self.specs[guest]
            in_turkiye = direction == "in" or self.specs[host].located_in == "TR"
            escorted = in_turkiye and spec.country in ESCORTS and spec.kind != K.EMBASSY
            if escorted and rng.random() < 0.35:
                escort = self.pick(ESCORTS[spec.country])
                options = self.team(escort, day, ("head", "deputy", "staff"))
                if options:
                    add(rng.choice(options), "advisor")
        if not members or members[0][1] != "head":
            return []
        roles = [role for _post, role in members]
        if roles.count("deputy_head") > 1:  # one deputy head; the others are members
            first = roles.index("deputy_head")
            members = [(p, "member" if r == "deputy_head" and n > first else r)
                       for n, (p, r) in enumerate(members)]  # fmt: skip
        return members

    def stops(self, direction, guest, host, board, day):
        """[(host slug, meeting kind, day offset)] of a visit's meetings, at most four."""
        rng = self.rng
        stops = []
        if direction == "in":
            stops.append((HOME, rng.choice(("courtesy", "courtesy", "working", "presentation")), 0))
            if rng.random() < 0.45:  # then to a member or another body in Istanbul
                kinds = {*MUNICIPAL, K.INTERNATIONAL, K.FOUNDATION, K.UNION}
                options = self.slugs(lambda s: s.city[0] == "Istanbul" and s.kind in kinds)
                options = [s for s in options if s != guest and self.head(s, day)]
                if options:
                    offset = rng.choice((0, 0, 1))
                    stops.append((self.pick(options), rng.choice(("courtesy", "working")), offset))
            if rng.random() < 0.2:
                kind = rng.choice(("reception", "site_visit"))
                stops.append((rng.choice((ISTANBUL, HOME)), kind, stops[-1][2]))
        elif direction == "out":
            # A minister or a regional government in the morning, the mayor the same day…
            co_hosts = [s for s in CO_HOSTS.get(host, []) if self.head(s, day)]
            if co_hosts and (board or rng.random() < 0.5):
                stops.append((self.pick(co_hosts), rng.choice(("courtesy", "working")), 0))
            stops.append((host, rng.choice(("courtesy", "working", "working")), 0))
            # … and another city of the country the next day.
            tour = [s for s in TOURS.get(host, []) if self.head(s, day)]
            if tour and rng.random() < (0.6 if board else 0.3):
                stops.append((self.pick(tour), rng.choice(("courtesy", "working")), 1))
            if rng.random() < 0.35:
                kind = rng.choice(("site_visit", "reception", "press"))
                stops.append((host, kind, stops[-1][2]))
        else:
            stops.append((host, rng.choice(("courtesy", "working")), 0))
            if rng.random() < 0.3:
                stops.append((host, "site_visit", rng.choice((0, 1))))
        return stops[:4]

    def visit_protocol(self, plan, start, last):
        """The protocol a visit signs or discusses: (ProtocolPlan or None, signing, discussed);
        `discussed` is "open" for one made earlier, "new" for one this visit proposes."""
        rng = self.rng
        if rng.random() >= 0.4:
            return None, False, None
        a, b, coordinator = self.protocol_parties(plan)
        if not (a and b):
            return None, False, None
        open_ones = self.open_between(a, b, start)
        if open_ones and rng.random() < 0.6:
            return rng.choice(open_ones), False, "open"
        signing = plan.status in {"held", "planned"} and rng.random() < 0.5
        mode = "ceremony" if signing else "discussed"
        protocol = self.new_protocol(a, b, start + dt.timedelta(last), mode, coordinator)
        if protocol is None:
            return None, False, None
        return protocol, signing, None if signing else "new"

    def protocol_parties(self, plan):
        """(a, b, coordinator) of a protocol a visit may lead to; (None, None, None) if none."""
        rng = self.rng
        guest, host = plan.guest, plan.host
        g, h = self.specs[guest], self.specs[host]
        turkish = self.slugs(lambda s: s.is_municipal and s.country == "TR")
        in_istanbul = [s for s in turkish if self.city(s)[0] == "Istanbul"]
        if plan.direction == "in":
            if g.is_municipal and g.country != "TR":  # with a member, the union coordinating
                return guest, self.pick(in_istanbul if rng.random() < 0.7 else turkish), HOME
            if g.kind in {K.INTERNATIONAL, K.FOUNDATION, K.REGIONAL, K.UNION}:
                return HOME, guest, None
        elif plan.direction == "out":
            if h.is_municipal and h.country != "TR":
                mayors = [p.org for p, _r in plan.members
                          if p.org != HOME and self.specs[p.org].country == "TR"]  # fmt: skip
                if mayors and rng.random() < 0.7:
                    return self.pick(mayors), host, HOME
                if rng.random() < 0.4:
                    return HOME, host, None
                return self.pick(turkish), host, HOME
            if h.kind in {K.INTERNATIONAL, K.FOUNDATION, K.REGIONAL, K.MINISTRY}:
                return HOME, host, None
        elif g.is_municipal and h.is_municipal:
            return guest, host, HOME if rng.random() < 0.5 else None
        return None, None, None

    # --- the slots, then the writing ------------------------------------------------------

    def plan(self, count):
        for index in range(count):
            self.plan_visit()
            if self.rng.random() < 0.14:
                self.plan_loose_protocol()
            if index % 15 == 3:
                self.plan_board()

    def persist(self):
        self.persist_protocols()
        have = set(Visit.objects.filter(slug__in=self.visit_slugs).values_list("slug", flat=True))
        # A visit already recorded under another address (the seed's, the
        # staff's, an earlier set's) is the same visit: the same delegation at
        # the same host from the same day is not written twice.
        firsts = {(p.visit.guest.pk, p.visit.host.pk, p.visit.start_date) for p in self.visits}
        recorded = set(
            Visit.objects.filter(
                guest__in={g for g, _h, _d in firsts},
                start_date__in={d for _g, _h, d in firsts},
            ).values_list("guest_id", "host_id", "start_date")
        )
        visits = [
            p
            for p in self.visits
            if p.visit.slug not in have
            and (p.visit.guest.pk, p.visit.host.pk, p.visit.start_date) not in recorded
        ]
        for p in visits:
            p.visit.refresh_search_key()
        self.create(Visit, [p.visit for p in visits])
        members = []
        for p in visits:
            for member in p.delegation:
                member.visit = p.visit  # its id, now that the visit is saved
                members.append(member)
        self.create(DelegationMember, members)

        have = set(
            Meeting.objects.filter(visit__isnull=True, convened_by=self.home).values_list(
                "title_en", "date"
            )
        )
        boards = [m for m in self.boards if (m.meeting.title_en, m.meeting.date) not in have]
        meetings = [m for p in visits for m in p.meetings] + boards
        for m in meetings:
            if m.meeting.visit is not None:
                m.meeting.visit = m.meeting.visit
            m.meeting.refresh_search_key()
        self.create(Meeting, [m.meeting for m in meetings])

        rows = defaultdict(list)
        signed = Meeting.signed_protocols.through
        for m in meetings:
            for item, protocol in m.agenda:
                if protocol is not None and not protocol.skipped:
                    item.protocol = protocol.instance
                elif protocol is not None:
                    item.kind = "topic"
                rows[AgendaItem].append(item)
            for model, objects in (
                (MeetingParticipant, m.participants),
                (Statement, m.statements),
                (Decision, m.decisions),
                (Gift, m.gifts),
            ):
                for obj in objects:
                    obj.meeting = m.meeting
                    rows[model].append(obj)
            for item, _protocol in m.agenda:
                item.meeting = m.meeting
            rows[signed] += [
                signed(meeting_id=m.meeting.pk, protocol_id=protocol.instance.pk)
                for protocol in m.signed
                if not protocol.skipped
            ]
        for model, objects in rows.items():
            self.create(model, objects, "Meeting.signed_protocols" if model is signed else None)

    def persist_protocols(self):
        titles = [p.protocol.title_en for p in self.protocols]
        found = {}
        for protocol in Protocol.objects.filter(title_en__in=titles).order_by("id"):
            found.setdefault(protocol.title_en, protocol)
        # Open protocols recorded by someone else (the seed visit, the staff) win over ours.
        taken = {
            (kind, frozenset((a, b)))
            for kind, a, b in Protocol.objects.open()
            .exclude(title_en__in=titles)
            .values_list("kind", "party_a_id", "party_b_id")
        }
        new = []
        for plan in self.protocols:
            p = plan.protocol
            if p.title_en in found:
                plan.instance = found[p.title_en]
            elif p.is_open and (p.kind, frozenset((p.party_a.pk, p.party_b.pk))) in taken:
                plan.skipped = True
            else:
                p.refresh_search_key()
                plan.instance = p
                new.append(plan)
        self.create(Protocol, [plan.protocol for plan in new])
        fields = Protocol.cooperation_fields.through
        self.create(ProtocolSignatory, [
            ProtocolSignatory(
                protocol=plan.instance, person=post.person.instance,
                organization=self.orgs[post.org], **_tr("title", (post.title_en, post.title_tr)),
                order=order,
            )
            for plan in new
            for order, post in enumerate(plan.signatories, start=1)
        ])  # fmt: skip
        self.create(fields, [
            fields(protocol_id=plan.instance.pk, cooperationfield_id=f.pk)
            for plan in new
            for f in plan.fields
        ], "Protocol.cooperation_fields")  # fmt: skip


def load_extra(count, home, stdout=None):
    """Add a generated demo set of about `count` visits; return the rows created per model.

    `home` is the union that runs the portal (is_home=True). Calling again with
    the same count creates nothing; a larger count adds the difference.
    """
    generator = _Generator(home, stdout)
    with translation.override("en"), transaction.atomic():
        generator.build_directory()
        generator.sync_directory()
        generator.plan(count)
        generator.say(
            f"The set holds {len(generator.visits)} visits (drafts included), "
            f"{len(generator.boards)} board meetings and "
            f"{len(generator.protocols)} protocols around {len(generator.specs)} organisations "
            f"and {len(generator.people)} people."
        )
        generator.persist()
    created = dict(sorted(generator.created.items()))
    made = ", ".join(f"{n} {name}" for name, n in created.items() if n)
    generator.say(f"Created {made}." if made else "Nothing to create: the set is already loaded.")
    return created
