"""Error pages that look like the site, and the health check."""

import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("lang", "title"), [("en", "Page not found"), ("tr", "Sayfa bulunamadı")])
def test_the_404_page_looks_like_the_site_in_both_languages(client, lang, title):
    response = client.get(f"/{lang}/visits/1999/no-such-visit/")
    assert response.status_code == 404
    assert title in response.text
    assert 'class="site-header"' in response.text


def test_the_500_page_speaks_both_languages_and_needs_nothing(client, settings):
    from django.template.loader import get_template

    page = get_template("500.html").render({})
    assert "Sorry, there is a problem" in page
    assert "Üzgünüz, hizmette bir sorun var" in page


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_healthz_says_so_when_the_database_does_not(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_the_500_page_never_reads_the_failed_request_again(rf, settings):
    """Django's own server_error checks CSRF, which reads the form: when the
    form is what could not be read, that failed again and no page came out."""
    from portal.errors import server_error

    settings.CSRF_COOKIE_NAME = "csrftoken"
    request = rf.post(
        "/en/protocols/",
        data=b"--x\r\nbroken",
        content_type="multipart/form-data; boundary=",
        HTTP_ORIGIN="http://testserver",
    )
    request.COOKIES["csrftoken"] = "a" * 32
    try:
        raise RuntimeError("the view failed")
    except RuntimeError:
        response = server_error(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem" in response.content.decode()
