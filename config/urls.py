from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.http import HttpResponse
from django.urls import include, path

from municipalities import registers as protocol_pages
from municipalities import views as directory
from portal.errors import healthz
from visits import feeds, occasions, people, protocols, registers, summaries, views
from visits.sitemaps import SITEMAPS, sitemap_section


def robots_txt(request):
    """Crawlers keep out of the admin; the sitemap index lists the rest. Also the
    trivial view the benchmarks compare pages with."""
    lines = ["User-agent: *", "Disallow: /en/admin/", "Disallow: /tr/admin/"]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# A database out of reach answers 503 with Retry-After; any other failure 500.
handler500 = "portal.errors.server_error"

urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The index of sitemap files, each of at most 50,000 URLs (visits/sitemaps.py).
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_section,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/visits.csv", registers.visit_csv, name="visit_csv"),
    path("visits/feed/", feeds.VisitFeed(), name="visit_feed"),
    path("visits/calendar.ics", feeds.calendar, name="calendar"),
    path("visits/<int:year>/<slug:slug>/", views.visit_detail, name="visit_detail"),
    path(
        "visits/<int:year>/<slug:slug>/dossier.pdf",
        summaries.visit_dossier_pdf,
        name="visit_dossier_pdf",
    ),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/summary/", summaries.meeting_summary, name="meeting_summary"),
    path(
        "meetings/<int:pk>/summary.pdf", summaries.meeting_summary_pdf, name="meeting_summary_pdf"
    ),
    path("municipalities/", directory.directory, name="directory"),
    path("municipalities/<slug:slug>/", views.organization_detail, name="organization"),
    path("municipalities/<slug:first>/<slug:second>/", views.pair, name="pair"),
    path("protocols/", protocol_pages.protocol_register, name="protocols"),
    path("protocols/protocols.csv", protocol_pages.protocol_csv, name="protocols_csv"),
    path("protocols/<int:pk>/", protocols.protocol_detail, name="protocol"),
    path("people/<slug:slug>/", people.person_detail, name="person"),
    path("events/<slug:slug>/", occasions.event_detail, name="event"),
    path("projects/<slug:slug>/", occasions.project_detail, name="project"),
    path("gifts/", registers.gift_register, name="gifts"),
    path("gifts/gifts.csv", registers.gift_csv, name="gifts_csv"),
    path("search/", views.search, name="search"),
    path("admin/", admin.site.urls),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
