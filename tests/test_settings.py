"""Production refuses to start without a proper secret and host list."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k3y-" + "abcdefghij" * 6


def start(**env):
    """Load the settings and the apps in a fresh interpreter, as a server would."""
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false", **env})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "visits.example.org"}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "visits.example.org"}, "SECRET_KEY is weak"),
        (
            {"SECRET_KEY": "django-insecure-" + "x1y2z3" * 10, "ALLOWED_HOSTS": "a.org"},
            "development key",
        ),
        ({"SECRET_KEY": "a" * 60, "ALLOWED_HOSTS": "a.org"}, "SECRET_KEY is weak"),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS is empty"),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "a.org", "FORWARDED_ALLOW_IPS": "proxy.lan"},
            "FORWARDED_ALLOW_IPS",
        ),
    ],
)
def test_production_refuses_to_start_with_a_clear_message(env, message):
    result = start(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_with_a_secret_and_hosts():
    result = start(SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="visits.example.org")
    assert result.returncode == 0, result.stderr


def test_debug_starts_with_nothing_set():
    result = start(DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_database_url_switches_to_postgresql_with_health_checks():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; print(d['ENGINE'], d['CONN_MAX_AGE'], "
        "d['CONN_HEALTH_CHECKS'], d['OPTIONS']['connect_timeout'], s.TIME_ZONE, s.USE_TZ, "
        "[c for c, _ in s.LANGUAGES])"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="true",
        DATABASE_URL="postgres://u:p@db.internal:5432/visits",
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.split(maxsplit=4) == [
        "django.db.backends.postgresql",
        "60",
        "True",
        "5",  # seconds to give up connecting: a 503, not a request held until the timeout
        "Europe/Istanbul True ['en', 'tr']\n",
    ], out.stderr


def test_check_deploy_is_clean_under_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DEBUG"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="visits.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_security_headers_and_cookies_in_production(client, settings, db):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    response = client.get("/en/admin/login/", secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"


def setting(name, **env):
    """A setting's value as a server started with `env` has it."""
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(("env", "hours"), [({}, 10), ({"SESSION_HOURS": "8"}, 8)])
def test_session_hours_set_how_long_a_session_lasts(env, hours):
    assert setting("SESSION_COOKIE_AGE", **env) == str(hours * 3600)


def test_staff_sessions_end_after_a_working_day(client, db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("clerk", password="a-long-password-1", is_staff=True)
    response = client.post(
        "/en/admin/login/",
        {"username": "clerk", "password": "a-long-password-1", "next": "/en/admin/"},
    )
    assert response.status_code == 302
    # The browser forgets the session after ten hours, and so does the server.
    assert response.cookies["sessionid"]["max-age"] == 10 * 3600
    assert client.session.get_expiry_age() == 10 * 3600


def test_plain_http_is_sent_to_https_in_production(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/en/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def wsgi_status(**environ):
    """The status the WSGI application gunicorn serves gives a request. (As in
    the test client, the handler leaves the database connections alone.)"""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from config.wsgi import application

    statuses = []
    base = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/robots.txt",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "443",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = application({**base, **environ}, lambda status, headers: statuses.append(status))
        b"".join(body)
        body.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0]


@pytest.mark.parametrize(
    ("query", "content_type"),
    [
        # More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS, with a charset named.
        ("&".join(["a=1"] * 1001), "text/plain; charset=utf-8"),
        # A codec that is not one of text.
        ("q=x", "application/x-www-form-urlencoded; charset=base64"),
        ("q=x", "text/plain; charset=zlib"),
        ("q=x", "text/plain; charset=punycode"),
    ],
)
def test_a_charset_in_content_type_never_breaks_the_request(query, content_type):
    # Found by tests/test_fuzz.py: Django raised these while building the
    # request, outside its error handling, and the server answered 500.
    assert wsgi_status(QUERY_STRING=query, CONTENT_TYPE=content_type) == "200 OK"


def test_the_request_reads_an_overlong_query_string_as_a_bad_request():
    from django.core.exceptions import TooManyFieldsSent

    from config.wsgi import Request

    request = Request(
        {
            "REQUEST_METHOD": "GET",
            "QUERY_STRING": "&".join(["a=1"] * 1001),
            "CONTENT_TYPE": "text/plain; charset=utf-8",
            "wsgi.input": io.BytesIO(b""),
        }
    )
    assert request.encoding == "utf-8"
    with pytest.raises(TooManyFieldsSent):  # Django answers 400
        request.GET  # noqa: B018
    request.encoding = "base64"  # not a text encoding: ignored
    assert request.encoding == "utf-8"


def test_a_cookie_holding_a_nul_is_left_out(db):
    # Found by tests/test_fuzz.py: on PostgreSQL the session lookup failed
    # ("A string literal cannot contain NUL") and every page answered 500.
    from config.wsgi import Request

    nuls = 'sessionid="' + "\\000" * 10 + '"'
    environ = {"REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO(b"")}
    request = Request({**environ, "HTTP_COOKIE": f"{nuls}; csrftoken=abc"})
    assert request.COOKIES == {"csrftoken": "abc"}
    assert wsgi_status(PATH_INFO="/en/", HTTP_COOKIE=nuls) == "200 OK"
