"""The glossary of titles and organisation-name patterns (issue 13): the lookup
rules, the checks on a term, what staff may do with it, the forms' marked
fields and the action that fills stored records (confirmed first).

The same rules in the browser (static/js/glossary.js): test_browser_glossary.py."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from municipalities.models import Organization, Post
from portal.glossary import Glossary, fill, proposals, seed_glossary, seed_rows, translate
from portal.models import GlossaryTerm
from tests import factories

TITLE, PATTERN = GlossaryTerm.Kind.TITLE, GlossaryTerm.Kind.PATTERN


@pytest.fixture(scope="module")
def seeded():
    """The glossary of the data file, without a database."""
    return Glossary([GlossaryTerm(**row) for row in seed_rows()])


@pytest.fixture
def glossary(db):
    """The stored glossary, as the migration seeded it (a transactional test
    before this one may have emptied the table)."""
    seed_glossary()


# --- The rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "typed", "to", "expected"),
    [
        (TITLE, "Mayor", "tr", "Belediye Başkanı"),
        (TITLE, "  deputy   MAYOR ", "tr", "Belediye Başkan Yardımcısı"),
        (TITLE, "interpreter", "tr", "Tercüman"),
        (TITLE, "INTERPRETER", "tr", "Tercüman"),
        (TITLE, "Deputy Secretary General", "tr", "Genel Sekreter Yardımcısı"),
        (TITLE, "District Governor", "tr", "Kaymakam"),
        # Turkish typed: İ and i, I and ı are one letter; typed on an English
        # keyboard (BELEDIYE) too.
        (TITLE, "Belediye Başkanı", "en", "Mayor"),
        (TITLE, "BELEDİYE BAŞKANI", "en", "Mayor"),
        (TITLE, "BELEDIYE BAŞKANI", "en", "Mayor"),
        (TITLE, "il müdürü", "en", "Provincial Director"),
        (TITLE, "İL MÜDÜRÜ", "en", "Provincial Director"),
        # Two English for one Turkish: the preferred one answers.
        (TITLE, "Başkan", "en", "President"),
        (TITLE, "Chair", "tr", "Başkan"),
        (TITLE, "Danışman", "en", "Advisor"),
        # Patterns: the longest fixed text first; the name as typed.
        (PATTERN, "Kayseri Metropolitan Municipality", "tr", "Kayseri Büyükşehir Belediyesi"),
        (PATTERN, "İzmir metropolitan  municipality", "tr", "İzmir Büyükşehir Belediyesi"),
        (PATTERN, "Üsküdar Municipality", "tr", "Üsküdar Belediyesi"),
        (PATTERN, "Turkistan City Hall", "tr", "Turkistan Belediyesi"),
        (PATTERN, "Zeytinburnu District Municipality", "tr", "Zeytinburnu İlçe Belediyesi"),
        (PATTERN, "Embassy of Kazakhstan", "tr", "Kazakhstan Büyükelçiliği"),
        (PATTERN, "Consulate General of Azerbaijan", "tr", "Azerbaijan Başkonsolosluğu"),
        (PATTERN, "Almaty City Akimat", "tr", "Almaty Şehir Akimliği"),
        (PATTERN, "Kayseri Büyükşehir Belediyesi", "en", "Kayseri Metropolitan Municipality"),
        (PATTERN, "Zeytinburnu Belediyesi", "en", "Zeytinburnu Municipality"),
        (PATTERN, "İstanbul Valiliği", "en", "Governorship of İstanbul"),
        (PATTERN, "Bakü Başkonsolosluğu", "en", "Consulate General of Bakü"),
    ],
)
def test_the_other_language_comes_from_the_glossary(seeded, kind, typed, to, expected):
    assert seeded.translate(kind, typed, to) == expected


@pytest.mark.parametrize(
    ("kind", "typed", "to"),
    [
        (TITLE, "Mayor of Kayseri", "tr"),  # not a term: nothing is made up
        (TITLE, "Belediye Baskani", "en"),  # ş and ı are letters of their own
        (TITLE, "", "tr"),
        (TITLE, "   ", "tr"),
        (TITLE, "Kayseri Municipality", "tr"),  # a title field uses no name pattern
        (PATTERN, "Mayor", "tr"),  # a name field uses no title
        (PATTERN, "Municipality", "tr"),  # the pattern without a name
        (PATTERN, " Municipality", "tr"),
        (PATTERN, "Belediyesi", "en"),
        (PATTERN, "Ministry of Culture", "tr"),  # Turkish needs an inflection: no pattern
        (PATTERN, "Embassy offices", "tr"),  # "Embassy of " with its space
        (PATTERN, "KayseriMunicipality", "tr"),
    ],
)
def test_nothing_is_proposed_where_nothing_matches(seeded, kind, typed, to):
    assert seeded.translate(kind, typed, to) == ""


def test_the_seed_is_real_and_stored_once(glossary):
    rows = seed_rows()
    assert sum(row["kind"] == TITLE for row in rows) >= 40
    assert sum(row["kind"] == PATTERN for row in rows) >= 12
    assert GlossaryTerm.objects.count() == len(rows)
    assert seed_glossary() == 0  # idempotent: what is there is kept
    # Each with its first history record, as a term added in the admin.
    assert GlossaryTerm.history.filter(history_type="+").count() == len(rows)
    for row in rows:  # every seeded term passes the checks staff's terms pass
        GlossaryTerm.objects.get(kind=row["kind"], english=row["english"]).full_clean()
    assert translate(TITLE, "Deputy Mayor") == "Belediye Başkan Yardımcısı"


def test_a_term_added_by_staff_is_used_at_once(glossary):
    GlossaryTerm.objects.create(kind=TITLE, english="Hakim", turkish="Hakim Yardımcısı")
    assert translate(TITLE, "hakim") == "Hakim Yardımcısı"


# --- Checks on a term ---------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "turkish", "field"),
    [
        ("Metropolitan Municipality", "{name} Büyükşehir Belediyesi", "english"),
        ("{name} Municipality", "Belediyesi", "turkish"),
        ("{name} {name} Municipality", "{name} Belediyesi", "english"),
        ("{name}", "{name}", "english"),
    ],
)
def test_a_pattern_holds_one_name_on_each_side(db, english, turkish, field):
    term = GlossaryTerm(kind=PATTERN, english=english, turkish=turkish)
    with pytest.raises(ValidationError) as refused:
        term.full_clean()
    assert "A pattern holds {name} exactly once" in str(refused.value.message_dict[field])


def test_a_title_holds_no_name(db):
    with pytest.raises(ValidationError) as refused:
        GlossaryTerm(kind=TITLE, english="Mayor of {name}", turkish="x").full_clean()
    assert "A title holds no {name}" in str(refused.value.message_dict["english"])


def test_a_term_is_there_once_with_case_and_i_letters_ignored(glossary):
    with pytest.raises(ValidationError) as refused:
        GlossaryTerm(kind=TITLE, english=" MAYOR ", turkish="Başkan Bey").full_clean()
    assert "has this English term already" in str(refused.value.message_dict["english"])
    # The same Turkish as a preferred term: refused; not preferred: welcome.
    twin = GlossaryTerm(kind=TITLE, english="Lord Mayor", turkish="BELEDİYE BAŞKANI")
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert "untick “preferred”" in str(refused.value.message_dict["turkish"])
    twin.preferred = False
    twin.full_clean()
    twin.save()
    assert translate(TITLE, "Belediye Başkanı", to="en") == "Mayor"
    assert translate(TITLE, "Lord Mayor") == "BELEDİYE BAŞKANI"
    # The same English may be a title and a pattern's text: kinds apart.
    GlossaryTerm(kind=PATTERN, english="Mayor {name}", turkish="{name} Başkan").full_clean()


def test_the_database_refuses_a_twin_too(glossary):
    with pytest.raises(IntegrityError), transaction.atomic():
        GlossaryTerm.objects.create(kind=TITLE, english="MAYOR", turkish="Başkan Bey")
    with pytest.raises(IntegrityError), transaction.atomic():
        GlossaryTerm.objects.create(kind=TITLE, english="Lord Mayor", turkish="belediye başkanı")
    GlossaryTerm.objects.create(
        kind=TITLE, english="Lord Mayor", turkish="belediye başkanı", preferred=False
    )


# --- Who may do what -------------------------------------------------------------


def test_editors_add_and_change_terms_viewers_see_them(editor, viewer, staff_no_group):
    assert editor.has_perms(
        ["portal.add_glossaryterm", "portal.change_glossaryterm", "portal.view_glossaryterm"]
    )
    assert not editor.has_perm("portal.delete_glossaryterm")
    assert viewer.has_perm("portal.view_glossaryterm")
    assert not viewer.has_perm("portal.change_glossaryterm")
    assert not viewer.has_perm("portal.add_glossaryterm")
    assert not staff_no_group.has_perm("portal.view_glossaryterm")


def test_an_editor_adds_a_term_in_the_admin_with_clear_messages(editor_client, glossary):
    url = reverse("admin:portal_glossaryterm_add")
    data = {"kind": PATTERN, "english": "{name} Municipality", "turkish": "x", "preferred": "on"}
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "The glossary has this English term already." in response.text
    assert "A pattern holds {name} exactly once" in response.text
    data |= {"english": "{name} Regional Administration", "turkish": "{name} Bölge Yönetimi"}
    assert editor_client.post(url, data).status_code == 302
    term = GlossaryTerm.objects.get(english="{name} Regional Administration")
    assert term.history.get().history_user.username == "editor"
    listing = editor_client.get(reverse("admin:portal_glossaryterm_changelist"), {"q": "büyük"})
    assert "{name} Büyükşehir Belediyesi" in listing.text


def test_the_forms_get_the_glossary_from_an_admin_view(
    client, editor_client, staff_no_group_client, glossary, django_assert_max_num_queries
):
    url = reverse("admin:portal_glossaryterm_lookup")
    # session, user, permissions of the user, of the groups, the glossary
    with django_assert_max_num_queries(5):
        response = editor_client.get(url)
    assert response.status_code == 200
    data = response.json()
    assert data["note"] == "From the glossary — check"
    assert data["kinds"]["title"]["en"]["exact"]["mayor"] == "Belediye Başkanı"
    assert data["kinds"]["title"]["tr"]["exact"]["belediye başkani"] == "Mayor"
    assert data["kinds"]["pattern"]["en"]["patterns"][0] == [
        "",
        " chamber of commerce and industry",
        "{name} Ticaret ve Sanayi Odası",
    ]
    turkish = editor_client.get(url.replace("/en/", "/tr/"))
    assert turkish.json()["note"] == "Sözlükten alındı — kontrol edin"
    assert staff_no_group_client.get(url).status_code == 403
    assert client.get(url).status_code == 302  # to the login


def test_title_and_name_inputs_are_marked_for_the_script(superuser_client, seed_visit):
    meeting = seed_visit.meetings.get()
    page = superuser_client.get(reverse("admin:visits_meeting_change", args=[meeting.pk])).text
    assert "/static/js/glossary.js" in page
    for name in ("participants-0-title_en", "participants-__prefix__-title_tr"):
        start = page.index(f'name="{name}"')
        tag = page[page.rindex("<input", 0, start) : page.index(">", start)]
        assert 'data-glossary="title"' in tag
    meeting_title = page[page.rindex("<input", 0, page.index('name="title_en"')) :]
    assert "data-glossary" not in meeting_title[: meeting_title.index(">")]
    page = superuser_client.get(reverse("admin:municipalities_organization_add")).text
    assert 'data-glossary="pattern"' in page
    assert 'data-glossary-language="tr"' in page
    for url in (
        reverse("admin:visits_visit_change", args=[seed_visit.pk]),
        reverse("admin:municipalities_post_add"),
        reverse("admin:municipalities_protocol_add"),
    ):
        assert 'data-glossary="title"' in superuser_client.get(url).text, url


# --- Filling stored records ------------------------------------------------------


def run_action(client, url, rows, **extra):
    data = {"action": "fill_from_glossary", ACTION_CHECKBOX_NAME: [r.pk for r in rows], **extra}
    return client.post(url, data, follow=True)


def test_organisations_are_filled_after_a_confirmation(editor_client, glossary):
    kayseri = factories.organization(name_en="Kayseri Metropolitan Municipality")
    typed = factories.organization(name_en="Konya Municipality", name_tr="Konya Belediyesi (KB)")
    turkish = factories.organization(name_en="", name_tr="Bursa Büyükşehir Belediyesi")
    unknown = factories.organization(name_en="Foundation for Culture")
    rows = [kayseri, typed, turkish, unknown]
    url = reverse("admin:municipalities_organization_changelist")

    page = run_action(editor_client, url, rows)
    assert page.status_code == 200
    assert "Fill missing translations from the glossary?" in page.text
    assert "Kayseri Büyükşehir Belediyesi" in page.text
    assert "Bursa Metropolitan Municipality" in page.text
    assert "Konya Belediyesi" not in page.text.split("glossary-proposals")[1]
    assert "Foundation for Culture" not in page.text  # nothing proposed for it
    assert Organization.objects.get(pk=kayseri.pk).name_tr in (None, "")  # not yet

    page = run_action(editor_client, url, rows, confirmed="yes")
    assert "2 fields were filled from the glossary." in page.text
    names = dict(
        Organization.objects.filter(pk__in=[r.pk for r in rows]).values_list("pk", "name_tr")
    )
    assert names[kayseri.pk] == "Kayseri Büyükşehir Belediyesi"
    assert names[typed.pk] == "Konya Belediyesi (KB)"  # never overwritten
    assert Organization.objects.get(pk=turkish.pk).name_en == "Bursa Metropolitan Municipality"
    assert names[unknown.pk] in (None, "")
    record = Organization.objects.get(pk=kayseri.pk).history.first()
    assert record.history_user.username == "editor"
    assert record.name_tr == "Kayseri Büyükşehir Belediyesi"

    page = run_action(editor_client, url, rows)  # nothing left to fill
    assert "The glossary has nothing to fill in the selected records." in page.text


def test_posts_are_filled_and_a_field_filled_meanwhile_is_kept(editor_client, glossary):
    mayor = factories.post(title_en="Mayor")
    interpreter = factories.post(title_en="Interpreter")
    url = reverse("admin:municipalities_post_changelist")
    page = run_action(editor_client, url, [mayor, interpreter])
    assert "Belediye Başkanı" in page.text and "Tercüman" in page.text

    found = proposals(
        Post.objects.filter(pk__in=[mayor.pk, interpreter.pk]), {"title": TITLE}, Glossary.load()
    )
    Post.objects.filter(pk=interpreter.pk).update(title_tr="Çevirmen")  # someone, meanwhile
    assert fill(found) == 1
    assert Post.objects.get(pk=mayor.pk).title_tr == "Belediye Başkanı"
    assert Post.objects.get(pk=interpreter.pk).title_tr == "Çevirmen"


def test_a_viewer_cannot_fill_from_the_glossary(viewer_client, editor_client, glossary):
    kayseri = factories.organization(name_en="Kayseri Metropolitan Municipality")
    url = reverse("admin:municipalities_organization_changelist")
    assert "fill_from_glossary" not in viewer_client.get(url).text
    assert "fill_from_glossary" in editor_client.get(url).text
    for extra in ({}, {"confirmed": "yes"}):
        page = run_action(viewer_client, url, [kayseri], **extra)
        assert "Fill missing translations from the glossary?" not in page.text
    assert Organization.objects.get(pk=kayseri.pk).name_tr in (None, "")


def input_tag(page, name):
    start = page.index(f'name="{name}"')
    return page[page.rindex("<input", 0, start) : page.index(">", start)]


def test_the_quick_post_and_new_organisation_fields_are_marked_too(editor_client, seed_visit):
    """The one form for a new person (its post's title, its new organisation's
    name) and a new host on the visit and meeting forms fill from the glossary
    like the model's own fields."""
    page = editor_client.get(reverse("admin:municipalities_person_add")).text
    assert "/static/js/glossary.js" in page
    for code in ("en", "tr"):
        assert 'data-glossary="title"' in input_tag(page, f"post_title_{code}")
        assert 'data-glossary="pattern"' in input_tag(page, f"new_post_organization_name_{code}")
    for url in (
        reverse("admin:visits_visit_add"),
        reverse("admin:visits_meeting_add") + f"?visit={seed_visit.pk}",
    ):
        page = editor_client.get(url).text
        tag = input_tag(page, "new_host_name_tr")
        assert 'data-glossary="pattern"' in tag and 'data-glossary-language="tr"' in tag, url
