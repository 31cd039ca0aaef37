"""Two app servers, one PostgreSQL database, one Redis: a change saved through
one is what readers get from the other on their next request, although both
keep whole pages in the shared cache.

Real processes: two gunicorns started from config/gunicorn.conf.py on two ports,
a secretariat member signed in to the first one's admin over HTTP, anonymous
readers on the second. Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL,
default redis://127.0.0.1:6379/15); skipped with the reason where either is
missing, unless REQUIRE_REDIS is set (as .ci/run sets it for the PostgreSQL run).
"""

import http.cookiejar
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils.crypto import get_random_string

from tests.admin_forms import form_fields

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
VISIT = "/en/visits/2021/turkistan-municipality-delegation-visits-tdbb/"
TITLE = "Turkistan Municipality delegation visits TDBB"
PASSWORD = "two-servers-test-password-1"

pytestmark = pytest.mark.django_db(transaction=True)


def redis_problem():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis is not reachable at {REDIS_URL}: {error}"
    return None


@pytest.fixture
def shared_services():
    if connection.vendor != "postgresql":
        pytest.skip("two app servers share a PostgreSQL database: run with DATABASE_URL")
    problem = redis_problem()
    if problem and os.environ.get("REQUIRE_REDIS"):
        pytest.fail(f"REQUIRE_REDIS is set but {problem}")
    if problem:
        pytest.skip(problem)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    yield
    redis.Redis.from_url(REDIS_URL).flushdb()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One gunicorn, as production runs it, on its own port."""

    def __init__(self, env, workdir, name):
        self.port = free_port()
        self.log = workdir / f"{name}.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
                cwd=ROOT,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": "2"},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.base = f"http://127.0.0.1:{self.port}"

    def wait(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            self.process.wait(timeout=30)


@pytest.fixture
def servers(shared_services, tmp_path):
    settings_dict = connection.settings_dict
    database_url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
        **{key: settings_dict.get(key) or "" for key in ("USER", "PASSWORD", "HOST", "PORT")},
        NAME=settings_dict["NAME"],
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CACHE_URL": REDIS_URL,
        "PAGE_CACHE_SECONDS": "600",
        "DEBUG": "false",
        "SECRET_KEY": "two-servers-" + "k7Qm2xZp9R" * 6,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    pair = [Server(env, tmp_path, "first"), Server(env, tmp_path, "second")]
    try:
        for server in pair:
            server.wait()
        yield pair
    finally:
        for server in pair:
            server.stop()
        shutil.rmtree(tmp_path / "static", ignore_errors=True)


def read(server, path):
    """An anonymous reader's GET: (status, page text)."""
    try:
        with urllib.request.urlopen(server.base + path, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Editor:
    """A secretariat member in a browser-like session on one server."""

    def __init__(self, server, username):
        self.server = server
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        page = self.get("/en/admin/login/")
        self.post("/en/admin/login/", {**form_fields(page, "login-form"), "username": username,
                                       "password": PASSWORD})  # fmt: skip
        assert "Log out" in self.get("/en/admin/"), "the editor could not sign in"

    def get(self, path):
        with self.opener.open(self.server.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path, data):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(
            self.server.base + path, data=body, headers={"Referer": self.server.base + path}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()

    def change(self, path, form_id, changes):
        """Open an admin form, change some fields, save it as it was otherwise."""
        data = form_fields(self.get(path), form_id)
        data.update({name: [value] for name, value in changes.items()})
        return self.post(path, data)

    def act(self, changelist, action, pks):
        data = form_fields(self.get(changelist), "changelist-form")
        data.update({"action": [action], "_selected_action": [str(pk) for pk in pks]})
        return self.post(changelist, data)


def test_an_edit_through_one_server_is_read_through_the_other(servers):
    from visits.demo import load_seed

    visit, _created = load_seed()
    secretary = get_user_model().objects.create_superuser("secretary", "s@example.org")
    # Hashed as the servers hash (the tests' own settings use a fast hasher).
    secretary.password = PBKDF2PasswordHasher().encode(PASSWORD, get_random_string(16))
    secretary.save()
    first, second = servers

    # Both servers have the visit in the shared cache, in both languages.
    for server in (first, second):
        for path in (VISIT, "/en/visits/", VISIT.replace("/en/", "/tr/")):
            assert read(server, path)[0] == 200
    assert TITLE in read(second, VISIT)[1]

    editor = Editor(first, "secretary")

    # Edited on the first server: the second server's next reader has it.
    editor.change(
        f"/en/admin/visits/visit/{visit.pk}/change/",
        "visit_form",
        {"title_en": TITLE + " (corrected)"},
    )
    status, page = read(second, VISIT)
    assert status == 200 and TITLE + " (corrected)" in page
    assert TITLE + " (corrected)" in read(second, "/en/visits/")[1]

    # Unpublished on the first: gone from the second at once, everywhere.
    editor.act("/en/admin/visits/visit/", "unpublish_visits", [visit.pk])
    assert read(second, VISIT)[0] == 404
    assert read(second, VISIT.replace("/en/", "/tr/"))[0] == 404
    assert TITLE not in read(second, "/en/visits/")[1]
    assert TITLE not in read(second, "/en/search/?q=turkistan")[1]

    # Published again: back on the second server.
    editor.act("/en/admin/visits/visit/", "publish_visits", [visit.pk])
    status, page = read(second, VISIT)
    assert status == 200 and TITLE + " (corrected)" in page

    # The pages came from Redis, not from each server's memory.
    import redis

    assert any(key.startswith(b":1:page:") for key in redis.Redis.from_url(REDIS_URL).scan_iter())
