"""The sitemap: an index (/sitemap.xml, Django's index view) of files of at
most `limit` URLs each (/sitemap-<section>.xml?p=2 …; 10,000, well inside the
protocol's 50,000, so that each file is made in well under a second): the main
pages, every published visit, meeting and protocol, every organisation, the
public people, events and projects, in English and Turkish with each page's
other-language address.

At 100,000 visits one file of every URL took half a minute and broke the
protocol's 50,000-URL limit. Each file now reads only its own page of records
(the fields its addresses need, in primary-key order, one query), builds the
addresses from one `reverse()` per language and writes the XML directly (what
Django's sitemap.xml template writes, without a template node per URL).
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.http import http_date

from municipalities.models import Organization, Protocol
from municipalities.registers import RecordAddress

from .models import Meeting, Visit
from .public import public_events, public_people, public_projects

# URLs in one sitemap file, the sitemap protocol's limit; each record is one
# URL per language, so a file holds the records of limit / 2.
URLS_PER_FILE = 10_000


class PortalSitemap(Sitemap):
    i18n = True
    languages = ["en", "tr"]
    alternates = True
    limit = URLS_PER_FILE


class PageSitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "visit_list", "directory", "meeting_list", "protocols", "gifts"]

    def location(self, item):
        return reverse(item)


class _ItemLanguagePairs:
    """A sitemap's (item, language) pairs in Django's order (each item in each
    language, so the paginator counts URLs, not records), read a page at a
    time: `count()` is one COUNT query, a slice one query of just the records
    it covers."""

    def __init__(self, queryset, languages):
        self.queryset, self.languages = queryset, list(languages)

    def count(self):
        return self.queryset.count() * len(self.languages)

    def __getitem__(self, key):
        n = len(self.languages)
        start, stop = key.start or 0, key.stop
        first, last = start // n, -(-stop // n)
        pairs = [(row, code) for row in self.queryset[first:last] for code in self.languages]
        return pairs[start - first * n : stop - first * n]


class RecordSitemap(PortalSitemap):
    """Records of one URL pattern (`url_name`), its arguments read from the row
    (`url_fields`), the last change from `updated_at` when `has_lastmod`."""

    url_name = ""
    url_fields = ()
    # Valid arguments for the pattern's converters, standing for the record's.
    url_samples = ()
    has_lastmod = True

    def records(self):
        raise NotImplementedError

    def items(self):
        fields = [*self.url_fields, *(["updated_at"] if self.has_lastmod else [])]
        records = self.records()
        if hasattr(records, "rewrite"):  # none of these fields is translated
            records = records.rewrite(False)
        return records.order_by("pk").values_list("pk", *fields, named=True)

    @property
    def paginator(self):
        return Paginator(_ItemLanguagePairs(self.items(), self._languages()), self.limit)

    def _paths(self):
        if not hasattr(self, "_path_templates"):
            self._path_templates = {}
            for code in self._languages():
                with translation.override(code):
                    self._path_templates[code] = RecordAddress(
                        None, self.url_name, *self.url_samples
                    )
        return self._path_templates

    def url_args(self, row):
        return [getattr(row, field) for field in self.url_fields]

    def _location(self, item, force_lang_code=None):
        row, code = item
        return self._paths()[force_lang_code or code].url(*self.url_args(row))

    def get_latest_lastmod(self):
        # One aggregate, not every record read for the index.
        if not self.has_lastmod:
            return None
        return self.records().aggregate(latest=Max("updated_at"))["latest"]

    def lastmod(self, row):
        return row.updated_at if self.has_lastmod else None


class VisitSitemap(RecordSitemap):
    url_name = "visit_detail"
    url_fields = ("start_date", "slug")
    url_samples = (4321987, "zq-slug-mark")

    def records(self):
        # Published visits only: the sitemap is public, like the feeds.
        return Visit.objects.published()

    def url_args(self, row):
        return [row.start_date.year, row.slug]


class MeetingSitemap(RecordSitemap):
    url_name = "meeting_detail"
    url_samples = (4321987,)

    def records(self):
        # Published meetings of published visits, and board meetings.
        return Meeting.objects.published()

    def url_args(self, row):
        return [row.pk]


class ProtocolSitemap(RecordSitemap):
    url_name = "protocol"
    url_samples = (4321987,)

    def records(self):
        # Published protocols only, as the register shows the public.
        return Protocol.objects.published()

    def url_args(self, row):
        return [row.pk]


class SlugSitemap(RecordSitemap):
    url_fields = ("slug",)
    url_samples = ("zq-slug-mark",)


class EventSitemap(SlugSitemap):
    url_name = "event"
    has_lastmod = False

    def records(self):
        # Events a published visit was made for (visits/public.py).
        return public_events()


class ProjectSitemap(SlugSitemap):
    url_name = "project"

    def records(self):
        # Projects a published meeting discussed, or the directory's (visits/public.py).
        return public_projects()


class OrganizationSitemap(SlugSitemap):
    url_name = "organization"

    def records(self):
        return Organization.objects.all()


class PersonSitemap(SlugSitemap):
    url_name = "person"

    def get_latest_lastmod(self):
        # Left out of the index: one more pass of public_people() over everyone.
        return None

    def records(self):
        # Public people only (visits/public.py): someone entered only for a
        # draft is listed nowhere.
        return public_people()


SITEMAPS = {
    "pages": PageSitemap,
    "visits": VisitSitemap,
    "meetings": MeetingSitemap,
    "protocols": ProtocolSitemap,
    "organisations": OrganizationSitemap,
    "events": EventSitemap,
    "projects": ProjectSitemap,
    "people": PersonSitemap,
}


# --- One file of the index -----------------------------------------------------------

XML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
XML_TAIL = "\n</urlset>\n"


def _day(value):
    # As the template's `date:"Y-m-d"` writes it: in the site's time zone.
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d")


def urlset_xml(urls):
    """The XML Django's sitemap.xml template makes of `urls` (Sitemap.get_urls()),
    written directly."""
    parts = [XML_HEAD]
    for url in urls:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url["lastmod"]:
            parts.append(f"<lastmod>{_day(url['lastmod'])}</lastmod>")
        if url["changefreq"]:
            parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
        if url["priority"]:
            parts.append(f"<priority>{escape(url['priority'])}</priority>")
        for alternate in url["alternates"]:
            parts.append(
                f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
                f'href="{escape(alternate["location"])}"/>'
            )
        parts.append("</url>")
    parts.append(XML_TAIL)
    return "".join(parts)


@x_robots_tag
def sitemap_section(request, sitemaps, section):
    """One file of the index: page ?p= of one section (Django's sitemap view
    for a section, with the XML written by `urlset_xml`)."""
    if section not in sitemaps:
        raise Http404(f"No sitemap available for section: {section!r}")
    site = sitemaps[section]()
    try:
        urls = site.get_urls(
            page=request.GET.get("p", 1), site=get_current_site(request), protocol=request.scheme
        )
    except EmptyPage as error:
        raise Http404(f"Page {request.GET.get('p')} empty") from error
    except PageNotAnInteger as error:
        raise Http404(f"No page {request.GET.get('p')!r}") from error
    response = HttpResponse(urlset_xml(urls), content_type="application/xml")
    latest = getattr(site, "latest_lastmod", None)
    if latest is not None:
        response["Last-Modified"] = http_date(latest.timestamp())
    return response
