"""Roles that fit board meetings: a participant's role (chair, board member,
secretary…) beside an optional side; one chair per meeting, shown first and
named in the summary, on the page, in print and in the PDF; the person page
names the role; the admin enters it."""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests import factories
from tests.admin_forms import form_data
from tests.test_meeting_page import BUDGET, _grow
from tests.test_printing import needs_pdf, pdf_text
from tests.test_secretariat import errors
from visits.models import Meeting, MeetingParticipant

pytestmark = pytest.mark.django_db

LANGS = ["en", "tr"]
Role = MeetingParticipant.Role


def text_of(response):
    assert response.status_code == 200, response.status_code
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    # As read: a comma after a linked name sticks to it.
    return re.sub(r" ([,;])", r"\1", " ".join(html.unescape(text).split()))


def participant(meeting, name, org, role="", side="", order=0, title_en="", title_tr=""):
    return MeetingParticipant.objects.create(
        meeting=meeting,
        person=factories.person(name=name),
        organization=org,
        role=role,
        side=side,
        order=order,
        title_en=title_en,
        title_tr=title_tr,
    )


@pytest.fixture
def board(home):
    """A published board meeting outside any visit: the host's mayor, two
    board members, the secretary, a deputy chair and — entered last — the chair."""
    host = factories.organization(name_en="Kayseri Metropolitan Municipality", slug="kayseri")
    meeting = factories.meeting(
        visit=None,
        kind=Meeting.Kind.BOARD,
        host=host,
        convened_by=home,
        title_en="Executive board meeting in Kayseri",
        title_tr="Kayseri'de encümen toplantısı",
        date=datetime.date(2024, 3, 5),
        is_published=True,
    )
    osh = factories.organization(name_en="Osh City Hall", country="KG")
    participant(meeting, "Memduh Büyükkılıç", host, side="host", order=1, title_en="Mayor")
    participant(meeting, "Taalaibek Sarybashov", osh, Role.BOARD_MEMBER, order=2, title_en="Mayor")
    participant(
        meeting, "Rasim Arı", host, Role.BOARD_MEMBER, side="host", order=3, title_en="Mayor"
    )
    participant(
        meeting, "Fahri Solak", home, Role.SECRETARY, order=4,
        title_en="Secretary General", title_tr="Genel Sekreter",
    )  # fmt: skip
    participant(meeting, "Mehmet Özhaseki", home, Role.DEPUTY_CHAIR, order=5, title_en="Adviser")
    participant(
        meeting, "Mehmet Tahmazoğlu", home, Role.CHAIR, order=6,
        title_en="President", title_tr="Başkan",
    )  # fmt: skip
    return meeting


# --- The model -----------------------------------------------------------------------


def test_the_chair_comes_first_then_the_deputy_chair_then_the_order(board):
    names = [p.person.name for p in board.participants.all()]
    assert names[:2] == ["Mehmet Tahmazoğlu", "Mehmet Özhaseki"]
    assert names[2:] == ["Memduh Büyükkılıç", "Taalaibek Sarybashov", "Rasim Arı", "Fahri Solak"]
    assert board.chair.person.name == "Mehmet Tahmazoğlu"


def test_a_second_chair_is_refused_with_a_clear_message(board):
    second = MeetingParticipant(
        meeting=board,
        person=factories.person(name="Another Chair"),
        organization=board.host,
        role=Role.CHAIR,
    )
    with pytest.raises(ValidationError) as refused:
        second.full_clean()
    assert "A meeting has one chair" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    # Another meeting may have its own chair.
    other = factories.meeting(visit=None, host=board.host)
    MeetingParticipant(
        meeting=other, person=factories.person(), organization=board.host, role=Role.CHAIR
    ).full_clean()


def test_side_and_role_may_both_be_left_empty(board):
    row = MeetingParticipant(meeting=board, person=factories.person(), organization=board.host)
    row.full_clean()  # neither side nor role: "not stated"
    row.save()
    assert row.role_or_side == ""


# --- Pages ---------------------------------------------------------------------------


def _participant_rows(response, meeting):
    """The rows of the participants table, each as its cells' text."""
    body = response.content.decode()
    start = body.index(f'id="participants-{meeting.pk}"')
    table = body[start : body.index("</table>", start)]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [
        [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells]
        for cells in (re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows)
    ]


@pytest.mark.parametrize(
    ("lang", "head", "chair_row", "member", "secretary", "host_side", "chaired"),
    [
        ("en", "Role", "Chair", "Board member", "Secretary (rapporteur)", "Host side",
         "Chaired by Mehmet Tahmazoğlu, President, Union of Turkish World Municipalities"),
        ("tr", "Rol", "Başkan", "Kurul üyesi", "Sekreter (raportör)", "Ev sahibi tarafı",
         "Toplantı başkanı Mehmet Tahmazoğlu, Başkan, Türk Dünyası Belediyeler Birliği"),
    ],
)  # fmt: skip
def test_the_meeting_page_names_the_chair_and_shows_roles(
    client, board, lang, head, chair_row, member, secretary, host_side, chaired
):
    response = client.get(f"/{lang}/meetings/{board.pk}/")
    page = text_of(response)
    assert chaired in page
    rows = _participant_rows(response, board)
    assert rows[0][2] == head
    assert rows[1][0] == "Mehmet Tahmazoğlu" and rows[1][2] == chair_row
    assert rows[2][0] == "Mehmet Özhaseki"
    roles = {row[0]: row[2] for row in rows[1:]}
    assert roles["Taalaibek Sarybashov"] == member
    assert roles["Rasim Arı"] == member  # the role, where there is one, before the side
    assert roles["Fahri Solak"] == secretary
    assert roles["Memduh Büyükkılıç"] == host_side
    assert "Other participant" not in page and "Diğer katılımcı" not in page
    # The chair's name leads to their page, and their page back to the meeting.
    chair = board.chair.person
    assert f'href="/{lang}/people/{chair.slug}/"' in response.content.decode()
    person_page = client.get(f"/{lang}/people/{chair.slug}/").content.decode()
    assert f'href="/{lang}/meetings/{board.pk}/#participants-{board.pk}"' in person_page


@pytest.mark.parametrize("lang", LANGS)
def test_a_meeting_without_roles_or_sides_has_no_third_column(client, home, lang):
    meeting = factories.meeting(visit=None, host=home, is_published=True, title_en="Gathering")
    participant(meeting, "Ayşe Yılmaz", home, title_en="Adviser")
    participant(meeting, "Ali Kaya", home, title_en="Adviser")
    response = client.get(f"/{lang}/meetings/{meeting.pk}/")
    rows = _participant_rows(response, meeting)
    assert [len(row) for row in rows] == [2, 2, 2]
    page = text_of(response)
    assert "Chaired by" not in page and "Toplantı başkanı" not in page


@pytest.mark.parametrize(
    ("lang", "host", "guest"),
    [("en", "Host side", "Guest side"), ("tr", "Ev sahibi tarafı", "Misafir tarafı")],
)
def test_a_visits_meeting_keeps_its_sides(client, seed_visit, lang, host, guest):
    meeting = seed_visit.meetings.get()
    rows = _participant_rows(client.get(f"/{lang}/meetings/{meeting.pk}/"), meeting)
    sides = {row[0]: row[2] for row in rows[1:]}
    assert sides["Fahri Solak"] == host
    assert sides["Aliya Şalkarova"] == guest
    # The visit page shows the same table.
    visit_page = client.get(seed_visit.get_absolute_url().replace("/en/", f"/{lang}/"))
    assert host in text_of(visit_page)


@pytest.mark.parametrize(("lang", "label"), [("en", "Chaired by"), ("tr", "Toplantı başkanı")])
def test_the_meeting_list_names_the_chair(client, board, lang, label):
    response = client.get(f"/{lang}/meetings/")
    body = response.content.decode()
    assert f'href="/{lang}/meetings/{board.pk}/"' in body
    assert f"{label} Mehmet Tahmazoğlu" in text_of(response)
    assert f'href="/{lang}/people/{board.chair.person.slug}/"' in body


def test_the_meeting_list_names_chairs_in_the_same_queries(
    client, board, django_assert_max_num_queries
):
    # The years, the count, the page (the chair's name and address within
    # it), the decisions: as many boards as a page holds, each with a chair.
    with django_assert_max_num_queries(4):
        assert client.get("/en/meetings/").status_code == 200
    for n in range(15):
        meeting = factories.meeting(visit=None, host=board.host, is_published=True)
        participant(meeting, f"Chair {n}", board.host, Role.CHAIR)
    with django_assert_max_num_queries(4):
        response = client.get("/en/meetings/")
    assert "Chaired by Chair 14" in text_of(response)


# --- The publication rule ------------------------------------------------------------


def test_an_unpublished_board_and_its_chair_vanish_for_the_public(client, viewer_client, board):
    Meeting.objects.filter(pk=board.pk).update(is_published=False)
    chair = board.chair.person
    assert client.get(f"/en/meetings/{board.pk}/").status_code == 404
    assert f"/meetings/{board.pk}/" not in client.get(f"/en/people/{chair.slug}/").content.decode()
    response = viewer_client.get(f"/en/meetings/{board.pk}/")
    assert "tag-draft" in response.content.decode()
    assert "Chaired by Mehmet Tahmazoğlu" in text_of(response)
    staff_view = viewer_client.get(f"/en/people/{chair.slug}/").content.decode()
    assert f"/meetings/{board.pk}/" in staff_view


# --- The person page -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "chair", "member", "plain"),
    [("en", "chair", "board member", "participant"), ("tr", "başkan", "kurul üyesi", "katılımcı")],
)
def test_the_person_page_names_the_role(client, board, lang, chair, member, plain):
    by_name = {p.person.name: p.person for p in board.participants.all()}
    tags = re.compile(r'<span class="tag">([^<]+)</span>')

    def labels(name):
        return tags.findall(client.get(f"/{lang}/people/{by_name[name].slug}/").content.decode())

    assert chair in labels("Mehmet Tahmazoğlu")
    assert member in labels("Taalaibek Sarybashov")
    assert plain in labels("Memduh Büyükkılıç")  # no role: a participant


# --- Print and PDF -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "chaired", "member", "other"),
    [
        ("en", "Chaired by Mehmet Tahmazoğlu, President", "Board member", "Other participant"),
        ("tr", "Toplantı başkanı Mehmet Tahmazoğlu, Başkan", "Kurul üyesi", "Diğer katılımcı"),
    ],
)
def test_the_printed_summary_names_the_chair(client, board, lang, chaired, member, other):
    page = text_of(client.get(f"/{lang}/meetings/{board.pk}/summary/"))
    assert chaired in page
    assert member in page
    assert other not in page
    assert page.index("Mehmet Tahmazoğlu") < page.index("Memduh Büyükkılıç")


@needs_pdf
def test_the_pdf_names_the_chair_and_the_roles(client, board):
    _pages, text = pdf_text(client.get(f"/en/meetings/{board.pk}/summary.pdf"))
    assert "Chaired by Mehmet Tahmazoğlu, President" in text
    for fact in ("Board member", "Secretary (rapporteur)", "Deputy chair", "Host side"):
        assert fact in text, fact
    assert "Other participant" not in text
    # The participants table starts with the chair.
    table = text[text.index("Participants") :]
    assert table.index("Mehmet Tahmazoğlu") < table.index("Mehmet Özhaseki")
    assert table.index("Mehmet Özhaseki") < table.index("Memduh Büyükkılıç")


@needs_pdf
def test_the_turkish_pdf_names_the_chair(client, board):
    _pages, text = pdf_text(client.get(f"/tr/meetings/{board.pk}/summary.pdf"))
    assert "Toplantı başkanı Mehmet Tahmazoğlu, Başkan" in text
    assert "Kurul üyesi" in text and "Sekreter (raportör)" in text


# --- The admin -----------------------------------------------------------------------


def _rows(meeting, people):
    """Participant rows for the admin form: [(person, role, side)] as posted."""
    data = {"participants-TOTAL_FORMS": [str(len(people))]}
    for n, (person, role, side) in enumerate(people):
        data.update(
            {
                f"participants-{n}-role": [role],
                f"participants-{n}-side": [side],
                f"participants-{n}-order": [str(n + 1)],
                f"participants-{n}-person": [str(person.pk)],
                f"participants-{n}-organization": [str(meeting.host_id)],
                f"participants-{n}-title_en": ["Mayor"],
                f"participants-{n}-meeting": [str(meeting.pk)],
            }
        )
    return data


@pytest.fixture
def empty_board(home):
    return factories.meeting(
        visit=None, kind=Meeting.Kind.BOARD, host=home, title_en="Administrative board"
    )


@pytest.mark.parametrize("who", ["superuser_client", "editor_client"])
def test_staff_save_a_board_meeting_with_a_chair(request, empty_board, who):
    client = request.getfixturevalue(who)
    url = reverse("admin:visits_meeting_change", args=[empty_board.pk])
    page = client.get(url)
    body = page.content.decode()
    # The role comes before the side on each row.
    assert body.index('name="participants-0-role"') < body.index('name="participants-0-side"')
    data = form_data(page)
    chair, member = factories.person(name="Chair Person"), factories.person(name="Member")
    data.update(_rows(empty_board, [(member, "board_member", ""), (chair, "chair", "")]))
    response = client.post(url, data)
    assert response.status_code == 302, errors(response)
    assert empty_board.chair.person == chair
    assert [p.person for p in empty_board.participants.all()] == [chair, member]


def test_two_chairs_in_one_save_are_refused(editor_client, empty_board):
    url = reverse("admin:visits_meeting_change", args=[empty_board.pk])
    data = form_data(editor_client.get(url))
    first, second = factories.person(), factories.person()
    data.update(_rows(empty_board, [(first, "chair", ""), (second, "chair", "")]))
    response = editor_client.post(url, data)
    assert "A meeting has one chair" in errors(response)
    assert not empty_board.participants.exists()


def test_a_second_chair_beside_a_saved_one_is_refused(editor_client, board):
    url = reverse("admin:visits_meeting_change", args=[board.pk])
    data = form_data(editor_client.get(url))
    n = int(data["participants-TOTAL_FORMS"][0])
    newcomer = factories.person(name="Second Chair")
    data.update(
        {
            "participants-TOTAL_FORMS": [str(n + 1)],
            f"participants-{n}-role": ["chair"],
            f"participants-{n}-order": ["9"],
            f"participants-{n}-person": [str(newcomer.pk)],
            f"participants-{n}-organization": [str(board.host_id)],
            f"participants-{n}-meeting": [str(board.pk)],
        }
    )
    response = editor_client.post(url, data)
    assert "A meeting has one chair" in errors(response)
    assert board.participants.filter(role="chair").count() == 1


def test_a_viewer_cannot_name_a_chair(viewer_client, empty_board):
    url = reverse("admin:visits_meeting_change", args=[empty_board.pk])
    data = form_data(viewer_client.get(url))
    data.update(_rows(empty_board, [(factories.person(), "chair", "")]))
    assert viewer_client.post(url, data).status_code == 403
    assert not empty_board.participants.exists()


def test_the_participant_list_filters_by_role(superuser_client, board):
    url = reverse("admin:visits_meetingparticipant_changelist")
    page = text_of(superuser_client.get(url + "?role=chair"))
    assert "Mehmet Tahmazoğlu" in page
    assert "Memduh Büyükkılıç" not in page


# --- Query budgets -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_board_with_roles_keeps_the_meeting_page_budget(
    client, board, django_assert_max_num_queries, lang
):
    url = f"/{lang}/meetings/{board.pk}/"
    with django_assert_max_num_queries(BUDGET):
        assert client.get(url).status_code == 200
    _grow(board)
    MeetingParticipant.objects.filter(meeting=board, role="").update(role=Role.MEMBER)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url)
    page = text_of(response)
    assert page.count("Mehmet Tahmazoğlu") >= 2  # named in the summary and first in the table
    assert _participant_rows(response, board)[1][0] == "Mehmet Tahmazoğlu"


# A board meeting's printed summary: the meeting with host, convener and visit
# (1); participants (chair first, no query more), agenda, statements,
# decisions, gifts, gifts' photos, photos, signed protocols (8); the union for
# the letterhead (1); once it names protocols, their fields and signatories (+3).
SUMMARY_BUDGET = 13


@pytest.mark.parametrize("lang", LANGS)
def test_the_printed_summary_keeps_a_fixed_budget(
    client, board, django_assert_max_num_queries, lang
):
    url = f"/{lang}/meetings/{board.pk}/summary/"
    with django_assert_max_num_queries(SUMMARY_BUDGET):
        assert client.get(url).status_code == 200
    _grow(board)
    with django_assert_max_num_queries(SUMMARY_BUDGET):
        response = client.get(url)
    assert "Gift 24" in response.content.decode()
