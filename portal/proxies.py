"""Whom to believe about the client: the reverse proxy, and only it.

Behind the proxy every request comes from the proxy's address; the client's
own address and scheme are in its X-Forwarded-For and X-Forwarded-Proto
headers. Anyone can send those headers, so they count only on a request from
an address in FORWARDED_ALLOW_IPS — the setting that tells gunicorn whom to
trust (config/gunicorn.conf.py), read the way gunicorn reads it: addresses or
networks, comma-separated, `*` for all.
"""

import functools
import ipaddress

from django.conf import settings


def parse_allowed(value):
    """FORWARDED_ALLOW_IPS as gunicorn reads it: a list of addresses and
    networks (`*` for all). Raises ValueError on anything else."""
    items = value.split(",") if isinstance(value, str) else value
    allowed = [item.strip() for item in items if item.strip()]
    for item in allowed:
        if item != "*":
            ipaddress.ip_network(item)  # strict, as gunicorn: 10.0.0.1/24 is a mistake
    return allowed


def is_trusted_proxy(address):
    """Whether `address` (a REMOTE_ADDR) is one of the trusted proxies."""
    allowed = settings.FORWARDED_ALLOW_IPS
    if "*" in allowed:
        return True
    if not address:
        # A Unix socket has no peer address, only the local proxy on the
        # other end; gunicorn trusts it too.
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(allowed)))


@functools.lru_cache(maxsize=8)
def _networks(allowed):
    return [ipaddress.ip_network(item) for item in allowed]


def client_ip(request):
    """The client's address: the peer's, or, from a trusted proxy, the last
    address in X-Forwarded-For that is not itself a trusted proxy (each proxy
    appends the address it got the request from; what comes before that may
    be forged). django-axes counts failed logins by it (AXES_CLIENT_IP_CALLABLE)."""
    peer = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(peer):
        return peer
    chain = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    chain = [part.strip() for part in chain if part.strip()]
    for number, address in enumerate(reversed(chain), start=1):
        # Every address trusted (FORWARDED_ALLOW_IPS=*): the first one is the client.
        if is_trusted_proxy(address) and number < len(chain):
            continue
        try:
            return str(ipaddress.ip_address(address))
        except ValueError:
            break  # not an address: no proxy writes that
    return peer


class ForwardedHeadersMiddleware:
    """Drops X-Forwarded-* headers that did not come from a trusted proxy, so
    that nothing later (SECURE_PROXY_SSL_HEADER, the page cache's key, the
    HTTPS redirect) takes a forged scheme or address for the proxy's word."""

    HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in self.HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
