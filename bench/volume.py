"""The volume fill of bench/load_bench.py --fill: organisations, people, events, protocols,
visits and meetings written with COPY, their names and places built from the demo set's data
files (visits/demo_extra/data) by the same builders as `load_demo --extra`.

Imported by load_bench.fill() once Django is set up and the project is on sys.path.
"""

import datetime as dt
import functools
import io
import random
import time

from visits.demo_extra.data import (
    COUNTRY_OF,
    CULTURE_WEIGHTS,
    EVENT_NAMES,
    MEETING_KINDS,
    NAMES,
    ORG_FORMS,
    OTHER_KINDS,
    PURPOSES,
    SITES,
    TO_ASCII,
    TOPICS,
    VOLUME_TITLES,
)
from visits.demo_extra.text import person_name, place_name

PER_VISIT = {
    "organizations": 0.2,
    "people": 0.5,
    "meetings": 3.0,
    "protocols": 0.05,
}
PUBLISHED = 0.9
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)
COPY_CHUNK = 20_000


class Org:
    __slots__ = ("city", "country", "culture", "id", "name_en", "name_tr", "short", "words")

    def __init__(self, id, name_en, name_tr, short, city, country, culture, texts):
        self.id, self.name_en, self.name_tr, self.short = id, name_en, name_tr, short
        self.city, self.country, self.culture = city, country, culture
        self.words = key_words(texts)

    @property
    def label_en(self):
        return self.short or self.name_en

    @property
    def label_tr(self):
        return self.short or self.name_tr


@functools.lru_cache(maxsize=200_000)
def _text_words(text):
    from portal.search import build_search_key

    return tuple(build_search_key([text]).split())


def key_words(texts):
    words = []
    for text in texts:
        if text:
            words.extend(_text_words(text))
    return words


def search_key(*word_lists):
    """What build_search_key(texts) gives, from per-text word lists (memoised): the
    words of every text in order, each once, surrounded by spaces."""
    words = dict.fromkeys(w for words in word_lists for w in words)
    return " " + " ".join(words) + " " if words else ""


# --- COPY ---------------------------------------------------------------------------------

_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _cell(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPE)
        return value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


class CopyTable:
    """Rows of one model written with COPY, in chunks. Columns a row does not give get
    the field's default, as Model() would; auto_now fields get the load's time; a
    translated field (title with title_en/title_tr) gets its English text, as
    django-modeltranslation stores it."""

    def __init__(self, cursor, model, first_id, progress, parents=()):
        from django.utils import timezone

        self.cursor, self.model, self.progress = cursor, model, progress
        # Foreign keys are checked at once, so the rows referred to go first.
        self.parents = parents
        self.table = model._meta.db_table
        fields = model._meta.concrete_fields
        self.names = [f.attname for f in fields]
        self.columns = [f.column for f in fields]
        self.column_list = ", ".join(f'"{column}"' for column in self.columns)
        now = timezone.now()
        self.defaults = {}
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif f.primary_key:
                value = None
            else:
                value = f.get_default()
            self.defaults[f.attname] = _cell(value)
        known = set(self.names)
        self.translated = [n for n in self.names if f"{n}_en" in known and f"{n}_tr" in known]
        self.next_id = first_id
        self.buffer = io.StringIO()
        self.pending = 0
        self.total = 0
        self.checked = False

    def add(self, **values):
        """Queue one row; returns its id."""
        row_id = values["id"] = self.next_id
        self.next_id += 1
        for name in self.translated:
            if name not in values and f"{name}_en" in values:
                values[name] = values[f"{name}_en"]
        if not self.checked:
            unknown = set(values) - set(self.names)
            if unknown:
                raise TypeError(f"{self.model.__name__} has no field {sorted(unknown)}")
            self.checked = True
        defaults = self.defaults
        self.buffer.write(
            "\t".join(_cell(values[n]) if n in values else defaults[n] for n in self.names)
        )
        self.buffer.write("\n")
        self.pending += 1
        if self.pending >= COPY_CHUNK:
            self.flush()
        return row_id

    def flush(self):
        if not self.pending:
            return
        for parent in self.parents:
            parent.flush()
        self.buffer.seek(0)
        self.cursor.copy_expert(f"COPY {self.table} ({self.column_list}) FROM STDIN", self.buffer)
        self.total += self.pending
        self.pending = 0
        self.buffer = io.StringIO()
        self.progress(f"{self.table}: {self.total:,}")

    def finish(self):
        self.flush()
        # The identity sequence continues after the ids given here.
        self.cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{self.table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {self.table}))"
        )
        return self.total


# --- The generator ------------------------------------------------------------------------


class Filler:
    def __init__(self, visits, started):
        from django.db import connection

        self.rng = random.Random(2026)
        self.started = started
        # psycopg2's own cursor (for COPY), in the atomic block's transaction.
        self.cursor = connection.connection.cursor()
        self.target = {name: round(visits * ratio) for name, ratio in PER_VISIT.items()}
        self.target["visits"] = visits
        self.today = dt.date.today()
        self._last_progress = 0.0

    def progress(self, text, force=False):
        now = time.monotonic()
        if force or now - self._last_progress >= 2:
            self._last_progress = now
            print(f"{now - self.started:6.1f} s  {text}", flush=True)

    def table(self, model, *parents):
        self.cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        first_id = self.cursor.fetchone()[0]
        return CopyTable(self.cursor, model, first_id, self.progress, parents)

    def done(self, table):
        total = table.finish()
        self.progress(f"{table.table}: {total:,} rows written", force=True)

    def fill(self):
        self.load_existing()
        # The trigram indexes on the search keys are built once after the load, which
        # is several times faster than updating them row by row. Same transaction: an
        # error leaves them as they were.
        self.cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND indexdef LIKE '%gin_trgm_ops%'"
        )
        trigram = self.cursor.fetchall()
        for name, _definition in trigram:
            self.cursor.execute(f'DROP INDEX "{name}"')
        self.make_organizations()
        self.make_people()
        self.make_events()
        self.make_protocols()
        self.make_visits_and_meetings()
        self.cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for name, definition in trigram:
            self.cursor.execute(definition)
            self.progress(f"index {name} rebuilt", force=True)

    # The seed's records, so that generated visits involve them too.
    def load_existing(self):
        from municipalities.models import Organization, Person, Protocol
        from visits.models import Event, Meeting, Visit

        self.home = Organization.objects.home()
        self.orgs = []
        for org in Organization.objects.all():
            city = org.region or org.name_en
            rec = Org(org.id, org.name_en, org.name_tr, org.short_name, city, org.country,
                      "tr", org.search_texts())  # fmt: skip
            self.orgs.append(rec)
            if org.id == self.home.id:
                self.home_rec = rec
        self.slugs = set(Organization.objects.values_list("slug", flat=True))
        self.people = [(p.id, p.name) for p in Person.objects.all()]
        self.person_slugs = set(Person.objects.values_list("slug", flat=True))
        self.event_slugs = set(Event.objects.values_list("slug", flat=True))
        # Open protocols already there: one of a kind per pair (a database constraint).
        self.open_protocols = {
            (kind, min(a, b), max(a, b))
            for kind, a, b in Protocol.objects.open().values_list("kind", "party_a", "party_b")
        }
        self.have = {
            "visits": Visit.objects.count(),
            "meetings": Meeting.objects.count(),
            "organizations": len(self.orgs),
            "people": len(self.people),
            "protocols": Protocol.objects.count(),
        }

    def place(self, culture):
        """A place name of `culture`: (Turkish-Latin, local Latin or Cyrillic, English)."""
        return place_name(self.rng, culture)

    def unique_slug(self, text, used):
        from django.utils.text import slugify

        from portal.search import fold

        base = slugify(fold(text))[:80].strip("-") or "record"
        slug, n = base, 2
        while slug in used:
            suffix = f"-{n}"
            slug, n = base[: 80 - len(suffix)] + suffix, n + 1
        used.add(slug)
        return slug

    def make_organizations(self):
        from municipalities.models import Organization

        rng = self.rng
        table = self.table(Organization)
        cultures, weights = zip(*CULTURE_WEIGHTS.items(), strict=True)
        names = {o.name_en for o in self.orgs}
        for _ in range(self.target["organizations"] - self.have["organizations"]):
            culture = rng.choices(cultures, weights)[0]
            for _attempt in range(50):
                latin, local_place, english = self.place(culture)
                if rng.random() < 0.06:
                    kind, en, tr = rng.choice(OTHER_KINDS)
                    local = tr.format(tr=latin)
                else:
                    kind, en, tr, local = rng.choice(ORG_FORMS[culture])
                    local = local.format(tr=latin, cyr=local_place)
                name_en, name_tr = en.format(en=english), tr.format(tr=latin)
                if name_en not in names:
                    break
            names.add(name_en)
            other = "\n".join(
                dict.fromkeys(
                    t for t in (english, latin.translate(TO_ASCII), local_place) if t != name_en
                )
            )
            country = COUNTRY_OF[culture]
            member = rng.random() < 0.15
            population = rng.randint(5_000, 3_000_000) if rng.random() < 0.6 else None
            values = dict(
                kind=kind,
                name_en=name_en,
                name_tr=name_tr,
                local_name=local,
                other_names=other,
                slug=self.unique_slug(name_en, self.slugs),
                country=country,
                region=latin,
                population=population,
                population_year=rng.randint(2010, 2024) if population else None,
                description_en=f"{name_en}, a member of the Turkic world's family of cities."
                if rng.random() < 0.3
                else "",
                is_member=member,
                member_since=self.day(dt.date(2003, 1, 1), dt.date(2024, 12, 31))
                if member
                else None,
            )
            texts = [name_en, name_tr, "", local, *other.splitlines()]
            values["search_key"] = search_key(key_words(texts))
            org_id = table.add(**values)
            self.orgs.append(Org(org_id, name_en, name_tr, "", latin, country, culture, texts))
        self.done(table)
        self.by_culture = {}
        for org in self.orgs:
            self.by_culture.setdefault(org.culture, []).append(org)
        # Popular organisations (the seed's among them) get a fifth of all visits.
        others = [o for o in self.orgs if o.id != self.home.id]
        self.popular = others[:5] + rng.sample(others[5:], min(200, len(others) - 5))
        self.others = others

    def pick_org(self):
        if self.rng.random() < 0.2:
            return self.rng.choice(self.popular)
        return self.rng.choice(self.others)

    def person_name(self, culture):
        """A made-up person of `culture` from the demo set's names: (name, local, other)."""
        rng = self.rng
        males, females, surnames = NAMES[culture]
        female = rng.random() < 0.3
        pool = females if female else males
        given = [rng.choice(pool)]
        if culture in ("tr", "az") and rng.random() < 0.4:
            second = rng.choice(pool)
            if second != given[0]:
                given.append(second)
        return person_name(culture, given, rng.choice(surnames), female)

    def make_people(self):
        from municipalities.models import Person, Post

        rng = self.rng
        people, posts = self.table(Person), self.table(Post)
        self.staff = {}  # organisation id -> [(person id, name, title_en, title_tr)]
        for _ in range(self.target["people"] - self.have["people"]):
            org = rng.choice(self.others)
            name, local, other = self.person_name(org.culture)
            person_id = people.add(
                name=name,
                local_name=local,
                other_names=other,
                slug=self.unique_slug(name, self.person_slugs),
                search_key=search_key(key_words([name, local, other])),
            )
            role = rng.choices(list(VOLUME_TITLES), [15, 25, 25, 25, 10])[0]
            title_en, title_tr = VOLUME_TITLES[role]
            start = self.day(dt.date(1998, 1, 1), dt.date(2024, 12, 31))
            end = None
            if rng.random() < 0.5:
                end = min(start + dt.timedelta(days=rng.randint(365, 365 * 8)), self.today)
            posts.add(
                person_id=person_id,
                organization_id=org.id,
                title_en=title_en,
                title_tr=title_tr,
                start_date=start,
                end_date=end,
            )
            self.staff.setdefault(org.id, []).append((person_id, name, title_en, title_tr))
            self.people.append((person_id, name))
        self.done(people)
        self.done(posts)

    def make_events(self):
        from visits.models import Event

        rng = self.rng
        table = self.table(Event)
        self.events = {}  # year -> [(id, words)]
        for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
            for kind, en, tr in EVENT_NAMES:
                host = self.pick_org()
                name_en, name_tr = f"{en} {year}", f"{tr} {year}"
                event_id = table.add(
                    kind=kind,
                    name_en=name_en,
                    name_tr=name_tr,
                    slug=self.unique_slug(name_en, self.event_slugs),
                    organizer_id=host.id,
                    city=host.city,
                    country=host.country,
                    start_date=dt.date(year, rng.randint(1, 12), 1),
                    start_date_precision="month",
                    search_key=search_key(key_words([name_en, name_tr, host.city])),
                )
                self.events.setdefault(year, []).append(
                    (event_id, key_words([name_en, name_tr, host.city]))
                )
        self.done(table)

    def make_protocols(self):
        from municipalities.models import Protocol

        rng = self.rng
        table = self.table(Protocol)
        taken = self.open_protocols
        kinds = ["sister_city", "friendship", "cooperation", "memorandum"]
        statuses = ["signed", "planned", "proposed", "ended", "cancelled"]
        for _ in range(self.target["protocols"] - self.have["protocols"]):
            while True:
                a, b = self.pick_org(), self.pick_org()
                kind = rng.choice(kinds)
                status = rng.choices(statuses, [50, 15, 10, 15, 10])[0]
                key = (kind, min(a.id, b.id), max(a.id, b.id))
                if a.id != b.id and (
                    status not in ("signed", "planned", "proposed") or key not in taken
                ):
                    break
            if status in ("signed", "planned", "proposed"):
                taken.add(key)
            coordinator = self.home_rec if rng.random() < 0.5 else None
            day = self.day(FIRST_DAY, LAST_DAY)
            signed = day if status in ("signed", "ended") else None
            planned = day.replace(day=1) if status == "planned" else None
            table.add(
                kind=kind,
                status=status,
                party_a_id=a.id,
                party_b_id=b.id,
                coordinator_id=coordinator.id if coordinator else None,
                planned_date=planned,
                planned_date_precision="month" if planned else "day",
                signed_date=signed,
                signed_place=a.city if signed else "",
                is_published=rng.random() < PUBLISHED,
                search_key=search_key(a.words, b.words, coordinator.words if coordinator else []),
            )
        self.done(table)

    def day(self, first, last):
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def meetings_per_visit(self, visits, meetings):
        """How many meetings each visit has: 1 to 5, summing to `meetings`."""
        rng = self.rng
        counts = rng.choices([1, 2, 3, 4, 5], [15, 20, 30, 20, 15], k=visits)
        total = sum(counts)
        while total != meetings:
            i = rng.randrange(visits)
            if total < meetings and counts[i] < 6:
                counts[i] += 1
                total += 1
            elif total > meetings and counts[i] > 1:
                counts[i] -= 1
                total -= 1
        return counts

    def someone(self, org):
        """A person of `org` (their post's organisation), or anyone."""
        staff = self.staff.get(org.id)
        if staff:
            return self.rng.choice(staff)
        person_id, name = self.rng.choice(self.people)
        return (person_id, name, *VOLUME_TITLES[self.rng.choice(["head", "deputy", "staff"])])

    def make_visits_and_meetings(self):
        from django.utils.text import slugify

        from portal.search import fold
        from visits.models import (
            DelegationMember,
            Meeting,
            MeetingParticipant,
            Statement,
            Visit,
        )

        rng = self.rng
        visits = self.table(Visit)
        meetings = self.table(Meeting, visits)
        members = self.table(DelegationMember, visits)
        participants = self.table(MeetingParticipant, meetings)
        statements = self.table(Statement, meetings)
        n_visits = self.target["visits"] - self.have["visits"]
        n_meetings = self.target["meetings"] - self.have["meetings"]
        board = max(0, min(n_meetings - n_visits, n_meetings // 100))
        counts = self.meetings_per_visit(n_visits, n_meetings - board) if n_visits else []
        home = self.home_rec
        visit_base_id = visits.next_id
        kinds, kind_weights = zip(*((k[:3], k[3]) for k in MEETING_KINDS), strict=True)
        for n in range(n_visits):
            roll = rng.random()
            if roll < 0.3:
                guest, host = self.pick_org(), home
            elif roll < 0.55:
                guest, host = home, self.pick_org()
            else:
                guest, host = self.pick_org(), self.pick_org()
                while host.id == guest.id:
                    host = self.pick_org()
            start = self.day(FIRST_DAY, LAST_DAY)
            end = start + dt.timedelta(days=rng.randint(1, 4)) if rng.random() < 0.5 else None
            if start > self.today:
                status = "planned" if rng.random() < 0.9 else "postponed"
            else:
                status = rng.choices(["held", "cancelled", "postponed"], [92, 4, 4])[0]
            published = rng.random() < PUBLISHED
            event = None
            if rng.random() < 0.15:
                event = rng.choice(self.events[start.year])
            head_id, head_name, head_en, head_tr = self.someone(guest)
            topic_en, topic_tr = rng.choice(TOPICS)
            purpose_en, purpose_tr = rng.choice(PURPOSES)
            title_en = f"{guest.name_en} delegation visits {host.label_en}"
            title_tr = f"{guest.name_tr} heyetinin {host.label_tr} ziyareti"
            slug = f"{slugify(fold(title_en))[:70].strip('-')}-{visit_base_id + n}"
            visit_id = visits.add(
                title_en=title_en,
                title_tr=title_tr,
                slug=slug,
                guest_id=guest.id,
                host_id=host.id,
                city=host.city,
                country=host.country,
                start_date=start,
                end_date=end,
                event_id=event[0] if event else None,
                invited_by_id=host.id if event else None,
                purpose_en=purpose_en,
                purpose_tr=purpose_tr,
                summary_en=(
                    f"{head_en} {head_name} led a delegation of {guest.name_en} to "
                    f"{host.name_en} in {host.city}. The sides discussed {topic_en} and "
                    "further cooperation between their cities."
                ),
                summary_tr=(
                    f"{guest.name_tr} {head_tr} {head_name} başkanlığındaki heyet, "
                    f"{host.city} şehrinde {host.name_tr} ile görüştü. Taraflar {topic_tr} "
                    "ve şehirleri arasındaki iş birliğini ele aldı."
                ),
                delegation_description_en=f"{head_en} {head_name} and the accompanying delegation",
                delegation_description_tr=f"{head_tr} {head_name} ve beraberindeki heyet",
                delegation_size=rng.randint(2, 25),
                status=status,
                is_published=published,
                published_at=dt.datetime.combine(start, dt.time(12), tzinfo=dt.UTC)
                if published
                else None,
                search_key=search_key(
                    key_words([title_en, title_tr, host.city]),
                    guest.words,
                    host.words,
                    event[1] if event else [],
                ),
            )
            members.add(
                visit_id=visit_id,
                person_id=head_id,
                role="head",
                organization_id=guest.id,
                title_en=head_en,
                title_tr=head_tr,
                order=1,
            )
            visit_words = key_words([title_en, title_tr])
            last = end or start
            for m in range(counts[n]):
                kind, kind_en, kind_tr = rng.choices(kinds, kind_weights)[0]
                where = host if m % 3 != 2 else guest
                site_en, site_tr = rng.choice(SITES)
                meeting_title_en = f"{kind_en} {where.label_en}: {topic_en}"
                meeting_title_tr = f"{where.label_tr} {kind_tr}: {topic_tr}"
                venue_en = f"{where.label_en} headquarters" if m % 2 == 0 else f"the {site_en}"
                venue_tr = f"{where.label_tr} Genel Merkezi" if m % 2 == 0 else site_tr
                hour = rng.randint(9, 17)
                meeting_id = meetings.add(
                    visit_id=visit_id,
                    kind=kind,
                    title_en=meeting_title_en,
                    title_tr=meeting_title_tr,
                    host_id=where.id,
                    venue_en=venue_en,
                    venue_tr=venue_tr,
                    city=host.city,
                    country=host.country,
                    date=min(start + dt.timedelta(days=m // 2), last),
                    start_time=dt.time(hour, rng.choice([0, 30])),
                    end_time=dt.time(hour + 1, rng.choice([0, 30])),
                    summary_en=f"The sides discussed {topic_en}.",
                    summary_tr=f"Taraflar {topic_tr} konusunu ele aldı.",
                    is_published=published and rng.random() < 0.97,
                    search_key=search_key(
                        key_words([meeting_title_en, meeting_title_tr, venue_en, venue_tr]),
                        key_words([host.city]),
                        where.words,
                        visit_words,
                    ),
                )
                self.participant_and_statement(
                    participants, statements, meeting_id, guest, host, m, topic_en, topic_tr,
                    (head_id, head_name, head_en, head_tr),
                )  # fmt: skip
        # Board meetings outside any visit, at the union.
        for m in range(board):
            day = self.day(FIRST_DAY, LAST_DAY)
            member = self.pick_org()
            topic_en, topic_tr = rng.choice(TOPICS)
            title_en = f"Executive board meeting at {member.label_en}"
            title_tr = f"{member.label_tr} Yönetim Kurulu toplantısı"
            meeting_id = meetings.add(
                kind="board",
                title_en=title_en,
                title_tr=title_tr,
                host_id=member.id,
                convened_by_id=home.id,
                venue_en=f"{member.label_en} headquarters",
                venue_tr=f"{member.label_tr} Genel Merkezi",
                city=member.city,
                country=member.country,
                date=day,
                start_time=dt.time(10, 0),
                summary_en=f"The board discussed {topic_en}.",
                summary_tr=f"Yönetim Kurulu {topic_tr} konusunu ele aldı.",
                is_published=rng.random() < PUBLISHED,
                search_key=search_key(
                    key_words([title_en, title_tr, f"{member.label_en} headquarters"]),
                    key_words([f"{member.label_tr} Genel Merkezi", member.city]),
                    member.words,
                ),
            )
            self.participant_and_statement(
                participants, statements, meeting_id, member, home, m, topic_en, topic_tr,
                self.someone(member),
            )  # fmt: skip
        for table in (visits, members, meetings, participants, statements):
            self.done(table)

    def participant_and_statement(
        self, participants, statements, meeting_id, guest, host, m, topic_en, topic_tr, head
    ):
        rng = self.rng
        if m % 2 == 0:
            side, org, (person_id, name, title_en, title_tr) = "guest", guest, head
        else:
            side, org = "host", host
            person_id, name, title_en, title_tr = self.someone(host)
        participants.add(
            meeting_id=meeting_id,
            person_id=person_id,
            side=side,
            organization_id=org.id,
            title_en=title_en,
            title_tr=title_tr,
            order=1,
        )
        quote = rng.random() < 0.5
        statements.add(
            meeting_id=meeting_id,
            order=1,
            speaker_id=person_id,
            organization_id=org.id,
            title_en=title_en,
            title_tr=title_tr,
            kind="quote" if quote else "reported",
            language=rng.choice(["tr", "en", "az", "kk", "ky", "uz", ""]),
            text_en=(
                f"We are ready to share our experience in {topic_en} with {host.name_en}."
                if quote
                else f"{name} spoke about {topic_en} and thanked {host.name_en} for the welcome."
            ),
            text_tr=(
                f"{topic_tr.capitalize()} konusundaki tecrübemizi paylaşmaya hazırız."
                if quote
                else f"{name}, {topic_tr} hakkında konuştu ve misafirperverliği için teşekkür etti."
            ),
        )


# =====================================================================================
# --run
# =====================================================================================
