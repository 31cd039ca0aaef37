"""The protocol page, /<lang>/protocols/<id>/: parties, kind, status, dates,
coordinator, fields and signatories, the meetings about it, linked both ways;
and the signatories and fields wherever else a protocol is listed (register,
CSV, visit, meeting and pair pages, the printed summary). Public only when
published, in a fixed number of queries."""

import datetime
import html
import io
import re

import pytest
from django.core.files.base import ContentFile

from municipalities.models import CooperationField, Organization, Person, Protocol
from municipalities.models import ProtocolSignatory as Signatory
from tests import factories
from tests.sitemaps import sitemap_text
from tests.test_public_registers import csv_rows
from visits import pdf
from visits.models import AgendaItem, Visit

pytestmark = pytest.mark.django_db

SEED_URL = "/{lang}/visits/2021/turkistan-municipality-delegation-visits-tdbb/"


def text_of(response):
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def page(client, protocol, lang="en"):
    return client.get(f"/{lang}/protocols/{protocol.pk}/")


@pytest.fixture
def seed(seed_visit):
    """The seed visit's two planned sister-city protocols (Zeytinburnu and
    Üsküdar with Turkistan), each with two signatories and two fields."""
    turkistan = Organization.objects.get(slug="turkistan-municipality")
    salkarova = Person.objects.get(name="Aliya Şalkarova")
    fields = CooperationField.objects.filter(slug__in=["culture", "tourism"])
    protocols = list(Protocol.objects.involving(turkistan).order_by("id"))
    assert len(protocols) == 2
    for protocol in protocols:
        mayor = factories.person(name=f"Mayor of {protocol.party_a.name_en}")
        Signatory.objects.create(
            protocol=protocol,
            person=salkarova,
            organization=turkistan,
            title_en="Deputy Mayor",
            title_tr="Belediye Başkan Yardımcısı",
        )
        Signatory.objects.create(
            protocol=protocol,
            person=mayor,
            organization=protocol.party_a,
            title_en="Mayor",
            title_tr="Belediye Başkanı",
            order=1,
        )
        protocol.cooperation_fields.set(fields)
    return protocols


@pytest.fixture
def meeting(seed_visit):
    return seed_visit.meetings.get()


# --- The page ---------------------------------------------------------------------------


def test_each_seed_protocol_has_its_page_in_english(client, seed, meeting):
    for protocol in seed:
        response = page(client, protocol)
        assert response.status_code == 200
        text = text_of(response)
        for fact in (
            protocol.party_a.name_en,
            "Turkistan Municipality",
            "Kazakhstan",
            "Türkiye",
            "Sister-city (twinning) protocol",
            "planned",
            "Planned signing date December 2021",
            "Coordinated by Union of Turkish World Municipalities",
            "Culture and arts, Tourism",
            "Aliya Şalkarova Deputy Mayor Turkistan Municipality",
            f"Mayor of {protocol.party_a.name_en} Mayor {protocol.party_a.name_en}",
            "planned to be signed in December 2021",  # the summary
            "Deputy Mayor Aliya Şalkarova meets Secretary General Fahri Solak",
            "13 November 2021",
            "hosted by Union of Turkish World Municipalities",
            "Turkistan Municipality delegation visits TDBB",
        ):
            assert fact in text, fact
        body = response.content.decode()
        a, b = protocol.party_a.slug, protocol.party_b.slug
        for link in (
            f"/en/municipalities/{a}/",
            f"/en/municipalities/{b}/",
            "/en/municipalities/tdbb/",
            "/en/people/aliya-salkarova/",
            protocol.signatories.get(order=1).person.get_absolute_url(),
            f"/en/meetings/{meeting.pk}/",
            SEED_URL.format(lang="en"),
            f"/en/municipalities/{a}/{b}/",
            "/en/protocols/",
        ):
            assert f'href="{link}"' in body, link
        # Each signatory's page is public: they signed a published protocol.
        for signatory in protocol.signatories.all():
            assert client.get(signatory.person.get_absolute_url()).status_code == 200
        # No signed date yet, so no signing facts, and no document.
        assert "Signed on" not in text and "Signed document" not in text
        title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
        assert str(protocol) in html.unescape(title)
        description = re.search(r'<meta name="description" content="([^"]*)"', body).group(1)
        assert html.unescape(description).startswith("Sister-city protocol between")


def test_each_seed_protocol_has_its_page_in_turkish(client, seed, meeting):
    for protocol in seed:
        response = page(client, protocol, "tr")
        assert response.status_code == 200
        text = text_of(response)
        for fact in (
            "Kardeş şehir protokolü",
            "planlandı",
            "Planlanan imza tarihi Aralık 2021",
            "Koordinatör kurum Türk Dünyası Belediyeler Birliği",
            "Kültür ve sanat, Turizm",
            "İmzalayanlar",
            "Aliya Şalkarova Belediye Başkan Yardımcısı Türkistan Belediyesi",
            "Belediye Başkanı",
            "Kazakistan",
            "imzalanması planlanan kardeş şehir protokolü",
            "13 Kasım 2021",
            "Bu protokolün görüşüldüğü toplantılar",
        ):
            assert fact in text, fact
        body = response.content.decode()
        assert 'href="/tr/people/aliya-salkarova/"' in body
        assert f'href="/tr/meetings/{meeting.pk}/"' in body
        assert 'href="/tr/protocols/"' in body
        assert "(in English)" not in text and "(İngilizce)" not in text


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_links_both_ways(client, seed, meeting, lang):
    for protocol in seed:
        url = f'href="/{lang}/protocols/{protocol.pk}/"'
        a, b = protocol.party_a.slug, protocol.party_b.slug
        for where in (
            f"/{lang}/meetings/{meeting.pk}/",
            SEED_URL.format(lang=lang),
            f"/{lang}/protocols/",
            f"/{lang}/municipalities/{a}/{b}/",
        ):
            assert url in client.get(where).content.decode(), where
        assert f'href="/{lang}/meetings/{meeting.pk}/"' in page(client, protocol, lang).text
        # On the meeting page both the agenda line and the protocols section link it.
        meeting_page = client.get(f"/{lang}/meetings/{meeting.pk}/").content.decode()
        assert meeting_page.count(url) >= 2


def test_a_signed_protocol_shows_its_signing_and_its_document(client, viewer_client, seed):
    protocol = seed[0]
    protocol.status = Protocol.Status.SIGNED
    protocol.signed_date = datetime.date(2022, 3, 4)
    protocol.signed_place_en = "Zeytinburnu town hall"
    protocol.title_en = "Twinning of Zeytinburnu and Turkistan"
    protocol.notes = "Ask the mayor's office about the gift"
    protocol.document.save("signed.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    protocol.save()
    text = text_of(page(client, protocol))
    for fact in (
        "Twinning of Zeytinburnu and Turkistan",
        "Signed on 4 March 2022",
        "Signed in Zeytinburnu town hall",
        "The signed text (PDF)",
    ):
        assert fact in text, fact
    assert "Planned signing date" not in text
    assert "Ask the mayor" not in text
    assert protocol.document.url in page(client, protocol).content.decode()
    turkish = text_of(page(client, protocol, "tr"))
    assert "4 Mart 2022" in turkish
    assert "Zeytinburnu town hall (İngilizce)" in turkish  # the place, marked as English
    # A draft's document is not public: not even staff get its link here.
    Protocol.objects.filter(pk=protocol.pk).update(is_published=False)
    staff_page = viewer_client.get(f"/en/protocols/{protocol.pk}/").content.decode()
    assert protocol.document.url not in staff_page
    assert "Ask the mayor" not in staff_page


def test_a_meeting_that_signed_it_is_listed_as_such(client, seed):
    protocol = seed[1]
    board = factories.meeting(
        visit=None,
        is_published=True,
        title_en="Signing ceremony in Üsküdar",
        date=datetime.date(2022, 1, 20),
        host=protocol.party_a,
    )
    board.signed_protocols.add(protocol)
    text = text_of(page(client, protocol))
    assert "Signing ceremony in Üsküdar" in text
    assert "20 January 2022 · hosted by Üsküdar Municipality · signed at this meeting" in text
    assert f'href="/en/meetings/{board.pk}/"' in page(client, protocol).content.decode()
    assert f'href="/en/protocols/{protocol.pk}/"' in client.get(f"/en/meetings/{board.pk}/").text


# --- The publication rule -----------------------------------------------------------------


@pytest.fixture
def draft(seed):
    protocol = seed[0]
    Protocol.objects.filter(pk=protocol.pk).update(is_published=False)
    return protocol


def test_a_draft_protocol_is_not_found_nor_linked(client, staff_no_group_client, draft, meeting):
    for reader in (client, staff_no_group_client):
        assert page(reader, draft).status_code == 404
        assert page(reader, draft, "tr").status_code == 404
    link = f"/protocols/{draft.pk}/"
    for path in (
        "/sitemap.xml",
        "/en/protocols/",
        f"/en/meetings/{meeting.pk}/",
        SEED_URL.format(lang="en"),
        f"/en/municipalities/{draft.party_a.slug}/{draft.party_b.slug}/",
    ):
        assert link not in client.get(path).content.decode(), path


def test_staff_who_may_see_drafts_see_it_marked(viewer_client, draft):
    response = page(viewer_client, draft)
    assert response.status_code == 200
    assert '<span class="tag tag-draft">draft</span>' in response.content.decode()
    assert "Aliya Şalkarova" in text_of(response)


def test_a_meeting_of_a_draft_visit_is_not_listed(client, viewer_client, seed, meeting):
    Visit.objects.filter(pk=meeting.visit_id).update(is_published=False)
    protocol = seed[0]
    response = page(client, protocol)
    assert response.status_code == 200  # the protocol itself is published
    assert f"/meetings/{meeting.pk}/" not in response.content.decode()
    assert "No published meeting has discussed this protocol yet." in text_of(response)
    staff = page(viewer_client, protocol).content.decode()
    assert f'href="/en/meetings/{meeting.pk}/"' in staff
    assert "tag-draft" in staff


@pytest.mark.parametrize("pk", ["0", "99999", "9223372036854775807", "9223372036854775808"])
def test_unknown_protocols_are_not_found(client, seed, pk):
    assert client.get(f"/en/protocols/{pk}/").status_code == 404


def test_the_sitemap_lists_published_protocols_in_both_languages(client, draft, seed):
    sitemap = sitemap_text(client)
    published = seed[1]
    assert f"http://testserver/en/protocols/{published.pk}/" in sitemap
    assert f"http://testserver/tr/protocols/{published.pk}/" in sitemap
    assert f"/protocols/{draft.pk}/" not in sitemap


# --- Signatories and fields elsewhere ------------------------------------------------------


def test_the_register_row_shows_signatories_and_fields(client, seed):
    for lang, title, field in (
        ("en", "Deputy Mayor", "Culture and arts"),
        ("tr", "Belediye Başkanı", "Kültür ve sanat"),
    ):
        response = client.get(f"/{lang}/protocols/")
        body = response.content.decode()
        assert f'href="/{lang}/people/aliya-salkarova/"' in body
        for protocol in seed:
            assert f'href="/{lang}/protocols/{protocol.pk}/"' in body
        text = text_of(response)
        assert title in text and field in text


def test_the_csv_lists_signatories(client, seed):
    header, *rows = csv_rows(client.get("/en/protocols/protocols.csv"))
    column = header.index("Signatories")
    by_party = {row[5]: row for row in rows}
    row = by_party["Zeytinburnu Municipality"]
    assert row[column] == (
        "Aliya Şalkarova (Deputy Mayor, Turkistan Municipality); "
        "Mayor of Zeytinburnu Municipality (Mayor, Zeytinburnu Municipality)"
    )
    assert row[header.index("Fields of cooperation")] == "Culture and arts; Tourism"
    assert row[header.index("Page")] == f"http://testserver/en/protocols/{seed[0].pk}/"
    turkish_header, *turkish = csv_rows(client.get("/tr/protocols/protocols.csv"))
    assert "İmzalayanlar" in turkish_header
    assert any("Belediye Başkan Yardımcısı, Türkistan Belediyesi" in r for r in turkish[0])


def test_the_csv_cell_cannot_run_as_a_formula(client, seed):
    Signatory.objects.filter(protocol=seed[0]).delete()
    Signatory.objects.create(
        protocol=seed[0],
        person=factories.person(name="=HYPERLINK(1)"),
        organization=seed[0].party_a,
    )
    header, *rows = csv_rows(client.get("/en/protocols/protocols.csv"))
    cells = [row[header.index("Signatories")] for row in rows]
    assert "'=HYPERLINK(1) (Zeytinburnu Municipality)" in cells


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_visit_page_shows_signatories_fields_and_coordinator(client, seed, lang):
    response = client.get(SEED_URL.format(lang=lang))
    section = response.content.decode().split('id="protocols"', 1)[1]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", section)).split())
    culture, title = (
        ("Culture and arts", "Deputy Mayor")
        if lang == "en"
        else ("Kültür ve sanat", "Belediye Başkan Yardımcısı")
    )
    assert culture in text and title in text
    assert f'href="/{lang}/people/aliya-salkarova/"' in section
    assert f'href="/{lang}/municipalities/tdbb/"' in section  # the coordinator
    for protocol in seed:
        assert f'href="/{lang}/protocols/{protocol.pk}/"' in section
        assert f"Mayor of {protocol.party_a.name_en}" in text


def test_the_pair_page_shows_signatories(client, seed):
    protocol = seed[0]
    body = client.get(
        f"/en/municipalities/{protocol.party_b.slug}/{protocol.party_a.slug}/"
    ).content.decode()
    assert f'href="/en/protocols/{protocol.pk}/"' in body
    assert 'href="/en/people/aliya-salkarova/"' in body
    assert f'href="{protocol.signatories.get(order=1).person.get_absolute_url()}"' in body


def test_the_print_view_shows_signatories_and_fields(client, seed, meeting):
    text = text_of(client.get(f"/en/meetings/{meeting.pk}/summary/"))
    assert "Signatories: Aliya Şalkarova, Deputy Mayor, Turkistan Municipality" in text
    assert "Fields of cooperation: Culture and arts, Tourism" in text
    turkish = text_of(client.get(f"/tr/meetings/{meeting.pk}/summary/"))
    assert "İmzalayanlar: Aliya Şalkarova, Belediye Başkan Yardımcısı" in turkish
    assert "İş birliği alanları: Kültür ve sanat, Turizm" in turkish


@pytest.mark.production_static
@pytest.mark.skipif(not pdf.available(), reason=pdf.unavailable_reason())
@pytest.mark.parametrize(
    ("lang", "facts"),
    [
        ("en", ["Signatories:", "Deputy Mayor", "Fields of cooperation:", "Culture and arts"]),
        ("tr", ["İmzalayanlar:", "Belediye Başkan Yardımcısı", "İş birliği alanları:", "Kültür"]),
    ],
)
def test_the_pdf_shows_signatories_and_fields(client, seed, meeting, lang, facts):
    from pypdf import PdfReader

    response = client.get(f"/{lang}/meetings/{meeting.pk}/summary.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for fact in [*facts, "Aliya Şalkarova", "Mayor of Zeytinburnu Municipality"]:
        assert fact in text, fact


# --- Queries do not grow with rows ---------------------------------------------------------

# The protocol with its parties (and their parents) and coordinator; its
# fields; its signatories with person and organisation; the meetings about it
# with host and visit.
PAGE_BUDGET = 4
# The register's count; years in use; countries in use; the page of protocols
# with parties and coordinator; their fields; their signatories.
REGISTER_BUDGET = 6


def _grow(protocol, count=30):
    """`count` more signatories of the protocol, and as many published
    meetings about it (half discussed it, half signed it), and as many more
    published protocols with a signatory each."""
    for n in range(count):
        person = factories.person()
        Signatory.objects.create(
            protocol=protocol, person=person, organization=protocol.party_a, order=10 + n
        )
        visit = factories.visit(is_published=True, host=protocol.party_a)
        meeting = factories.meeting(visit=visit, is_published=True)
        if n % 2:
            meeting.signed_protocols.add(protocol)
        else:
            AgendaItem.objects.create(meeting=meeting, title_en=f"Item {n}", protocol=protocol)
        other = factories.protocol(is_published=True)
        Signatory.objects.create(protocol=other, person=person, organization=other.party_a)


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_page_budget_does_not_grow(client, seed, django_assert_max_num_queries, lang):
    protocol = seed[0]
    page(client, protocol, lang)  # warm up
    with django_assert_max_num_queries(PAGE_BUDGET):
        assert page(client, protocol, lang).status_code == 200
    _grow(protocol)
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = page(client, protocol, lang)
    assert response.status_code == 200
    assert len(re.findall(rf'href="/{lang}/meetings/\d+/"', response.content.decode())) == 31


def test_the_register_budget_does_not_grow(client, seed, django_assert_max_num_queries):
    client.get("/en/protocols/")  # warm up
    with django_assert_max_num_queries(REGISTER_BUDGET):
        assert client.get("/en/protocols/").status_code == 200
    _grow(seed[0])
    with django_assert_max_num_queries(REGISTER_BUDGET):
        response = client.get("/en/protocols/")
    assert response.status_code == 200
    assert "32 protocols" in response.content.decode()
