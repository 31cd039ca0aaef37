"""From an organisation to everything recorded about it in two clicks: each
bounded list of its page links to a complete, paginated list — the protocol
register and the gift register with `?org=<slug>`, the meeting list with
`?host=<slug>` (every meeting it hosted or convened, within visits too) and
`?attended=<slug>` (those its people attended, hosted by others). The
publication rule holds on each, an unknown slug is ignored, paging, sorting
and the CSV keep the filter, and each page keeps a fixed number of queries."""

import csv
import datetime
import html
import io
import re

import pytest

from municipalities.models import Protocol
from tests import factories
from visits import views
from visits.models import Gift, MeetingParticipant

pytestmark = pytest.mark.django_db

LANGS = ["en", "tr"]
BOM = "\ufeff"


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def text_of(markup):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


def hrefs(markup):
    return {html.unescape(href) for href in re.findall(r'href="([^"]*)"', markup)}


# --- Around one organisation ---------------------------------------------------------


@pytest.fixture
def osh(db):
    """Osh and what is recorded about it, with records about others beside
    them and, in a draft visit or unpublished, records the public never sees."""
    osh = factories.organization(name_en="Osh City", name_tr="Oş Şehri", slug="osh", country="KG")
    kazan = factories.organization(name_en="Kazan", slug="kazan", country="RU")
    baku = factories.organization(name_en="Baku", slug="baku", country="AZ")
    secret = factories.organization(name_en="Secret Town", slug="secret-town")
    day = datetime.date(2022, 5, 4)
    visit = factories.visit(
        title_en="Kazan visits Baku",
        title_tr="Kazan Bakü'de",
        guest=kazan,
        host=baku,
        start_date=day,
        is_published=True,
    )
    draft_visit = factories.visit(
        title_en="Draft visit to Osh", guest=secret, host=osh, start_date=day, is_published=False
    )
    person = factories.person(name="Aibek Osmonov")

    def meeting(title, **fields):
        fields.setdefault("is_published", True)
        return factories.meeting(title_en=title, **fields)

    def took_part(meeting, org=osh, who=person):
        MeetingParticipant.objects.create(
            meeting=meeting, person=who, side="guest", organization=org, title_en="Adviser"
        )

    m = {
        "in_visit": meeting("Osh hosts a lunch in Kazan's visit", visit=visit, host=osh),
        "convened": meeting("Board convened by Osh", visit=None, host=baku, convened_by=osh),
        "attended": meeting("Working meeting at Baku", visit=visit, host=baku),
        "attended_board": meeting("Board at Kazan", visit=None, host=kazan),
        "other": meeting("Kazan and Baku alone", visit=visit, host=baku),
        "draft_hosted": meeting("Meeting in a draft visit", visit=draft_visit, host=osh),
        "draft_attended": meeting("Unpublished board", visit=None, host=kazan, is_published=False),
    }
    took_part(m["in_visit"])  # hosted and attended: listed as hosted only
    took_part(m["attended"])
    took_part(m["attended_board"])
    took_part(m["draft_attended"])
    took_part(m["other"], org=kazan, who=factories.person(name="Someone of Kazan"))

    def gift(meeting, by, to, text):
        return Gift.objects.create(
            meeting=meeting, given_by_organization=by, given_to_organization=to, description_en=text
        )

    g = {
        "given": gift(m["in_visit"], osh, kazan, "Osh carpet for Kazan"),
        "received": gift(m["attended"], baku, osh, "Baku plaque for Osh"),
        "other": gift(m["other"], kazan, baku, "Kazan vase for Baku"),
        "draft": gift(m["draft_hosted"], osh, secret, "Gift at a draft visit"),
    }
    p = {
        "party": factories.protocol(
            party_a=kazan, party_b=osh, title_en="Osh–Kazan charter", is_published=True
        ),
        "coordinated": factories.protocol(
            party_a=kazan,
            party_b=baku,
            coordinator=osh,
            title_en="Kazan–Baku charter",
            is_published=True,
        ),
        "other": factories.protocol(
            party_a=kazan,
            party_b=baku,
            title_en="Without Osh",
            kind=Protocol.Kind.FRIENDSHIP,
            is_published=True,
        ),
        "draft": factories.protocol(
            party_a=osh, party_b=secret, title_en="Secret protocol", is_published=False
        ),
    }
    return {"org": osh, "visit": visit, "person": person, "meetings": m, "gifts": g, "protocols": p}


# --- The protocol register: ?org= ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_protocols_of_an_organisation_as_party_or_coordinator(client, osh, lang):
    markup = get(client, f"/{lang}/protocols/?org=osh")
    p = osh["protocols"]
    for key in ("party", "coordinated"):
        assert f'href="/{lang}/protocols/{p[key].pk}/"' in markup, key
    for key in ("other", "draft"):
        assert f"/protocols/{p[key].pk}/" not in markup, key
    text = text_of(markup)
    heading = {"en": "Protocols of Osh City", "tr": "Oş Şehri kurumunun protokolleri"}[lang]
    assert f"<h1>{heading}</h1>" in markup
    assert f"{heading}</caption>" in markup or f"{heading}," in text
    assert {"en": "2 protocols", "tr": "2 protokol"}[lang] in text
    # Shown as an applied filter, removable, kept by the form; and a way back.
    assert f'href="/{lang}/municipalities/osh/"' in markup
    assert '<input type="hidden" name="org" value="osh">' in markup
    assert 'href="?"' in markup  # the chip's removal: the register without it
    assert f'href="/{lang}/protocols/protocols.csv?org=osh"' in markup


@pytest.mark.parametrize("lang", LANGS)
def test_staff_see_the_draft_protocol_marked(viewer_client, osh, lang):
    markup = get(viewer_client, f"/{lang}/protocols/?org=osh")
    row = markup[markup.index(f"/protocols/{osh['protocols']['draft'].pk}/") - 2000 :]
    row = row[row.rindex("<tr>", 0, 2000) : row.index("</tr>", 2000)]
    assert "tag-draft" in row and "Secret Town" in row
    assert f"/protocols/{osh['protocols']['other'].pk}/" not in markup


def test_the_protocol_csv_honours_org_with_published_records_only(viewer_client, osh):
    rows = csv_rows(viewer_client.get("/en/protocols/protocols.csv?org=osh"))[1:]
    titles = sorted(row[12] for row in rows)
    assert titles == ["Kazan–Baku charter", "Osh–Kazan charter"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", ["nowhere", "x" * 500, "%00", "osh-x", ""])
def test_an_unknown_org_is_ignored_by_the_registers(client, osh, lang, slug):
    for register in ("protocols", "gifts"):
        markup = get(client, f"/{lang}/{register}/?org={slug}")
        assert 'name="org"' not in markup and 'class="chips"' not in markup
    # The whole register, as without the filter.
    assert f"/protocols/{osh['protocols']['other'].pk}/" in get(
        client, f"/{lang}/protocols/?org=zz"
    )
    response = client.get(f"/{lang}/protocols/protocols.csv?org={slug}")
    assert response.status_code == 200 and len(csv_rows(response)) == 1 + 3


@pytest.mark.parametrize("lang", LANGS)
def test_paging_and_sorting_keep_the_org_filter(client, osh, lang):
    org = osh["org"]
    for n in range(25):
        factories.protocol(party_a=org, title_en=f"Many {n}", is_published=True)
    markup = get(client, f"/{lang}/protocols/?org=osh")
    links = hrefs(markup)
    assert "?org=osh&page=2" in links
    assert "?org=osh&sort=kind" in links  # a column header
    second = get(client, f"/{lang}/protocols/?org=osh&page=2&sort=kind")
    assert f"/protocols/{osh['protocols']['other'].pk}/" not in second
    assert '<input type="hidden" name="org" value="osh">' in second
    assert f'href="/{lang}/protocols/protocols.csv?org=osh&amp;sort=kind"' in second
    assert "?org=osh&sort=-kind" in hrefs(second)  # the other way round, from page 1


# --- The gift register: ?org= -------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_gifts_of_an_organisation_given_or_received(client, osh, lang):
    markup = get(client, f"/{lang}/gifts/?org=osh")
    text = text_of(markup)
    assert "Osh carpet for Kazan" in text and "Baku plaque for Osh" in text
    assert "Kazan vase for Baku" not in text and "Gift at a draft visit" not in text
    heading = {"en": "Gifts of Osh City", "tr": "Oş Şehri kurumunun hediyeleri"}[lang]
    assert f"<h1>{heading}</h1>" in markup
    assert {"en": "2 gifts", "tr": "2 hediye"}[lang] in text
    assert '<input type="hidden" name="org" value="osh">' in markup
    assert f'href="/{lang}/gifts/gifts.csv?org=osh"' in markup
    assert f'href="/{lang}/municipalities/osh/"' in markup
    # Each gift leads to its meeting, and a meeting within a visit to the visit.
    received = osh["meetings"]["attended"]
    assert f'href="/{lang}/meetings/{received.pk}/"' in markup
    assert f'href="/{lang}/visits/2022/{osh["visit"].slug}/"' in markup


@pytest.mark.parametrize("lang", LANGS)
def test_staff_see_the_draft_gift_marked(viewer_client, osh, lang):
    markup = get(viewer_client, f"/{lang}/gifts/?org=osh")
    at = markup.index("Gift at a draft visit")
    assert "tag-draft" in markup[at : markup.index("</tr>", at)]
    assert "Kazan vase for Baku" not in markup


def test_the_gift_csv_honours_org_with_published_records_only(viewer_client, osh):
    rows = csv_rows(viewer_client.get("/en/gifts/gifts.csv?org=osh"))[1:]
    assert sorted(row[3] for row in rows) == ["Baku plaque for Osh", "Osh carpet for Kazan"]
    everything = csv_rows(viewer_client.get("/en/gifts/gifts.csv?org=nowhere"))[1:]
    assert len(everything) == 3


def test_gift_paging_keeps_the_org_filter(client, osh):
    meeting = osh["meetings"]["in_visit"]
    for n in range(25):
        Gift.objects.create(
            meeting=meeting,
            given_by_organization=osh["org"],
            given_to_person=osh["person"],
            description_en=f"Pennant {n}",
        )
    links = hrefs(get(client, "/en/gifts/?org=osh&sort=category"))
    assert "?org=osh&sort=category&page=2" in links
    second = get(client, "/en/gifts/?org=osh&sort=category&page=2")
    assert "Kazan vase for Baku" not in second and "Pennant" in second


# --- The meeting list: ?host= and ?attended= ------------------------------------------------


def meeting_links(markup, lang):
    return {
        int(pk)
        for pk in re.findall(
            rf'<h2 id="meeting-\d+-title"><a href="/{lang}/meetings/(\d+)/"', markup
        )
    }


@pytest.mark.parametrize("lang", LANGS)
def test_meetings_hosted_or_convened_within_visits_or_not(client, osh, lang):
    m = osh["meetings"]
    markup = get(client, f"/{lang}/meetings/?host=osh")
    assert meeting_links(markup, lang) == {m["in_visit"].pk, m["convened"].pk}
    heading = {
        "en": "Meetings hosted by Osh City",
        "tr": "Oş Şehri kurumunun ev sahipliği yaptığı ya da düzenlediği toplantılar",
    }[lang]
    assert f"<h1>{heading}</h1>" in markup
    # A meeting within a visit links to its visit; the visit's page links back.
    visit_url = f"/{lang}/visits/2022/{osh['visit'].slug}/"
    assert f'href="{visit_url}"' in markup
    assert f'href="/{lang}/meetings/{m["in_visit"].pk}/"' in get(client, visit_url)
    assert '<input type="hidden" name="host" value="osh">' in markup
    assert f'href="/{lang}/municipalities/osh/"' in markup
    assert "tag-draft" not in markup


@pytest.mark.parametrize("lang", LANGS)
def test_meetings_its_people_attended_for_it_hosted_by_others(client, osh, lang):
    m = osh["meetings"]
    markup = get(client, f"/{lang}/meetings/?attended=osh")
    assert meeting_links(markup, lang) == {m["attended"].pk, m["attended_board"].pk}
    heading = {
        "en": "Meetings attended by people of Osh City",
        "tr": "Oş Şehri kurumunun mensuplarının katıldığı toplantılar",
    }[lang]
    assert f"<h1>{heading}</h1>" in markup
    person = osh["person"]
    assert markup.count(f'href="/{lang}/people/{person.slug}/">Aibek Osmonov</a>') == 2
    assert {"en": "For Osh City", "tr": "Oş Şehri adına"}[lang] in text_of(markup)
    assert "Someone of Kazan" not in markup
    assert '<input type="hidden" name="attended" value="osh">' in markup


@pytest.mark.parametrize("lang", LANGS)
def test_the_lists_hold_what_the_organisation_page_counts(client, osh, monkeypatch, lang):
    monkeypatch.setattr(views, "MEETINGS_SHOWN", 1)
    page = get(client, f"/{lang}/municipalities/osh/")
    for param, count in (("host", 2), ("attended", 2)):
        link = f'href="/{lang}/meetings/?{param}=osh"'
        assert link in page, param
        listed = get(client, f"/{lang}/meetings/?{param}=osh")
        assert len(meeting_links(listed, lang)) == count
        label = {"en": f"All {count} meetings", "tr": f"{count} toplantının tümü"}[lang]
        at = page.index(link)
        assert label in text_of(page[at : page.index("</a>", at)])


@pytest.mark.parametrize("lang", LANGS)
def test_staff_see_draft_meetings_marked(viewer_client, osh, lang):
    m = osh["meetings"]
    hosted = get(viewer_client, f"/{lang}/meetings/?host=osh")
    assert meeting_links(hosted, lang) == {m["in_visit"].pk, m["convened"].pk, m["draft_hosted"].pk}
    attended = get(viewer_client, f"/{lang}/meetings/?attended=osh")
    assert m["draft_attended"].pk in meeting_links(attended, lang)
    for markup, meeting in ((hosted, m["draft_hosted"]), (attended, m["draft_attended"])):
        at = markup.index(f'id="meeting-{meeting.pk}-title"')
        assert "tag-draft" in markup[at : markup.index("</h2>", at)]
        assert markup.count("tag-draft") == 1


@pytest.mark.parametrize("reader", ["client", "staff_no_group_client"])
def test_draft_meetings_are_absent_for_readers(request, osh, reader):
    reader = request.getfixturevalue(reader)
    for param in ("host", "attended"):
        markup = get(reader, f"/en/meetings/?{param}=osh")
        assert "Meeting in a draft visit" not in markup and "Unpublished board" not in markup
        assert "Draft visit to Osh" not in markup


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("param", ["host", "attended"])
@pytest.mark.parametrize("slug", ["nowhere", "y" * 300, "%00%01", ""])
def test_an_unknown_slug_leaves_the_board_meetings(client, osh, lang, param, slug):
    markup = get(client, f"/{lang}/meetings/?{param}={slug}&page=x&year=abc")
    # The default list: meetings outside visits.
    assert meeting_links(markup, lang) == {
        osh["meetings"]["convened"].pk,
        osh["meetings"]["attended_board"].pk,
    }
    assert 'class="chips"' not in markup


def test_meeting_paging_and_year_keep_the_filter(client, osh):
    org = osh["org"]
    for n in range(12):
        factories.meeting(visit=osh["visit"], host=org, title_en=f"Hosted {n}", is_published=True)
    markup = get(client, "/en/meetings/?host=osh")
    assert len(meeting_links(markup, "en")) == views.MEETINGS_PER_PAGE
    assert "?host=osh&page=2" in hrefs(markup)
    second = get(client, "/en/meetings/?host=osh&page=2")
    assert len(meeting_links(second, "en")) == 14 - views.MEETINGS_PER_PAGE
    # The year filter offers the organisation's years and keeps it.
    assert '<option value="2022">' in markup
    in_2021 = get(client, "/en/meetings/?host=osh&year=2021")
    assert meeting_links(in_2021, "en") == {osh["meetings"]["convened"].pk}
    assert '<input type="hidden" name="host" value="osh">' in in_2021
    assert "?host=osh&year=2022&page=2" in hrefs(get(client, "/en/meetings/?host=osh&year=2022"))


# --- The organisation page links to each full list ------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_organisation_page_links_to_every_full_list(client, osh, monkeypatch, lang):
    url = f"/{lang}/municipalities/osh/"
    full_lists = [
        f'href="/{lang}/meetings/?host=osh"',
        f'href="/{lang}/meetings/?attended=osh"',
        f'href="/{lang}/protocols/?org=osh"',
        f'href="/{lang}/gifts/?org=osh"',
    ]
    page = get(client, url)
    for link in full_lists:  # everything is listed: no need
        assert link not in page, link
    for name in ("MEETINGS_SHOWN", "PROTOCOLS_SHOWN", "GIFTS_SHOWN"):
        monkeypatch.setattr(views, name, 1)
    factories.protocol(party_a=osh["org"], is_published=True)  # two as a party
    factories.protocol(coordinator=osh["org"], is_published=True)  # two coordinated
    Gift.objects.create(
        meeting=osh["meetings"]["in_visit"],
        given_by_organization=osh["org"],
        given_to_person=osh["person"],
        description_en="Another gift",
    )
    Gift.objects.create(
        meeting=osh["meetings"]["attended"],
        given_by_organization=osh["meetings"]["attended"].host,
        given_to_organization=osh["org"],
        description_en="Another plaque",
    )
    page = get(client, url)
    for link in full_lists:
        assert link in page, link
    # Protocols and gifts: a link under each role's list, counting both roles.
    assert page.count(f'href="/{lang}/protocols/?org=osh"') == 2
    assert page.count(f'href="/{lang}/gifts/?org=osh"') == 2
    text = text_of(page)
    if lang == "en":
        assert text.count("All 4 protocols, as a party or coordinator") == 2
        assert text.count("All 4 gifts given or received") == 2
        assert "All 2 meetings hosted" in text and "All 2 meetings its people attended" in text
    else:
        assert text.count("Taraf olduğu ya da koordine ettiği 4 protokolün tümü") == 2
        assert text.count("Verdiği ya da aldığı 4 hediyenin tümü") == 2
    # Each full list holds as many as the link says.
    assert {"en": "4 protocols", "tr": "4 protokol"}[lang] in text_of(
        get(client, f"/{lang}/protocols/?org=osh")
    )
    assert {"en": "4 gifts", "tr": "4 hediye"}[lang] in text_of(
        get(client, f"/{lang}/gifts/?org=osh")
    )


# --- A fixed number of queries ----------------------------------------------------------------

# For a reader, with the filter: the organisation (1) and then what each page
# reads without it — the registers: count, years in use, countries in use,
# the page of rows (protocols: and their fields of cooperation and
# signatories); the CSVs: the rows (protocols: fields, signatories); the
# meeting list: years, count, the page with hosts and visits, its decisions
# (attended: and who took part for the organisation).
# With each: how many records it holds once grown (for an anonymous reader).
BUDGETS = {
    "/{lang}/protocols/?org=osh": (1 + 6, 62),
    "/{lang}/gifts/?org=osh": (1 + 4, 62),
    "/{lang}/protocols/protocols.csv?org=osh": (1 + 3, 62),
    "/{lang}/gifts/gifts.csv?org=osh": (1 + 1, 62),
    "/{lang}/meetings/?host=osh": (1 + 4, 62),
    "/{lang}/meetings/?attended=osh": (1 + 5, 32),
}


def grow(osh, count=30):
    """`count` more of everything about Osh: protocols each way, meetings it
    hosts within visits and convenes outside them, meetings its people
    attend, gifts each way, each with people and decisions."""
    from visits.models import Decision

    org = osh["org"]
    for n in range(count):
        other = factories.organization(country="UZ")
        visit = factories.visit(
            guest=other,
            host=org,
            is_published=True,
            start_date=datetime.date(2000 + n % 20, 1 + n % 12, 1),
        )
        hosted = factories.meeting(visit=visit, host=org, is_published=True)
        board = factories.meeting(visit=None, host=other, convened_by=org, is_published=True)
        attended = factories.meeting(
            visit=None, host=other, is_published=True, date=visit.start_date
        )
        for meeting in (hosted, board, attended):
            MeetingParticipant.objects.create(
                meeting=meeting, person=factories.person(), side="guest", organization=org
            )
            Decision.objects.create(
                meeting=meeting, text_en="Agreed", responsible_person=factories.person()
            )
        Gift.objects.create(
            meeting=hosted,
            given_by_organization=org,
            given_to_organization=other,
            given_to_person=factories.person(),
            description_en=f"Given {n}",
        )
        Gift.objects.create(
            meeting=attended,
            given_by_organization=other,
            given_to_organization=org,
            given_by_person=factories.person(),
            description_en=f"Got {n}",
        )
        factories.protocol(
            party_a=org,
            party_b=other,
            is_published=True,
            signed_date=visit.start_date,
            status=Protocol.Status.SIGNED,
        )
        factories.protocol(party_a=other, coordinator=org, is_published=True)


def how_many(client, url):
    """The number of records the page or CSV at `url` holds in all."""
    response = client.get(url)
    assert response.status_code == 200
    if getattr(response, "streaming", False):
        return len(csv_rows(response)) - 1
    return int(re.search(r'class="result-count" role="status">(\d+)', response.content.decode())[1])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("url", "expected"), BUDGETS.items())
def test_query_budgets_do_not_grow(client, osh, django_assert_max_num_queries, lang, url, expected):
    budget, grown = expected
    url = url.format(lang=lang)
    how_many(client, url)  # warm up: translations, content types
    with django_assert_max_num_queries(budget):
        assert how_many(client, url) == 2
    grow(osh)
    with django_assert_max_num_queries(budget):
        assert how_many(client, url) == grown


def test_the_organisation_page_keeps_its_budget_with_the_links(
    client, osh, django_assert_max_num_queries
):
    from tests.test_organization_page import BUDGET

    grow(osh)
    url = "/en/municipalities/osh/"
    client.get(url)
    with django_assert_max_num_queries(BUDGET):
        page = get(client, url)
    for link in (
        "meetings/?host=osh",
        "meetings/?attended=osh",
        "protocols/?org=osh",
        "gifts/?org=osh",
    ):
        assert f'href="/en/{link}"' in page, link
