"""The page a reader gets when a request fails: 503 while the database is out of reach, 500
for anything else; and /healthz, which says whether the database answers.

Django calls `server_error` (handler500 in config/urls.py) inside the except block of any
exception a view or a middleware let through — the page cache, the session and the admin's
login check included — and then logs the exception with its traceback (django.request).
Both pages are static and bilingual: they need no template context and no database.
"""

import sys

import psycopg2
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader

# Seconds a reader or a load balancer is asked to wait before trying again; /healthz says
# the same. A restarted PostgreSQL accepts connections again within a few seconds.
RETRY_AFTER_SECONDS = 5

# Refused or lost connections, a server shutting down or starting up, too many clients:
# worth retrying. Django raises its own classes (the driver's error as __cause__); the
# driver's are listed too for code that talks to psycopg2 directly.
UNAVAILABLE = (OperationalError, InterfaceError, psycopg2.OperationalError, psycopg2.InterfaceError)
# Both drivers also file some bugs under OperationalError: PostgreSQL's "program limit
# exceeded" (54…), SQLite's "no such table" (SQLITE_ERROR). Where the driver gives a code,
# only these mean the server is out of reach or too busy: PostgreSQL's SQLSTATE classes
# connection exception, transaction rollback (deadlock), insufficient resources (too many
# connections, disk full), operator intervention (shutdown, starting up, statement
# timeout) and system error; SQLite's busy, locked, cannot open, I/O, full, out of memory.
RETRYABLE_SQLSTATE_CLASSES = ("08", "40", "53", "57", "58")
RETRYABLE_SQLITE_ERRORS = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_CANTOPEN",
    "SQLITE_IOERR",
    "SQLITE_FULL",
    "SQLITE_NOMEM",
)


def database_unavailable(error):
    """Whether `error` says the database cannot be reached. The first database error on
    its chain (itself, then what it was raised from or while handling) decides, so a
    ProgrammingError — a bug, not an outage — is never taken for one."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, (DatabaseError, psycopg2.Error)):
            return isinstance(error, UNAVAILABLE) and _retryable(error)
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _retryable(error):
    """False when the driver's error code names something other than an outage; errors
    without a code (a refused or lost connection has none) are taken as one."""
    driver_error = error if isinstance(error, psycopg2.Error) else error.__cause__
    if sqlstate := getattr(driver_error, "pgcode", None):
        return sqlstate.startswith(RETRYABLE_SQLSTATE_CLASSES)
    if sqlite_error := getattr(driver_error, "sqlite_errorname", None):
        return sqlite_error.startswith(RETRYABLE_SQLITE_ERRORS)
    return True


def server_error(request):
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    # Rendered here rather than by django.views.defaults.server_error, whose
    # CSRF decorator reads the request's form again — and fails again when
    # reading it is what went wrong.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def healthz(request):
    """For load balancers: 200 when the database answers, 503 (with a retry
    hint) when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ok\n", content_type="text/plain")
