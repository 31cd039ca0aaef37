"""Search that ignores case and diacritics the way Turkish, Azerbaijani and
Kazakh readers expect, with the same results on SQLite and PostgreSQL (CI runs
this file on both)."""

import pytest

from municipalities.models import Organization, Person, Protocol
from portal.search import build_search_key, fold, fold_letters
from tests import factories
from visits.models import Meeting, Visit


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Üsküdar", "uskudar"),
        ("Şalkarova", "salkarova"),
        ("İstanbul", "istanbul"),
        ("İSTANBUL", "istanbul"),
        ("ISTANBUL", "istanbul"),
        ("ıslak ılık", "islak ilik"),
        ("Gəncə Əliyev", "gence eliyev"),
        ("Çağrı Göğüş", "cagri gogus"),
        ("O'zbekiston Oʻzbekiston", "ozbekiston ozbekiston"),
        ("Қазақстан Түркістан", "казакстан туркистан"),
        ("  Zeytinburnu–Türkistan,  2021 ", "zeytinburnu turkistan 2021"),
    ],
)
def test_fold_letters(text, folded):
    assert fold_letters(text) == folded


def test_dotted_capital_i_folds_to_one_letter():
    # Python's "İ".lower() is two characters ("i" and a combining dot).
    assert len("İ".lower()) == 2
    assert fold("İ") == "i"


def test_cyrillic_names_are_also_found_in_latin_letters():
    key = build_search_key(["Түркістан", "Шалқарова"])
    for word in ("туркистан", "turkistan", "salkarova"):
        assert f"{word}" in key


@pytest.fixture
def directory(db):
    return {
        "uskudar": factories.organization(name_en="Üsküdar Municipality"),
        "istanbul": factories.organization(
            name_en="Istanbul Metropolitan Municipality",
            name_tr="İstanbul Büyükşehir Belediyesi",
            kind="metropolitan",
        ),
        "turkistan": factories.organization(
            name_en="Turkistan Municipality",
            local_name="Түркістан",
            other_names="Turkestan\nTürkistan",
            country="KZ",
        ),
        "ganja": factories.organization(name_en="Ganja Municipality", local_name="Gəncə"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("uskudar", {"uskudar"}),
        ("ÜSKÜDAR", {"uskudar"}),
        ("istanbul", {"istanbul"}),
        ("İSTANBUL", {"istanbul"}),
        ("ISTANBUL", {"istanbul"}),
        ("İstanbul büyükşehir", {"istanbul"}),
        ("turkestan", {"turkistan"}),
        ("türkistan", {"turkistan"}),
        ("түркістан", {"turkistan"}),
        ("ТУРКИСТАН", {"turkistan"}),
        ("gence", {"ganja"}),
        ("municipality", {"uskudar", "istanbul", "turkistan", "ganja"}),
        ("municipality kudar", {"uskudar"}),
        ("nowhere", set()),
        ("%", set()),
        ("_", set()),
    ],
)
def test_organisations_are_found_the_way_readers_type(directory, query, expected):
    found = set(Organization.objects.search(query).values_list("pk", flat=True))
    assert found == {directory[name].pk for name in expected}


def test_an_empty_query_filters_nothing(directory):
    assert Organization.objects.search("  ").count() == len(directory)


def test_a_huge_query_with_control_characters_is_harmless(directory):
    assert list(Organization.objects.search("\x00\x1f" + "ü" * 5000)) == []


@pytest.mark.django_db
def test_people_visits_meetings_and_protocols_are_searchable(directory):
    person = factories.person(name="Aliya Şalkarova")
    visit = factories.visit(
        title_en="Turkistan delegation visits the Union",
        guest=directory["turkistan"],
        host=directory["istanbul"],
    )
    meeting = factories.meeting(visit=visit, title_en="Courtesy call")
    protocol = factories.protocol(party_a=directory["uskudar"], party_b=directory["turkistan"])

    assert list(Person.objects.search("salkarova")) == [person]
    assert list(Visit.objects.search("turkestan istanbul")) == [visit]
    assert list(Meeting.objects.search("courtesy turkistan")) == [meeting]
    assert list(Protocol.objects.search("uskudar turkestan")) == [protocol]


@pytest.mark.django_db
def test_keys_stay_current_when_a_name_changes_elsewhere(directory):
    visit = factories.visit(guest=directory["ganja"], host=directory["uskudar"])
    meeting = factories.meeting(visit=visit)
    protocol = factories.protocol(party_a=directory["ganja"], party_b=directory["uskudar"])
    assert not Visit.objects.search("shusha").exists()

    ganja = directory["ganja"]
    ganja.other_names = "Şuşa"
    ganja.save()

    assert list(Visit.objects.search("susa")) == [visit]
    assert list(Protocol.objects.search("susa")) == [protocol]
    visit.title_en = "Shusha forum"
    visit.save()
    assert list(Meeting.objects.search("shusha forum")) == [meeting]


@pytest.mark.django_db
def test_saving_only_some_fields_keeps_the_key_current(directory):
    org = directory["uskudar"]
    org.other_names = "Scutari"
    org.save(update_fields=["other_names"])
    assert list(Organization.objects.search("scutari")) == [org]
