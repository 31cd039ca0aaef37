"""The directory part of the generator: organisations, people and their posts, events
and projects, planned from the data files and then synced with the database."""

import datetime as dt

from municipalities.models import (
    Highlight,
    Organization,
    Person,
    Post,
    unique_slug,
)
from portal.dates import normalise
from visits.demo_extra.data import (
    BOARD,
    FORMER_PRESIDENT_CITY,
    NAMES,
    PRESIDENT_CITY,
    VICE_PRESIDENTS,
    events,
    projects,
)
from visits.demo_extra.specs import (
    AS_OF,
    ELECTIONS_TR,
    HOME,
    TDBB_CONGRESS,
    K,
    PersonSpec,
    PostSpec,
    _titles,
)
from visits.demo_extra.text import _tr, person_name
from visits.models import (
    Event,
    Project,
    ProjectPartner,
)

EVENTS = events()
PROJECTS = projects()


class DirectoryPlanner:
    """Mixin of _Generator: builds and syncs the directory."""

    def build_directory(self):
        """Membership dates, people and their posts: the same whatever the count."""
        rng = self.rng
        for slug, spec in self.specs.items():
            if spec.member:
                day = dt.date(rng.randrange(2004, 2023), 1, 1) + dt.timedelta(rng.randrange(365))
                self.member_since[slug] = dt.date(2022, 3, 15) if slug == "shusha" else day
        self.build_union_posts()
        for slug, spec in self.specs.items():
            if slug != HOME:
                self.build_posts(slug, spec)
        # Second posts: the Marmara union's president is the mayor of Bursa; seats on the
        # union's board and its vice-presidencies go with mayoralties.
        for mayoralty in self.by_role[("bursa-metropolitan-municipality", "head")]:
            self.post(mayoralty.person, "marmara-municipalities-union", "head", mayoralty.start,
                      mayoralty.end)  # fmt: skip
        for role, slugs, title in (
            ("board", BOARD, ("Member of the Executive Board", "Encümen Üyesi")),
            ("vp", VICE_PRESIDENTS, ("Vice President", "Başkan Yardımcısı")),
        ):
            for slug in slugs:
                for mayoralty in self.by_role[(slug, "head")]:
                    start = max(mayoralty.start, dt.date(2014, 6, 10))
                    if mayoralty.end is None or mayoralty.end >= start:
                        self.post(mayoralty.person, HOME, role, start, mayoralty.end, title, slug)

    def person(self, culture):
        """A made-up person of a culture, with a local name in Cyrillic where it is used."""
        rng = self.rng
        if culture == "intl":
            culture = rng.choice(["kz", "kg", "az", "uz", "tr"])
        males, females, surnames = NAMES[culture]
        used, uses = self.names_used, self.surname_uses
        while True:
            female = rng.random() < 0.3
            first = rng.choice(females if female else males)
            fewest = min(uses[s] for s in surnames)  # spread the surnames evenly
            surname = rng.choice([s for s in surnames if uses[s] == fewest])
            name, local, other = person_name(culture, [first], surname, female)
            if name not in used:
                break
        used.add(name)
        uses[surname] += 1
        spec = PersonSpec(name, local, other, culture)
        self.people.append(spec)
        return spec

    def post(self, person, slug, role, start, end=None, title=None, municipality=""):
        title_en, title_tr = title or _titles(self.specs[slug], role)
        post = PostSpec(person, slug, role, title_en, title_tr, start, end, municipality)
        self.by_role[(slug, role)].append(post)
        return post

    def timeline(self, slug, role, start, changes, culture, first=None):
        """People holding one post one after the other."""
        bounds = [start, *sorted(changes)]
        for n, begin in enumerate(bounds):
            end = bounds[n + 1] - dt.timedelta(days=1) if n + 1 < len(bounds) else None
            holder = first if (n == 0 and first) else self.person(culture)
            self.post(holder, slug, role, begin, end)

    def build_union_posts(self):
        """The union's people. Its president is also a metropolitan mayor."""
        self.president, self.former_president = self.person("tr"), self.person("tr")
        post = self.post
        president = ("President", "Başkan")
        deputy = ("Deputy Secretary General", "Genel Sekreter Yardımcısı")
        post(self.former_president, HOME, "head", dt.date(2014, 6, 10),
             TDBB_CONGRESS - dt.timedelta(days=1), president)  # fmt: skip
        post(self.president, HOME, "head", TDBB_CONGRESS, None, president)
        post(self.person("tr"), HOME, "deputy", dt.date(2016, 1, 4), dt.date(2022, 8, 31), deputy)
        post(self.person("tr"), HOME, "deputy", dt.date(2022, 9, 1), None, deputy)
        for role, start, culture, title in (
            ("staff", dt.date(2017, 3, 1), "tr",
             ("Head of Foreign Relations", "Dış İlişkiler Müdürü")),
            ("interpreter", dt.date(2018, 1, 15), "tr",
             ("Interpreter (Russian)", "Tercüman (Rusça)")),
            ("interpreter", dt.date(2021, 2, 1), "kz",
             ("Interpreter (Kazakh and Russian)", "Tercüman (Kazakça ve Rusça)")),
            ("press", dt.date(2019, 9, 2), "tr", ("Press Officer", "Basın Müşaviri")),
            ("protocol", dt.date(2018, 5, 7), "tr", ("Protocol Officer", "Protokol Sorumlusu")),
        ):  # fmt: skip
            post(self.person(culture), HOME, role, start, None, title)

    def build_posts(self, slug, spec):
        """Heads, deputies and staff of an organisation, changing over the years."""
        rng = self.rng

        def day_between(start, end):
            return start + dt.timedelta(days=rng.randrange((end - start).days))

        first = None
        if spec.country == "TR" and spec.is_municipal:  # mayors change at local elections
            start = dt.date(2014, 4, 8)
            changes = [
                day for day, p in zip(ELECTIONS_TR, (0.45, 0.5), strict=True) if rng.random() < p
            ]
            if slug == PRESIDENT_CITY:
                start, changes, first = dt.date(2016, 9, 5), [], self.president
            elif slug == FORMER_PRESIDENT_CITY:
                changes, first = sorted({ELECTIONS_TR[0], *changes}), self.former_president
        elif spec.kind in {K.EMBASSY, K.INTERNATIONAL}:  # terms of three to four years
            start = day_between(dt.date(2014, 6, 1), dt.date(2016, 12, 1))
            changes, day = [], start
            while (day := day + dt.timedelta(days=rng.randrange(1100, 1600))) <= AS_OF:
                changes.append(day)
        else:
            start = day_between(dt.date(2012, 1, 1), dt.date(2016, 12, 1))
            changes = [
                day_between(dt.date(2019, 2, 1), dt.date(2026, 6, 1))
                for _ in range(rng.choice((0, 1, 1, 2)))
            ]
        self.timeline(slug, "head", start, changes, spec.culture, first)
        # Skopje's deputies come from its Turkish community.
        culture = "tr" if slug == "city-of-skopje" else spec.culture
        for _n in range(2 if spec.is_municipal and rng.random() < 0.6 else 1):
            change = [day_between(dt.date(2019, 6, 1), dt.date(2025, 12, 1))]
            start = day_between(dt.date(2015, 1, 1), dt.date(2019, 1, 1))
            self.timeline(slug, "deputy", start, change if rng.random() < 0.4 else [], culture)
        change = [day_between(dt.date(2020, 1, 1), dt.date(2025, 1, 1))]
        start = day_between(dt.date(2014, 1, 1), dt.date(2019, 1, 1))
        self.timeline(slug, "staff", start, change if rng.random() < 0.3 else [], culture)

    def sync_directory(self):
        """Create what is missing of the organisations, people, posts, events, projects."""
        self.sync_organizations()
        self.sync_people()
        self.sync_events_and_projects()

    def sync_organizations(self):
        specs = [s for s in self.specs.values() if s.slug != HOME]
        existing = {o.slug: o for o in Organization.objects.filter(slug__in=self.specs)}
        self.orgs[HOME] = self.home
        for generation in ([s for s in specs if not s.parent], [s for s in specs if s.parent]):
            new = []
            for spec in generation:
                org = existing.get(spec.slug)
                if org is None:
                    org = Organization(
                        kind=spec.kind, **_tr("name", (spec.name_en, spec.name_tr)),
                        short_name=spec.short, local_name=spec.local, other_names=spec.other,
                        slug=spec.slug, country=spec.country, region=spec.region,
                        parent=self.orgs.get(spec.parent), website=spec.website,
                        **_tr("description", spec.description),
                        population=spec.population[0] if spec.population else None,
                        population_year=spec.population[1] if spec.population else None,
                        is_member=spec.member, member_since=self.member_since.get(spec.slug),
                    )  # fmt: skip
                    org.refresh_search_key()
                    new.append(org)
                self.orgs[spec.slug] = org
            self.create(Organization, new)
        self.slug_of = {org.pk: slug for slug, org in self.orgs.items()}
        have = set(
            Highlight.objects.filter(organization__in=self.orgs.values()).values_list(
                "organization_id", "text_en"
            )
        )
        self.create(Highlight, [
            Highlight(organization=self.orgs[spec.slug], **_tr("text", (text_en, text_tr)),
                      year=year, order=order)
            for spec in specs
            for order, (text_en, text_tr, year) in enumerate(spec.highlights, start=1)
            if (self.orgs[spec.slug].pk, text_en) not in have
        ])  # fmt: skip

    def sync_people(self):
        existing = {
            p.name: p for p in Person.objects.filter(name__in=[p.name for p in self.people])
        }
        new, taken = [], set()
        for spec in self.people:
            spec.instance = existing.get(spec.name)
            if spec.instance is None:
                spec.instance = Person(
                    name=spec.name, local_name=spec.local, other_names=spec.other
                )
                spec.instance.refresh_search_key()
                # bulk_create skips save(), which would give the slug.
                slug = unique_slug(spec.instance, spec.name)
                if slug in taken:
                    slug = f"{slug[:70]}-{len(new)}"
                spec.instance.slug = slug
                taken.add(slug)
                new.append(spec.instance)
        self.create(Person, new)
        have = set(
            Post.objects.filter(person__in=[p.instance for p in self.people]).values_list(
                "person_id", "organization_id", "title_en", "start_date"
            )
        )
        posts = [post for posts in self.by_role.values() for post in posts]
        self.create(Post, [
            Post(person=p.person.instance, organization=self.orgs[p.org],
                 **_tr("title", (p.title_en, p.title_tr)), start_date=p.start, end_date=p.end)
            for p in posts
            if (p.person.instance.pk, self.orgs[p.org].pk, p.title_en, p.start) not in have
        ])  # fmt: skip

    def sync_events_and_projects(self):
        existing = {e.slug: e for e in Event.objects.filter(slug__in=[e.slug for e in EVENTS])}
        new = []
        for e in EVENTS:
            event = existing.get(e.slug)
            if event is None:
                event = Event(
                    slug=e.slug, kind=e.kind, **_tr("name", (e.name_en, e.name_tr)),
                    organizer=self.orgs[e.organizer], **_tr("city", e.city), country=e.country,
                    start_date=normalise(e.start, e.precision), start_date_precision=e.precision,
                    end_date=e.end,
                )  # fmt: skip
                event.refresh_search_key()
                new.append(event)
            self.events[e.slug] = event
        self.create(Event, new)

        existing = {p.slug: p for p in Project.objects.filter(slug__in=[p.slug for p in PROJECTS])}
        new = []
        for p in PROJECTS:
            project = existing.get(p.slug)
            if project is None:
                project = Project(
                    slug=p.slug, **_tr("name", (p.name_en, p.name_tr)),
                    **_tr("description", p.description), status=p.status, start_date=p.start,
                    end_date=p.end,
                )  # fmt: skip
                project.refresh_search_key()
                new.append(project)
            self.projects[p.slug] = project
        self.create(Project, new)
        have = set(
            ProjectPartner.objects.filter(project__in=self.projects.values()).values_list(
                "project_id", "organization_id"
            )
        )
        self.create(ProjectPartner, [
            ProjectPartner(project=self.projects[p.slug], organization=self.orgs[org], role=role)
            for p in PROJECTS
            for org, role in p.partners
            if (self.projects[p.slug].pk, self.orgs[org].pk) not in have
        ])  # fmt: skip

    def create(self, model, objects, name=None):
        model.objects.bulk_create(objects, batch_size=2000)
        self.created[name or model.__name__] += len(objects)
