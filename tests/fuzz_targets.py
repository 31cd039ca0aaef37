"""What the fuzzers aim at: every route of the URLconf, walked at run time, and
real values (slugs, ids, years) read from the database to fill its parameters."""

import dataclasses
import re

LANGUAGES = ("en", "tr")
# Static files a fuzzed path may ask for (their hashed names in production).
STATIC_NAMES = (
    "css/site.css",
    "css/print.css",
    "img/emblem.svg",
    "fonts/DejaVuSans.ttf",
    "admin/css/base.css",
    "admin/js/core.js",
)


# --- Routes: every pattern of the URLconf -------------------------------------------------

LANGUAGE = object()  # a language prefix goes here
_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclasses.dataclass(frozen=True)
class Param:
    name: str
    regex: str  # what the converter accepts


@dataclasses.dataclass(frozen=True)
class Route:
    name: str  # the URL name, or else its pattern, namespaced ("admin:login")
    parts: tuple  # literal text, LANGUAGE, Param, or a regex (re.Pattern) to match
    is_admin: bool

    @property
    def params(self):
        return [part for part in self.parts if isinstance(part, Param)]


def routes():
    """Every URL pattern of the URLconf, flattened: public ones and the admin's."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

    found = []

    def parts_of(pattern):
        if isinstance(pattern, LocalePrefixPattern):
            return [LANGUAGE, "/"]
        if isinstance(pattern, RoutePattern):
            route, out, at = str(pattern), [], 0
            for match in _ROUTE_PARAMETER.finditer(route):
                out.append(route[at : match.start()])
                converter = pattern.converters[match["name"]]
                out.append(Param(match["name"], converter.regex))
                at = match.end()
            out.append(route[at:])
            return [part for part in out if part != ""]
        if isinstance(pattern, RegexPattern):
            regex = pattern._regex.removeprefix("^").removesuffix("$")
            return [re.compile(regex)] if regex else []
        raise TypeError(f"unknown URL pattern {pattern!r}")

    def walk(patterns, parts, namespaces, is_admin):
        for entry in patterns:
            here = [*parts, *parts_of(entry.pattern)]
            if isinstance(entry, URLResolver):
                admin = is_admin or entry.namespace == "admin"
                names = [*namespaces, entry.namespace] if entry.namespace else namespaces
                walk(entry.url_patterns, here, names, admin)
            elif isinstance(entry, URLPattern):
                name = ":".join([*namespaces, entry.name or str(entry.pattern)])
                found.append(Route(name, tuple(here), is_admin))

    walk(get_resolver().url_patterns, [], [], False)
    return found


# --- Real values from the database --------------------------------------------------------


@dataclasses.dataclass
class RealValues:
    """Values the site really has, to fill paths, query strings and forms
    with: `route_kwargs` by URL name, `by_param` by parameter or field name."""

    route_kwargs: dict
    by_param: dict
    static_paths: list
    public_routes: list
    admin_routes: list

    @classmethod
    def from_database(cls):
        from django.contrib.staticfiles.storage import staticfiles_storage

        from municipalities.models import Organization, Protocol
        from visits.models import Event, Gift, Meeting, Visit
        from visits.summaries import SECTIONS

        visits = list(Visit.objects.order_by("id").values_list("start_date__year", "slug")[:300])
        meetings = [str(pk) for pk in Meeting.objects.order_by("id").values_list("pk", flat=True)]
        orgs = list(Organization.objects.order_by("id").values_list("slug", flat=True))
        pairs = set()
        for a, b in Protocol.objects.values_list("party_a__slug", "party_b__slug"):
            pairs |= {(a, b), (b, a)}
        for a, b in Visit.objects.values_list("guest__slug", "host__slug")[:300]:
            pairs |= {(a, b), (b, a)}
        events = list(Event.objects.values_list("slug", flat=True))
        years = sorted(
            {str(year) for year, _slug in visits}
            | {str(d.year) for d in Meeting.objects.dates("date", "year")}
        )
        countries = sorted(
            set(Organization.objects.exclude(country="").values_list("country", flat=True))
            | {"XK", "XN", "tr", "ZZ"}
        )
        sorts = ["date", "parties", "kind", "status", "category", "given_by", "description"]
        statuses = {*Visit.Status.values, *Protocol.Status.values}
        kinds = {*Protocol.Kind.values, *Organization.Kind.values}
        real_pages = [f"/{lang}/{page}" for lang in LANGUAGES for page in ("", "visits/")]
        by_param = {
            # path parameters
            "year": years,
            "slug": orgs + [slug for _year, slug in visits],
            "pk": meetings,
            "first": orgs,
            "second": orgs,
            "object_id": meetings,
            # query parameters and form fields
            "page": ["1", "2", "3", "last"],
            "p": ["1", "2"],
            "q": ["turkistan", "uskudar", "salkarova", "İSTANBUL", "Түркістан", "tdbb", "a"],
            "country": countries,
            "org": orgs,
            "host": orgs,
            "guest": orgs,
            "occasion": events,
            "direction": list(Visit.Direction.values),
            "status": sorted(statuses),
            "kind": sorted(kinds),
            "category": list(Gift.Category.values),
            "member": ["yes", "no"],
            "sort": sorts + [f"-{key}" for key in sorts] + ["--date", "-"],
            "lang": list(LANGUAGES),
            "language": list(LANGUAGES),
            "include": list(SECTIONS),
            "internal": ["1"],
            "custom": ["1"],
            "next": [*real_pages, "https://evil.example/", "//evil.example", "javascript:x"],
            "username": ["secretariat", "root", "admin"],
        }
        static_paths = []
        for name in STATIC_NAMES:
            try:
                static_paths.append(staticfiles_storage.url(name))
            except ValueError:  # not in the manifest
                continue
        everything = routes()
        return cls(
            route_kwargs={
                "visit_detail": [{"year": str(y), "slug": s} for y, s in visits],
                "visit_dossier_pdf": [{"year": str(y), "slug": s} for y, s in visits],
                "meeting_detail": [{"pk": pk} for pk in meetings],
                "meeting_summary": [{"pk": pk} for pk in meetings],
                "meeting_summary_pdf": [{"pk": pk} for pk in meetings],
                "organization": [{"slug": slug} for slug in orgs],
                "pair": [{"first": a, "second": b} for a, b in sorted(pairs)],
            },
            by_param={key: values for key, values in by_param.items() if values},
            static_paths=static_paths,
            public_routes=[r for r in everything if not r.is_admin],
            admin_routes=[r for r in everything if r.is_admin],
        )

    def route(self, name):
        return next(r for r in self.public_routes + self.admin_routes if r.name == name)
