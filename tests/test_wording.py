"""Wording on the public pages: local names without an empty language, one
join of venue, city and country, a delegation's size beside its listed
members, one wording for where a protocol was signed."""

import re

import pytest

from tests import factories
from tests.test_meta_descriptions import page_kinds

pytestmark = pytest.mark.django_db

LANGS = ("en", "tr")
KAZAKH = "Түркістан қаласының әкімдігі"


# --- Local names --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_has_an_empty_lang_attribute(client, seed_visit, lang):
    person = factories.person(name="Nurlan Abenov", local_name="Нұрлан Әбенов")
    factories.post(person=person, organization=seed_visit.guest)
    for name, path, _status in page_kinds():
        body = client.get(f"/{lang}{path}").content.decode()
        assert not re.search(r"""\blang=(""|''|\s|>)""", body), name
    # The organisation page names its people with their local names.
    body = client.get(f"/{lang}/municipalities/turkistan-municipality/").content.decode()
    assert "Нұрлан Әбенов" in body


@pytest.mark.parametrize(
    "path",
    [
        "/{lang}/municipalities/turkistan-municipality/",
        "/{lang}/visits/2021/turkistan-municipality-delegation-visits-tdbb/",
        "/{lang}/municipalities/?q=turkistan",
        "/{lang}/search/?q=turkistan",
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_a_local_name_is_kept_from_translation_and_not_given_a_language(
    client, seed_visit, path, lang
):
    body = client.get(path.format(lang=lang)).content.decode()
    marked = re.findall(r"<(\w+)([^>]*)>\(?" + re.escape(KAZAKH), body)
    assert marked, "the local name is shown"
    for _tag, attributes in marked:
        assert 'translate="no"' in attributes
        assert "lang=" not in attributes  # its language is not recorded: none is claimed
