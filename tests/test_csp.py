"""The Content-Security-Policy: this site only, no inline script or style, the
print view's one inline <style> allowed by its hash — also from the page cache.
(The browser tests check that Chromium reports no violation on real pages.)"""

import base64
import hashlib
import re

import pytest
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db

VISIT = "/en/visits/2021/turkistan-municipality-delegation-visits-tdbb/"


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize(
    "path", ["/en/", "/tr/visits/", VISIT, "/en/admin/login/", "/en/no-such-page/"]
)
def test_every_page_allows_only_this_site_and_nothing_inline(client, seed_visit, path):
    policy = directives(client.get(path))
    for directive in ("default-src", "script-src", "style-src", "img-src", "font-src"):
        assert policy[directive][0] == "'self'", directive
    assert not any("unsafe" in source for sources in policy.values() for source in sources)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


def inline_styles(html):
    return re.findall(r"<style>(.*?)</style>", html, re.S)


def sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.parametrize("query", ["", "?lang=tr", "?custom=1&include=gifts"])
def test_the_print_view_allows_exactly_its_own_page_style(client, seed_visit, query):
    meeting = seed_visit.meetings.get()
    response = client.get(f"/en/meetings/{meeting.pk}/summary/{query}")
    styles = inline_styles(response.content.decode())
    assert len(styles) == 1 and "@page" in styles[0]
    assert directives(response)["style-src"] == ["'self'", sha256(styles[0])]


def test_a_cached_print_view_keeps_the_policy_that_matches_it(settings, seed_visit):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    meeting = seed_visit.meetings.get()
    reader = Client()
    first = reader.get(f"/en/meetings/{meeting.pk}/summary/?lang=tr")
    again = reader.get(f"/en/meetings/{meeting.pk}/summary/?lang=tr")
    cache.clear()
    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    (style,) = inline_styles(again.content.decode())
    assert sha256(style) in again["Content-Security-Policy"]


def test_the_page_footer_speaks_the_summary_s_language(client, seed_visit):
    meeting = seed_visit.meetings.get()
    (style,) = inline_styles(
        client.get(f"/en/meetings/{meeting.pk}/summary/?lang=tr").content.decode()
    )
    assert "yazdırma tarihi" in style and '"sayfa "' in style
    (style,) = inline_styles(
        client.get(f"/tr/meetings/{meeting.pk}/summary/?lang=en").content.decode()
    )
    assert "printed" in style and '"page "' in style
