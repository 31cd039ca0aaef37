"""English and Turkish: the interface speaks both, and texts kept in both
languages show the reader's version or the other one, marked."""

import pytest
from django.utils import translation

from municipalities.models import Organization
from tests import factories
from visits.models import Visit


def test_turkish_catalogue_is_compiled_and_used():
    with translation.override("tr"):
        assert str(Visit._meta.verbose_name) != "visit"
        assert str(Organization.Kind.METROPOLITAN.label) == "büyükşehir belediyesi"


@pytest.mark.django_db
def test_a_text_shows_in_the_readers_language_or_the_other_one_marked():
    visit = factories.visit(title_en="Turkistan delegation visits TDBB", title_tr="")
    with translation.override("tr"):
        title = visit.localized("title")
    assert (str(title), title.language, title.is_fallback) == (
        "Turkistan delegation visits TDBB",
        "en",
        True,
    )
    visit.title_tr = "Türkistan heyeti TDBB'yi ziyaret etti"
    with translation.override("tr"):
        title = visit.localized("title")
    assert (str(title), title.language, title.is_fallback) == (
        "Türkistan heyeti TDBB'yi ziyaret etti",
        "tr",
        False,
    )
    with translation.override("en"):
        assert not visit.localized("title").is_fallback
    assert visit.localized("summary") == ""


@pytest.mark.django_db
def test_the_admin_speaks_turkish(superuser_client):
    response = superuser_client.get("/tr/admin/visits/visit/")
    assert response.status_code == 200
    assert "Ziyaret" in response.text
