"""Lists page without counting everything: exact counts up to a limit, "more
than" past it, deep pages by id; the same rows in the same order either way."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import paging
from tests import factories
from tests.test_public_registers import add_rows

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def titles(response):
    return re.findall(r'<h3><a href="/en/visits/[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def visits_45(db):
    home = factories.organization(is_home=True, name_en="Union")
    for n in range(45):
        factories.visit(
            title_en=f"Visit number {n:02d}",
            guest=factories.organization(),
            host=home,
            is_published=True,
            start_date=datetime.date(2000 + n, 1, 1),
        )


def test_a_short_list_is_counted_and_numbered(client, visits_45):
    page = text_of(client.get("/en/visits/"))
    assert "45 visits" in page and "Page 1 of 3" in page
    assert "Visit number 44" in page and "Visit number 24" not in page
    last = client.get("/en/visits/?page=3")
    assert "Page 3 of 3" in text_of(last)
    assert titles(last) == [f"Visit number {n:02d}" for n in range(4, -1, -1)]


@pytest.mark.parametrize(
    ("asked", "shown"), [("4", 3), (str(10**12), 3), ("-1", 1), ("abc", 1), ("", 1), ("2.5", 1)]
)
def test_a_page_that_is_not_a_page_gives_the_nearest_one(client, visits_45, asked, shown):
    page = text_of(client.get("/en/visits/", {"page": asked}))
    assert f"Page {shown} of 3" in page


def test_past_the_count_limit_the_list_says_more_than(client, visits_45, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 30)
    first = text_of(client.get("/en/visits/"))
    assert "More than 30 visits" in first
    assert "Page 1 " in first and "Page 1 of" not in first
    assert 'rel="next"' in client.get("/en/visits/").content.decode()
    # Past the limit nothing is counted; the last page knows its number anyway.
    assert "Page 2 " in text_of(client.get("/en/visits/?page=2"))
    last = text_of(client.get("/en/visits/?page=3"))
    assert "Page 3 of 3" in last and "45 visits" in last


def test_in_turkish_too(client, visits_45, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 30)
    page = text_of(client.get("/tr/visits/"))
    assert "30 ziyaretten fazla" in page and "Sayfa 1" in page


def test_no_count_reads_the_whole_list(client, visits_45):
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/visits/")
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all(f"LIMIT {paging.COUNT_LIMIT + 1}" in sql for sql in counts)


LISTS = [
    "/en/visits/",
    "/en/visits/?q=visit",
    "/en/protocols/",
    "/en/protocols/?sort=-party_a",
    "/en/gifts/",
    "/en/gifts/?sort=category",
    "/en/municipalities/",
    "/en/meetings/",
]


@pytest.mark.parametrize("path", LISTS)
def test_deep_pages_by_id_show_what_offsets_show(client, db, path, monkeypatch):
    add_rows(45)
    home = factories.organization(is_home=True, name_en="Union")
    for _ in range(25):
        factories.meeting(visit=None, host=home, convened_by=home, is_published=True)
    separator = "&" if "?" in path else "?"
    pages = [client.get(f"{path}{separator}page={n}").content for n in (1, 2, 3)]
    monkeypatch.setattr(paging, "DEFERRED_FROM", 0)
    with CaptureQueriesContext(connection) as deferred:
        by_id = [client.get(f"{path}{separator}page={n}").content for n in (1, 2, 3)]
    assert by_id == pages
    assert any("IN (" in q["sql"] for q in deferred)


def test_a_deep_page_costs_what_the_first_costs(client, visits_45, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 25)
    monkeypatch.setattr(paging, "DEFERRED_FROM", 20)
    client.get("/en/visits/")
    with CaptureQueriesContext(connection) as first:
        client.get("/en/visits/")
    with CaptureQueriesContext(connection) as deep:
        client.get("/en/visits/?page=2")
    assert len(deep) == len(first)


def test_deep_pages_lead_back_to_the_first(client, visits_45):
    third = client.get("/en/visits/?page=3&direction=incoming").content.decode()
    assert '<a href="?direction=incoming">« First page</a>' in third
    assert "First page" not in client.get("/en/visits/?page=2").content.decode()


def test_the_filter_form_shows_what_is_applied(client, visits_45):
    page = client.get("/en/visits/?year=2010&direction=incoming").content.decode()
    assert '<option value="2010" selected>2010</option>' in page
    assert '<option value="2011">2011</option>' in page
    assert '<option value="incoming" selected>' in page
    assert "Clear filters" in page
    assert "Clear filters" not in client.get("/en/visits/").content.decode()
