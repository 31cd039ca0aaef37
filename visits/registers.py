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

from municipalities.models import Organization
from municipalities.registers import (
    CSV_CHUNK,
    CountryNames,
    RecordAddress,
    Sorting,
    applied_params,
    choice_labels,
    clean_country,
    clean_organization,
    clean_year,
    csv_response,
    filter_options,
    label_order,
    localized_text,
    query_string,
    translated_text,
    used_country_codes,
)
from municipalities.views import Applied, clean_param
from portal.paging import page_of
from portal.text import capfirst

from .models import Gift, Meeting, Visit
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


# What a line of the visit CSV reads: plain values, no model instances, no
# query per row (at 100,000 visits a model instance a row took most of a minute).
VISIT_CSV_COLUMNS = (
    "start_date",
    "end_date",
    "title_en",
    "title_tr",
    "slug",
    "city_en",
    "city_tr",
    "country",
    "status",
    "guest__name_en",
    "guest__name_tr",
    "guest__is_home",
    "host__name_en",
    "host__name_tr",
    "host__is_home",
    "event_id",
    "event__name_en",
    "event__name_tr",
)


def visit_csv(request):
    """The visit list's visits (same filters) as CSV: published visits only.

    Streamed from one query of plain values (`values_list`, read in chunks): each
    text chosen by the models' own rules (`localized()`, the translated fields'
    fallbacks), each address made from one `reverse()`."""
    visits, _applied = filtered_visits(request)
    # rewrite(False): the columns are named in each language already.
    visits = visits.published().rewrite(False).values_list(*VISIT_CSV_COLUMNS)
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
    page = RecordAddress(request, "visit_detail", 4321987, "zq-slug-mark")

    def rows():
        # In the reader's language (csv_response keeps it while streaming).
        localized = localized_text()
        city_of, name_of = translated_text(Visit, "city"), translated_text(Organization, "name")
        country_names = CountryNames(Visit, "country")
        statuses = choice_labels(Visit, "status")
        incoming, outgoing, between = (
            str(capfirst(direction.label)) for direction in Visit.Direction
        )
        for (
            start, end, title_en, title_tr, slug, city_en, city_tr, country, status,
            guest_en, guest_tr, guest_home, host_en, host_tr, host_home,
            event_id, event_en, event_tr,
        ) in visits.iterator(chunk_size=CSV_CHUNK):  # fmt: skip
            city = city_of(city_en, city_tr)
            place = ", ".join(p for p in (city, country_names[country]) if p)
            yield [
                start.isoformat(),
                (end or start).isoformat(),
                localized(title_en, title_tr),
                name_of(guest_en, guest_tr),
                name_of(host_en, host_tr),
                place,
                localized(event_en, event_tr) if event_id else "",
                statuses[status] if status in statuses else capfirst(status),
                incoming if host_home else outgoing if guest_home else between,
                page.url(start.year, slug),
            ]

    return csv_response("visits.csv", header, rows())
