"""The database out of reach: every page answers 503 with Retry-After and a bilingual page,
never a traceback; the failure is logged with its traceback; a bug stays a 500; and a
connection the server dropped is replaced, not reused."""

import logging
import socket
import sqlite3

import psycopg2
import pytest
from django.core.cache import cache
from django.db import (
    OperationalError,
    ProgrammingError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.backends.utils import CursorWrapper
from django.test import Client

from portal.errors import database_unavailable

pytestmark = pytest.mark.django_db

VISIT = "/en/visits/2021/turkistan-municipality-delegation-visits-tdbb/"
ORGANIZATION = "/en/municipalities/turkistan-municipality/"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a real PostgreSQL server"
)


def _failing_queries(monkeypatch, error):
    """Every query from now on fails with the driver's `error` class, turned into
    Django's by its error wrapper, as a lost connection or a bad query does."""

    def execute(self, *args, **kwargs):
        with self.db.wrap_database_errors:
            raise getattr(self.db.Database, error)("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", execute)
    monkeypatch.setattr(CursorWrapper, "executemany", execute)
    # The wrapper marks the connection as having had errors; the next test's starts clean.
    monkeypatch.setattr(connection, "errors_occurred", connection.errors_occurred)


@pytest.fixture
def database_down(monkeypatch):
    _failing_queries(monkeypatch, "OperationalError")


@pytest.fixture
def reader():
    """An anonymous reader whose client returns the error page instead of raising."""
    return Client(raise_request_exception=False)


@pytest.fixture
def staff(superuser_client):
    superuser_client.raise_request_exception = False
    return superuser_client


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.text
    assert "The service is briefly unavailable" in page
    assert "Hizmet kısa bir süre için kullanılamıyor" in page
    assert "css/error.css" in page
    assert "<style" not in page and "<script" not in page and " style=" not in page
    for leak in ("Traceback", "OperationalError", "server closed", 'File "'):
        assert leak not in page


@pytest.mark.parametrize("cached", [False, True], ids=["no page cache", "page cache"])
@pytest.mark.parametrize("path", ["/en/", "/tr/visits/", VISIT, ORGANIZATION, "/en/search/?q=x"])
def test_an_anonymous_page_says_come_back_soon(
    reader, seed_visit, settings, database_down, path, cached
):
    settings.PAGE_CACHE_SECONDS = 600 if cached else 0
    cache.clear()
    assert_unavailable(reader.get(path))


def test_a_page_cached_before_the_outage_is_not_served_during_it(
    reader, seed_visit, settings, monkeypatch
):
    """The site version cannot be read, so the cache cannot say the page is current."""
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    assert reader.get(VISIT).status_code == 200
    _failing_queries(monkeypatch, "OperationalError")
    assert_unavailable(reader.get(VISIT))
    cache.clear()


@pytest.mark.parametrize(
    "path", ["/en/visits/", VISIT, "/en/admin/", "/tr/admin/visits/visit/", "/en/no-such-page/"]
)
def test_a_signed_in_page_says_come_back_soon_and_keeps_the_session(
    staff, seed_visit, monkeypatch, path
):
    """Reading the session is the first query; staff stay signed in for afterwards."""
    _failing_queries(monkeypatch, "OperationalError")
    response = staff.get(path)
    assert_unavailable(response)
    assert "sessionid" not in response.cookies  # neither deleted nor replaced
    monkeypatch.undo()
    assert "You are signed in as staff" in staff.get("/en/visits/").text


def test_a_login_attempt_during_the_outage(reader, database_down):
    response = reader.post(
        "/en/admin/login/?next=/en/admin/",
        {"username": "root", "password": "a-long-test-password-1"},
    )
    assert_unavailable(response)


def test_healthz_says_so_too(reader, database_down):
    response = reader.get("/healthz")
    assert (response.status_code, response["Retry-After"]) == (503, "5")


def test_the_failure_is_logged_with_its_traceback(reader, database_down, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        assert_unavailable(reader.get("/en/visits/"))
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "Service Unavailable: /en/visits/"
    assert record.exc_info[0] is OperationalError
    assert "Traceback (most recent call last)" in caplog.text


def test_a_bad_query_is_a_bug_and_stays_a_500(reader, monkeypatch, caplog):
    _failing_queries(monkeypatch, "ProgrammingError")
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = reader.get("/en/visits/")
    assert response.status_code == 500
    assert not response.has_header("Retry-After")
    assert "Sorry, there is a problem" in response.text
    assert "Traceback" not in response.text
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info[0] is ProgrammingError


def _raised(error, during):
    try:
        try:
            raise during
        except Exception:
            raise error  # noqa: B904 (the context is what is tested)
    except Exception as caught:
        return caught


def _driver_error(connect):
    """The driver's error from `connect`, wrapped as Django wraps it."""
    try:
        try:
            connect()
        except (psycopg2.Error, sqlite3.Error) as error:
            raise OperationalError(*error.args) from error
    except OperationalError as wrapped:
        return wrapped
    raise AssertionError("no error")


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (OperationalError("connection refused"), True),
        (psycopg2.OperationalError("could not connect to server"), True),
        (psycopg2.InterfaceError("connection already closed"), True),
        (_driver_error(lambda: psycopg2.connect(host="127.0.0.1", port=1)), True),
        (_driver_error(lambda: sqlite3.connect("/no/such/folder/db.sqlite3")), True),
        (ProgrammingError("relation does not exist"), False),
        (ValueError("not the database"), False),
        # A template or a library that turns the error into its own.
        (_raised(TypeError("wrapped"), during=OperationalError("terminating connection")), True),
        # A bug met while the database was out: the bug decides.
        (_raised(ProgrammingError("bad"), during=OperationalError("terminating")), False),
        (None, False),
    ],
)
def test_which_errors_mean_the_database_is_out_of_reach(error, unavailable):
    assert database_unavailable(error) is unavailable


def test_a_bug_the_driver_files_under_operational_error_stays_a_bug():
    """PostgreSQL's "program limit exceeded" and SQLite's "no such table" are
    OperationalErrors, but their codes say what they are."""
    sql = {
        "postgresql": "SELECT '{{{{{{{1}}}}}}}'::int[]",  # 54000: more than 6 dimensions
        "sqlite": "SELECT * FROM no_such_table",  # SQLITE_ERROR
    }[connection.vendor]
    with pytest.raises(OperationalError) as raised, transaction.atomic():
        connection.cursor().execute(sql)
    assert not database_unavailable(raised.value)


# --- A real server out of reach (PostgreSQL) ---------------------------------------------


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "staff"])
def test_a_server_that_refuses_connections_gives_503_and_then_pages_again(
    request, monkeypatch, signed_in
):
    client = request.getfixturevalue("staff" if signed_in else "reader")
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "PORT", _closed_port())
    try:
        for path in ("/en/visits/", "/en/admin/"):
            response = client.get(path)
            if signed_in or path != "/en/admin/":  # the admin sends the public to its login
                assert_unavailable(response)
                assert "sessionid" not in response.cookies
        assert client.get("/healthz").status_code == 503
    finally:
        monkeypatch.undo()
        connection.close()
    assert client.get("/en/visits/").status_code == 200
    assert client.get("/en/admin/").status_code == (200 if signed_in else 302)


def _terminate(pid):
    """End a server process from another connection, as a restart does."""
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone() == (True,)
    finally:
        other.close()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_persistent_connection_the_server_dropped_is_replaced_not_reused(reader):
    """CONN_MAX_AGE keeps a connection between requests; the health check before its first
    use in a request finds it dead, so that request is served on a new one."""
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    close_old_connections()  # what each request starts with
    connection.ensure_connection()
    before = connection.connection.get_backend_pid()
    close_old_connections()  # the request ends; the connection is kept
    assert connection.connection is not None
    _terminate(before)

    close_old_connections()  # the next request starts
    assert reader.get("/en/visits/").status_code == 200
    assert connection.connection.get_backend_pid() != before


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_during_a_request_is_closed_at_its_end(reader):
    close_old_connections()
    connection.ensure_connection()
    before = connection.connection.get_backend_pid()
    # The request's health check passes, then the server goes: the page's query fails.
    connection.close_if_health_check_failed()
    _terminate(before)
    assert_unavailable(reader.get("/en/visits/"))
    assert connection.errors_occurred
    close_old_connections()  # request_finished: the errors make Django check and drop it
    assert connection.connection is None
    assert reader.get("/en/visits/").status_code == 200
