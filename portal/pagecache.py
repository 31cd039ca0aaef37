"""Whole-page cache for anonymous readers, never stale.

Every page a reader without a session gets is kept in the cache under the
*site version*: a number in the database that any change to a record
(save, delete, a many-to-many change) raises in the same transaction. The
next request after a save reads the new number and so never finds a page
made before it — on this server or any other sharing the database, with a
per-process cache or a shared Redis alike. Old versions' pages simply age out.

Costs one small query per anonymous request (the version); signed-in staff,
forms, admin and streamed CSVs are never cached. The public PDFs are (they
take up to a second to make); a staff member's, with internal items or
drafts, never is, as staff are signed in. Pages that print today's date or
sort by it are kept for that day only. A cold page is made once: readers
who ask for it while it is being made wait for it (no stampede).
"""

import contextlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import F
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from .models import SiteVersion

logger = logging.getLogger(__name__)

SKIPPED_PREFIXES = (
    "/en/admin/",
    "/tr/admin/",
    "/admin/",
    "/i18n/",
    "/static/",
    "/media/",
    "/healthz",
    "/robots.txt",
)


def current_version():
    # Asked on every anonymous request, so in plain SQL: the ORM's way costs
    # three times as long (0.42 ms against 0.13 ms), most of a cached page's time.
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL)
        row = cursor.fetchone()
    return row[0] if row else 0


VERSION_SQL = f"SELECT number FROM {SiteVersion._meta.db_table} WHERE id = 1"


def bump(**_kwargs):
    """Raise the site version: every cached page is stale from now on."""
    if SiteVersion.objects.filter(pk=1).update(number=F("number") + 1) == 0:
        SiteVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(SKIPPED_PREFIXES)
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        # Pages carry absolute addresses (sitemap, feeds, canonical links), so
        # each host and scheme has its own. get_host() refuses a host not in
        # ALLOWED_HOSTS (400), cached page or not; the scheme is the trusted
        # proxy's word only (portal/proxies.py).
        origin = f"{request.scheme}://{request.get_host()}"
        try:
            version = current_version()
        except DatabaseError:  # the page itself will say what is wrong
            return self.get_response(request)
        key = f"page:{version}:{timezone.localdate():%Y%m%d}:{origin}{request.get_full_path()}"
        try:
            cached = cache.get(key)
        except Exception:  # the cache server is down: pages are made afresh
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            return _response_from(cached)
        # A cold page: one request makes it, readers arriving meanwhile wait
        # for it (a burst after a publication makes it once, not once per
        # worker). `add` is atomic in every cache backend: in Redis for all
        # app servers, in local memory for one process's threads.
        lock = f"making:{key}"
        try:
            making = cache.add(lock, 1, LOCK_SECONDS)
        except Exception:
            making = True
        if not making:
            cached = _wait_for(key, lock)
            if cached is not None:
                return _response_from(cached)
        try:
            response = self.get_response(request)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                try:
                    cache.set(key, _stored(response), settings.PAGE_CACHE_SECONDS)
                except Exception:
                    logger.warning("page cache unavailable", exc_info=True)
        finally:
            if making:
                with contextlib.suppress(Exception):  # it lapses anyway
                    cache.delete(lock)
        patch_vary_headers(response, ("Cookie",))
        return response


# The maker's lock lapses after LOCK_SECONDS (a worker killed while making a
# page frees it so); a waiting reader looks every POLL_SECONDS and makes the
# page itself after WAIT_SECONDS, or as soon as the maker finished without
# storing one (an error, a redirect: pages that are not kept).
LOCK_SECONDS = 30
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.02


def _wait_for(key, lock):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        try:
            cached = cache.get(key)
            if cached is not None:
                return cached
            if cache.get(lock) is None:
                # The maker stores the page before it frees the lock: look
                # once more, it may have finished between the two reads.
                return cache.get(key)
        except Exception:
            return None
    return None


def _stored(response):
    # Every header the middleware inside this one added (language, Vary, frame
    # denial, the Content-Security-Policy …); cookies are never stored, and a
    # response that sets one is not cached at all.
    headers = dict(response.headers)
    return {"status": response.status_code, "headers": headers, "content": response.content}


def _response_from(cached):
    from django.http import HttpResponse

    response = HttpResponse(cached["content"], status=cached["status"])
    for name, value in cached["headers"].items():
        response[name] = value
    patch_vary_headers(response, ("Cookie",))
    return response


def connect_signals(app_config):
    """Any change to a record of `app_config` raises the site version. Each app
    whose records are pages calls it from its `ready()`."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in app_config.get_models():
        if model is SiteVersion or getattr(model, "not_a_page", False):
            continue
        uid = f"pagecache_{model._meta.label_lower}"
        post_save.connect(bump, sender=model, dispatch_uid=f"{uid}_save", weak=False)
        post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}_delete", weak=False)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                bump, sender=through, dispatch_uid=f"{uid}_{field.name}", weak=False
            )
