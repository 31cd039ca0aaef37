"""Gzip for the pages anonymous readers get, and for nothing else.

Compressing a response that carries a secret next to text an attacker can
choose (a search query echoed on the page) lets the attacker guess the secret
from the compressed length (BREACH). So only pages that can hold no secret are
compressed: anonymous GET and HEAD requests (no session cookie, no signed-in
user, no data in the session), an HTML page with status 200 that sets no
cookie and used no CSRF token (a form's token sets the CSRF cookie, and the
page is checked for one as well), outside the admin. A staff member's page,
the admin and its login stay as they are.

The middleware sits above the page cache (config/settings.py): a cached page
is stored as the view made it, plain, and compressed for each reader who asks
for gzip, so one stored page serves readers with and without it (compressing
costs about a millisecond for a large page). Static files never get here:
whitenoise answers them first, with the .gz and .br files collectstatic made.
Every page that could be compressed says `Vary: Accept-Encoding`, whether it
was or not, so that a shared cache keeps the two apart.
"""

import re

from django.conf import settings
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

ACCEPTS_GZIP = re.compile(r"\bgzip\b")
SMALLEST = 200  # bytes: below this gzip saves nothing
SKIPPED_PREFIXES = ("/en/admin/", "/tr/admin/", "/admin/")
CSRF_FIELD = b"csrfmiddlewaretoken"


class AnonymousHtmlGzipMiddleware:
    # Random bytes in the gzip header (Django's own GZipMiddleware does the
    # same): no secret is compressed here, so this is only a second guard.
    max_random_bytes = 100

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not compressible(request, response):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = compress_string(response.content, max_random_bytes=self.max_random_bytes)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag  # a strong ETag names the plain bytes
        response.headers["Content-Encoding"] = "gzip"
        return response


def compressible(request, response):
    """Whether `response` is an anonymous reader's HTML page that holds no
    secret: see the module's docstring."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED_PREFIXES):
        return False
    if response.status_code != 200 or response.streaming:
        return False
    if response.has_header("Content-Encoding") or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if len(response.content) < SMALLEST:
        return False
    # Nobody signed in, nothing kept in a session. (A page served from the
    # page cache went through neither sessions nor authentication.)
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    if session is not None and not session.is_empty():
        return False
    # No CSRF token on the page: using one marks the request (and sets the
    # cookie, caught above); the field itself is looked for too.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    return CSRF_FIELD not in response.content
