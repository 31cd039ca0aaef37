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


# --- Venue, city, country ---------------------------------------------------------------


def _meeting(venue_en, venue_tr, city_en, city_tr, country):
    visit = factories.visit(is_published=True, city_en=city_en, city_tr=city_tr, country=country)
    return factories.meeting(
        visit=visit,
        host=visit.host,
        is_published=True,
        venue_en=venue_en,
        venue_tr=venue_tr,
        city_en=city_en,
        city_tr=city_tr,
        country=country,
    )


@pytest.mark.parametrize(
    ("fields", "en", "tr"),
    [
        # The venue already names the city: the city is not said again.
        (("Government House, Nakhchivan", "Nahçıvan Hükümet Binası", "Nakhchivan", "Nahçıvan",
          "AZ"), "Government House, Nakhchivan, Azerbaijan", "Nahçıvan Hükümet Binası, Azerbaycan"),
        # The venue is the city, in other capitals and dots.
        (("ISTANBUL", "İSTANBUL", "Istanbul", "İstanbul", "TR"), "ISTANBUL, Türkiye",
         "İSTANBUL, Türkiye"),
        (("Istanbul Metropolitan Municipality service building",
          "İstanbul Büyükşehir Belediyesi hizmet binası", "Istanbul", "ıstanbul", "TR"),
         "Istanbul Metropolitan Municipality service building, Türkiye",
         "İstanbul Büyükşehir Belediyesi hizmet binası, Türkiye"),
        # A city is not a word's part: "Kazan" is not in "Kazanlak".
        (("Kazanlak hall", "Kazanlak salonu", "Kazan", "Kazan", "RU"),
         "Kazanlak hall, Kazan, Russia", "Kazanlak salonu, Kazan, Rusya"),
        # No venue: the city and the country.
        (("", "", "Baku", "Bakü", "AZ"), "Baku, Azerbaijan", "Bakü, Azerbaycan"),
    ],
)  # fmt: skip
def test_a_meeting_page_joins_venue_city_and_country_without_repeats(client, db, fields, en, tr):
    meeting = _meeting(*fields)
    for lang, expected in (("en", en), ("tr", tr)):
        body = client.get(f"/{lang}/meetings/{meeting.pk}/").content.decode()
        assert f"<dd>{expected}</dd>" in body, (lang, expected)
        summary = client.get(f"/{lang}/meetings/{meeting.pk}/summary/").content.decode()
        assert f"<dd>{expected}</dd>" in summary, (lang, expected)


def test_every_page_that_shows_a_venue_says_it_once(client, db):
    meeting = _meeting("Government House, Nakhchivan", "Nahçıvan Hükümet Binası", "Nakhchivan",
                       "Nahçıvan", "AZ")  # fmt: skip
    visit = meeting.visit
    pages = [
        visit.get_absolute_url(),
        f"/en/meetings/{meeting.pk}/",
        f"/en/meetings/{meeting.pk}/summary/",
        f"/en/meetings/?host={meeting.host.slug}",
        f"/en/municipalities/{meeting.host.slug}/",
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "Government House, Nakhchivan" in body, url
        assert "Nakhchivan, Nakhchivan" not in body, url
        assert "Nahçıvan, Nahçıvan" not in body, url


def test_the_visit_page_names_the_place_once(client, seed_visit):
    body = client.get(seed_visit.get_absolute_url()).content.decode()
    assert "<dd>Istanbul, Türkiye</dd>" in body
    # The occasion is in Istanbul too, and says so once.
    assert "Istanbul, Istanbul" not in body


# --- A delegation's size ----------------------------------------------------------------


def _delegation(size, listed, description="Mayor Ali Veli and his delegation", groups=()):
    from visits.models import DelegationMember

    visit = factories.visit(
        is_published=True, delegation_size=size, delegation_description_en=description
    )
    for n in range(listed):
        DelegationMember.objects.create(
            visit=visit, person=factories.person(), organization=visit.guest, order=n
        )
    for n, people in enumerate(groups):
        DelegationMember.objects.create(
            visit=visit, group_size=people, group_description_en="journalists", order=50 + n
        )
    return visit


def _delegation_line(client, visit, lang="en"):
    body = client.get(visit.get_absolute_url().replace("/en/", f"/{lang}/", 1)).content.decode()
    section = body[body.index('id="delegation"') :]
    return re.search(r"<p>(.*?)</p>", section, re.S)[1]


@pytest.mark.parametrize(
    ("size", "listed", "groups", "en", "tr"),
    [
        (7, 3, (), "(7 people; 3 listed below)", "(7 kişi; aşağıda 3 kişi listeleniyor)"),
        (5, 1, (), "(5 people; 1 listed below)", "(5 kişi; aşağıda 1 kişi listeleniyor)"),
        (3, 3, (), "(3 people)", "(3 kişi)"),
        (5, 0, (), "(5 people)", "(5 kişi)"),
        # A group row counts its stated number.
        (20, 2, (18,), "(20 people)", "(20 kişi)"),
        (25, 2, (18,), "(25 people; 20 listed below)", "(25 kişi; aşağıda 20 kişi listeleniyor)"),
    ],
)
def test_the_delegation_size_says_how_many_are_listed(client, db, size, listed, groups, en, tr):
    visit = _delegation(size, listed, groups=groups)
    assert _delegation_line(client, visit).endswith(en)
    assert _delegation_line(client, visit, "tr").endswith(tr)


def test_a_size_without_a_description_is_said_too(client, db):
    visit = _delegation(7, 3, description="")
    assert _delegation_line(client, visit) == "7 people; 3 listed below."


def test_the_visit_page_keeps_its_budget_with_the_size(
    client, seed_visit, django_assert_max_num_queries
):
    from tests.test_public_pages import SEED_URL

    seed_visit.delegation_size = 5
    seed_visit.save()
    url = SEED_URL.format(lang="en")
    client.get(url)
    with django_assert_max_num_queries(16):
        body = client.get(url).content.decode()
    assert "(5 people; 1 listed below)" in body


# --- Where a protocol was signed ------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_says_where_a_protocol_was_signed_in_one_wording(client, seed_visit, lang):
    import datetime

    from municipalities.models import Protocol
    from visits.models import Meeting

    meeting = Meeting.objects.get(visit=seed_visit)
    protocol = Protocol.objects.involving(seed_visit.guest).order_by("pk").first()
    protocol.status = Protocol.Status.SIGNED
    protocol.signed_date = datetime.date(2021, 11, 13)
    protocol.signed_place_en, protocol.signed_place_tr = "Kazan", "Kazan"
    protocol.save()
    meeting.signed_protocols.add(protocol)
    a, b = protocol.party_a.slug, protocol.party_b.slug
    pages = [
        f"/{lang}/protocols/{protocol.pk}/",
        f"/{lang}/protocols/",
        f"/{lang}/municipalities/{a}/{b}/",
        f"/{lang}/meetings/{meeting.pk}/",
        f"/{lang}/meetings/{meeting.pk}/summary/",
    ]
    said = {"en": re.compile(r"signed in:?\s*(<[^>]+>\s*)*Kazan", re.I),
            "tr": re.compile(r"imza yeri:?\s*(<[^>]+>\s*)*Kazan", re.I)}[lang]  # fmt: skip
    for url in pages:
        body = client.get(url).content.decode()
        assert said.search(body), url
        assert not re.search(r"signed at\s*(<[^>]+>\s*)*Kazan", body, re.I), url
