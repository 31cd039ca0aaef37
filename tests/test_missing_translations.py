"""Texts entered in one language only: the admin finds the records that lack
Turkish or English, the dashboard counts them per kind, and the printed
summary marks a block given in the other language once, not on every row."""

import html
import re

import pytest
from django.urls import reverse

from municipalities.models import Highlight, Organization
from tests import factories
from tests.test_printing import needs_pdf, pdf_text
from visits.models import Decision, Gift, Meeting, MeetingParticipant, Visit

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200, response.status_code
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def changelist(model, lang="en"):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return url.replace("/en/", f"/{lang}/", 1)


def found(client, model, query, lang="en"):
    response = client.get(changelist(model, lang) + query)
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


def participant(meeting, title_en="", title_tr="", **fields):
    return MeetingParticipant.objects.create(
        meeting=meeting,
        person=factories.person(),
        organization=fields.pop("organization", None) or factories.organization(),
        title_en=title_en,
        title_tr=title_tr,
        **fields,
    )


@pytest.fixture
def records(db):
    """A meeting complete in both languages, one whose participant's title is
    English only, one whose decision is Turkish only, and organisations
    likewise."""
    both = factories.meeting(title_en="Both languages", title_tr="İki dilde")
    participant(both, "Mayor", "Belediye Başkanı")
    row_english = factories.meeting(title_en="Row in English", title_tr="Satır İngilizce")
    participant(row_english, "Interpreter")
    row_turkish = factories.meeting(title_en="Row in Turkish", title_tr="Satır Türkçe")
    Decision.objects.create(meeting=row_turkish, text_tr="Bir sonraki kongre Bakü'de.")
    org_both = factories.organization(name_en="Konya Municipality", name_tr="Konya Belediyesi")
    org_english = factories.organization(name_en="Aktau City Hall")
    org_highlight = factories.organization(name_en="Osh Municipality", name_tr="Oş Belediyesi")
    Highlight.objects.create(organization=org_highlight, text_tr="3000 yıllık şehir")
    return {
        "both": both,
        "row_english": row_english,
        "row_turkish": row_turkish,
        "org_both": org_both,
        "org_english": org_english,
        "org_highlight": org_highlight,
    }


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_filter_finds_meetings_whose_rows_lack_a_language(superuser_client, records, lang):
    lacks_turkish = found(superuser_client, Meeting, "?missing=tr", lang)
    lacks_english = found(superuser_client, Meeting, "?missing=en", lang)
    assert records["row_english"].pk in lacks_turkish
    assert records["row_turkish"].pk in lacks_english
    assert records["both"].pk not in lacks_turkish | lacks_english
    assert records["row_english"].pk not in lacks_english


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_filter_finds_organisations_lacking_a_language(superuser_client, records, lang):
    lacks_turkish = found(superuser_client, Organization, "?missing=tr", lang)
    lacks_english = found(superuser_client, Organization, "?missing=en", lang)
    assert records["org_english"].pk in lacks_turkish
    assert records["org_highlight"].pk in lacks_english  # its highlight is Turkish only
    assert records["org_both"].pk not in lacks_turkish | lacks_english


@pytest.mark.parametrize(
    ("lang", "filter_label", "marker"),
    [("en", "Missing Turkish", "Missing Turkish"), ("tr", "Türkçe eksik", "Türkçe eksik")],
)
def test_the_list_offers_the_filter_and_marks_each_record(
    superuser_client, records, lang, filter_label, marker
):
    response = superuser_client.get(changelist(Meeting, lang))
    assert filter_label in response.text
    assert marker in text_of(response)
    # The English-only row's meeting and the Turkish-only row's meeting.
    assert response.text.count('class="missing-translation"') == 2


def test_every_record_list_with_texts_in_both_languages_has_the_filter(superuser_client, records):
    from municipalities.models import Post, Protocol
    from visits.models import Event, Project

    for model in (Visit, Meeting, Event, Organization, Post, Protocol, Project, Decision, Gift):
        response = superuser_client.get(changelist(model) + "?missing=en")
        assert response.status_code == 200, model
        assert "?missing=tr" in response.text, model


@pytest.mark.parametrize("query", ["?missing=xx", "?missing=", "?missing=tr&missing=en"])
def test_odd_filter_values_are_ignored(superuser_client, records, query):
    assert superuser_client.get(changelist(Meeting) + query).status_code == 200


def test_a_visit_lacks_turkish_when_a_delegation_title_does(superuser_client, db):
    from visits.models import DelegationMember

    visit = factories.visit(title_en="Baku delegation", title_tr="Bakü heyeti")
    assert visit.pk not in found(superuser_client, Visit, "?missing=tr")
    DelegationMember.objects.create(
        visit=visit,
        person=factories.person(),
        organization=visit.guest,
        title_en="Deputy Mayor",
    )
    assert visit.pk in found(superuser_client, Visit, "?missing=tr")


# --- The dashboard ---


def dashboard_counts(response):
    """{kind: (lacking Turkish, lacking English)} from the dashboard's table."""
    panel = response.text.split('class="dashboard-panel dashboard-translations"')[1]
    panel = panel.split("</table>")[0]
    counts = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", panel, re.S):
        kind, *cells = [c.strip() for c in re.sub(r"<[^>]+>", "|", row).split("|") if c.strip()]
        counts[kind] = tuple(int(c) for c in cells)
    return counts


def test_the_dashboard_counts_what_lacks_a_language_with_links(editor_client, records):
    response = editor_client.get(reverse("admin:index"))
    counts = dashboard_counts(response)
    assert counts["Meetings"] == (1, 1)
    assert counts["Projects"] == (0, 0)
    # Each count is what its link lists.
    for model, kind in [(Meeting, "Meetings"), (Organization, "Organisations"), (Visit, "Visits")]:
        for language, count in zip(("tr", "en"), counts[kind], strict=True):
            query = f"?missing={language}"
            if count:
                assert f'href="{changelist(model)}{query}"' in response.text
            assert len(found(editor_client, model, query)) == count, (kind, language)


def test_the_dashboard_speaks_turkish(editor_client, records):
    response = editor_client.get(reverse("admin:index").replace("/en/", "/tr/"))
    text = text_of(response)
    assert "Bir dilde eksik metinler" in text
    assert "Türkçe eksik" in text and "İngilizce eksik" in text


def test_a_viewer_without_the_lists_sees_no_counts(staff_no_group_client, records):
    response = staff_no_group_client.get(reverse("admin:index"))
    assert "dashboard-translations" not in response.text


def test_the_dashboard_costs_the_same_however_many_records_lack_a_language(
    editor_client, records, django_assert_max_num_queries
):
    # session, user, permissions, the five counts of the other panels and
    # upcoming visits, the app list's, and one count per kind here (7).
    def load():
        with django_assert_max_num_queries(21):
            return editor_client.get(reverse("admin:index"))

    small = dashboard_counts(load())
    for n in range(30):
        meeting = factories.meeting(title_en=f"Grown {n}")
        participant(meeting, "Adviser")
        Decision.objects.create(meeting=meeting, text_en="Follow up", text_tr="Takip et")
        factories.organization(name_en=f"City {n}")
    grown = dashboard_counts(load())
    assert grown["Meetings"] == (small["Meetings"][0] + 30, small["Meetings"][1])


# --- The printed summary marks a fallback once per block ---


@pytest.fixture
def english_only(home):
    """A board meeting entered in English only: titles, decisions, gifts."""
    konya = factories.organization(name_en="Konya Metropolitan Municipality")
    board = factories.meeting(
        visit=None, host=konya, kind="board", title_en="Executive Board", is_published=True
    )
    for order, title in enumerate(["Mayor", "Interpreter", "Deputy Secretary General"]):
        participant(board, title, organization=konya, order=order)
    for text in ("Hold the congress in Baku.", "Publish the yearbook."):
        Decision.objects.create(meeting=board, text_en=text)
    Gift.objects.create(
        meeting=board,
        description_en="A silver plate",
        given_by_organization=konya,
        given_to_organization=home,
    )
    return board


def summary(meeting, lang, kind="summary/"):
    return f"/{lang}/meetings/{meeting.pk}/{kind}"


def test_the_turkish_summary_marks_each_block_once(client, english_only):
    response = client.get(summary(english_only, "tr"))
    text = text_of(response)
    for title in ("Mayor", "Interpreter", "Deputy Secretary General"):
        assert title in text
    assert "(İngilizce)" not in text  # no marker after each title
    note = "Yukarıdaki bazı metinler yalnızca İngilizce verilmiştir."
    # The facts (the meeting's title), the participants, the decisions, the gifts.
    assert text.count(note) == 4
    participants = text.split("Katılımcılar")[1]
    assert participants.index("Deputy Secretary General") < participants.index(note)
    assert '<span lang="en">Interpreter</span>' in response.text
    # An organisation named in English only is such a text too: the host in
    # the facts, the participants' and the gift's organisation, under the
    # same notes, never "… Municipality" passed off as Turkish.
    assert response.text.count('<span lang="en">Konya Metropolitan Municipality</span>') >= 5


def test_the_english_summary_of_an_english_meeting_has_no_note(client, english_only):
    text = text_of(client.get(summary(english_only, "en")))
    assert "given in" not in text and "(in Turkish)" not in text


def test_the_web_page_keeps_its_marker_on_each_text(client, english_only):
    text = text_of(client.get(f"/tr/meetings/{english_only.pk}/"))
    assert "Interpreter (İngilizce)" in text
    assert "Yukarıdaki bazı metinler" not in text


@needs_pdf
def test_the_turkish_pdf_marks_each_block_once(client, english_only):
    _pages, text = pdf_text(client.get(summary(english_only, "tr", "summary.pdf")))
    assert "Deputy Secretary General" in text and "Interpreter" in text
    assert "İngilizce)" not in text
    assert text.count("yalnızca İngilizce verilmiştir") == 4


@needs_pdf
def test_the_turkish_dossier_marks_its_contents_once(client, seed_visit):
    meetings = list(seed_visit.meetings.all())
    for meeting in meetings:
        Meeting.objects.filter(pk=meeting.pk).update(title_tr="")
    factories.meeting(visit=seed_visit, title_en="Second call", is_published=True)
    url = f"/tr/visits/2021/{seed_visit.slug}/dossier.pdf"
    _pages, text = pdf_text(client.get(url))
    assert "Second call" in text
    assert "Second call (İngilizce)" not in text
    contents = text.split("İçindekiler")[1].split("Second call")[1]
    assert contents.split()[:1] != ["(İngilizce)"]
    assert "yalnızca İngilizce verilmiştir" in text
