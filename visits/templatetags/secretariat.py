"""The secretariat's dashboard on the admin index."""

from django import template
from django.contrib import admin
from django.core.cache import cache
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from municipalities.models import Organization, Post, Protocol
from portal.adminkit import LANGUAGE_CODES, lacks_language, missing_label
from portal.pagecache import current_version
from portal.paging import _capped_count
from visits.models import Decision, Event, Meeting, Project, Visit

register = template.Library()

UPCOMING_SHOWN = 5
# The dashboard counts up to this many of a kind and then says "1000+": past
# it the exact number changes nothing to do, and counting every meeting that
# lacks a text at 300,000 meetings took seconds on each visit of the index.
COUNT_CAP = 1000
LACKING_SECONDS = 600


def count_lacking(model):
    """{language: how many records of `model` lack a text in it (up to
    COUNT_CAP + 1)}, both counted in one query."""
    rows = admin.site.get_model_admin(model).translation_rows
    parts, params = [], []
    for code in LANGUAGE_CODES:
        lacking = model._base_manager.filter(
            lacks_language(model, code, rows, whole_table=True)
        ).order_by()
        sql, part_params = lacking.values("pk")[: COUNT_CAP + 1].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) lacking_{code})")
        params.extend(part_params)
    with connections[model._base_manager.db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return dict(zip(LANGUAGE_CODES, cursor.fetchone(), strict=True))


def capped(queryset):
    """(count, more): the number of rows of `queryset`, at most COUNT_CAP;
    `more` when there are more than that."""
    found = _capped_count(queryset, COUNT_CAP)
    return (COUNT_CAP, True) if found is None else (found, False)


# The kinds of record whose missing texts the dashboard counts, in this order.
TRANSLATED_KINDS = (Visit, Meeting, Event, Organization, Post, Protocol, Project)


@register.inclusion_tag("admin/secretariat_dashboard.html", takes_context=True)
def secretariat_dashboard(context):
    """What needs the secretariat's attention, each linking to its filtered list.

    Five queries: upcoming visits (the first few), and one count each for
    meetings without a summary (up to COUNT_CAP), open decisions, overdue
    decisions, and protocols planned or awaiting signature; then one query per
    kind of record counting those that lack a text in each language (up to
    COUNT_CAP each).
    """
    request = context["request"]
    user = request.user
    today = timezone.localdate()

    def changelist(model, query):
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") + query

    def can_view(model):
        return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")

    panels = {}
    if can_view(Visit):
        upcoming = list(
            Visit.objects.filter(start_date__gte=today)
            .select_related("guest", "host")
            .order_by("start_date", "id")[: UPCOMING_SHOWN + 1]
        )
        panels["upcoming"] = {
            "visits": upcoming[:UPCOMING_SHOWN],
            "more": len(upcoming) > UPCOMING_SHOWN,
            "url": changelist(Visit, "?when=upcoming"),
        }
    if can_view(Meeting):
        count, more = capped(Meeting.objects.filter(date__lt=today).without_summary())
        panels["no_summary"] = {
            "count": count,
            "more": more,
            "url": changelist(Meeting, "?summary=missing&when=past"),
        }
    if can_view(Decision):
        panels["open_decisions"] = {
            "count": Decision.objects.open().count(),
            "url": changelist(Decision, "?due=open"),
        }
        panels["overdue_decisions"] = {
            "count": Decision.objects.overdue(today).count(),
            "url": changelist(Decision, "?due=overdue"),
        }
    if can_view(Protocol):
        panels["protocols"] = {
            "count": Protocol.objects.filter(
                status__in=[Protocol.Status.PROPOSED, Protocol.Status.PLANNED]
            ).count(),
            "url": changelist(Protocol, "?status__in=proposed,planned"),
        }
    version = current_version()
    translations = [
        missing_translations(model, changelist(model, ""), version)
        for model in TRANSLATED_KINDS
        if can_view(model)
    ]
    if translations:
        panels["translations"] = translations
    return {"panels": panels, "today": today}


def missing_translations(model, url, version):
    """How many records of `model` lack a text in each language (one query,
    each count up to COUNT_CAP), each with the link to the list filtered to
    them. Kept in the cache for the site version (any change to a record
    raises it, pagecache.bump), at most LACKING_SECONDS: these counts read
    every record and row of the kind (seconds at 300,000 meetings), so they
    are made once per version, not on every visit of the index."""
    key = f"dashboard:lacking:{version}:{model._meta.label_lower}"
    counts = cache.get(key)
    if counts is None:
        counts = count_lacking(model)
        cache.set(key, counts, LACKING_SECONDS)
    return {
        "kind": model._meta.verbose_name_plural,
        "languages": [
            {
                "label": missing_label(code),
                "count": min(counts[code], COUNT_CAP),
                "more": counts[code] > COUNT_CAP,
                "url": f"{url}?missing={code}",
            }
            for code in reversed(LANGUAGE_CODES)
        ],
    }
