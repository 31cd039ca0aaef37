"""Requests a broken or hostile client might send, as Hypothesis strategies.

Shared by the fuzz test (tests/test_fuzz.py, a few hundred requests in CI) and
the fuzz script (bench/fuzz.py, 10,000 by default). Paths come from every
pattern of the URLconf, walked at run time, so a new page is fuzzed without
anyone listing it; parameters are filled from the database's real records and
from garbage. Around them: query strings, form bodies (urlencoded and
multipart), cookies and headers, with Unicode, control characters and
oversized values.

    real = RealValues.from_database()
    request = data.draw(requests(real))
    outcome = send(client, request, staff_cookie)

What the generator leaves out on purpose: an invalid Host (Django answers 400,
correctly), carriage returns, line feeds and NUL bytes *raw* in header values
(no HTTP server passes them on; a NUL still reaches cookies through their
quoted octal escapes, "\\000"), and raw control characters in the request line
(they arrive percent-encoded, as they would over the wire).
"""

import dataclasses
import re
import sys
import traceback
from urllib.parse import quote, quote_plus

from hypothesis import strategies as st

METHODS = ("GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE")
LANGUAGES = ("en", "tr")
HOST = "testserver"

# Query parameters the views read (grep request.GET, clean_param, clean_year),
# those of Django's own views (admin changelist, sitemap, login), and others.
QUERY_NAMES = (
    "page",
    "q",
    "year",
    "country",
    "org",
    "host",
    "guest",
    "occasion",
    "direction",
    "status",
    "sort",
    "order",
    "lang",
    "include",
    "internal",
    "custom",
    "format",
    "kind",
    "member",
    "category",
    "next",
    "language",
    "p",
    "o",
    "e",
    "all",
    "_popup",
    "_changelist_filters",
)
COOKIE_NAMES = ("sessionid", "csrftoken", "django_language", "messages")
FORM_NAMES = (
    "username",
    "password",
    "next",
    "language",
    "csrfmiddlewaretoken",
    "q",
    "page",
    "_save",
    "action",
    "_selected_action",
)

# Text that has tripped parsers before: digits that are not ASCII (int("²")
# fails though "²".isdigit()), numbers out of every range, dotted and encoded
# traversal, Turkish dotted and dotless i, Cyrillic, emoji sequences, bidi
# overrides, byte-order marks, combining marks, markup and SQL.
TRICKY = (
    "",
    " ",
    "0",
    "-1",
    "00",
    "0000",
    "1.5",
    "1e9",
    "0x10",
    "+5",
    " 2021 ",
    "²",
    "٢٠٢١",
    "２０２１",
    "Ⅻ",
    "NaN",
    "inf",
    "-inf",
    "None",
    "null",
    "true",
    "[]",
    "{}",
    "\x00",
    "\x00\x01\x1f\x7f",
    "\r\n",
    "\t",
    "\x85\u2028\u2029",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "' OR 1=1 --",
    "%",
    "%%",
    "%zz",
    "%00",
    "İstanbul",
    "ISTANBUL",
    "ıi̇İI",
    "Üsküdar",
    "Şalkarova",
    "Türkistan",
    "Түркістан",
    "Қазақстан",
    "Əliyev",
    "🇹🇷",
    "👨\u200d👩\u200d👧\u200d👦",
    "😀" * 3,
    "\u202egnp.exe",
    "\ufeff",
    "a\u0301\u0301\u0301",
    "\U0010ffff",
    "ǅ",
    "ß",
    "ﬁ",
)
NUMBERS = (
    "0",
    "1",
    "-1",
    "2021",
    "9999",
    "10000",
    "99999",
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(2**64),
    "9" * 30,
    "9" * 5000,
    "1" + "0" * 400,
)
# Digits that str.isdigit() accepts and int() refuses, and some it takes.
DIGITISH = ("²", "¹²³", "2021²", "①", "⑳", "٢٠٢١", "２０２１", "𝟚𝟘𝟚𝟙", "Ⅻ", "½")
# Parameters read as numbers.
NUMERIC = frozenset({"year", "page", "p", "pk", "internal", "custom", "o", "e", "object_id"})
# Parameters most views read: drawn more often than the rest.
COMMON_NAMES = ("page", "q", "year", "country", "org", "sort", "status", "kind", "lang")
TURKIC = "abcçdefgğhıijklmnoöprsştuüvyzABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZəƏқҚңҢүҮұҰөӨһҺәӘ ЖжЩщ-"

# Pieces of path that servers, proxies and frameworks have mishandled.
PATH_TRICKS = (
    "..",
    ".",
    "%2e%2e",
    "%2e%2e%2f",
    "..%2f..%2f",
    "%2f",
    "%5c",
    "%00",
    "%0a",
    "%0d%0a",
    "%ff",
    "%fe%ff",
    "%c0%ae",
    "%c0%af",
    "%e2%80%ae",
    "%",
    "%zz",
    "%25",
    "%25%32%65",
    "%u0041",
    "~",
    "*",
    ";jsessionid=1",
    "index.php",
    ".env",
    "-",
    "_",
)
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


# --- Text -------------------------------------------------------------------------------------


def weighted(*choices):
    """One of the strategies, each as often as its weight: (3, a), (1, b).
    Shrinks towards the first."""
    return st.sampled_from([s for weight, s in choices for _ in range(weight)]).flatmap(
        lambda strategy: strategy
    )


def oversized():
    """Values of 10,000 to 20,000 characters, made by repeating a short text
    (drawing that much text from Hypothesis would exhaust its buffer)."""
    return st.builds(
        lambda seed, size: (seed * (size // len(seed) + 1))[:size],
        st.sampled_from(["a", "ü", "İ", "Ж", "😀", "9", "%", "\x00", "-", "<"])
        | st.text(min_size=1, max_size=5),
        st.integers(10_000, 20_000),
    )


def chance(n):
    """True about once in `n` draws. (Hypothesis leans towards small integers:
    `integers(0, n) == 0` comes out far more often than 1 in n.)"""
    return st.sampled_from([False] * (n - 1) + [True])


def garbage_text():
    """Any text a client might send: tricky, Turkic, any Unicode (controls
    included), numbers out of range or not quite numbers, or oversized."""
    return weighted(
        (3, st.sampled_from(TRICKY)),
        (2, st.text(max_size=30)),
        (1, st.text(alphabet=TURKIC, max_size=30)),
        (2, st.sampled_from(NUMBERS + DIGITISH)),
        (1, oversized()),
    )


def value_for(name, real):
    """A value for the parameter or field `name`: a real one, one that nearly
    is (for numbers), or garbage."""
    choices = [(3, garbage_text())]
    if name in real.by_param:
        choices.insert(0, (3, st.sampled_from(real.by_param[name])))
    if name in NUMERIC:
        choices.append((3, st.sampled_from(NUMBERS + DIGITISH)))
    return weighted(*choices)


def _wire(text, safe="", keep_unicode=False):
    """`text` as it travels in a URL: percent-encoded, except `safe` and, when
    `keep_unicode`, printable non-ASCII letters (some clients send raw UTF-8)."""

    def kept(ch):
        if ch.isascii():
            return ch.isalnum() or ch in safe
        return keep_unicode and ch.isprintable()

    return "".join(ch if kept(ch) else quote(ch, safe="") for ch in text)


# --- Paths ------------------------------------------------------------------------------------

SEGMENT_SAFE = "-._~!$&'()*+,;=:@"


@st.composite
def garbage_segment(draw):
    """A path segment that no converter should accept, or that tests one."""
    choice = draw(st.sampled_from(["trick", "text", "long"]))
    if choice == "trick":
        return draw(st.sampled_from(PATH_TRICKS))
    if choice == "long":
        return draw(st.sampled_from(["a", "9", "%C3%BC", "-", "%00"])) * draw(
            st.integers(1000, 6000)
        )
    return _wire(draw(garbage_text()), SEGMENT_SAFE, keep_unicode=draw(st.booleans()))


def param_value(param, real):
    """A path parameter: a real value, one the converter accepts but the site
    does not have (huge numbers, long slugs), or garbage."""
    accepted = (
        st.from_regex(f"(?:{param.regex})", fullmatch=True)
        .filter(lambda v: 0 < len(v) <= 300)
        .map(lambda v: _wire(v, SEGMENT_SAFE + "/", keep_unicode=True))
    )
    options = [accepted, garbage_segment()]
    if param.regex == "[0-9]+":
        options.insert(0, st.sampled_from(NUMBERS).filter(lambda v: v.isdigit()))
    if param.name in real.by_param:
        options.insert(0, st.sampled_from(real.by_param[param.name]))
    return st.one_of(options)


def language_prefix():
    return weighted(
        (8, st.sampled_from(LANGUAGES)),
        (1, st.sampled_from(["EN", "tr-tr", "en-us", "de", "xx", "zh-hans", "", "tr%00", "en-"])),
        (1, garbage_segment()),
    )


@st.composite
def route_path(draw, route, real):
    """The path of `route` with its parameters filled."""
    kwargs = real.route_kwargs.get(route.name)
    if kwargs and draw(st.booleans()):
        values = draw(st.sampled_from(kwargs))
    else:
        values = {p.name: draw(param_value(p, real)) for p in route.params}
    out = []
    for part in route.parts:
        if part is LANGUAGE:
            out.append(draw(language_prefix()))
        elif isinstance(part, Param):
            out.append(values[part.name])
        elif isinstance(part, re.Pattern):
            text = draw(st.from_regex(part, fullmatch=True).filter(lambda v: len(v) <= 300))
            out.append(_wire(text, SEGMENT_SAFE + "/", keep_unicode=True))
        else:
            out.append(part)
    return "/" + "".join(out)


# Changes to a path: a slash more or less, a segment more, traversal, case.
MANGLES = (
    lambda path, extra: path.rstrip("/") or "/",
    lambda path, extra: path + "/",
    lambda path, extra: path + extra,
    lambda path, extra: path.rstrip("/") + "/" + extra + "/",
    lambda path, extra: "/" + path,
    lambda path, extra: path.replace("/", "//"),
    lambda path, extra: path + "../" + extra,
    lambda path, extra: path.upper(),
    lambda path, extra: path + ".json",
)


@st.composite
def mangled(draw, path):
    """`path` as it is (most often) or changed by one of MANGLES."""
    if not draw(chance(4)):
        return path
    return draw(st.sampled_from(MANGLES))(path, draw(garbage_segment()))


@st.composite
def random_path(draw):
    segments = draw(st.lists(garbage_segment() | st.sampled_from(LANGUAGES), max_size=6))
    return "/" + "/".join(segments)


@st.composite
def static_path(draw, real):
    real_paths = real.static_paths or ["/static/css/site.css"]
    return draw(
        st.sampled_from(real_paths)
        | st.builds(lambda s: f"/static/{s}", garbage_segment())
        | st.sampled_from(
            [
                "/static/",
                "/static/css/site.css.gz",
                "/static/css/site.css.br",
                "/static/../config/settings.py",
                "/static/%2e%2e/config/settings.py",
                "/static/css/%00",
                "/media/",
                "/media/../db.sqlite3",
            ]
        )
    )


# --- Query strings -------------------------------------------------------------------------------

QUERY_CHUNKS = (
    "%",
    "%zz",
    "%ff%fe",
    "%00",
    "=",
    "&",
    "&&",
    "==",
    "page",
    "page=",
    "=1",
    "%C0%AE",
    "%E2%80%AE",
    "a;b=c",
    "+",
    "%2B",
    "%26%3D",
    "year[]=2021",
    "q=a%",
    "page=1&page=2&page=x",
)


@st.composite
def query_pair(draw, real):
    name = draw(
        weighted(
            (6, st.sampled_from(COMMON_NAMES)),
            (3, st.sampled_from(QUERY_NAMES)),
            (1, st.text(max_size=12)),
        )
    )
    value = draw(value_for(name, real))
    how = draw(st.sampled_from(["plus"] * 4 + ["raw"] * 2 + ["bare", "chunk"]))
    if how == "plus":
        return f"{quote_plus(name)}={quote_plus(value)}"
    if how == "raw":
        keep = "-._~!$'()*,;:@/?[]"
        return f"{_wire(name, keep, True)}={_wire(value, keep, True)}"
    if how == "bare":
        return quote_plus(name)
    return draw(st.sampled_from(QUERY_CHUNKS))


@st.composite
def query_string(draw, real):
    pairs = draw(st.lists(query_pair(real), max_size=6))
    if draw(chance(40)):
        pairs.append("&".join(["a=1"] * 1001))  # more fields than Django takes
    return draw(st.sampled_from(["&", ";"])).join(pairs)


# --- Headers ---------------------------------------------------------------------------------


def _header_text(text):
    """A header value as a server hands it over: its UTF-8 bytes as Latin-1
    (WSGI's rule), without the CR, LF and NUL no server lets through."""
    clean = text.replace("\r", " ").replace("\n", " ").replace("\x00", " ")
    return clean.encode("utf-8").decode("latin-1")


def header_text(*examples):
    return (st.sampled_from(examples) if examples else st.nothing()) | garbage_text()


def cookie_value():
    return st.one_of(
        st.from_regex(r"[a-z0-9]{32}", fullmatch=True),  # a plausible, unknown session key
        st.from_regex(r"[a-zA-Z0-9]{32}|[a-zA-Z0-9]{64}", fullmatch=True),  # csrf-shaped
        st.sampled_from(
            [
                '"\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000"',  # NULs, once unquoted
                '"\\"\\;\\,"',
                '"unterminated',
                '""',
                "deleted",
                "a" * 40,
                "x" * 5000,
            ]
        ),
        garbage_text().map(lambda t: _wire(t, "-._~!$&'()*+/:<>?@[]^`{|}", keep_unicode=True)),
    )


@st.composite
def cookie_header(draw):
    if draw(chance(10)):
        return draw(garbage_text())
    names = st.sampled_from(COOKIE_NAMES) | st.text(
        alphabet="abcdefghijklmnopqrstuvwxyz_-$", min_size=1, max_size=10
    )
    pairs = draw(st.lists(st.tuples(names, cookie_value()), min_size=1, max_size=5))
    return "; ".join(f"{name}={value}" for name, value in pairs)


HTTP_DATES = (
    "Sat, 13 Nov 2021 10:00:00 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "Mon, 32 Foo 99999 99:99:99 GMT",
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Tue, 01 Jan 0001 00:00:00 GMT",
    "-1",
    "0",
    str(2**64),
)


def headers_strategy():
    """Request headers: each present or not, real-looking or garbage."""
    optional = {
        "Accept-Language": header_text(
            "tr-TR,tr;q=0.9,en;q=0.8",
            "tr;q=abc",
            "*",
            "xx-YY",
            ",,,;;;",
            "en;q=1e999",
            "tr-" + "a" * 600,
            "zh-Hant-TW;q=0.5, *;q=0",
        ),
        "Cookie": cookie_header(),
        "If-Modified-Since": header_text(*HTTP_DATES),
        "If-Unmodified-Since": header_text(*HTTP_DATES),
        "If-None-Match": header_text('"abc"', 'W/"abc"', "*", '"', 'W/"', ",", '"a", "b"'),
        "If-Match": header_text('"abc"', "*", 'W/"x"'),
        "If-Range": header_text('"abc"', *HTTP_DATES[:2]),
        "Range": header_text(
            "bytes=0-",
            "bytes=0-0",
            "bytes=-1",
            "bytes=5-1",
            "bytes=-0",
            "bytes=0-1,2-3,4-5",
            f"bytes={2**64}-",
            "bytes=abc",
            "items=0-1",
            "bytes=" + "0-1," * 500,
        ),
        "X-Forwarded-For": header_text(
            "1.2.3.4", "::1", "999.999.999.999", "1.2.3.4, 5.6.7.8", "unknown", "[::1]:80"
        ),
        "X-Forwarded-Host": header_text("evil.example", "testserver:99999"),
        "X-Forwarded-Port": header_text("443", "-1", "99999"),
        "X-Real-IP": header_text("1.2.3.4", "::ffff:1.2.3.4"),
        "Referer": header_text(
            f"https://{HOST}/en/",
            f"http://{HOST}/en/",
            "https://evil.example/",
            "null",
            "//",
            "https://",
            "http://[::1",
        ),
        "Origin": header_text(f"https://{HOST}", "null", "https://evil.example", "file://"),
        "User-Agent": header_text("Mozilla/5.0", "curl/8.0", "sqlmap/1.7"),
        "Accept": header_text("text/html", "application/json", "*/*", "text/*;q=abc", ";;;"),
        "Accept-Encoding": header_text("gzip", "br", "gzip, br", "identity;q=0", "*;q=0", "zstd"),
        "Accept-Charset": header_text("utf-8", "iso-8859-9", "bogus"),
        "X-Requested-With": header_text("XMLHttpRequest"),
        "X-CSRFToken": header_text("x" * 32, "x" * 64),
        "Authorization": header_text("Basic Zm9vOmJhcg==", "Bearer x", "Basic %%%"),
        "Content-Length": st.just("set below, once the body is known"),
        "Transfer-Encoding": header_text("chunked", "gzip, chunked", "identity"),
    }
    random_names = st.dictionaries(
        st.from_regex(r"X-[A-Za-z0-9-]{1,20}", fullmatch=True), garbage_text(), max_size=2
    )
    return st.builds(
        lambda xfp, chosen, extra: {
            **({"X-Forwarded-Proto": xfp} if xfp is not None else {}),
            **chosen,
            **extra,
        },
        # The TLS proxy in front of production says https; sometimes it is
        # missing or garbage (and SECURE_SSL_REDIRECT answers with a redirect).
        st.sampled_from(["https"] * 16 + [None, "http", "HTTPS", "https, http", "", "\x7f"]),
        st.fixed_dictionaries({}, optional=optional),
        random_names,
    )


# --- Bodies ------------------------------------------------------------------------------------

CHARSETS = ("utf-8", "utf-16", "utf-32", "latin-1", "cp1254", "rot13", "base64", "idna", "bogus")


def _multipart(fields, files, boundary):
    """A multipart/form-data body of `fields` (name, value) and `files`
    (name, filename, content type, bytes)."""
    crlf = b"\r\n"
    out = []
    for name, value in fields:
        out += [
            b"--" + boundary,
            f'Content-Disposition: form-data; name="{name}"'.encode(errors="surrogatepass"),
            b"",
            value.encode(errors="surrogatepass"),
        ]
    for name, filename, content_type, content in files:
        disposition = f'Content-Disposition: form-data; name="{name}"; filename="{filename}"'
        out += [
            b"--" + boundary,
            disposition.encode(errors="surrogatepass"),
            f"Content-Type: {content_type}".encode(errors="surrogatepass"),
            b"",
            content,
        ]
    out += [b"--" + boundary + b"--", b""]
    return crlf.join(out)


@st.composite
def body_strategy(draw, names, real):
    """(content type, body bytes) for a request that carries a body."""
    field_names = st.sampled_from(names) | st.sampled_from(FORM_NAMES) | st.text(max_size=12)
    fields = draw(
        st.lists(
            field_names.flatmap(lambda n: st.tuples(st.just(n), value_for(n, real))), max_size=6
        )
    )
    kind = draw(
        st.sampled_from(["urlencoded", "multipart", "broken-multipart", "raw", "json", "huge"])
    )
    if kind == "urlencoded":
        charset = draw(st.none() | st.sampled_from(CHARSETS))
        content_type = "application/x-www-form-urlencoded" + (
            f"; charset={charset}" if charset else ""
        )
        encoded = "&".join(f"{quote_plus(n)}={quote_plus(v)}" for n, v in fields)
        if draw(chance(30)):
            encoded += "&" + "&".join(["f=1"] * 1001)
        return content_type, encoded.encode()
    if kind in ("multipart", "broken-multipart"):
        files = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["image", "file", "document", "x"]),
                    st.sampled_from(["a.jpg", "../../x.pdf", "a\x00.png", "ü.txt", "x" * 300])
                    | st.text(max_size=20),
                    st.sampled_from(["image/jpeg", "application/pdf", "text/plain", ";;"]),
                    st.binary(max_size=200),
                ),
                max_size=2,
            )
        )
        boundary = draw(st.from_regex(r"[A-Za-z0-9'()+_,./:=?-]{1,70}", fullmatch=True))
        body = _multipart(fields, files, boundary.encode())
        header_boundary = boundary
        if kind == "broken-multipart":
            damage = draw(st.sampled_from(["truncate", "other-boundary", "no-boundary", "junk"]))
            if damage == "truncate":
                body = body[: draw(st.integers(0, max(len(body) - 1, 0)))]
            elif damage == "other-boundary":
                header_boundary = draw(st.sampled_from(["x", "", '""', "\u00e9", "a" * 200]))
            elif damage == "no-boundary":
                return "multipart/form-data", body
            else:
                body = draw(st.binary(max_size=300))
        return f"multipart/form-data; boundary={header_boundary}", body
    if kind == "json":
        return "application/json", draw(
            st.sampled_from([b"{}", b"[]", b'{"q": "x"}', b"{", b"\xff\xfe", b"null"])
        )
    if kind == "huge":
        # Over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): Django answers 400.
        return "application/x-www-form-urlencoded", b"q=" + b"x" * 2_700_000
    content_type = draw(
        st.sampled_from(["text/plain", "application/octet-stream", "application/xml", ""])
        | garbage_text().map(_header_text)
    )
    return content_type, draw(st.binary(max_size=500))


# --- Requests ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FuzzRequest:
    method: str
    path: str  # as on the wire: percent-encoded, raw UTF-8 letters allowed
    query: str  # as on the wire, without "?"
    headers: dict
    body: bytes = b""
    content_type: str = ""
    as_staff: bool = False  # sent with a signed-in staff member's session

    @property
    def url(self):
        return self.path + (f"?{self.query}" if self.query else "")

    def __repr__(self):
        return f"FuzzRequest(\n{self.describe(limit=200)}\n)"

    def describe(self, limit=400):
        """The request, readable and cut to `limit` characters a line, to reproduce it."""

        def cut(text):
            text = repr(text) if not isinstance(text, str) else text
            return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"

        lines = [f"{self.method} {cut(self.url)}"]
        if self.as_staff:
            lines.append("  (signed in as staff)")
        lines += [f"  {name}: {cut(value)}" for name, value in self.headers.items()]
        if self.content_type:
            lines.append(f"  Content-Type: {cut(self.content_type)}")
        if self.body:
            lines.append(f"  body: {cut(self.body)}")
        return "\n".join(lines)


PUBLIC_METHODS = st.sampled_from(METHODS) | st.just("GET")


@st.composite
def csrf_pair(draw, headers):
    """CSRF as a browser would send it (a cookie, the same token in the form,
    an Origin and Referer of the site), or none. Returns the form field."""
    if not draw(st.booleans()):
        return None
    token = draw(st.from_regex(r"[a-zA-Z0-9]{32}", fullmatch=True))
    scheme = "https" if headers.get("X-Forwarded-Proto") == "https" else "http"
    cookie = headers.get("Cookie")
    headers["Cookie"] = f"{cookie}; csrftoken={token}" if cookie else f"csrftoken={token}"
    headers["Origin"] = f"{scheme}://{HOST}"
    headers["Referer"] = f"{scheme}://{HOST}/en/admin/login/"
    return ("csrfmiddlewaretoken", token)


@st.composite
def requests(draw, real):
    """One request to the site, of any kind the generator knows."""
    target = draw(
        st.sampled_from(
            ["public"] * 14 + ["admin-login"] * 2 + ["setlang", "admin", "static", "random"]
        )
    )
    headers = draw(headers_strategy())
    as_staff = False
    names = list(QUERY_NAMES)
    if target == "public":
        route = draw(st.sampled_from(real.public_routes))
        path = draw(mangled(draw(route_path(route, real))))
        method = draw(PUBLIC_METHODS)
        as_staff = draw(chance(8))
    elif target == "admin-login":
        language = draw(st.sampled_from(LANGUAGES))
        path = f"/{language}/admin/login/"
        method = draw(st.sampled_from(["POST", "POST", "GET", *METHODS]))
        names = ["username", "password", "next"]
    elif target == "setlang":
        path = "/i18n/setlang/"
        method = draw(st.sampled_from(["POST", "POST", "GET", *METHODS]))
        names = ["language", "next"]
    elif target == "admin":
        route = draw(st.sampled_from(real.admin_routes))
        path = draw(route_path(route, real))
        method = draw(PUBLIC_METHODS)
    elif target == "static":
        path = draw(static_path(real))
        method = draw(st.sampled_from(["GET", "HEAD", *METHODS]))
    else:
        path = draw(random_path())
        method = draw(PUBLIC_METHODS)
    query = "" if draw(chance(4)) else draw(query_string(real))
    content_type, body = "", b""
    if method in ("POST", "PUT", "DELETE") or (method == "OPTIONS" and draw(st.booleans())):
        content_type, body = draw(body_strategy(names, real))
        token = draw(csrf_pair(headers)) if method == "POST" else None
        if token and content_type.startswith("application/x-www-form-urlencoded"):
            body += f"&{token[0]}={token[1]}".encode()
        elif token and content_type.startswith("multipart/form-data; boundary="):
            boundary = content_type.split("boundary=", 1)[1].encode()
            body = _multipart([token], [], boundary)[: -len(b"--" + boundary + b"--\r\n")] + body
    if "Content-Length" in headers:
        # Less than the body (the rest is not read). Servers refuse a length
        # that is not a number (gunicorn: 400), and wait for the rest of a
        # body shorter than declared; neither reaches the portal.
        headers["Content-Length"] = str(draw(st.integers(0, len(body))))
    headers = {name: _header_text(value) for name, value in headers.items()}
    return FuzzRequest(method, path, query, headers, body, content_type, as_staff)


# --- Sending ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    status: int  # 599 when the request raised out of Django or its streamed body failed
    traceback: str = ""
    error: str = ""  # "ExceptionType at file:line", to group failures by


class ExceptionRecorder:
    """Records the traceback of every exception Django turns into a 500
    (got_request_exception), while in use as a context manager."""

    def __init__(self):
        self.recorded = []

    def __call__(self, sender, request=None, **kwargs):
        self.recorded.append(sys.exc_info())

    def __enter__(self):
        from django.core.signals import got_request_exception

        got_request_exception.connect(self, dispatch_uid="fuzz-exception-recorder", weak=False)
        return self

    def __exit__(self, *exc):
        from django.core.signals import got_request_exception

        got_request_exception.disconnect(dispatch_uid="fuzz-exception-recorder")


def _describe_exception(exc_info):
    kind, value, tb = exc_info
    frames = traceback.extract_tb(tb)
    # Where it went wrong in this project's code, if it did; else the last frame.
    own = [f for f in frames if "/site-packages/" not in f.filename] or frames
    where = f"{own[-1].filename}:{own[-1].lineno}" if own else "?"
    text = "".join(traceback.format_exception(kind, value, tb))
    return text, f"{kind.__name__} at {where}"


def send(client, request, staff_cookie="", recorder=None):
    """Send `request` through Django's test client and read all of its body
    (streamed CSVs and files too). The client must not raise request
    exceptions (`Client(raise_request_exception=False)`)."""
    from unittest import mock

    from django.http.request import HttpHeaders

    from config.wsgi import Request

    client.cookies.clear()
    headers = dict(request.headers)
    if request.as_staff and staff_cookie:
        cookie = headers.get("Cookie")
        headers["Cookie"] = f"{cookie}; {staff_cookie}" if cookie else staff_cookie
    extra = HttpHeaders.to_wsgi_names(headers)
    extra["QUERY_STRING"] = request.query.encode("utf-8", "surrogatepass").decode("latin-1")
    if recorder is not None:
        recorder.recorded.clear()
    try:
        # Requests built as production builds them (config/wsgi.py), not as
        # the test client does.
        with mock.patch("django.test.client.WSGIRequest", Request):
            response = client.generic(
                request.method,
                request.path,
                data=request.body,
                content_type=request.content_type or "application/octet-stream",
                **extra,
            )
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            response.content  # noqa: B018 (read, to be sure it can be)
    except Exception:
        text, error = _describe_exception(sys.exc_info())
        return Outcome(599, text, error)
    if response.status_code >= 500 and recorder is not None and recorder.recorded:
        text, error = _describe_exception(recorder.recorded[-1])
        return Outcome(response.status_code, text, error)
    if response.status_code >= 500:
        return Outcome(response.status_code, "", f"HTTP {response.status_code} without exception")
    return Outcome(response.status_code)


def staff_session_cookie(user):
    """A `sessionid=…` cookie of `user`, signed in."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


# --- Admin forms -------------------------------------------------------------------------------

# Text as it comes pasted from a word processor or a terminal, appended to every
# free-text field of an admin form: Word's line break, a form feed, Unicode's
# line and paragraph separators, C0 and C1 controls, DEL, a non-character.
CONTROL_TEXTS = (
    " Word\x0bline break",
    " form\x0cfeed\u2028line\u2029paragraph",
    " bell\x07 escape\x1b[31m del\x7f",
    " C1\x80\x85\x9f controls",
    " İstanbul\x01Üsküdar\x1fҚазақстан\ufffe",
)
CONTROLS = "".join(chr(c) for c in [*range(1, 32), *range(127, 160)]) + "\u2028\u2029\ufffe\uffff"


def admin_models():
    """Every model with an admin, in a stable order."""
    from django.contrib import admin

    return sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_form_urls(model, language="en"):
    """The add form of `model`, and the change form of its first record if it has one."""
    from django.urls import reverse
    from django.utils import translation

    info = model._meta.app_label, model._meta.model_name
    with translation.override(language):
        urls = [reverse("admin:{}_{}_add".format(*info))]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return urls


def _fillable(name, data):
    """A field of the record itself or of one of its saved inline rows (not of
    an empty row, whose filling would make it a new, incomplete one), not a slug."""
    if "__prefix__" in name or name.rsplit("-", 1)[-1] == "slug" or name not in data:
        return False
    if "-" not in name:
        return True
    row = name.rsplit("-", 1)[0]
    return bool(data.get(f"{row}-id", [""])[0])


def post_admin_form(client, model, url, texts, nul=False):
    """GET the admin form at `url` and POST it back as a browser would, with one
    of `texts` appended to each free-text field (the record's own and its saved
    inline rows'); with `nul`, a NUL in the first of them too. Returns the
    response and the names of the fields filled; the GET's response and no
    names when the form is not offered."""
    from tests.admin_forms import form_fields, text_field_names

    response = client.get(url)
    if response.status_code != 200:
        return response, []
    html = response.content.decode()
    form_id = f"{model._meta.model_name}_form"
    data = form_fields(html, form_id)
    names = [name for name in text_field_names(html, form_id) if _fillable(name, data)]
    if nul and not names:
        return response, []
    for n, name in enumerate(names):
        data[name] = [data[name][0] + texts[n % len(texts)]]
    if nul and names:
        data[names[0]] = [data[names[0]][0] + " a\x00b"]
    return client.post(url, data), names


def unclean_texts():
    """(model, pk, field, text) for every text stored in the portal's tables
    (history included) that still holds a control character."""
    from django.apps import apps
    from django.db import models

    from portal.cleaning import is_clean

    found = []
    for label in ("municipalities", "visits"):
        for model in apps.get_app_config(label).get_models():
            names = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, (models.CharField, models.TextField)) and not f.primary_key
            ]
            for pk, *texts in model._base_manager.values_list("pk", *names):
                found += [
                    (model._meta.label, pk, name, text)
                    for name, text in zip(names, texts, strict=True)
                    if text and not is_clean(text)
                ]
    return found
