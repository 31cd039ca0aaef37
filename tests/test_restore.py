"""Nothing lost: every record's history answers, a deleted visit or meeting
comes back in full from the admin, a stale form never overwrites rows changed
elsewhere."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from simple_history.models import registered_models

from tests import factories
from tests.test_admin import full_record  # noqa: F401 (a fixture)

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
    full_record,  # noqa: F811
    model,
):
    existing = model._default_manager.first()
    if existing is None:
        existing = fresh(model)
    existing.save()  # a second version
    assert_history_answers(superuser_client, model, existing.pk)
    assert_history_answers(superuser_client, model, deleted_record(model))
