"""No request makes the site fail: requests generated from every URL pattern
(tests/fuzzing.py), with garbage paths, query strings, forms, cookies and
headers, never get a 5xx. Here a thousand, the same each run; the full
10,000 run through bench/fuzz.py."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests import fuzzing

pytestmark = [
    pytest.mark.django_db,
    # Among the pages are the PDFs, which must find the hashed static files.
    pytest.mark.production_static,
    # The page cache's keys hold the whole query string; only memcached minds.
    pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning"),
]

EXAMPLES = 1000


@pytest.fixture
def site(settings):
    """The demo data with a generated set (drafts among it), a staff member's
    session, and the page cache on as in production."""
    call_command("load_demo", "--no-login", "--extra", "40", stdout=io.StringIO())
    staff = get_user_model().objects.create_user("fuzz-staff", is_staff=True)
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield fuzzing.RealValues.from_database(), fuzzing.staff_session_cookie(staff)
    cache.clear()


@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_no_request_gets_a_server_error(site, data):
    real, staff_cookie = site
    request = data.draw(fuzzing.requests(real), label="request")
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    with fuzzing.ExceptionRecorder() as recorder:
        outcome = fuzzing.send(client, request, staff_cookie, recorder)
    assert outcome.status < 500, (
        f"{outcome.status} ({outcome.error}) for\n{request.describe()}\n\n{outcome.traceback}"
    )


def test_the_generator_reaches_every_public_page_with_real_values(site, client):
    """Real values really open pages, so the fuzzing gets past the 404s; and
    every public URL pattern is among the routes."""
    real, _staff_cookie = site
    names = {route.name for route in real.public_routes}
    assert {"home", "visit_list", "visit_detail", "pair", "search", "set_language"} <= names
    assert all(route.name.startswith("admin:") for route in real.admin_routes)
    for name, options in real.route_kwargs.items():
        path = "/en/" + "".join(
            options[0][part.name] if isinstance(part, fuzzing.Param) else part
            for part in real.route(name).parts[2:]
        )
        assert client.get(path).status_code == 200, path
