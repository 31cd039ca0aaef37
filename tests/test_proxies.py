"""Behind the reverse proxy: the client's address and scheme come from its
X-Forwarded-* headers only when the request comes from a trusted proxy
(FORWARDED_ALLOW_IPS, the setting that tells gunicorn whom to trust)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
PASSWORD = "the-right-password-1"
LOGIN = "/en/admin/login/"


@pytest.fixture
def clerk(db):
    return get_user_model().objects.create_user("clerk", password=PASSWORD, is_staff=True)


@pytest.fixture
def behind_proxy(settings):
    settings.FORWARDED_ALLOW_IPS = [PROXY]


def log_in(password, remote_addr, forwarded_for=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    data = {"username": "clerk", "password": password, "next": "/en/admin/"}
    return Client().post(LOGIN, data, **headers)


def lock_out(remote_addr, forwarded_for=None, limit=5):
    for attempt in range(limit):
        forged = forwarded_for or f"198.51.100.{attempt + 1}"
        log_in("wrong", remote_addr, forged)
    assert log_in(PASSWORD, remote_addr, forwarded_for or "198.51.100.99").status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_apart(behind_proxy, clerk):
    lock_out(PROXY, "203.0.113.7")
    # A colleague at another address, through the same proxy, still gets in.
    assert log_in(PASSWORD, PROXY, "192.0.2.40").status_code == 302
    # The proxy's own address in the chain is not the client's.
    assert log_in(PASSWORD, PROXY, f"203.0.113.7, {PROXY}").status_code == 429


def test_a_forged_forwarded_for_from_an_untrusted_address_is_ignored(behind_proxy, clerk):
    lock_out("203.0.113.7")  # each attempt claims to come from another address
    assert log_in(PASSWORD, "203.0.113.7", "192.0.2.40").status_code == 429


def test_without_forwarded_for_the_address_is_the_peer(behind_proxy, clerk):
    lock_out("203.0.113.7", forwarded_for=None)
    assert log_in(PASSWORD, "203.0.113.8").status_code == 302


@pytest.mark.parametrize(
    ("minutes", "lang", "text"),
    [
        (30, "en", "Wait 30 minutes"),
        (1, "en", "Wait 1 minute "),
        (30, "tr", "30 dakika bekleyip"),
    ],
)
def test_the_lockout_page_states_the_cool_off(settings, clerk, minutes, lang, text):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=minutes)
    for _attempt in range(5):
        Client().post(f"/{lang}/admin/login/", {"username": "clerk", "password": "wrong"})
    page = Client().post(f"/{lang}/admin/login/", {"username": "clerk", "password": "wrong"})
    assert page.status_code == 429
    assert text in " ".join(page.content.decode().split())


@pytest.mark.parametrize(
    "value", ["127.0.0.1", "10.0.0.5, 10.0.1.0/24", "*", "::1,127.0.0.1", "", "10.0.0.5,"]
)
def test_forwarded_allow_ips_is_read_as_gunicorn_reads_it(value):
    from gunicorn.config import validate_string_to_addr_list

    from portal.proxies import parse_allowed

    assert parse_allowed(value) == validate_string_to_addr_list(value)


@pytest.mark.parametrize("value", ["proxy.lan", "10.0.0.1/24", "10.0.0.300"])
def test_forwarded_allow_ips_refuses_what_gunicorn_refuses(value):
    from gunicorn.config import validate_string_to_addr_list

    from portal.proxies import parse_allowed

    with pytest.raises(ValueError):
        validate_string_to_addr_list(value)
    with pytest.raises(ValueError):
        parse_allowed(value)


@pytest.mark.parametrize(
    ("allowed", "remote", "forwarded", "client"),
    [
        (["10.0.0.0/24"], "10.0.0.7", "203.0.113.7", "203.0.113.7"),
        (["10.0.0.0/24"], "10.0.0.7", "192.0.2.1, 203.0.113.7, 10.0.0.3", "203.0.113.7"),
        (["10.0.0.0/24"], "10.0.1.7", "203.0.113.7", "10.0.1.7"),
        (["10.0.0.0/24"], "10.0.0.7", "not-an-address", "10.0.0.7"),
        (["*"], "198.51.100.1", "203.0.113.7", "203.0.113.7"),
    ],
)
def test_the_client_address(rf, settings, allowed, remote, forwarded, client):
    from portal.proxies import client_ip

    settings.FORWARDED_ALLOW_IPS = allowed
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == client
