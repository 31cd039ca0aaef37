"""The protocol register and its CSV, and what every register shares: sorting
by a column (`?sort=date`, `?sort=-date`), the year and organisation filters
and streamed CSV downloads. The gift register in `visits` builds on the same helpers.

The HTML register shows signed-in staff drafts too (marked); a CSV is public
data and holds published records only, whoever downloads it.
"""

import csv
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, F, IntegerField, Prefetch, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from portal.adminkit import FORMULA_STARTS
from portal.cleaning import clean_text, is_clean
from portal.collation import InReaderOrder, sort_key
from portal.dates import DatePrecision
from portal.paging import page_of
from portal.text import capfirst

from .models import Organization, Protocol, ProtocolSignatory
from .views import Applied, clean_param, codes_in_use_sql, visible_protocols

# --- Shared by the registers -----------------------------------------------------


def clean_year(request, name="year"):
    """A year from the query string (1–9999), or None."""
    value = clean_param(request, name, max_length=4)
    # Only ASCII digits: "²".isdigit() is true, but int("²") fails.
    if value and value.isascii() and value.isdigit() and int(value) >= 1:
        return int(value)
    return None


def clean_country(request, name="country"):
    """An ISO 3166 code (or one of the portal's own) from the query string, or None."""
    value = clean_param(request, name, max_length=2)
    code = value.upper() if value else None
    return code if code and code in dict(countries) else None


def clean_organization(request, name="org"):
    """The organisation whose slug the query string gives, or None (also for
    a slug that names none: a link that outlived a record still opens the list)."""
    slug = clean_param(request, name, max_length=80)
    return Organization.objects.filter(slug=slug).first() if slug else None


def applied_params(applied):
    """The applied filters as query parameters: an organisation by its slug."""
    return {
        key: value.slug if isinstance(value, Organization) else str(value)
        for key, value in applied.items()
    }


def reader_language():
    """The code of the reader's language among the portal's languages."""
    codes = [code for code, _name in settings.LANGUAGES]
    language = (translation.get_language() or codes[0])[:2]
    return language if language in codes else codes[0]


def name_in_reader_language(path):
    """An organisation's name (`path` leads to it, e.g. "party_a__") in the
    reader's language, falling back to English as the pages do: for ordering."""
    language = reader_language()
    return InReaderOrder(
        Coalesce(
            NullIf(f"{path}name_{language}", Value("")),
            f"{path}name_en",
            output_field=CharField(),
        ),
        language,
    )


def label_order(field, choices):
    """An expression ordering `field` by its choices' labels in the reader's
    language (not by the stored codes)."""
    return Case(
        *[When(**{field: value}, then=Value(str(label))) for value, label in choices],
        default=Value(""),
        output_field=CharField(),
    )


def position_order(field, values):
    """An expression ordering `field` in the order of `values` (a life cycle)."""
    return Case(
        *[When(**{field: value}, then=Value(n)) for n, value in enumerate(values)],
        default=Value(len(values)),
        output_field=IntegerField(),
    )


class Sorting:
    """The order a register is shown in, from `?sort=`.

    `columns` is a list of (key, label, expressions) for the table's columns in
    order; a column with expressions None is not sortable. `default` is the
    sort used when none (or an unknown one) is asked for, e.g. "-date";
    `tiebreak` orders rows that the chosen column leaves equal.
    """

    def __init__(self, request, columns, default, tiebreak):
        self.columns = columns
        self.orderings = {
            key: [F(e) if isinstance(e, str) else e for e in exprs]
            for key, _label, exprs in columns
            if exprs
        }
        value = clean_param(request, "sort", max_length=20)
        if not value or value.lstrip("-") not in self.orderings or value.count("-") > 1:
            value = default
        self.default = default
        self.value = value
        self.key = value.lstrip("-")
        self.descending = value.startswith("-")
        self.tiebreak = tiebreak

    def order_by(self):
        exprs = [
            expr.desc(nulls_last=True) if self.descending else expr.asc(nulls_last=True)
            for expr in self.orderings[self.key]
        ]
        return [*exprs, *self.tiebreak]

    def apply(self, queryset):
        return queryset.order_by(*self.order_by())

    def params(self):
        """The sort as a query parameter, if it is not the default."""
        return {} if self.value == self.default else {"sort": self.value}

    def headers(self, params):
        """The table's header cells: label, the link that sorts by the column
        (keeping the filters in `params`, back to the first page), and its
        aria-sort when the table is sorted by it."""
        cells = []
        for key, label, exprs in self.columns:
            cell = {"label": label, "url": None, "aria_sort": None}
            if exprs:
                if key == self.key:
                    cell["aria_sort"] = "descending" if self.descending else "ascending"
                    target = key if self.descending else f"-{key}"
                else:
                    # A first click sorts as the default does for its column
                    # (dates newest first); a second click turns it round.
                    target = f"-{key}" if self.default == f"-{key}" else key
                cell["url"] = "?" + urlencode({**params, "sort": target})
            cells.append(cell)
        return cells


def query_string(params):
    return "?" + urlencode(params) if params else ""


def filter_options(applied, years, codes):
    """The years (newest first) and countries (by name) a register's filter
    offers: those in use, and the one asked for even when nothing matches it,
    so the form shows the filter that is applied."""
    years = set(years) | ({applied["year"]} if "year" in applied else set())
    codes = set(codes) | ({applied["country"]} if "country" in applied else set())
    return (
        sorted(years, reverse=True),
        sorted(
            ((code, countries.name(code)) for code in codes),
            key=lambda c: sort_key(c[1], reader_language()),
        ),
    )


def used_country_codes(rows, paths):
    """The country codes of the organisations that `rows` (a queryset) name
    through any of `paths` ("party_a", "given_to_organization"…): a
    register's country filter offers those.

    One query: for each code in use (hopping through the directory's
    (country, kind) index, a few dozen) whether a row names an organisation
    of it, each probe stopping at its first row. A DISTINCT over the join
    read every organisation and every row."""
    probes, params = [], []
    for path in paths:
        probe = rows.filter(**{f"{path}__country": RawSQL("codes.code", ())})
        sql, probe_params = probe.order_by().values("pk")[:1].query.sql_with_params()
        probes.append(f"EXISTS ({sql})")
        params.extend(probe_params)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{codes_in_use_sql()} SELECT code FROM codes "
            f"WHERE code IS NOT NULL AND ({' OR '.join(probes)})",
            params,
        )
        return [code for (code,) in cursor.fetchall()]


class _Echo:
    """A file-like object whose write() hands the line back, for streaming."""

    def write(self, value):
        return value


def csv_response(filename, header, rows):
    """A CSV download streamed row by row: UTF-8 with a byte-order mark (so
    spreadsheets read it as UTF-8), and cells a spreadsheet would run as a
    formula (= + - @) quoted. `rows` is an iterable, consumed lazily."""
    writer = csv.writer(_Echo())
    language = translation.get_language()

    def cells(row):
        # As `_csv_safe()` each cell, with one look for control characters a row.
        texts = ["" if value is None else value if type(value) is str else str(value)
                 for value in row]  # fmt: skip
        if not is_clean("".join(texts)):
            texts = [clean_text(text) for text in texts]
        return [f"'{text}" if text[:1] in FORMULA_STARTS else text for text in texts]

    def lines():
        # The response is written after the view returns: keep its language.
        # Rows go out some 64 KB at a time, not one write to the socket each.
        with translation.override(language):
            batch = ["\ufeff" + writer.writerow(cells(header))]
            size = 0
            for row in rows:
                line = writer.writerow(cells(row))
                batch.append(line)
                size += len(line)
                if size >= CSV_BATCH_CHARS:
                    yield "".join(batch)
                    batch, size = [], 0
            yield "".join(batch)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Rows of plain values, chosen as the models would choose them ----------------------


def _language_codes():
    return [code for code, _name in settings.LANGUAGES]


def localized_text():
    """`TranslatedMixin.localized()` as a function of a record's translations of
    one field (in the order of settings.LANGUAGES), the active language and its
    fallbacks worked out once: the text in the active language, or else in
    another one (its `Localized` marks left out: a CSV cell is plain text)."""
    codes = _language_codes()
    wanted = (translation.get_language() or codes[0])[:2]
    if wanted not in codes:
        wanted = codes[0]
    positions = [codes.index(code) for code in [wanted, *(c for c in codes if c != wanted)]]

    def choose(*values):
        for position in positions:
            text = values[position] or ""
            if text.strip():
                return text
        return ""

    return choose


def translated_text(model, field):
    """What reading `record.field` gives (django-modeltranslation's descriptor,
    its fallback languages included) as a function of the record's translations
    (in the order of settings.LANGUAGES), the active language's order of
    fallbacks worked out once rather than on every read."""
    from modeltranslation.fields import NONE
    from modeltranslation.thread_context import fallbacks_enabled
    from modeltranslation.utils import resolution_order

    descriptor = getattr(model, field)
    codes = _language_codes()
    languages = resolution_order(translation.get_language(), descriptor.fallback_languages)
    # A language without a field of its own reads None: never chosen.
    positions = [codes.index(code) for code in languages if code in codes]
    default, undefined = NONE, descriptor.fallback_undefined
    if undefined is NONE:
        default = undefined = descriptor.field.get_default()
    if fallbacks_enabled() and descriptor.fallback_value is not NONE:
        last = descriptor.fallback_value
    else:
        last = descriptor.field.get_default() if default is NONE else default

    def choose(*values):
        for position in positions:
            value = values[position]
            if value is not None and value != undefined:
                return value
        return last

    return choose


def choice_labels(model, field):
    """A field's choices' labels in the active language, first letter capital,
    by stored value: as `capfirst(record.get_FIELD_display())` reads them."""
    return {
        value: capfirst(str(label)) for value, label in model._meta.get_field(field).flatchoices
    }


class CountryNames(dict):
    """Country names in the active language by code (`record.country.name`),
    each looked up once."""

    def __init__(self, model, field):
        super().__init__()
        self.probe, self.field = model(), field

    def __missing__(self, code):
        setattr(self.probe, self.field, code)
        self[code] = name = getattr(self.probe, self.field).name
        return name


class RecordAddress:
    """Absolute addresses of the records of one URL pattern without a
    `reverse()` per record: the pattern is reversed once with sample arguments
    (distinct, and valid for its converters), and each address is that one with
    the record's own values in their place."""

    def __init__(self, request, name, *samples):
        rest = reverse(name, args=samples)
        if request is not None:  # else the path alone
            rest = request.build_absolute_uri(rest)
        self.parts = []
        for sample in samples:
            before, found, rest = rest.partition(str(sample))
            if not found:  # a converter changed it: no safe template
                raise ValueError(f"{name}: {sample!r} is not kept as it is")
            self.parts.append(before)
        self.parts.append(rest)

    def url(self, *values):
        pieces = [self.parts[0]]
        for value, part in zip(values, self.parts[1:], strict=True):
            pieces += [str(value), part]
        return "".join(pieces)


# CSV downloads read the database in chunks of this many rows (plus one query
# per chunk for each prefetched relation).
CSV_CHUNK = 2000
# Characters of CSV written to the client at a time.
CSV_BATCH_CHARS = 64 * 1024


# --- The protocol register ----------------------------------------------------------


def protocol_relations():
    """What a protocol's row shows besides its own columns: one query each per
    page (or per chunk of a CSV), whatever the number of rows."""
    return [
        "cooperation_fields",
        Prefetch(
            "signatories",
            queryset=ProtocolSignatory.objects.select_related(
                "person", "organization"
            ).with_other_posts(),
        ),
    ]


# The day a protocol is listed under: signed, or else planned.
PROTOCOL_DATE = Coalesce("signed_date", "planned_date")


def filtered_protocols(request, protocols):
    """`protocols` narrowed by the register's filters, and the filters as
    understood (unknown values are ignored)."""
    applied = Applied()
    kind = clean_param(request, "kind", choices=Protocol.Kind.values)
    if kind:
        protocols = protocols.filter(kind=kind)
        applied["kind"] = kind
    status = clean_param(request, "status", choices=Protocol.Status.values)
    if status:
        protocols = protocols.filter(status=status)
        applied["status"] = status
    country = clean_country(request)
    if country:
        protocols = protocols.filter(Q(party_a__country=country) | Q(party_b__country=country))
        applied["country"] = country
    year = clean_year(request)
    if year:
        protocols = protocols.filter(
            Q(signed_date__year=year) | Q(signed_date__isnull=True, planned_date__year=year)
        )
        applied["year"] = year
    org = clean_organization(request)
    if org:
        protocols = protocols.filter(Q(party_a=org) | Q(party_b=org) | Q(coordinator=org))
        applied["org"] = org
    return protocols, applied


def protocol_sorting(request):
    return Sorting(
        request,
        [
            ("date", gettext_lazy("Date"), [PROTOCOL_DATE]),
            (
                "parties",
                gettext_lazy("Parties"),
                [name_in_reader_language("party_a__"), name_in_reader_language("party_b__")],
            ),
            ("kind", gettext_lazy("Kind"), [label_order("kind", Protocol.Kind.choices)]),
            ("status", gettext_lazy("Status"), [position_order("status", Protocol.Status.values)]),
            ("coordinator", gettext_lazy("Coordinated by"), None),
            ("fields", gettext_lazy("Fields of cooperation"), None),
            ("signatories", gettext_lazy("Signatories"), None),
        ],
        default="-date",
        tiebreak=[PROTOCOL_DATE.desc(nulls_last=True), "-id"],
    )


def protocol_register(request):
    protocols, applied = filtered_protocols(request, visible_protocols(request))
    sorting = protocol_sorting(request)
    page = page_of(
        request,
        sorting.apply(protocols)
        .select_related("party_a", "party_b", "coordinator")
        .prefetch_related(*protocol_relations()),
    )
    params = applied_params(applied)
    base = visible_protocols(request)
    years = (
        base.annotate(year=Coalesce(ExtractYear("signed_date"), ExtractYear("planned_date")))
        .exclude(year=None)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    codes = used_country_codes(base, ["party_a", "party_b"])
    years, country_options = filter_options(applied, years, codes)
    return render(
        request,
        "municipalities/protocol_register.html",
        {
            "page": page,
            "applied": applied,
            "headers": sorting.headers(params),
            "sort": sorting.params(),
            "csv_query": query_string({**params, **sorting.params()}),
            "years": years,
            "countries": country_options,
            "kinds": Protocol.Kind.choices,
            "statuses": Protocol.Status.choices,
            "section": "protocols",
        },
    )


def partial_date(value, precision):
    """A date known to a day, month or year, as ISO 8601 writes it: 2021-12-13,
    2021-12, 2021."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def signatory_label(signatory):
    """A signatory as the CSV lists them: Name (title, organisation); signing
    in all their posts, Name (title, organisation; title, organisation)."""
    details = "; ".join(
        ", ".join(str(part) for part in (title, organization and organization.name) if part)
        for title, organization in signatory.capacities()
    )
    return f"{signatory.person.name} ({details})" if details else signatory.person.name


def protocol_csv(request):
    """The register's rows as CSV: published protocols only, all that match
    the filters, in the register's order."""
    protocols, _applied = filtered_protocols(request, Protocol.objects.published())
    protocols = (
        protocol_sorting(request)
        .apply(protocols)
        .select_related("party_a", "party_b", "coordinator")
        .prefetch_related(*protocol_relations())
    )
    header = [
        _("Signed on"),
        _("Signed in"),
        _("Planned for"),
        _("Kind"),
        _("Status"),
        _("Party"),
        _("Party's country"),
        _("Other party"),
        _("Other party's country"),
        _("Coordinated by"),
        _("Fields of cooperation"),
        _("Signatories"),
        _("Title"),
        _("Page"),
    ]

    def rows():
        for protocol in protocols.iterator(chunk_size=CSV_CHUNK):
            a, b = protocol.party_a, protocol.party_b
            yield [
                protocol.signed_date.isoformat() if protocol.signed_date else "",
                protocol.signed_place,
                partial_date(protocol.planned_date, protocol.planned_date_precision),
                capfirst(protocol.get_kind_display()),
                capfirst(protocol.get_status_display()),
                a.name,
                a.country_label,
                b.name,
                b.country_label,
                protocol.coordinator.name if protocol.coordinator else "",
                "; ".join(f.localized("name") for f in protocol.cooperation_fields.all()),
                "; ".join(signatory_label(s) for s in protocol.signatories.all()),
                protocol.localized("title"),
                request.build_absolute_uri(protocol.get_absolute_url()),
            ]

    return csv_response("protocols.csv", header, rows())
