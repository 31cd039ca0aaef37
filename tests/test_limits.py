"""Request bodies over the cap are refused with 413 before anything reads them."""

import pytest
from django.test import Client

from visits.models import Visit

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def post_of(client, path, size):
    return client.generic("POST", path, b"x" * size, content_type="application/octet-stream")


@pytest.mark.parametrize("path", ["/en/visits/", "/i18n/setlang/", "/en/search/", "/healthz"])
def test_public_pages_take_no_large_body(client, path):
    response = post_of(client, path, 65 * 1024)
    assert response.status_code == 413
    text = response.content.decode()
    assert "too large" in text and "çok büyük" in text


def test_a_short_form_still_reaches_the_public_pages(client):
    response = client.post("/i18n/setlang/", {"language": "tr", "next": "/tr/"})
    assert response.status_code == 302


def test_the_admin_takes_uploads_up_to_its_cap(superuser_client, settings):
    settings.ADMIN_REQUEST_MAX_BYTES = 3 * MB
    path = "/en/admin/visits/visit/add/"
    refused = post_of(superuser_client, path, 3 * MB + 1)
    assert refused.status_code == 413 and "at most 3 MB" in refused.content.decode()
    # Under the cap the request reaches the form, which says what is wrong.
    accepted = superuser_client.post(path, {"title_en": "x" * 100, "pad": "y" * (2 * MB)})
    assert accepted.status_code == 200
    assert "This field is required" in accepted.content.decode()
    assert Visit.objects.count() == 0


def test_a_lying_length_is_not_trusted_further(client):
    response = Client().generic(
        "POST", "/en/visits/", b"", content_type="text/plain", CONTENT_LENGTH="many"
    )
    assert response.status_code < 500
