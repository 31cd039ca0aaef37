"""The secretariat's dashboard on the admin index."""

from django import template
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from municipalities.models import Organization, Post, Protocol
from portal.adminkit import LANGUAGE_CODES, lacks_language, missing_label
from visits.models import Decision, Event, Meeting, Project, Visit

register = template.Library()

UPCOMING_SHOWN = 5

# The kinds of record whose missing texts the dashboard counts, in this order.
TRANSLATED_KINDS = (Visit, Meeting, Event, Organization, Post, Protocol, Project)


@register.inclusion_tag("admin/secretariat_dashboard.html", takes_context=True)
def secretariat_dashboard(context):
    """What needs the secretariat's attention, each linking to its filtered list.

    Five queries: upcoming visits (the first few), and one count each for
    meetings without a summary, open decisions, overdue decisions, and
    protocols planned or awaiting signature; then one query per kind of
    record counting those that lack a text in each language.
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
        panels["no_summary"] = {
            "count": Meeting.objects.filter(date__lt=today).without_summary().count(),
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
    translations = [
        missing_translations(model, changelist(model, ""))
        for model in TRANSLATED_KINDS
        if can_view(model)
    ]
    if translations:
        panels["translations"] = translations
    return {"panels": panels, "today": today}


def missing_translations(model, url):
    """How many records of `model` lack a text in each language (one query),
    each with the link to the list filtered to them."""
    rows = admin.site.get_model_admin(model).translation_rows
    counts = model._base_manager.aggregate(
        **{code: Count("pk", filter=lacks_language(model, code, rows)) for code in LANGUAGE_CODES}
    )
    return {
        "kind": model._meta.verbose_name_plural,
        "languages": [
            {"label": missing_label(code), "count": counts[code], "url": f"{url}?missing={code}"}
            for code in reversed(LANGUAGE_CODES)
        ],
    }
