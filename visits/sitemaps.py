"""The sitemap (/sitemap.xml): the main pages, every published visit,
meeting and protocol, every organisation, the public people, events and
projects, in English and Turkish with each page's other-language address."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from municipalities.models import Organization, Protocol

from .models import Meeting, Visit
from .public import public_events, public_people, public_projects


class PortalSitemap(Sitemap):
    i18n = True
    languages = ["en", "tr"]
    alternates = True


class PageSitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "visit_list", "directory", "meeting_list", "protocols", "gifts"]

    def location(self, item):
        return reverse(item)


class VisitSitemap(PortalSitemap):
    def items(self):
        # Published visits only: the sitemap is public, like the feeds.
        return (
            Visit.objects.published()
            .order_by("-start_date", "-id")
            .only("slug", "start_date", "updated_at")
        )

    def lastmod(self, item):
        return item.updated_at


class MeetingSitemap(PortalSitemap):
    def items(self):
        # Published meetings of published visits, and board meetings.
        return Meeting.objects.published().order_by("-date", "-id").only("pk", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class ProtocolSitemap(PortalSitemap):
    def items(self):
        # Published protocols only, as the register shows the public.
        return Protocol.objects.published().order_by("id").only("pk", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(PortalSitemap):
    def items(self):
        # Events a published visit was made for (visits/public.py).
        return public_events().order_by("slug").only("slug")


class ProjectSitemap(PortalSitemap):
    def items(self):
        # Projects a published meeting discussed, or the directory's (visits/public.py).
        return public_projects().order_by("slug").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class OrganizationSitemap(PortalSitemap):
    def items(self):
        return Organization.objects.order_by("slug").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class PersonSitemap(PortalSitemap):
    def items(self):
        # Public people only (visits/public.py): someone entered only for a
        # draft is listed nowhere.
        return public_people().order_by("slug").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


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
