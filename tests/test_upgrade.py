"""A database made before the site's models moved to `portal` keeps its rows.

The schema is taken back to the nodes before the move (`municipalities` 0009,
`portal` not applied), rows are written through the historical models of that
state, and the migrations are run forward: the rows are found through
`portal.models`, and the content types (with their permissions) moved along.
Runs on SQLite and on PostgreSQL alike (DATABASE_URL)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("municipalities", "0009_clean_control_characters"), ("portal", None)]
# The models as they were then (the content types' too).
OLD_STATE = [
    ("municipalities", "0009_clean_control_characters"),
    ("contenttypes", "0002_remove_content_type_name"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(OLD_STATE).apps


def leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def tables():
    return set(connection.introspection.table_names())


def test_the_site_version_and_deletions_survive_the_move_to_portal(django_user_model):
    from django.contrib.contenttypes.models import ContentType

    user = django_user_model.objects.create_user("secretary", password="x")
    deletion_type = ContentType.objects.get(app_label="portal", model="deletion").pk
    try:
        old = migrate(BEFORE)
        assert {"municipalities_siteversion", "municipalities_deletion"} <= tables()
        assert not {"portal_siteversion", "portal_deletion"} & tables()
        old.get_model("municipalities", "SiteVersion").objects.update_or_create(
            pk=1, defaults={"number": 41}
        )
        deletion = old.get_model("municipalities", "Deletion").objects.create(
            model="visits.meeting",
            object_id="7",
            deleted_by_id=user.pk,
            links={"visits.meeting.signed_protocols": {"7": [3, 5]}},
        )
        old_types = old.get_model("contenttypes", "ContentType").objects
        assert old_types.get(app_label="municipalities", model="deletion").pk == deletion_type
    finally:
        migrate(leaves())

    from portal.models import Deletion, SiteVersion
    from portal.pagecache import bump, current_version

    assert {"portal_siteversion", "portal_deletion"} <= tables()
    assert not {"municipalities_siteversion", "municipalities_deletion"} & tables()
    assert SiteVersion.objects.get(pk=1).number == 41
    assert current_version() == 41
    bump()
    assert current_version() == 42
    moved = Deletion.objects.get(pk=deletion.pk)
    assert (moved.model, moved.object_id, moved.deleted_by) == ("visits.meeting", "7", user)
    assert moved.links == {"visits.meeting.signed_protocols": {"7": [3, 5]}}
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(Deletion).pk == deletion_type
    assert not ContentType.objects.filter(app_label="municipalities", model="deletion").exists()
