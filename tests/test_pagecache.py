"""Pages cached for anonymous readers are never stale: every save, delete or
many-to-many change raises the site version the cache keys carry."""

import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.pagecache import current_version
from tests import factories
from visits import pdf
from visits.models import Meeting

pytestmark = pytest.mark.django_db

VISIT = "/{lang}/visits/2021/turkistan-municipality-delegation-visits-tdbb/"
PAGES = [
    "/{lang}/",
    "/{lang}/visits/",
    VISIT,
    "/{lang}/search/?q=turkistan",
    "/{lang}/municipalities/turkistan-municipality/",
    "/{lang}/municipalities/",
    "/{lang}/protocols/",
    "/{lang}/gifts/",
]


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reader():
    return Client()


def test_a_warm_page_costs_one_query(page_cache, reader, seed_visit):
    url = VISIT.format(lang="en")
    first = reader.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = reader.get(url)
    assert len(queries) == 1  # the site version
    assert second.content == first.content
    assert second["X-Frame-Options"] == "DENY"
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("lang", ["en", "tr"])
@pytest.mark.parametrize("path", PAGES)
def test_an_edit_shows_on_the_next_request(page_cache, reader, seed_visit, path, lang):
    url = path.format(lang=lang)
    assert reader.get(url).status_code == 200  # cached now
    guest = seed_visit.guest
    guest.name_en = guest.name_tr = "Hazrat-e Turkestan Municipality"
    guest.save()
    seed_visit.title_en = seed_visit.title_tr = "Renamed visit of Hazrat-e Turkestan"
    seed_visit.save()
    page = reader.get(url).content.decode()
    assert "Hazrat-e Turkestan" in page


@pytest.mark.parametrize("lang", ["en", "tr"])
@pytest.mark.parametrize(
    "path", ["/{lang}/", "/{lang}/visits/", VISIT, "/{lang}/search/?q=turkistan"]
)
def test_unpublishing_hides_at_once_and_publishing_shows_again(
    page_cache, reader, seed_visit, path, lang
):
    url = path.format(lang=lang)
    title = seed_visit.title_en if lang == "en" else seed_visit.title_tr
    title = title.replace("'", "&#x27;")
    assert title in reader.get(url).content.decode()
    seed_visit.is_published = False
    seed_visit.save()
    response = reader.get(url)
    assert title not in response.content.decode()
    seed_visit.is_published = True
    seed_visit.save()
    assert title in reader.get(url).content.decode()


def test_deleting_and_many_to_many_changes_count_too(page_cache, reader, seed_visit):
    meeting = seed_visit.meetings.get()
    gift = meeting.gifts.first()
    url = "/en/gifts/"
    assert gift.description_en[:30] in reader.get(url).content.decode()
    before = current_version()
    gift.delete()
    assert current_version() > before
    assert gift.description_en[:30] not in reader.get(url).content.decode()
    before = current_version()
    meeting.signed_protocols.add(factories.protocol())
    assert current_version() > before


def test_signed_in_staff_never_get_a_cached_page(page_cache, reader, superuser_client, seed_visit):
    draft = factories.visit(title_en="Draft visit to Shusha", start_date=seed_visit.start_date)
    assert "Draft visit to Shusha" not in reader.get("/en/visits/").content.decode()
    assert "Draft visit to Shusha" in superuser_client.get("/en/visits/").content.decode()
    assert "Draft visit to Shusha" not in reader.get("/en/visits/").content.decode()
    assert draft.pk


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_a_board_meeting_edit_shows_on_the_meetings_page(page_cache, reader, home, lang):
    board = factories.meeting(visit=None, host=home, title_en="Board", is_published=True)
    url = f"/{lang}/meetings/"
    assert reader.get(url).status_code == 200
    board.title_en = board.title_tr = "Executive Board in Shusha"
    board.save()
    assert "Executive Board in Shusha" in reader.get(url).content.decode()


def test_the_health_check_is_never_cached(page_cache, reader, monkeypatch):
    from django.db import DatabaseError
    from django.db.backends.utils import CursorWrapper

    assert reader.get("/healthz").status_code == 200

    def broken(self, sql, params=None):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    assert reader.get("/healthz").status_code == 503


def test_the_redis_cache_keeps_one_client_and_works_as_django_s(settings):
    """CACHE_URL=redis://… selects Django's Redis cache with one client per
    connection pool instead of one per call."""
    from django.core.cache.backends.redis import RedisCache

    from portal.cache import ReusingRedisCache
    from tests.test_two_servers import REDIS_URL, redis_problem

    if redis_problem():
        pytest.skip(redis_problem())
    cache = ReusingRedisCache(REDIS_URL, {"KEY_PREFIX": "reuse-test"})
    assert isinstance(cache, RedisCache)
    cache.set("page", {"content": b"x" * 1000}, 30)
    assert cache.get("page") == {"content": b"x" * 1000}
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    assert cache.get_many(["page", "missing"]) == {"page": {"content": b"x" * 1000}}
    cache.delete("page")
    assert cache.get("page") is None


def test_pages_are_made_afresh_while_the_cache_server_is_down(settings, seed_visit, caplog):
    """A Redis that refuses connections costs the cache, not the page."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ReusingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    for path in ("/en/", VISIT.format(lang="tr")):
        assert Client().get(path).status_code == 200
    assert "page cache unavailable" in caplog.text


# --- PDFs ---------------------------------------------------------------------------

needs_pdf = pytest.mark.skipif(not pdf.available(), reason=pdf.unavailable_reason())


def pdf_words(response):
    from pypdf import PdfReader

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def pdf_urls(visit):
    return [
        f"/en/meetings/{visit.meetings.get().pk}/summary.pdf",
        f"/tr/meetings/{visit.meetings.get().pk}/summary.pdf?lang=tr",
        f"/en/visits/2021/{visit.slug}/dossier.pdf",
    ]


@needs_pdf
@pytest.mark.production_static
@pytest.mark.parametrize("which", [0, 1, 2], ids=["summary", "summary-tr", "dossier"])
def test_an_unchanged_pdf_is_kept_and_an_edit_makes_it_afresh(
    page_cache, reader, seed_visit, which
):
    url = pdf_urls(seed_visit)[which]
    first = reader.get(url)
    assert "Presentation about the city of Turkestan" in pdf_words(first) or which == 1
    with CaptureQueriesContext(connection) as queries:
        second = reader.get(url)
    assert len(queries) == 1  # the site version, as for a cached page
    assert second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]
    item = seed_visit.meetings.get().agenda_items.first()
    item.title_en = item.title_tr = "Presentation of the Hazrat-e Turkestan master plan"
    item.save()
    assert "Hazrat-e Turkestan master plan" in pdf_words(reader.get(url))


@needs_pdf
@pytest.mark.production_static
def test_a_staff_pdf_is_never_kept(page_cache, reader, superuser_client, seed_visit):
    meeting = seed_visit.meetings.get()
    Meeting.objects.filter(pk=meeting.pk).update(internal_notes="Follow up on the airport")
    url = f"/en/meetings/{meeting.pk}/summary.pdf?internal=1"
    assert "Follow up on the airport" in pdf_words(superuser_client.get(url))
    with CaptureQueriesContext(connection) as queries:
        assert "Follow up on the airport" in pdf_words(superuser_client.get(url))
    assert len(queries) > 1  # made afresh
    assert "Follow up on the airport" not in pdf_words(reader.get(url))


# --- Host and scheme ------------------------------------------------------------


def test_a_page_made_for_another_host_is_not_served_to_this_one(page_cache, reader, seed_visit):
    odd = reader.get("/sitemap-pages.xml?x=p", HTTP_HOST="localhost:6666").content.decode()
    assert "http://localhost:6666/" in odd
    page = reader.get("/sitemap-pages.xml?x=p").content.decode()
    assert "localhost:6666" not in page
    assert "http://testserver/en/" in page


@pytest.mark.parametrize("path", ["/en/", VISIT.format(lang="en"), "/sitemap.xml"])
def test_an_invalid_host_is_refused_also_when_the_page_is_cached(
    page_cache, reader, seed_visit, path
):
    assert reader.get(path).status_code == 200  # cached now
    assert reader.get(path, HTTP_HOST="evil.example").status_code == 400


def test_a_forged_scheme_cannot_poison_the_cache(page_cache, reader, seed_visit, settings):
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.5"]
    forged = reader.get(
        "/sitemap-pages.xml", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_PROTO="https"
    ).content.decode()
    assert "https://" not in forged  # not believed from an untrusted address
    secure = reader.get(
        "/sitemap-pages.xml", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_PROTO="https"
    )
    assert "https://testserver" in secure.content.decode()
    plain = reader.get("/sitemap-pages.xml", REMOTE_ADDR="10.0.0.5").content.decode()
    assert "https://" not in plain
    assert "http://testserver/en/" in plain
