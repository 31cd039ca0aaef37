"""The CSVs choose each text as the models do, without a model instance a row."""

import itertools

import pytest
from django.utils import translation

from municipalities.models import Organization
from municipalities.registers import localized_text, translated_text
from visits.models import Visit

VALUES = [None, "", "  ", "Almaty", "Almatı"]


@pytest.mark.parametrize("language", ["en", "tr", "de", None])
def test_the_chosen_text_is_what_the_model_gives(language):
    with translation.override(language):
        localized = localized_text()
        city, name = translated_text(Visit, "city"), translated_text(Organization, "name")
        for en, tr in itertools.product(VALUES, repeat=2):
            visit = Visit(title_en=en, title_tr=tr, city_en=en, city_tr=tr)
            organization = Organization(name_en=en, name_tr=tr)
            assert localized(en, tr) == str(visit.localized("title")), (en, tr)
            assert city(en, tr) == visit.city, (en, tr)
            assert name(en, tr) == organization.name, (en, tr)
