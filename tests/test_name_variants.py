"""Names as people type them: every transliteration rule of portal/search.py,
both ways (typed plain finds the stored spelling with its own letters, and the
reverse), names that must not meet, the stored keys' rebuild, and "Did you
mean" when nothing is found. CI runs this file on SQLite and PostgreSQL. The
names are made up."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities.models import Organization, Person
from portal.search import fold, rebuild_search_keys, suggestions
from tests import factories
from visits.models import Visit

# One row per rule: spellings of one made-up name that must all find each other.
VARIANTS = [
    ("dzh/j/c", ["Dzhanbekov", "Janbekov", "Canbekov", "Жанбеков"]),
    ("zh/j", ["Zhandosova", "Jandosova"]),
    ("kh/h", ["Khalmurov", "Halmurov", "Халмуров"]),
    ("ts/c", ["Tsarikov", "Carikov", "Цариков"]),
    ("ç/ch/c", ["Çobanlıoğlu", "Chobanlioghlu", "Cobanlioglu"]),
    ("ş/sh/s", ["Şahverdiyev", "Shahverdiyev", "Sahverdiyev", "Шахвердиев"]),
    ("ğ/g/gh", ["Ağasoylu", "Aghasoylu", "Agasoylu"]),
    ("ye/e", ["Yelbekova", "Elbekova", "Елбекова"]),
    ("iy/i", ["Dmitriy Torkanov", "Dmitri Torkanov", "Дмитрий Торканов"]),
    ("ye/e and iy/i", ["Yevgeniy Morkin", "Evgeniy Morkin", "Evgeni Morkin", "Евгений Моркин"]),
    ("ü/u/ue", ["Gürbüzalp", "Guerbuezalp", "Gurbuzalp"]),
    ("ö/o/oe", ["Özkulhan", "Oezkulhan", "Ozkulhan"]),
    ("ı/i", ["Aydınbek", "Aydinbek", "Aidynbek", "Айдынбек"]),
    ("ə/a/e", ["Əlimzadə", "Alimzade", "Elimzade", "Alimzada"]),
    ("ə, doubled", ["Məmmədqulov", "Mammadqulov", "Mamedqulov", "Memmedqulov"]),
    ("y/i after a vowel", ["Tsoyberg", "Tsoiberg", "Цойберг"]),
]

# Pairs that must not meet.
APART = [
    ("Osmanbekov", "Usmanbekov"),  # o and u stay apart
    ("Aydınkol", "Aydankol"),  # i and a stay apart
    ("Kayalbek", "Kajalbek"),  # y before a vowel stays y
    ("Kanbolat", "Canbolat"),  # k and c stay apart
]


@pytest.mark.parametrize(("rule", "spellings"), VARIANTS, ids=[rule for rule, _ in VARIANTS])
def test_every_spelling_of_a_name_folds_alike(rule, spellings):
    from portal.search import build_search_key

    keys = [build_search_key([spelling]) for spelling in spellings]
    latin = [key.split()[-len(fold(spellings[0]).split()) :] for key in keys]
    assert all(words == latin[0] for words in latin), (rule, keys)


@pytest.mark.django_db
@pytest.mark.parametrize(("rule", "spellings"), VARIANTS, ids=[rule for rule, _ in VARIANTS])
def test_every_spelling_finds_every_other(rule, spellings):
    people = {spelling: factories.person(name=spelling) for spelling in spellings}
    for typed in spellings:
        found = set(Person.objects.search(typed))
        assert found == set(people.values()), (rule, typed)


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "second"), APART)
def test_names_that_must_not_meet(first, second):
    one, other = factories.person(name=first), factories.person(name=second)
    assert list(Person.objects.search(first)) == [one]
    assert list(Person.objects.search(second)) == [other]


@pytest.mark.parametrize(
    "text", ["Çobanlıoğlu", "Yevgeniy Akkhanov", "Dzhzhakkhsh", "Məmmədzadə", "Воеводин"]
)
def test_folding_twice_is_folding_once(text):
    assert fold(fold(text)) == fold(text)


@pytest.mark.django_db
def test_visits_are_found_by_an_organisation_name_typed_another_way():
    guest = factories.organization(name_en="Şəkixan Municipality", local_name="Шекихан")
    visit = factories.visit(guest=guest, host=factories.organization())
    for typed in ("Shekikhan", "sakihan", "Шекихан", "Sekixan"):
        assert list(Visit.objects.search(typed)) == [visit], typed


@pytest.mark.django_db
def test_rebuilding_stored_keys_in_batches():
    people = [factories.person(name=f"Əlimzadə {n}") for n in range(7)]
    org = factories.organization(name_en="Gürbüzalp Municipality")
    visit = factories.visit(guest=org, host=factories.organization())
    # Keys as an older fold stored them.
    Person.objects.update(search_key=" elimzede ")
    Organization.objects.filter(pk=org.pk).update(search_key=" gurbuzalp ")
    Visit.objects.update(search_key=" gurbuzalp ")
    assert not Person.objects.search("Alimzade").exists()

    assert rebuild_search_keys("municipalities", batch_size=3) == 8
    assert rebuild_search_keys("visits", batch_size=3) >= 1
    assert set(Person.objects.search("Alimzade")) == set(people)
    assert list(Organization.objects.search("Guerbuezalp")) == [org]
    assert list(Visit.objects.search("Guerbuezalp")) == [visit]
    # Nothing left to change.
    assert rebuild_search_keys("municipalities", batch_size=3) == 0


@pytest.mark.django_db
def test_suggestions_offer_the_nearest_names():
    factories.person(name="Nurbolat Qaraşayev")
    factories.organization(name_en="Zhetisay Municipality")
    factories.person(name="Someone Else")
    querysets = [Organization.objects.all(), Person.objects.all()]
    assert "Nurbolat Qaraşayev" in suggestions("Qarashaiyv", querysets)
    assert suggestions("Zhetisai Municipalty", querysets) == ["Zhetisay Municipality"]
    assert suggestions("xqzwv", querysets) == []
    assert suggestions("", querysets) == []


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_search_page_asks_did_you_mean(client, lang):
    # Public through a post in the directory: the page suggests no one else.
    factories.post(person=factories.person(name="Nurbolat Qaraşayev"))
    page = client.get(f"/{lang}/search/", {"q": "Qarashaiyv"}).content.decode()
    assert "Qarashaiyv" in page
    assert {"en": "Did you mean:", "tr": "Bunu mu demek istediniz:"}[lang] in page
    assert f'href="/{lang}/search/?q=Nurbolat%20Qara%C5%9Fayev"' in page
    # A search that finds something offers nothing.
    page = client.get(f"/{lang}/search/", {"q": "qarasayev"}).content.decode()
    assert "Did you mean" not in page and "demek istediniz" not in page


def _queries(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_suggestion_path_costs_the_same_however_many_names(client):
    factories.person(name="Nurbolat Qaraşayev")
    path = "/en/search/?q=Qarashaiyv"
    few = _queries(client, path)
    for n in range(60):
        factories.person(name=f"Qaraşayev {n} Tölegenov")
        factories.organization(name_en=f"Qarasai {n} Municipality")
    assert _queries(client, path) == few
    # The five searches that find nothing, and one per kind of name offered.
    assert few <= 14


@pytest.mark.django_db
def test_the_rebuild_reads_no_column_a_later_migration_adds():
    """The key-rebuilding migration must run on an old database after the
    models have grown: a column its migration state does not know is not read."""
    from django.apps import apps as django_apps
    from django.db import connection
    from django.db.migrations.state import ProjectState
    from django.test.utils import CaptureQueriesContext

    from portal.search import rebuild_search_keys

    person = factories.person(name="Əlimzadə Notes", notes="kept")
    Person.objects.filter(pk=person.pk).update(search_key=" stale ")
    state = ProjectState.from_apps(django_apps)
    state.remove_field("municipalities", "person", "notes")  # as if added later
    with CaptureQueriesContext(connection) as queries:
        assert rebuild_search_keys("municipalities", state=state.apps) >= 1
    selects = [q["sql"] for q in queries if "municipalities_person" in q["sql"]]
    assert selects and not any('"notes"' in sql for sql in selects if sql.startswith("SELECT"))
    assert Person.objects.search("Alimzade").get() == person
