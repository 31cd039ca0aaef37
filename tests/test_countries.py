"""Countries found by any common name, and shown in the reader's language.

The matcher (portal/countries.py) in both languages; the admin's country
selects carrying every name of a country for select2 to match; the refusal
of a listed country typed as free text; the data migration that moves such
free text to its code; the Turkish names on /tr/. The browser test, typing
"KKTC" into the select, is in tests/test_browser_countries.py.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from municipalities.models import Organization
from portal.countries import country_for, matching, move_country_names
from tests import factories
from tests.admin_forms import form_data

# What a clerk types, and the country it must find, in English and Turkish.
MATCHES = [
    ("KKTC", "XN"),
    ("kktc", "XN"),
    ("TRNC", "XN"),
    ("North", "XN"),
    ("Northern Cyprus", "XN"),
    ("North Cyprus", "XN"),
    ("Kuzey Kıbrıs", "XN"),
    ("kuzey kibris", "XN"),
    ("KUZEY KIBRIS TÜRK", "XN"),
    ("Turkish Republic", "XN"),
    ("XN", "XN"),
    ("Kosovo", "XK"),
    ("Kosova", "XK"),
    ("Turkey", "TR"),
    ("Türkiye", "TR"),
    ("turkiye", "TR"),
    ("Kyrgyzstan", "KG"),
    ("Kırgızistan", "KG"),
    ("kirgiz", "KG"),
    ("Kyrgyz Republic", "KG"),
    ("Bosnia", "BA"),
    ("Bosna Hersek", "BA"),
    ("Russia", "RU"),
    ("Rusya", "RU"),
    ("Russian Federation", "RU"),
    ("Iran", "IR"),
    ("İran", "IR"),
    ("Azerbaijan", "AZ"),
    ("Azerbaycan", "AZ"),
    ("Azərbaycan", "AZ"),
    ("Kazakhstan", "KZ"),
    ("Kazakistan", "KZ"),
    ("Uzbekistan", "UZ"),
    ("Özbekistan", "UZ"),
    ("ozbek", "UZ"),
    ("Turkmenistan", "TM"),
    ("Türkmenistan", "TM"),
    ("Tajikistan", "TJ"),
    ("Tacikistan", "TJ"),
    ("North Macedonia", "MK"),
    ("Macedonia", "MK"),
    ("Kuzey Makedonya", "MK"),
    ("Moldova", "MD"),
    ("kz", "KZ"),
]


@pytest.mark.parametrize(("typed", "code"), MATCHES)
def test_a_country_is_found_by_any_common_name(typed, code):
    assert code in matching(typed)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("KKTC", "XN"),
        ("Northern Cyprus", "XN"),
        ("Kuzey Kıbrıs Türk Cumhuriyeti", "XN"),
        ("turkish republic of northern cyprus", "XN"),
        ("Kosova", "XK"),
        ("Turkey", "TR"),
        ("Kırgızistan", "KG"),
        ("Rusya", "RU"),
        (" Azerbaycan ", "AZ"),
        ("Cyprus", "CY"),
        ("Kıbrıs", "CY"),  # the island's Turkish name is the Republic's
        # No country, or not one country: nothing.
        ("Gagauzia", ""),
        ("North", ""),
        ("Atlantis", ""),
        ("", ""),
        ("Kuzey", ""),
    ],
)
def test_a_whole_name_means_one_country_or_none(typed, code):
    assert country_for(typed) == code


def test_nothing_typed_or_a_place_without_a_country_finds_nothing():
    assert matching("") == []
    assert matching("  ,, ") == []
    assert matching("Gagauzia") == []


# --- The admin -----------------------------------------------------------------

COUNTRY_FORMS = [
    "/en/admin/municipalities/organization/add/",
    "/en/admin/visits/event/add/",
    "/en/admin/visits/visit/add/",
    "/en/admin/visits/meeting/add/",
    "/tr/admin/municipalities/organization/add/",
]


@pytest.mark.parametrize("path", COUNTRY_FORMS)
def test_every_country_select_of_the_admin_carries_every_name(superuser_client, path):
    page = superuser_client.get(path).text
    assert 'class="country-select"' in page
    assert "/static/js/country_select.js" in page
    assert "admin/js/vendor/select2/select2.full" in page
    # Each option its folded names: code, English, Turkish, aliases.
    assert (
        'value="XN" data-names="xn | turkish republic of northern cyprus | '
        "kuzey kibris turk cumhuriyeti | kktc | trnc | northern cyprus | north cyprus"
    ) in page
    assert 'value="XK" data-names="xk | kosovo | kosova' in page
    assert 'value="TR" data-names="tr | turkiye | turkey' in page


def test_the_turkish_admin_lists_the_countries_by_their_turkish_names(superuser_client):
    page = superuser_client.get("/tr/admin/municipalities/organization/add/").text
    assert ">Kuzey Kıbrıs Türk Cumhuriyeti</option>" in page
    assert ">Kosova</option>" in page
    assert page.index(">Kuzey Kıbrıs Türk Cumhuriyeti<") < page.index(">Türkiye<")


def test_the_organisation_form_costs_the_same_queries_whatever_the_directory_holds(
    superuser_client, django_assert_max_num_queries
):
    # Session and user; the stale-save version. The country names are not
    # read from the database.
    budget = 6
    with django_assert_max_num_queries(budget):
        assert superuser_client.get(COUNTRY_FORMS[0]).status_code == 200
    for n in range(30):
        factories.organization(country=["XN", "XK", "TR"][n % 3])
    with django_assert_max_num_queries(budget):
        assert superuser_client.get(COUNTRY_FORMS[0]).status_code == 200


def new_organisation(client, **fields):
    data = form_data(client.get("/en/admin/municipalities/organization/add/"))
    data.update(
        {
            "kind": ["town"],
            "name_en": ["Kyrenia Municipality"],
            "slug": ["kyrenia"],
            **{name: [value] for name, value in fields.items()},
        }
    )
    return client.post("/en/admin/municipalities/organization/add/", data)


@pytest.mark.parametrize(
    ("field", "typed", "country"),
    [
        ("country_name_en", "KKTC", "Turkish Republic of Northern Cyprus"),
        ("country_name_en", "Northern Cyprus", "Turkish Republic of Northern Cyprus"),
        ("country_name_tr", "Kuzey Kıbrıs", "Turkish Republic of Northern Cyprus"),
        ("country_name_en", "Kosovo", "Kosovo"),
        ("country_name_tr", "Kosova", "Kosovo"),
    ],
)
def test_a_listed_country_typed_as_free_text_is_refused(superuser_client, field, typed, country):
    response = new_organisation(superuser_client, **{field: typed})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors[field]
    assert errors == [
        f"{country} is in the country list: pick it under Country (type any of its names, "
        f"such as {typed}) and leave this empty."
    ]
    assert not Organization.objects.filter(slug="kyrenia").exists()


def test_the_refusal_is_in_turkish_for_a_turkish_clerk(superuser_client):
    data = form_data(superuser_client.get("/tr/admin/municipalities/organization/add/"))
    data.update({"kind": ["town"], "name_en": ["Kyrenia"], "country_name_en": ["TRNC"]})
    page = superuser_client.post("/tr/admin/municipalities/organization/add/", data).text
    assert (
        "Kuzey Kıbrıs Türk Cumhuriyeti ülke listesinde var: Ülke alanından seçin "
        "(adlarından herhangi birini yazın, örneğin TRNC) ve bu alanı boş bırakın."
    ) in page


def test_a_place_the_list_does_not_have_is_kept_in_both_languages(superuser_client):
    response = new_organisation(
        superuser_client,
        country_name_en="International waters",
        country_name_tr="Uluslararası sular",
    )
    assert response.status_code == 302
    org = Organization.objects.get(slug="kyrenia")
    assert (org.country, org.country_name_en, org.country_name_tr) == (
        "",
        "International waters",
        "Uluslararası sular",
    )


def test_a_country_picked_from_the_list_saves(superuser_client):
    assert new_organisation(superuser_client, country="XN").status_code == 302
    assert Organization.objects.get(slug="kyrenia").country.code == "XN"


# --- The data migration --------------------------------------------------------


def organizations_as_migrated():
    """Organization as the migrations build it: plain fields, no translation
    manager (which would read `country_name` as `country_name_en`)."""
    executor = MigrationExecutor(connection)
    leaf = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "municipalities"]
    return executor.loader.project_state(leaf).apps.get_model("municipalities", "Organization")


@pytest.mark.django_db
def test_the_migration_moves_known_free_text_countries_to_their_codes():
    typed = {
        "a": ("", "Turkish Republic of Northern Cyprus"),
        "b": ("", "TRNC"),
        "c": ("", "KKTC"),
        "d": ("", "Northern Cyprus"),
        "e": ("", "Kosovo"),
        "f": ("XN", "Kuzey Kıbrıs"),  # the same country twice: the text goes
        "g": ("", "Abkhazia"),  # no entry in the list: kept, as English
        "h": ("TR", "Kosovo"),  # two countries: left for a person to decide
        "i": ("KZ", ""),
    }
    model = organizations_as_migrated()
    for slug, (code, text) in typed.items():
        org = factories.organization(slug=slug, country=code)
        model.objects.filter(pk=org.pk).update(
            country_name=text, country_name_en=None, country_name_tr=None
        )

    assert move_country_names(model) == 6

    rows = {
        o.slug: (o.country, o.country_name, o.country_name_en or "", o.country_name_tr or "")
        for o in model.objects.all()
    }
    assert rows == {
        "a": ("XN", "", "", ""),
        "b": ("XN", "", "", ""),
        "c": ("XN", "", "", ""),
        "d": ("XN", "", "", ""),
        "e": ("XK", "", "", ""),
        "f": ("XN", "", "", ""),
        "g": ("", "Abkhazia", "Abkhazia", ""),
        "h": ("TR", "Kosovo", "Kosovo", ""),
        "i": ("KZ", "", "", ""),
    }
    # Run again: nothing more to move.
    assert move_country_names(model) == 0


# --- The public pages ----------------------------------------------------------


@pytest.fixture
def kyrenia(db):
    return factories.organization(
        name_en="Kyrenia Municipality", name_tr="Girne Belediyesi", slug="girne", country="XN"
    )


@pytest.fixture
def prizren(db):
    return factories.organization(name_en="Prizren Municipality", slug="prizren", country="XK")


@pytest.mark.parametrize(
    ("lang", "northern_cyprus", "kosovo"),
    [
        ("en", "Turkish Republic of Northern Cyprus", "Kosovo"),
        ("tr", "Kuzey Kıbrıs Türk Cumhuriyeti", "Kosova"),
    ],
)
def test_the_countries_without_a_code_read_in_the_readers_language(
    client, kyrenia, prizren, lang, northern_cyprus, kosovo
):
    page = client.get(f"/{lang}/municipalities/girne/").text
    assert f"<dd>{northern_cyprus}</dd>" in page
    page = client.get(f"/{lang}/municipalities/prizren/").text
    assert f"<dd>{kosovo}</dd>" in page
    directory = client.get(f"/{lang}/municipalities/").text
    country = {"en": "Country", "tr": "Ülke"}[lang]  # the column's heading, on each cell
    assert f'<option value="XN">{northern_cyprus}</option>' in directory
    assert f'<option value="XK">{kosovo}</option>' in directory
    assert f'<td data-label="{country}">{northern_cyprus}</td>' in directory
    filtered = client.get(f"/{lang}/municipalities/?country=XN").text
    assert "girne" in filtered and "prizren" not in filtered


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("en", ["Türkiye", "Kazakhstan", "Azerbaijan", "Kyrgyzstan", "Uzbekistan"]),
        ("tr", ["Türkiye", "Kazakistan", "Azerbaycan", "Kırgızistan", "Özbekistan"]),
    ],
)
def test_every_country_of_the_directory_reads_in_the_readers_language(client, db, lang, names):
    for code in ("TR", "KZ", "AZ", "KG", "UZ"):
        factories.organization(country=code)
    directory = client.get(f"/{lang}/municipalities/").text
    country = {"en": "Country", "tr": "Ülke"}[lang]  # the column's heading, on each cell
    for name in names:
        assert f'<td data-label="{country}">{name}</td>' in directory


@pytest.mark.parametrize(
    ("lang", "shown"), [("en", "International waters"), ("tr", "Uluslararası sular")]
)
def test_a_free_text_country_reads_in_the_readers_language(client, db, lang, shown):
    factories.organization(
        slug="ship",
        country="",
        country_name_en="International waters",
        country_name_tr="Uluslararası sular",
    )
    page = client.get(f"/{lang}/municipalities/ship/").text
    assert f"<dd>{shown}</dd>" in page
