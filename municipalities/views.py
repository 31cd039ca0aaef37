"""Public pages of the directory that need nothing from visits: the list of
organisations and the protocol register."""

from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.shortcuts import render
from django.utils.translation import get_language
from django_countries import countries

from portal.collation import InReaderOrder, sort_key
from portal.paging import page_of

from .models import Organization


def can_see_drafts(request, model):
    """Whether the reader sees `model`'s unpublished records (marked as drafts)
    and, on the print view, the PDF and the dossier, its internal items: staff
    who may view `model` in the admin — the Viewer and Secretariat editor
    groups and superusers, never a staff account with no group. The one rule
    for both; anonymous readers (the only ones the page cache serves) never."""
    user = request.user
    opts = model._meta
    return (
        user.is_active
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.{get_permission_codename('view', opts)}")
    )


class Applied(dict):
    """The filters a list applies, by name. A filter not applied reads as None
    in templates without a failed lookup (Django's costs an exception and a
    dir() of the dict; a list page makes dozens, one per option of each select)."""

    def __missing__(self, key):
        return None


def clean_param(request, name, choices=None, max_length=100):
    """A query parameter, stripped and bounded; None when empty or not one of
    `choices`. Unknown values are ignored, never an error."""
    value = str(request.GET.get(name, ""))[:max_length].strip()
    value = "".join(ch for ch in value if ch.isprintable())
    if not value or (choices is not None and value not in choices):
        return None
    return value


def visible_protocols(request):
    """Protocols the reader may see: published ones, or all for those who may
    see drafts."""
    from .models import Protocol

    if can_see_drafts(request, Protocol):
        return Protocol.objects.all()
    return Protocol.objects.published()


def countries_in_use():
    """(code, name) of the countries that organisations are recorded in, by name."""
    language = (get_language() or "en")[:2]
    return sorted(
        ((code, countries.name(code)) for code in country_codes()),
        key=lambda c: sort_key(c[1], language),
    )


def country_codes():
    """The distinct country codes of organisations, read by hopping through
    the (country, kind) index from one code to the next — a few dozen index
    probes, where SELECT DISTINCT reads every organisation."""
    with connection.cursor() as cursor:
        cursor.execute(f"{codes_in_use_sql()} SELECT code FROM codes WHERE code IS NOT NULL")
        return [code for (code,) in cursor.fetchall()]


def codes_in_use_sql():
    """The WITH clause behind `country_codes`: a table `codes(code)` of the
    codes in use (and a last NULL), for a query to follow."""
    table = Organization._meta.db_table
    return f"""
        WITH RECURSIVE codes(code) AS (
            SELECT MIN(country) FROM {table} WHERE country > ''
            UNION ALL
            SELECT (SELECT MIN(country) FROM {table} WHERE country > codes.code)
            FROM codes WHERE codes.code IS NOT NULL
        )
        """


def name_in_reader_language():
    """An expression for ordering organisations by the name the reader sees:
    in the reader's language, or in English where that is missing."""
    codes = [code for code, _name in settings.LANGUAGES]
    language = (get_language() or codes[0])[:2]
    if language == "en" or language not in codes:
        return InReaderOrder(F("name_en"), "en").asc()
    return InReaderOrder(Coalesce(NullIf(f"name_{language}", Value("")), "name_en"), language).asc()


def directory(request):
    """All organisations: filters by country, kind and membership, a search
    box, and a page of a real table. Three queries whatever the page holds:
    the countries in use, the count and the page (parents joined)."""
    organizations = Organization.objects.all()
    applied = Applied()
    query = clean_param(request, "q", max_length=200)
    if query:
        organizations = Organization.objects.search(query)
        applied["q"] = query
    in_use = countries_in_use()
    country = (clean_param(request, "country", max_length=2) or "").upper()
    if country in dict(in_use):
        organizations = organizations.filter(country=country)
        applied["country"] = country
    kind = clean_param(request, "kind", choices=Organization.Kind.values)
    if kind:
        organizations = organizations.filter(kind=kind)
        applied["kind"] = kind
    member = clean_param(request, "member", choices=("yes", "no"))
    if member:
        organizations = organizations.filter(is_member=member == "yes")
        applied["member"] = member
    page = page_of(
        request, organizations.select_related("parent").order_by(name_in_reader_language(), "id")
    )
    return render(
        request,
        "municipalities/directory.html",
        {
            "page": page,
            "applied": applied,
            "countries": in_use,
            "kinds": Organization.Kind.choices,
            "section": "directory",
        },
    )
