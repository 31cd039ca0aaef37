"""A cold page is made once, however many readers ask for it at the same time:
the others wait for it (portal/pagecache.py). Threads stand for workers; the
local-memory cache's `add` is atomic between them, as Redis's is between app
servers (tests/test_two_servers.py runs the page cache on Redis)."""

import threading

import pytest
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory

from portal import pagecache

READERS = 8


@pytest.fixture
def cold_cache(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    # The site version without the database: threads would each need a
    # connection of their own to the test database.
    monkeypatch.setattr(pagecache, "current_version", lambda: 41)
    yield
    cache.clear()


def burst(view, path="/en/"):
    """READERS requests for `path` at the same moment; their responses."""
    middleware = pagecache.AnonymousPageCacheMiddleware(view)
    start = threading.Barrier(READERS)
    responses = [None] * READERS

    def read(n):
        request = RequestFactory().get(path)
        start.wait()
        responses[n] = middleware(request)

    threads = [threading.Thread(target=read, args=(n,)) for n in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses


class SlowView:
    """A page that takes a while to make, counting how often it is made."""

    def __init__(self, response=HttpResponse, seconds=0.3):
        self.response, self.seconds, self.made = response, seconds, 0
        self.lock = threading.Lock()
        self.go = threading.Event()

    def __call__(self, request):
        with self.lock:
            self.made += 1
            number = self.made
        self.go.wait(self.seconds)  # as long as a cold home page at volume
        return self.response(f"page made {number} time(s)")


def test_a_burst_of_readers_on_a_cold_page_makes_it_once(cold_cache):
    view = SlowView()
    responses = burst(view)
    assert view.made == 1
    assert {r.status_code for r in responses} == {200}
    assert {r.content for r in responses} == {b"page made 1 time(s)"}
    # The lock is gone: the next change's cold page is made again at once.
    assert not any(key.startswith(":1:making:") for key in cache._cache)


def test_two_cold_pages_are_made_side_by_side(cold_cache):
    view = SlowView(seconds=0.05)
    middleware = pagecache.AnonymousPageCacheMiddleware(view)
    middleware(RequestFactory().get("/en/"))
    middleware(RequestFactory().get("/en/visits/"))
    assert view.made == 2  # one lock per page, not one for the site


def test_a_page_that_is_not_kept_is_made_for_each_reader_without_waiting_long(cold_cache):
    """A 404 is not kept: the readers who waited make their own once the
    first is done, rather than waiting the full WAIT_SECONDS for nothing."""
    view = SlowView(response=HttpResponseNotFound, seconds=0.1)
    responses = burst(view, "/en/visits/2021/no-such-visit/")
    assert {r.status_code for r in responses} == {404}
    assert view.made == READERS


def test_a_maker_that_fails_frees_the_page_for_the_next_reader(cold_cache):
    def broken(request):
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        pagecache.AnonymousPageCacheMiddleware(broken)(RequestFactory().get("/en/"))
    view = SlowView(seconds=0)
    response = pagecache.AnonymousPageCacheMiddleware(view)(RequestFactory().get("/en/"))
    assert (response.status_code, view.made) == (200, 1)


def test_on_redis_too(cold_cache, settings):
    """The shared cache of several app servers: Redis's SET NX is the lock."""
    from django.core.cache import caches

    from tests.test_two_servers import REDIS_URL, redis_problem

    if redis_problem():
        pytest.skip(redis_problem())
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "stampede-test",
        }
    }
    caches["default"].clear()
    try:
        view = SlowView()
        responses = burst(view, "/en/redis/")
        assert view.made == 1
        assert {r.content for r in responses} == {b"page made 1 time(s)"}
    finally:
        caches["default"].clear()
