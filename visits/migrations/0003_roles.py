"""The secretariat's roles as groups.

Secretariat editor: adds and changes every visit record and the directory;
deletes a visit's parts (rows of a meeting, posts, highlights, signatories)
but never an organisation or a person; no user management.
Viewer: sees everything in the admin, changes nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Secretariat editor"
VIEWER = "Viewer"
APPS = ("municipalities", "visits")
EDITOR_MAY_NOT_DELETE = {
    ("municipalities", "organization"),
    ("municipalities", "person"),
    ("municipalities", "protocol"),
    ("municipalities", "cooperationfield"),
    ("visits", "visit"),
    ("visits", "event"),
    ("visits", "project"),
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    for app_config in apps.get_app_configs():
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label__in=APPS).exclude(
        content_type__model__startswith="historical"
    )

    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor_perms = [
        perm
        for perm in ours.select_related("content_type")
        if not perm.codename.startswith("delete_")
        or (perm.content_type.app_label, perm.content_type.model) not in EDITOR_MAY_NOT_DELETE
    ]
    editor.permissions.set(editor_perms)

    viewer, _ = Group.objects.get_or_create(name=VIEWER)
    viewer.permissions.set(ours.filter(codename__startswith="view_"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, VIEWER]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("municipalities", "0003_historicalhighlight_historicalorganization_and_more"),
        ("visits", "0002_historicalagendaitem_historicaldecision_and_more"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
