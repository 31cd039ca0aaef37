"""Nothing lost: every record's history answers, a deleted visit or meeting
comes back in full from the admin, a stale form never overwrites rows changed
elsewhere."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from simple_history.models import registered_models

from tests import factories
from tests.factories import staff

pytestmark = pytest.mark.django_db


def history_models():
    return sorted(registered_models.values(), key=lambda model: model._meta.label)


def fresh(model):
    """A new record of `model` that nothing points at, so it can be deleted."""
    from visits.models import Event, Project

    makers = {
        "municipalities.Organization": factories.organization,
        "municipalities.Person": factories.person,
        "municipalities.Protocol": factories.protocol,
        "visits.Event": lambda: Event.objects.create(name_en="Film festival"),
        "visits.Meeting": factories.meeting,
        "visits.Visit": factories.visit,
        "visits.Project": lambda: Project.objects.create(name_en="Interactive display"),
    }
    return makers[model._meta.label]()


def deleted_record(model):
    """The id of a record of `model` deleted just now."""
    for obj in model._default_manager.all():
        try:
            with transaction.atomic():
                pk = obj.pk
                obj.delete()
            return pk
        except ProtectedError:
            continue
    obj = fresh(model)
    pk = obj.pk
    obj.delete()
    return pk


def assert_history_answers(client, model, pk):
    info = model._meta.app_label, model._meta.model_name
    history = reverse("admin:{}_{}_history".format(*info), args=[pk])
    assert client.get(history).status_code == 200, history
    versions = model.history.filter(**{model._meta.pk.attname: pk})
    assert versions.exists()
    for version in versions:
        page = reverse("admin:{}_{}_simple_history".format(*info), args=[pk, version.history_id])
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("model", history_models(), ids=lambda m: m._meta.label)
def test_every_history_page_answers_for_a_record_and_a_deleted_one(
    superuser_client,
    full_record,
    model,
):
    existing = model._default_manager.first()
    if existing is None:
        existing = fresh(model)
    existing.save()  # a second version
    assert_history_answers(superuser_client, model, existing.pk)
    assert_history_answers(superuser_client, model, deleted_record(model))


# --- Deleting is undoable in full -----------------------------------------------------


def snapshot():
    """Every record of both apps and every many-to-many link, field by field.
    `updated_at` says when a record was last changed, and a restore is a change."""
    from django.apps import apps

    from portal.models import Deletion, SiteVersion
    from visits.models import VisitTally

    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in ("municipalities", "visits"):
            continue
        # Not records: the restore's own log, the cache's counter, history,
        # and the home page's tallies (recounted, rows made afresh).
        if model in (Deletion, SiteVersion, VisitTally) or model.__name__.startswith("Historical"):
            continue
        auto = model._meta.auto_created  # a link table: its own ids are new
        values = [
            {k: v for k, v in row.items() if k != "updated_at" and not (auto and k == "id")}
            for row in model._base_manager.values()
        ]
        rows[model._meta.label] = sorted(values, key=repr)
    return rows


def admin_url(obj_or_model, name, *args):
    opts = obj_or_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


def delete_in_admin(client, obj):
    response = client.post(admin_url(obj, "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 302, response.content
    assert not type(obj)._base_manager.filter(pk=obj.pk).exists()


def restore_page(client, model, pk):
    """From the changelist's "Recently deleted" to the record's page there."""
    changelist = client.get(admin_url(model, "changelist"))
    deleted_url = admin_url(model, "deleted")
    assert deleted_url in changelist.text
    listed = client.get(deleted_url)
    assert listed.status_code == 200
    version = model.history.filter(id=pk).latest("history_date")
    page_url = admin_url(model, "simple_history", pk, version.history_id)
    assert page_url in listed.text
    return page_url


def restore_in_admin(client, model, pk):
    page_url = restore_page(client, model, pk)
    page = client.get(page_url)
    assert page.status_code == 200 and "Restore" in page.text
    return client.post(page_url, {"_restore": "Restore"}, follow=True)


@pytest.fixture
def full_meeting(full_record):
    """The seed meeting with one of every kind of row, a gift's photo and a
    signed protocol among them."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from visits.models import Gift, Photo

    meeting = full_record.meetings.get()
    meeting.signed_protocols.add(meeting.agenda_items.exclude(protocol=None).first().protocol)
    gift = Gift.objects.filter(meeting=meeting).first() or Gift.objects.create(
        meeting=meeting, given_by_organization=meeting.host, given_to_organization=meeting.host,
        description_en="A plaque",
    )  # fmt: skip
    png = BytesIO()
    Image.new("RGB", (40, 30), "navy").save(png, "PNG")
    Photo.objects.create(
        gift=gift, image=SimpleUploadedFile("plaque.png", png.getvalue(), "image/png")
    )
    for rows in ("participants", "agenda_items", "statements", "decisions", "gifts", "photos"):
        assert getattr(meeting, rows).exists(), rows
    return meeting


def test_a_meeting_deleted_in_the_admin_comes_back_in_full(client, full_meeting):
    from visits.models import Decision, Meeting, Statement

    editor = staff("editor", "Secretariat editor")
    client.force_login(editor)
    before = snapshot()
    delete_in_admin(client, full_meeting)
    assert not Statement.objects.filter(meeting_id=full_meeting.pk).exists()
    assert not Decision.objects.filter(meeting_id=full_meeting.pk).exists()

    response = restore_in_admin(client, Meeting, full_meeting.pk)

    assert response.redirect_chain[-1][0] == admin_url(full_meeting, "change", full_meeting.pk)
    assert snapshot() == before
    assert Meeting.history.filter(id=full_meeting.pk).latest("history_date").history_user == editor


def test_a_visit_with_meetings_comes_back_in_full(superuser_client, full_meeting):
    from visits.models import DelegationMember, Meeting, Visit

    visit = full_meeting.visit
    DelegationMember.objects.create(
        visit=visit, person=full_meeting.participants.first().person, organization=visit.guest
    )
    before = snapshot()
    # A visit keeps its meetings (deleting it with them is refused): they go first.
    delete_in_admin(superuser_client, full_meeting)
    delete_in_admin(superuser_client, visit)

    # The meeting cannot come back before its visit, and says so.
    refused = restore_in_admin(superuser_client, Meeting, full_meeting.pk)
    assert f"visit “{visit.title_en}” (#{visit.pk})" in refused.text
    assert "Nothing was restored" in refused.text
    assert not Meeting.objects.filter(pk=full_meeting.pk).exists()

    restore_in_admin(superuser_client, Visit, visit.pk)
    restore_in_admin(superuser_client, Meeting, full_meeting.pk)
    assert snapshot() == before


def test_a_viewer_cannot_restore(client, full_meeting):
    from visits.models import Meeting

    pk = full_meeting.pk
    full_meeting.delete()
    before = snapshot()
    client.force_login(staff("viewer", "Viewer"))
    page_url = restore_page(client, Meeting, pk)
    page = client.get(page_url)
    assert page.status_code == 200 and 'name="_restore"' not in page.text
    assert client.post(page_url, {"_restore": "Restore"}).status_code == 403
    assert snapshot() == before


def test_a_restore_that_would_name_a_deleted_person_changes_nothing(superuser_client, full_meeting):
    from visits.models import Meeting, MeetingParticipant

    newcomer = factories.person(name="Aidos Newcomer")
    MeetingParticipant.objects.create(
        meeting=full_meeting, person=newcomer, organization=full_meeting.host
    )
    delete_in_admin(superuser_client, full_meeting)
    delete_in_admin(superuser_client, newcomer)
    before = snapshot()

    refused = restore_in_admin(superuser_client, Meeting, full_meeting.pk)

    assert "Nothing was restored" in refused.text
    assert f"person “Aidos Newcomer” (#{newcomer.pk})" in refused.text
    assert snapshot() == before


def test_a_meeting_deleted_before_deletion_groups_comes_back_with_its_rows(
    superuser_client, full_meeting
):
    """Deleted outside the admin (or before this change): its rows are found by
    who deleted them, when, and what they point at."""
    from visits.models import Meeting

    before, pk = snapshot(), full_meeting.pk
    full_meeting.delete()  # no group; its signed protocols are not kept then

    restore_in_admin(superuser_client, Meeting, pk)

    after = snapshot()
    links = "visits.Meeting_signed_protocols"
    assert after.pop(links) == [] and before.pop(links) != []
    assert after == before


# --- A stale form never overwrites rows changed elsewhere ------------------------


def stale_form_errors(response):
    assert response.status_code == 200, response.status_code  # shown again, not saved
    found = [str(e) for e in response.context["adminform"].form.non_field_errors()]
    for formset in response.context["inline_admin_formsets"]:
        found += [str(e) for e in formset.formset.non_form_errors()]
    return " ".join(found)


@pytest.fixture
def two_editors(client, seed_visit):
    from django.test import Client

    from visits.models import Decision

    meeting = seed_visit.meetings.get()
    Decision.objects.create(meeting=meeting, text_en="Share experience programmes.")
    client.force_login(staff("editor", "Secretariat editor"))
    colleague = Client()
    colleague.force_login(staff("colleague", "Secretariat editor"))
    return meeting, client, colleague


def open_meeting_form(client, meeting):
    from tests.admin_forms import form_data

    return form_data(client.get(admin_url(meeting, "change", meeting.pk)))


def test_a_decision_marked_done_elsewhere_is_not_reverted_by_a_stale_form(two_editors):
    from visits.models import Decision

    meeting, client, colleague = two_editors
    mine = open_meeting_form(client, meeting)  # I open the meeting…
    decision = meeting.decisions.get()
    colleague.post(  # …a colleague marks its decision done from the decisions' list…
        admin_url(Decision, "changelist"),
        {"action": "mark_decisions_done", "_selected_action": [decision.pk]},
    )
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DONE

    mine["title_en"] = ["My new title"]
    message = stale_form_errors(client.post(admin_url(meeting, "change", meeting.pk), mine))

    assert "decision “Share experience programmes.”" in message
    assert "colleague" in message and "status" in message
    assert "Your changes were not saved" in message
    decision.refresh_from_db()
    meeting.refresh_from_db()
    assert decision.status == Decision.Status.DONE
    assert meeting.title_en != "My new title"


def test_a_statement_edited_in_its_own_admin_is_not_reverted_by_a_stale_form(two_editors):
    from tests.admin_forms import post_form

    meeting, client, colleague = two_editors
    mine = open_meeting_form(client, meeting)
    statement = meeting.statements.order_by("order").first()
    before = statement.text_en
    response = post_form(
        colleague, admin_url(statement, "change", statement.pk), {"text_en": "Corrected quote."}
    )
    assert response.status_code == 302

    message = stale_form_errors(client.post(admin_url(meeting, "change", meeting.pk), mine))

    assert "statement “" in message and f"(#{statement.pk})" in message
    assert "colleague" in message and "Corrected quote." in message
    statement.refresh_from_db()
    assert statement.text_en == "Corrected quote." != before


def test_a_row_of_another_meeting_changed_meanwhile_does_not_stop_the_save(two_editors):
    """Only rows shown in the form count: the save goes through."""
    from visits.models import Decision

    meeting, client, colleague = two_editors
    mine = open_meeting_form(client, meeting)
    elsewhere = Decision.objects.create(meeting=factories.meeting(), text_en="Another matter.")
    colleague.post(
        admin_url(Decision, "changelist"),
        {"action": "mark_decisions_done", "_selected_action": [elsewhere.pk]},
    )

    mine["title_en"] = ["My new title"]
    response = client.post(admin_url(meeting, "change", meeting.pk), mine)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title_en == "My new title"


# --- What the "Recently deleted" list costs ----------------------------------------


def delete_all(model):
    """Delete every row of `model` that nothing protects (cascades included)."""
    for obj in list(model._default_manager.all()):
        try:
            with transaction.atomic():
                obj.delete()
        except ProtectedError:
            continue


@pytest.mark.parametrize("model", history_models(), ids=lambda m: m._meta.label)
def test_the_deleted_list_keeps_its_query_budget(
    superuser_client, full_record, model, django_assert_max_num_queries
):
    delete_all(model)
    info = model._meta.app_label, model._meta.model_name
    # Session, user, the deleted versions (with who deleted them), then one
    # query per relation of the model whose rows the labels name (a post's
    # person and organisation, a statement's speaker...), whatever the number
    # of entries: at most 5 relations on any model.
    with django_assert_max_num_queries(8):
        response = superuser_client.get(reverse("admin:{}_{}_deleted".format(*info)))
    assert response.status_code == 200


def test_the_deleted_list_costs_the_same_for_one_entry_or_many(superuser_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from municipalities.models import Post

    url = reverse("admin:municipalities_post_deleted")

    def queries_for_the_list():
        with CaptureQueriesContext(connection) as queries:
            page = superuser_client.get(url)
        return len(queries), page.text

    factories.post(title_en="Deputy Mayor").delete()
    one, _page = queries_for_the_list()
    for _ in range(5):
        factories.post(title_en="Deputy Mayor").delete()
    many, page = queries_for_the_list()
    assert page.count("Deputy Mayor") == 6  # each labelled with its person
    assert many == one
    assert Post.objects.count() == 0


def test_the_restore_page_keeps_its_query_budget(
    superuser_client, full_meeting, django_assert_max_num_queries
):
    from visits.models import Meeting

    pk = full_meeting.pk
    delete_in_admin(superuser_client, full_meeting)
    page_url = restore_page(superuser_client, Meeting, pk)
    # Session, user, the version, the deletion group and its rows (one query
    # per row model with history), the version's related rows by name (visit,
    # host, organiser): fixed by the models, not by the rows (17 today).
    with django_assert_max_num_queries(18):
        response = superuser_client.get(page_url)
    assert response.status_code == 200
