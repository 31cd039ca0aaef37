"""The home page's figures and charts for the public, from maintained totals.

Counting 100,000 visits on every request took most of the home page's time.
`VisitTally` holds instead how many published visits each year brought from
each guest country, incoming (hosted by the union) or not: a few hundred rows.
They are recounted — a year at a time, from the visits themselves — in the
same transaction as every change that could move a visit between them:

- a visit saved (its old year and its new one) or deleted;
- an organisation whose country changed (the years of its visits as a guest),
  or that became or ceased to be the union (every year: "incoming" moves).

Recounting rather than adding and subtracting keeps the rows right whatever
the change was, and the recount first locks the site version's row, which
every writing transaction raises anyway (portal.pagecache): two saves at the
same moment recount one after the other, the second seeing the first.

Writes that bypass signals (bulk_create in the generated demo set, COPY in
the bench fill) call `recount()` afterwards; so does the migration that made
the table.

Signed-in staff see drafts too: their figures are counted live
(`live_figures`), as before.
"""

import datetime

from django.db import transaction
from django.db.models import Case, Count, Q, Value, When
from django.db.models.functions import ExtractYear
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from municipalities.models import Organization
from municipalities.signals import records_restored
from portal.models import SiteVersion

from .models import Visit, VisitTally


def _in_year(year):
    return Q(
        start_date__gte=datetime.date(year, 1, 1), start_date__lt=datetime.date(year + 1, 1, 1)
    )


def _incoming(home_id):
    if home_id is None:
        return Value(False)
    return Case(When(host_id=home_id, then=Value(True)), default=Value(False))


def recount(years=None):
    """Count again the published visits of `years` (every year by default)
    into VisitTally."""
    with transaction.atomic():
        # Serialise recounts (see the module's docstring). SQLite has one
        # writer at a time anyway and ignores FOR UPDATE.
        list(SiteVersion.objects.select_for_update().filter(pk=1).values_list("pk"))
        visits = Visit.objects.published().order_by()
        tallies = VisitTally.objects.all()
        if years is not None:
            years = sorted({year for year in years if year is not None})
            if not years:
                return
            which = Q()
            for year in years:
                which |= _in_year(year)
            visits = visits.filter(which)
            tallies = tallies.filter(year__in=years)
        rows = (
            visits.annotate(
                tally_year=ExtractYear("start_date"),
                tally_incoming=_incoming(Organization.objects.home_id()),
            )
            .values_list("tally_year", "guest__country", "tally_incoming")
            .annotate(n=Count("id"))
        )
        new = [
            VisitTally(year=year, country=country or "", incoming=incoming, visits=n)
            for year, country, incoming, n in rows
        ]
        tallies.delete()
        VisitTally.objects.bulk_create(new)


# --- Kept current ----------------------------------------------------------------------


# What puts a visit in a tally. A save that changes none of them (a summary
# corrected, a photo caption) counts nothing again.
COUNTED_FIELDS = ("start_date", "is_published", "guest_id", "host_id")


@receiver(pre_save, sender=Visit, dispatch_uid="visits_tally_visit_before")
def _visit_before(sender, instance, update_fields=None, raw=False, **kwargs):
    instance._tally_before = "unchanged" if raw else None  # loaddata: see _restored
    if raw:
        return
    if update_fields is not None and not {name.removesuffix("_id") for name in update_fields} & {
        name.removesuffix("_id") for name in COUNTED_FIELDS
    }:
        instance._tally_before = "unchanged"
    elif instance.pk:
        instance._tally_before = (
            Visit.objects.filter(pk=instance.pk).values_list(*COUNTED_FIELDS).first()
        )


@receiver(post_save, sender=Visit, dispatch_uid="visits_tally_visit_saved")
def _visit_saved(sender, instance, **kwargs):
    before = getattr(instance, "_tally_before", None)
    if before == "unchanged":
        return
    if before is not None and tuple(before) == tuple(
        getattr(instance, name) for name in COUNTED_FIELDS
    ):
        return
    recount({_year(instance.start_date), _year(before[0]) if before else None})


def _year(day):
    # A date, or its ISO text where code assigned one before saving.
    return day.year if hasattr(day, "year") else datetime.date.fromisoformat(str(day)[:10]).year


@receiver(post_delete, sender=Visit, dispatch_uid="visits_tally_visit_deleted")
def _visit_deleted(sender, instance, **kwargs):
    recount({_year(instance.start_date)})


@receiver(pre_save, sender=Organization, dispatch_uid="visits_tally_organization_before")
def _organization_before(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: see _restored
        instance._tally_before = None
        return
    instance._tally_before = (
        Organization.objects.filter(pk=instance.pk).values_list("country", "is_home").first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Organization, dispatch_uid="visits_tally_organization_saved")
def _organization_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_tally_before", None)
    country, is_home = before or ("", False)
    if bool(is_home) != bool(instance.is_home):
        recount()
    elif before is not None and str(country or "") != str(instance.country or ""):
        years = instance.visits_as_guest.order_by().dates("start_date", "year")
        recount({day.year for day in years})


@receiver(records_restored, dispatch_uid="visits_tally_restored")
def _restored(**kwargs):
    """`manage.py restore` loaded records by raw saves, which count nothing:
    every year is counted afresh."""
    recount()


# --- Read ----------------------------------------------------------------------------


def public_figures(today, most_countries):
    """What the home page shows the public: {"visits", "countries"}, the
    visits per year ({year: n}) and the countries that sent the most incoming
    visits up to `today` ([(code, n)], at most `most_countries`).

    Two small queries (and the union's id): the tallies, and this year's
    incoming visits still to come — counted in this year's tally, not among
    the visitors yet. Only the coming ones are read, never a year of visits."""
    yearly, countries, visitors = {}, set(), {}
    for year, country, incoming, n in VisitTally.objects.values_list(
        "year", "country", "incoming", "visits"
    ):
        yearly[year] = yearly.get(year, 0) + n
        countries.add(country)
        if incoming and country and year <= today.year:
            visitors[country] = visitors.get(country, 0) + n
    coming = (
        Visit.objects.published()
        .incoming()
        .filter(start_date__gt=today, start_date__lt=datetime.date(today.year + 1, 1, 1))
        .exclude(guest__country="")
        .order_by()
        .values_list("guest__country")
        .annotate(n=Count("id"))
    )
    for country, n in coming:
        visitors[country] = visitors.get(country, 0) - n
    by_country = sorted(
        ((country, n) for country, n in visitors.items() if n > 0),
        key=lambda item: (-item[1], item[0]),
    )
    figures = {"visits": sum(yearly.values()), "countries": len(countries)}
    return figures, yearly, by_country[:most_countries]


def live_figures(visits, today, most_countries):
    """The same from `visits` counted now (staff, with the drafts)."""
    figures = visits.aggregate(visits=Count("id"), countries=Count("guest__country", distinct=True))
    yearly = dict(visits.values_list("start_date__year").annotate(n=Count("id")))
    by_country = list(
        visits.filter(start_date__lte=today)
        .incoming()
        .exclude(guest__country="")
        .values_list("guest__country")
        .annotate(n=Count("id"))
        .order_by("-n", "guest__country")[:most_countries]
    )
    return figures, yearly, by_country
