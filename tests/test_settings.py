"""Production refuses to start without a proper secret and host list."""

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
        "d['CONN_HEALTH_CHECKS'], s.TIME_ZONE, s.USE_TZ, [c for c, _ in s.LANGUAGES])"
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
    assert out.stdout.split(maxsplit=3) == [
        "django.db.backends.postgresql",
        "60",
        "True",
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


def test_plain_http_is_sent_to_https_in_production(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/en/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
