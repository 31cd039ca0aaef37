"""The sitemap index: files of at most `limit` URLs each, drafts in none,
each file's XML what Django's sitemap template would write."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.sitemaps import Sitemap
from django.template.loader import render_to_string
from django.utils import timezone

from tests import factories
from tests.sitemaps import SITEMAP, sitemap_files
from visits import sitemaps
from visits.models import Visit

pytestmark = pytest.mark.django_db

XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def small_files(monkeypatch):
    """Files of at most 4 URLs: two records (each in English and Turkish) a file."""
    monkeypatch.setattr(sitemaps.PortalSitemap, "limit", 4)
    return 4


def published_visits(n):
    return [
        factories.visit(
            title_en=f"Visit number {i}",
            start_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=i),
            is_published=True,
        )
        for i in range(n)
    ]


def test_the_index_lists_files_of_at_most_limit_urls_and_no_draft(client, small_files):
    visits = published_visits(5)
    draft = factories.visit(title_en="Secret draft visit", is_published=False)
    files = sitemap_files(client)
    paths = [path for path, _response in files]
    # 5 visits × 2 languages = 10 URLs: three files of at most 4.
    assert [p for p in paths if p.startswith("/sitemap-visits.xml")] == [
        "/sitemap-visits.xml",
        "/sitemap-visits.xml?p=2",
        "/sitemap-visits.xml?p=3",
    ]
    # The 6 main pages × 2 languages: three files too.
    assert len([p for p in paths if p.startswith("/sitemap-pages.xml")]) == 3
    listed = []
    for _path, response in files:
        root = ET.fromstring(response.content)
        assert response["Content-Type"] == "application/xml"
        urls = root.findall(f"{SITEMAP}url")
        assert len(urls) <= small_files  # a section with no records: an empty file
        listed += [url.findtext(f"{SITEMAP}loc") for url in urls]
    assert len(listed) == len(set(listed))
    for visit in visits:
        for language in ("en", "tr"):
            address = f"http://testserver/{language}/visits/2020/{visit.slug}/"
            assert listed.count(address) == 1
    assert not [loc for loc in listed if draft.slug in loc]
    assert Visit.objects.count() == 6


def test_each_url_names_its_other_language_and_last_change(client, small_files):
    (visit,) = published_visits(1)
    _path, response = next(f for f in sitemap_files(client) if f[0] == "/sitemap-visits.xml")
    urls = ET.fromstring(response.content).findall(f"{SITEMAP}url")
    english = f"http://testserver/en/visits/2020/{visit.slug}/"
    turkish = f"http://testserver/tr/visits/2020/{visit.slug}/"
    assert [url.findtext(f"{SITEMAP}loc") for url in urls] == [english, turkish]
    for url in urls:
        links = {a.get("hreflang"): a.get("href") for a in url.iter(f"{XHTML}link")}
        assert links == {"en": english, "tr": turkish}
        day = timezone.localtime(visit.updated_at).date().isoformat()
        assert url.findtext(f"{SITEMAP}lastmod") == day


def test_a_page_past_the_last_is_not_found(client, small_files):
    published_visits(2)
    assert client.get("/sitemap-visits.xml?p=2").status_code == 404
    assert client.get("/sitemap-visits.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_at_the_index(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").text


class _Sample(Sitemap):
    i18n = True
    languages = ["en", "tr"]
    alternates = True
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return ["home", "visit_list"]

    def location(self, item):
        from django.urls import reverse

        return reverse(item)

    def lastmod(self, item):
        # Late in the evening in UTC: another day in the site's time zone.
        return datetime.datetime(2024, 5, 1, 23, 30, tzinfo=datetime.UTC)


def test_the_xml_is_what_djangos_template_writes(rf):
    from django.contrib.sites.requests import RequestSite

    urls = _Sample().get_urls(site=RequestSite(rf.get("/")), protocol="https")
    urls[0]["location"] += "?a=1&b=<2>"
    assert sitemaps.urlset_xml(urls) == render_to_string("sitemap.xml", {"urlset": urls})
    assert sitemaps.urlset_xml([]) == render_to_string("sitemap.xml", {"urlset": []})
