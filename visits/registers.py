"""The gift register and the CSV downloads of gifts and visits.

The public never sees a gift's estimated value, its currency or the internal
notes: not on the page, not in the CSV, not even when staff read them here
(the admin is the secretariat's register of values). The HTML register shows
signed-in staff gifts of unpublished meetings too (marked); a CSV holds
published records only, whoever downloads it.
"""

from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities.registers import (
    CSV_CHUNK,
    Sorting,
    applied_params,
    clean_country,
    clean_organization,
    clean_year,
    csv_response,
    filter_options,
    label_order,
    query_string,
    used_country_codes,
)
from municipalities.views import Applied, clean_param
from portal.paging import page_of
from portal.text import capfirst

from .models import Gift, Meeting
from .views import filtered_visits, visible_gifts

# Never read from the database for the public register or its CSV.
PRIVATE_GIFT_FIELDS = ("value", "currency", "internal_notes")


def filtered_gifts(request, gifts):
    """`gifts` narrowed by the register's filters, and the filters as understood."""
    applied = Applied()
    category = clean_param(request, "category", choices=Gift.Category.values)
    if category:
        gifts = gifts.filter(category=category)
        applied["category"] = category
    year = clean_year(request)
    if year:
        gifts = gifts.filter(meeting__date__year=year)
        applied["year"] = year
    country = clean_country(request)
    if country:
        gifts = gifts.filter(
            Q(given_by_organization__country=country) | Q(given_to_organization__country=country)
        )
        applied["country"] = country
    org = clean_organization(request)
    if org:
        gifts = gifts.filter(Q(given_by_organization=org) | Q(given_to_organization=org))
        applied["org"] = org
    return gifts, applied


def gift_sorting(request):
    return Sorting(
        request,
        [
            ("date", gettext_lazy("Date"), ["meeting__date"]),
            ("given_by", gettext_lazy("Given by"), None),
            ("given_to", gettext_lazy("Given to"), None),
            ("description", gettext_lazy("Description"), None),
            (
                "category",
                gettext_lazy("Category"),
                [label_order("category", Gift.Category.choices)],
            ),
            ("meeting", gettext_lazy("Visit or meeting"), None),
            ("disposition", gettext_lazy("Where it is now"), None),
        ],
        default="-date",
        tiebreak=["-meeting__date", "-meeting_id", "order", "id"],
    )


def _gift_rows(gifts, sorting):
    return (
        sorting.apply(gifts)
        .defer(*PRIVATE_GIFT_FIELDS)
        .select_related(
            "meeting__visit",
            "given_by_organization",
            "given_by_person",
            "given_to_organization",
            "given_to_person",
        )
    )


def gift_register(request):
    gifts, applied = filtered_gifts(request, visible_gifts(request))
    sorting = gift_sorting(request)
    page = page_of(request, _gift_rows(gifts, sorting))
    params = applied_params(applied)
    base = visible_gifts(request)
    years = base.dates("meeting__date", "year", order="DESC")
    codes = used_country_codes(base, ["given_by_organization", "given_to_organization"])
    years, country_options = filter_options(applied, [d.year for d in years], codes)
    return render(
        request,
        "visits/gift_register.html",
        {
            "page": page,
            "applied": applied,
            "headers": sorting.headers(params),
            "sort": sorting.params(),
            "csv_query": query_string({**params, **sorting.params()}),
            "years": years,
            "countries": country_options,
            "categories": Gift.Category.choices,
            "section": "gifts",
        },
    )


def _party(person, organization):
    """ "Name (Organisation)", "Name" or "Organisation"."""
    if person and organization:
        return f"{person.name} ({organization.name})"
    return person.name if person else organization.name if organization else ""


def gift_csv(request):
    """Gifts of published meetings that match the filters, without value."""
    gifts, _applied = filtered_gifts(
        request, Gift.objects.filter(meeting__in=Meeting.objects.published())
    )
    gifts = _gift_rows(gifts, gift_sorting(request))
    header = [
        _("Date"),
        _("Given by"),
        _("Given to"),
        _("Description"),
        _("Category"),
        _("Meeting"),
        _("Visit"),
        _("Where it is now"),
        _("Kept at"),
        _("Page"),
    ]

    def rows():
        for gift in gifts.iterator(chunk_size=CSV_CHUNK):
            meeting, visit = gift.meeting, gift.meeting.visit
            yield [
                meeting.date.isoformat(),
                _party(gift.given_by_person, gift.given_by_organization),
                _party(gift.given_to_person, gift.given_to_organization),
                gift.localized("description"),
                capfirst(gift.get_category_display()),
                meeting.localized("title"),
                visit.localized("title") if visit else "",
                capfirst(gift.get_disposition_display()),
                gift.localized("kept_at"),
                request.build_absolute_uri(visit.get_absolute_url()) if visit else "",
            ]

    return csv_response("gifts.csv", header, rows())


def visit_csv(request):
    """The visit list's visits (same filters) as CSV: published visits only."""
    visits, _applied = filtered_visits(request)
    visits = visits.published().select_related("guest", "host", "event")
    header = [
        _("From"),
        _("Until"),
        _("Title"),
        _("Guest"),
        _("Host"),
        _("Place"),
        _("Occasion"),
        _("Status"),
        _("Direction"),
        _("Page"),
    ]

    def rows():
        for visit in visits.iterator(chunk_size=CSV_CHUNK):
            place = ", ".join(p for p in (visit.city, visit.country.name) if p)
            yield [
                visit.start_date.isoformat(),
                visit.last_day.isoformat(),
                visit.localized("title"),
                visit.guest.name,
                visit.host.name,
                place,
                visit.event.localized("name") if visit.event else "",
                capfirst(visit.get_status_display()),
                capfirst(visit.get_direction_display()),
                request.build_absolute_uri(visit.get_absolute_url()),
            ]

    return csv_response("visits.csv", header, rows())
