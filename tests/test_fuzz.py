"""No request makes the site fail: requests generated from every URL pattern
(tests/fuzzing.py), with garbage paths, query strings, forms, cookies and
headers, never get a 5xx. Here a thousand, the same each run; the full
10,000 run through bench/fuzz.py.

Every admin form of every registered model is posted with control characters
in its texts (saved clean) and with a NUL (refused, nothing changed); a list's
action with a selection that is no record number, and forms in another
charset than UTF-8, are refused with a 400."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests import fuzz_client, fuzz_targets, fuzzing

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
    yield fuzz_targets.RealValues.from_database(), fuzz_client.staff_session_cookie(staff)
    cache.clear()


_clients = {}


def _fuzz_client(site):
    """One client (one handler) for all the examples of a run: a new Client
    loads the middleware again, and whitenoise then walks every static file
    (0.2 s, most of the test's time). `send` clears its cookies each time."""
    key = id(site)
    if key not in _clients:
        _clients.clear()
        _clients[key] = Client(raise_request_exception=False, enforce_csrf_checks=True)
    return _clients[key]


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
    client = _fuzz_client(site)
    with fuzz_client.ExceptionRecorder() as recorder:
        outcome = fuzz_client.send(client, request, staff_cookie, recorder)
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
            options[0][part.name] if isinstance(part, fuzz_targets.Param) else part
            for part in real.route(name).parts[2:]
        )
        assert client.get(path).status_code == 200, path


# --- Admin forms ------------------------------------------------------------------------------

ADMIN_MODELS = fuzz_client.admin_models()
OURS = ("municipalities", "visits")


def label(model):
    return model._meta.label


def snapshot():
    """Every row of the portal's tables (history included), to compare (in
    English: modeltranslation reads a field in the active language)."""
    with translation.override("en"):
        return {
            model._meta.label: list(model._base_manager.order_by("pk").values())
            for name in OURS
            for model in apps.get_app_config(name).get_models()
        }


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=label)
def test_admin_forms_take_control_characters_and_save_clean_text(
    superuser_client, full_record, model
):
    for url in fuzz_client.admin_form_urls(model):
        response, filled = fuzz_client.post_admin_form(
            superuser_client, model, url, fuzz_client.CONTROL_TEXTS
        )
        assert response.status_code < 500, url
        if model._meta.app_label in OURS and url.endswith("/change/") and filled:
            assert response.status_code == 302, url  # saved
    assert fuzz_client.unclean_texts() == []


def test_a_saved_admin_form_keeps_the_line_break_of_the_text(superuser_client, full_record):
    from visits.models import Visit

    (_add, change) = fuzz_client.admin_form_urls(Visit)
    fuzz_client.post_admin_form(superuser_client, Visit, change, [" Word\x0bline break"])
    assert Visit.objects.get().summary_en.endswith(" Word\nline break")


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=label)
def test_a_nul_in_an_admin_form_is_refused_and_changes_nothing(
    superuser_client, full_record, model
):
    before = snapshot()
    for url in fuzz_client.admin_form_urls(model):
        response, filled = fuzz_client.post_admin_form(
            superuser_client, model, url, fuzz_client.CONTROL_TEXTS, nul=True
        )
        if filled:
            assert response.status_code == 400, url
            assert "NUL character" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=label)
def test_an_action_on_a_selection_that_is_no_record_number_is_refused(
    superuser_client, seed_visit, model
):
    info = model._meta.app_label, model._meta.model_name
    before = snapshot()
    for selected in ["abc", "1.5", "²", "9" * 30, "", "-"]:
        response = superuser_client.post(
            f"/tr/admin/{info[0]}/{info[1]}/",
            {"action": "delete_selected", "_selected_action": ["1", selected], "index": "0"},
        )
        assert response.status_code == 400, selected
        assert "kayıt numarası değil" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded; charset=utf-16",
        "multipart/form-data; boundary=BoUnDaRy; charset=utf-16",
        "multipart/form-data; boundary=BoUnDaRy; charset=latin-1",
    ],
)
def test_a_form_in_another_charset_is_refused_everywhere(
    superuser_client, full_record, content_type
):
    from django.test.client import encode_multipart

    fields = {"title_en": "Başlık", "name": "İsim", "language": "tr", "q": "x"}
    if content_type.startswith("multipart"):
        body = encode_multipart("BoUnDaRy", fields)
    else:
        body = "&".join(f"{name}={value}" for name, value in fields.items()).encode("utf-16")
    urls = ["/i18n/setlang/", "/en/admin/login/", "/en/visits/", "/en/search/"]
    for model in ADMIN_MODELS:
        urls += fuzz_client.admin_form_urls(model)
    before = snapshot()
    for url in urls:
        response = superuser_client.generic("POST", url, body, content_type=content_type)
        assert response.status_code == 400, url
    assert snapshot() == before
