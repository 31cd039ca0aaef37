"""Alphabetical order as the reader's language has it (portal/collation.py):
in Turkish "Ç" after "C", "Ş" after "S", "ı" before "i"; in English "Ç" beside
"C". The databases alone sort by code point ("Çankaya" after "Zeytinburnu")."""

import random
import re

import pytest

from portal.collation import sort_key
from tests import factories

TURKISH = [
    "Ağrı",
    "Almatı",
    "Aşkabat",
    "Azerbaycan",
    "Bağcılar",
    "Bakü",
    "Cidde",
    "Çankaya",
    "Ilgaz",
    "Irak",
    "İstanbul",
    "İzmir",
    "Oş",
    "Özbekistan",
    "Samsun",
    "Şanlıurfa",
    "Uşak",
    "Üsküdar",
    "Zeytinburnu",
]
ENGLISH = [
    "Ankara",
    "Cairo",
    "Çankaya",
    "Cyprus",
    "Iğdır",
    "Istanbul",
    "İzmir",
    "Oslo",
    "Özbekistan",
]


@pytest.mark.parametrize(("language", "expected"), [("tr", TURKISH), ("en", ENGLISH)])
def test_sort_key_follows_the_alphabet(language, expected):
    shuffled = random.Random(7).sample(expected, len(expected))
    assert sorted(shuffled, key=lambda name: sort_key(name, language)) == expected


def test_case_accents_and_spaces():
    words = ["istasyon", "Kazan 2", "ışık", "İstasyon", "Kazan", "Işık"]
    in_turkish = sorted(words, key=lambda n: sort_key(n, "tr"))
    # ı before i whatever the case; small letters first among equals (as ICU).
    assert in_turkish == ["ışık", "Işık", "istasyon", "İstasyon", "Kazan", "Kazan 2"]
    assert sort_key("Ürümçi", "en") < sort_key("Uzgen", "en")  # Ü is a U in English


def positions(html, names):
    text = re.sub(r"<[^>]+>", " ", html)
    return [text.index(name) for name in names]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["tr", "en"])
def test_the_directory_lists_organisations_in_the_reader_s_order(client, lang):
    # Stored in an order the database alone would give (code points).
    names = {
        "Zeytinburnu Belediyesi": "Zeytinburnu Municipality",
        "Çankaya Belediyesi": "Çankaya Municipality",
        "Cidde Belediyesi": "Jeddah Municipality",
        "Aşkabat Belediyesi": "Ashgabat Municipality",
        "Azerbaycan Belediyeler Birliği": "Union of Azerbaijani Municipalities",
        "Ilgaz Belediyesi": "Ilgaz Municipality",
        "İzmir Büyükşehir Belediyesi": "Izmir Metropolitan Municipality",
    }
    for turkish, english in names.items():
        factories.organization(name_tr=turkish, name_en=english)
    html = client.get(f"/{lang}/municipalities/").content.decode()
    shown = list(names) if lang == "tr" else list(names.values())
    expected = sorted(shown, key=lambda name: sort_key(name, lang))
    found = positions(html, expected)
    assert found == sorted(found), expected
    if lang == "tr":
        assert expected[:3] == [
            "Aşkabat Belediyesi",
            "Azerbaycan Belediyeler Birliği",
            "Cidde Belediyesi",
        ]
        assert expected[3] == "Çankaya Belediyesi"


@pytest.mark.django_db
def test_the_country_filter_is_in_turkish_order(client):
    for code in ("TR", "UZ", "CN", "AZ", "KZ"):
        factories.organization(country=code)
    html = client.get("/tr/municipalities/").content.decode()
    options = re.findall(r'<option value="(AZ|CN|KZ|UZ|TR)"', html)
    assert options == [
        "AZ",
        "CN",
        "KZ",
        "UZ",
        "TR",
    ]  # Azerbaycan, Çin, Kazakistan, Özbekistan, Türkiye


@pytest.mark.django_db
def test_the_protocol_register_sorts_parties_in_turkish_order(client):
    for name in ("Zeytinburnu Belediyesi", "Şanlıurfa Belediyesi", "Samsun Belediyesi"):
        factories.protocol(
            party_a=factories.organization(name_tr=name, name_en=name),
            is_published=True,
        )
    html = client.get("/tr/protocols/?sort=parties").content.decode()
    found = positions(html, ["Samsun Belediyesi", "Şanlıurfa Belediyesi", "Zeytinburnu Belediyesi"])
    assert found == sorted(found)
