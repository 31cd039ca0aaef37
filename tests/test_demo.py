"""The seed press release, loaded by `manage.py load_demo`: every fact has its
place, and a second run changes nothing."""

import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from municipalities.models import Organization, Protocol
from visits.models import AgendaItem, Gift, MeetingParticipant, Statement, Visit

pytestmark = pytest.mark.django_db


def org(slug):
    return Organization.objects.get(slug=slug)


def test_1_turkistan_municipality_its_province_status_and_highlights(seed_visit):
    turkistan = seed_visit.guest
    assert (turkistan.name_en, turkistan.country.code) == ("Turkistan Municipality", "KZ")
    assert turkistan.kind == Organization.Kind.PROVINCIAL
    assert "Turkestan" in turkistan.other_names
    highlights = " ".join(h.text_en for h in turkistan.highlights.all())
    for fact in (
        "Previously a district",
        "status of a province",
        "Ahmet Yasawi Tomb",
        "UNESCO",
        "airport",
        "1,600 historical buildings",
        "thermal waters",
        "Railways connecting Turkestan to Uzbekistan",
    ):
        assert fact.lower() in highlights.lower(), fact
    assert all(h.text_tr for h in turkistan.highlights.all())


def test_2_deputy_mayor_salkarova_heads_the_delegation(seed_visit):
    head = seed_visit.members.get(role="head")
    assert head.person.name == "Aliya Şalkarova"
    assert (head.organization, head.title_en, head.title_tr) == (
        seed_visit.guest,
        "Deputy Mayor",
        "Belediye Başkan Yardımcısı",
    )
    assert "accompanying delegation" in seed_visit.delegation_description_en
    assert head.person.post_on(seed_visit.start_date).title_en == "Deputy Mayor"


def test_3_the_occasion_is_the_festival_the_union_invited_them_to(seed_visit):
    event = seed_visit.event
    assert event.name_en == "Korkut Ata Turkish World Film Festival"
    assert (event.city, event.country.code) == ("Istanbul", "TR")
    assert (event.start_date, event.start_date_precision) == (datetime.date(2021, 11, 1), "month")
    assert seed_visit.invited_by == org("tdbb")


def test_4_the_visit_to_the_headquarters_and_the_meeting_with_solak(seed_visit):
    union = org("tdbb")
    assert union.is_home and union.short_name == "TDBB"
    assert seed_visit.host == union
    assert seed_visit.direction == Visit.Direction.INCOMING
    assert seed_visit.start_date == datetime.date(2021, 11, 13)
    assert seed_visit.status == Visit.Status.HELD and seed_visit.is_published
    meeting = seed_visit.meetings.get()
    assert meeting.host == union and meeting.venue_en == "TDBB headquarters"
    assert meeting.date == datetime.date(2021, 11, 13)
    solak = meeting.participants.get(side=MeetingParticipant.Side.HOST)
    assert (solak.person.name, solak.organization, solak.title_en) == (
        "Fahri Solak",
        union,
        "Secretary General",
    )
    guest = meeting.participants.get(side=MeetingParticipant.Side.GUEST)
    assert guest.person.name == "Aliya Şalkarova"


def test_5_the_presentation_and_each_statement_in_order(seed_visit):
    meeting = seed_visit.meetings.get()
    presentation = meeting.agenda_items.get(kind=AgendaItem.Kind.PRESENTATION)
    assert presentation.subject == seed_visit.guest
    assert "Turkestan" in presentation.title_en

    statements = list(meeting.statements.select_related("speaker"))
    assert [(s.speaker.name, s.kind) for s in statements] == [
        ("Aliya Şalkarova", Statement.Kind.REPORTED),
        ("Aliya Şalkarova", Statement.Kind.QUOTE),
        ("Fahri Solak", Statement.Kind.QUOTE),
    ]
    assert "thanked TDBB for the invitation" in statements[0].text_en
    for phrase in (
        "previously a district, to the status of a province",
        "investments made in the last 3 years",
        "Ahmet Yasawi Tomb, which is the only work of Kazakhstan in UNESCO",
        "only new airport built during the independence period",
        "approximately 1,600 historical buildings",
        "health tourism with its thermal waters",
        "center of attraction of Kazakhstan",
        "railways connecting Turkestan to Uzbekistan",
        "experiences of Turkey in the field of tourism and city management",
    ):
        assert phrase in statements[1].text_en, phrase
    for phrase in (
        "ready for cooperation on experience sharing",
        "experience sharing programs",
        "strengthen our cooperation with Kazakhstan in every field",
        "participation in Korkut Ata Film Festival and for your visit to our Union",
    ):
        assert phrase in statements[2].text_en, phrase
    assert all(s.text_tr for s in statements)


def test_6_the_two_sister_city_protocols_planned_for_december_2021(seed_visit):
    turkistan = seed_visit.guest
    meeting = seed_visit.meetings.get()
    for district in ("zeytinburnu-municipality", "uskudar-municipality"):
        protocol = Protocol.objects.between(org(district), turkistan).get()
        assert protocol.kind == Protocol.Kind.SISTER_CITY
        assert protocol.status == Protocol.Status.PLANNED
        assert (protocol.planned_date, protocol.planned_date_precision) == (
            datetime.date(2021, 12, 1),
            "month",
        )
        assert protocol.planned_date_display == "December 2021"
        assert org(district).parent == org("istanbul-metropolitan-municipality")
        assert org(district).kind == Organization.Kind.DISTRICT
        assert meeting.agenda_items.filter(protocol=protocol).exists()


def test_7_the_interactive_display_and_other_joint_projects(seed_visit):
    meeting = seed_visit.meetings.get()
    item = meeting.agenda_items.get(kind=AgendaItem.Kind.PROJECT)
    assert item.project.name_en == "Turkish World Interactive Display"
    assert meeting.agenda_items.filter(title_en__icontains="other joint projects").exists()


def test_8_the_gift_exchange_and_the_photo_shoot(seed_visit):
    meeting = seed_visit.meetings.get()
    union, turkistan = org("tdbb"), seed_visit.guest
    exchanged = {(g.given_by_organization, g.given_to_organization) for g in meeting.gifts.all()}
    assert exchanged == {(union, turkistan), (turkistan, union)}
    assert all(g.description_tr for g in Gift.objects.all())
    ceremony = meeting.agenda_items.get(kind=AgendaItem.Kind.CEREMONY)
    assert "photo shoot" in ceremony.title_en


def test_every_reader_text_has_its_turkish_version(seed_visit):
    meeting = seed_visit.meetings.get()
    for record, fields in [
        (seed_visit, ["title", "purpose", "summary", "delegation_description"]),
        (meeting, ["title", "venue", "summary"]),
        (seed_visit.event, ["name"]),
        *((item, ["title"]) for item in meeting.agenda_items.all()),
    ]:
        for field in fields:
            assert getattr(record, f"{field}_en") and getattr(record, f"{field}_tr"), (
                record,
                field,
            )


def _snapshot():
    rows = {}
    for model in apps.get_models():
        values = model._default_manager.order_by("pk").values()
        rows[model._meta.label] = [
            {k: v for k, v in row.items() if k not in ("last_login",)} for row in values
        ]
    return rows


def test_load_demo_is_idempotent_and_prints_a_working_staff_login(client, tmp_path, monkeypatch):
    from visits.management.commands import load_demo

    monkeypatch.setattr(load_demo, "LOGIN_FILE", tmp_path / ".demo-login")
    first = io.StringIO()
    call_command("load_demo", stdout=first)
    before = _snapshot()
    second = io.StringIO()
    call_command("load_demo", stdout=second)

    assert _snapshot() == before
    assert "already loaded" in second.getvalue()
    login = second.getvalue().splitlines()[-1]
    assert login == first.getvalue().splitlines()[-1]
    password = login.split("password ")[1].strip("'")
    user = get_user_model().objects.get(username="secretariat")
    assert user.is_staff and user.check_password(password)
    response = client.post(
        "/en/admin/login/",
        {"username": "secretariat", "password": password, "next": "/en/admin/visits/visit/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/en/admin/visits/visit/"
    assert "Turkistan Municipality delegation visits TDBB" in response.text
