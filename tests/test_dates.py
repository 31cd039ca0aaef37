import datetime

import pytest
from django.utils import translation

from portal.dates import DatePrecision, format_date, normalise
from tests import factories

DAY = datetime.date(2021, 11, 13)


@pytest.mark.parametrize(
    ("language", "precision", "expected"),
    [
        ("en", DatePrecision.DAY, "13 November 2021"),
        ("en", DatePrecision.MONTH, "November 2021"),
        ("en", DatePrecision.YEAR, "2021"),
        ("tr", DatePrecision.DAY, "13 Kasım 2021"),
        ("tr", DatePrecision.MONTH, "Kasım 2021"),
        ("tr", DatePrecision.YEAR, "2021"),
    ],
)
def test_a_date_prints_with_its_precision_in_the_readers_language(language, precision, expected):
    with translation.override(language):
        assert format_date(DAY, precision) == expected


def test_no_date_prints_as_nothing():
    assert format_date(None, DatePrecision.MONTH) == ""


def test_a_date_is_kept_on_the_first_day_of_its_period():
    assert normalise(DAY, DatePrecision.MONTH) == datetime.date(2021, 11, 1)
    assert normalise(DAY, DatePrecision.YEAR) == datetime.date(2021, 1, 1)
    assert normalise(DAY, DatePrecision.DAY) == DAY


@pytest.mark.django_db
def test_a_protocol_planned_for_a_month_stores_both_and_prints_the_month():
    protocol = factories.protocol(
        planned_date=datetime.date(2021, 12, 17), planned_date_precision=DatePrecision.MONTH
    )
    protocol.refresh_from_db()
    assert protocol.planned_date == datetime.date(2021, 12, 1)
    assert protocol.planned_date_precision == "month"
    with translation.override("en"):
        assert protocol.planned_date_display == "December 2021"
    with translation.override("tr"):
        assert protocol.planned_date_display == "Aralık 2021"
