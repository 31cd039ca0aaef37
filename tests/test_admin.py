"""The admin as a superuser: every model's list, add and change pages answer."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def registered_models():
    """Ours and auth's; django-axes's logs are read-only by design."""
    return sorted(
        (m for m in admin.site._registry if m._meta.app_label != "axes"),
        key=lambda model: model._meta.label,
    )


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_answer(superuser_client, full_record, model):
    info = model._meta.app_label, model._meta.model_name
    assert superuser_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    assert superuser_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
    obj = model._default_manager.first()
    if obj is None:  # auth's groups: the seed makes none
        obj = model._default_manager.create(name="Viewers")
    response = superuser_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    assert response.status_code == 200


def test_every_model_is_in_the_admin():
    from django.apps import apps

    ours = {
        m
        for m in apps.get_models()
        if m._meta.app_label in ("municipalities", "visits")
        and not m.__name__.startswith("Historical")  # shown in each record's history
        and m.__name__ != "SiteVersion"  # a counter for the page cache, not a record
        and m.__name__ != "Deletion"  # kept for restores; deleted records have their own list
        and m.__name__ != "VisitTally"  # the home page's counts, kept by the saves
    }
    assert ours - set(admin.site._registry) == set()


@pytest.mark.parametrize(
    ("url", "query", "expected"),
    [
        ("admin:municipalities_person_changelist", "salkarova", "Aliya Şalkarova"),
        ("admin:municipalities_organization_changelist", "uskudar", "Üsküdar Municipality"),
        ("admin:visits_visit_changelist", "TURKESTAN", "Turkistan Municipality delegation"),
        ("admin:visits_statement_changelist", "salkarova", "Aliya Şalkarova"),
        ("admin:visits_gift_changelist", "turkestan", "Gift presented by TDBB"),
    ],
)
def test_admin_search_ignores_case_and_diacritics(
    superuser_client, seed_visit, url, query, expected
):
    response = superuser_client.get(reverse(url), {"q": query})
    assert response.status_code == 200
    assert expected in response.text


def test_the_seed_meeting_form_shows_its_parts(superuser_client, seed_visit):
    meeting = seed_visit.meetings.get()
    response = superuser_client.get(reverse("admin:visits_meeting_change", args=[meeting.pk]))
    for text in ("Fahri Solak", "Ahmet Yasawi Tomb", "Presentation about the city of Turkestan"):
        assert text in response.text


def test_visit_changelist_queries_do_not_grow_with_rows(
    superuser_client, seed_visit, django_assert_max_num_queries
):
    from tests import factories

    for _ in range(30):
        factories.meeting()
    # session, user, count, full count, visits with their meeting counts (one
    # query with guest and host joined), date hierarchy, and the filters'
    # country list.
    with django_assert_max_num_queries(10):
        assert superuser_client.get(reverse("admin:visits_visit_changelist")).status_code == 200
