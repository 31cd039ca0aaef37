"""Anonymous readers' HTML pages are gzip-encoded when the browser asks for
it; nothing with a CSRF token or a signed-in user's data ever is (BREACH)."""

import gzip

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import Client, RequestFactory

from portal.compression import AnonymousHtmlGzipMiddleware

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
PUBLIC = [
    "/en/",
    "/tr/",
    "/en/visits/",
    "/en/visits/2021/turkistan-municipality-delegation-visits-tdbb/",
    "/en/municipalities/turkistan-municipality/",
    "/en/search/?q=turkistan",
]


def vary(response):
    return {v.strip().lower() for v in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("url", PUBLIC)
def test_an_anonymous_page_is_gzipped_and_decodes_to_the_same_html(seed_visit, url):
    plain = Client().get(url)
    packed = Client().get(url, **GZIP)
    assert packed.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(packed)
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) / 2
    assert gzip.decompress(packed.content) == plain.content


def test_without_accept_encoding_the_page_is_plain(client, seed_visit):
    response = client.get("/en/")
    assert not response.has_header("Content-Encoding")
    assert response.content.startswith(b"<!doctype html>")
    # … and says that another browser may get it compressed.
    assert "accept-encoding" in vary(response)


def test_the_admin_login_with_its_csrf_token_is_not_compressed(seed_visit):
    response = Client().get("/en/admin/login/", **GZIP)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")


@pytest.mark.parametrize("url", ["/en/", "/en/municipalities/turkistan-municipality/"])
def test_a_staff_members_page_is_not_compressed(superuser_client, seed_visit, url):
    response = superuser_client.get(url, **GZIP)
    assert response.status_code == 200
    assert b"drafts are shown" in response.content  # a signed-in staff member's page
    assert not response.has_header("Content-Encoding")


def test_a_page_that_used_a_csrf_token_is_not_compressed():
    """A public form with a CSRF token (the portal has none today: its forms
    are GET searches): the token sets the CSRF cookie and is in the page."""

    def view(request):
        token = get_token(request)
        body = f'<form method="post"><input name="csrfmiddlewaretoken" value="{token}">'
        return HttpResponse(body + "<p>filler</p>" * 100, content_type="text/html; charset=utf-8")

    middleware = AnonymousHtmlGzipMiddleware(CsrfViewMiddleware(view))
    response = middleware(RequestFactory().get("/en/a-form/", **GZIP))
    assert response.status_code == 200
    assert response.cookies  # the CSRF cookie
    assert not response.has_header("Content-Encoding")

    # The same page without the token is compressed: the test can fail.
    def plain_view(request):
        return HttpResponse("<p>filler</p>" * 100, content_type="text/html; charset=utf-8")

    middleware = AnonymousHtmlGzipMiddleware(CsrfViewMiddleware(plain_view))
    assert middleware(RequestFactory().get("/en/a-page/", **GZIP))["Content-Encoding"] == "gzip"


def test_feeds_csv_and_redirects_are_left_alone(seed_visit):
    for url, status in (("/en/visits/feed/", 200), ("/en/visits/visits.csv", 200), ("/", 302)):
        response = Client().get(url, **GZIP)
        assert response.status_code == status, url
        assert not response.has_header("Content-Encoding"), url


def test_cached_pages_are_kept_plain_and_compressed_for_each_reader(settings, seed_visit):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    try:
        url = PUBLIC[3]
        first = Client().get(url, **GZIP)  # made, stored, compressed
        plain = Client().get(url)  # from the cache, plain
        second = Client().get(url, **GZIP)  # from the cache, compressed
        assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
        assert not plain.has_header("Content-Encoding")
        assert gzip.decompress(first.content) == plain.content == gzip.decompress(second.content)
        assert "accept-encoding" in vary(plain) and "cookie" in vary(plain)
        stored = [v for v in _stored_pages() if v["content"].startswith(b"<!doctype")]
        assert stored and all("Content-Encoding" not in v["headers"] for v in stored)
    finally:
        cache.clear()


def _stored_pages():
    from django.core.cache.backends.locmem import _caches

    pages = []
    for store in _caches.values():
        for key in list(store):
            if ":page:" in key:
                pages.append(cache.get(key.split(":", 2)[2]))
    return [p for p in pages if p]


@pytest.mark.production_static
def test_static_files_keep_whitenoises_own_compression(seed_visit):
    from django.templatetags.static import static

    url = static("css/site.css")
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    # Whitenoise's own .gz file, decoded once, is the stylesheet: never gzipped twice.
    assert response["Content-Encoding"] == "gzip"
    body = gzip.decompress(b"".join(response.streaming_content)).decode()
    assert "{" in body and "}" in body and not body.startswith("\x1f\x8b")
