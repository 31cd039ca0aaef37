"""Dates known to a day, a month or a year.

A planned signing "in December 2021" is stored as 2021-12-01 with precision
"month" and prints as "December 2021" ("Aralık 2021" in Turkish), never as a
made-up day. Models keep the pair as two fields; `normalise` keeps the stored
date on the first day of its period so that ordering and filtering work.

A range (`format_date_range`) names a shared month and year once: "3–6 March
2024", "28 February – 2 March 2024", "30 December 2024 – 2 January 2025";
Turkish writes them the same way ("3–6 Mart 2024").
"""

import datetime
import functools
import operator

from django.db import models
from django.db.models import Q
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def normalise(value, precision):
    """The first day of the period that `value` stands for."""
    if value is None:
        return None
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    return value


def last_day(value, precision):
    """The last day of the period that `value` stands for."""
    if value is None:
        return None
    if precision == DatePrecision.MONTH:
        following = (value.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following - datetime.timedelta(days=1)
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    return value


def still_ahead(value, precision, today):
    """Whether a date known to `precision` is still ahead on `today`: not
    before the day for a day, and for a month or a year until its last day
    ("December 2026" is still ahead on 31 December 2026, "2026" all year)."""
    return value is not None and last_day(value, precision) >= today


def still_ahead_q(field, precision_field, today):
    """`still_ahead` as a filter over a date stored on the first day of its
    period (as `normalise` keeps it): the date is still ahead when it is not
    before the first day of today's period of the same precision."""
    return functools.reduce(
        operator.or_,
        (
            Q(**{precision_field: precision, f"{field}__gte": normalise(today, precision)})
            for precision in DatePrecision
        ),
    )


def format_date(value, precision=DatePrecision.DAY):
    """`value` as the reader's language writes a date of that precision."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if precision == DatePrecision.YEAR:
        return str(value.year)
    return _formatted(value, precision == DatePrecision.MONTH, translation.get_language())


def format_date_range(start, end=None, precision=DatePrecision.DAY):
    """From `start` (known to `precision`) to `end`, the shared month and year
    written once: "3–6 March 2024", "28 February – 2 March 2024",
    "30 December 2024 – 2 January 2025"; "November – December 2021" and
    "2021–2022" for a start known to a month or a year. Turkish writes them
    the same way ("3–6 Mart 2024"). No end, or an end within the start's
    period, is the start alone; no start is nothing."""
    if start is None:
        return ""
    if isinstance(start, datetime.datetime):
        start = start.date()
    if isinstance(end, datetime.datetime):
        end = end.date()
    if end is None or end <= last_day(start, precision):
        return format_date(start, precision)
    return _range(start, end, precision, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _range(start, end, precision, language):
    if precision == DatePrecision.YEAR:
        return f"{start.year}–{end.year}"
    if precision == DatePrecision.MONTH:
        if start.year == end.year:
            return f"{formats.date_format(start, 'F')} – {_formatted(end, True, language)}"
        return f"{_formatted(start, True, language)} – {_formatted(end, True, language)}"
    full = _formatted(end, False, language)
    if start.year != end.year:
        return f"{_formatted(start, False, language)} – {full}"
    if start.month != end.month:
        return f"{formats.date_format(start, 'MONTH_DAY_FORMAT')} – {full}"
    return f"{start.day}–{full}"


@functools.lru_cache(maxsize=8192)
def _formatted(value, month_only, language):
    # Formatting parses the language's format string each time; a list page
    # prints dozens of dates, and the same ones again on the next request.
    return formats.date_format(value, "YEAR_MONTH_FORMAT" if month_only else "DATE_FORMAT")


def precision_field(verbose_name):
    return models.CharField(
        verbose_name,
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How exactly the date is known: a day, a month ('December 2021') or a year."),
    )
