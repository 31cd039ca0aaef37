"""The glossary for the secretariat's roles: a Secretariat editor adds and
changes glossary terms (never deletes them), a Viewer sees them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Secretariat editor"
VIEWER = "Viewer"
EDITOR_MAY = ("add_glossaryterm", "change_glossaryterm", "view_glossaryterm")
VIEWER_MAY = ("view_glossaryterm",)


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make the portal's now.
    config = apps.get_app_config("portal")
    previous = getattr(config, "models_module", None)
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = previous

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    glossary = Permission.objects.filter(content_type__app_label="portal")
    for name, codenames in ((EDITOR, EDITOR_MAY), (VIEWER, VIEWER_MAY)):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*glossary.filter(codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    glossary = Permission.objects.filter(
        content_type__app_label="portal", codename__endswith="_glossaryterm"
    )
    for group in Group.objects.filter(name__in=(EDITOR, VIEWER)):
        group.permissions.remove(*glossary)


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0014_offices_and_groups"),
        ("portal", "0002_glossary"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
