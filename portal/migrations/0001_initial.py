"""SiteVersion and Deletion move here from `municipalities` with their rows.

On a database made before the move, the tables `municipalities_siteversion` and
`municipalities_deletion` exist and hold data: this migration only takes the
models into this app's state under those table names (no SQL), brings the
content types along (permissions and history keep pointing at them), then
renames the tables to this app's names (`portal_siteversion`,
`portal_deletion`). A new database goes through the same steps: the tables are
made by municipalities 0006 and 0007 first. `municipalities.0010` then drops
the two models from that app's state, again without SQL."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("siteversion", "deletion")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="portal", model=model).exists():
            ContentType.objects.filter(app_label="municipalities", model=model).update(
                app_label="portal"
            )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="municipalities", model=model).exists():
            ContentType.objects.filter(app_label="portal", model=model).update(
                app_label="municipalities"
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("municipalities", "0009_clean_control_characters"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SiteVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("number", models.BigIntegerField(default=0)),
                    ],
                    options={
                        "verbose_name": "site version",
                        "verbose_name_plural": "site version",
                        "db_table": "municipalities_siteversion",
                    },
                ),
                migrations.CreateModel(
                    name="Deletion",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                            ),
                        ),
                        ("model", models.CharField(max_length=100, verbose_name="model")),
                        ("object_id", models.CharField(max_length=64, verbose_name="object id")),
                        ("deleted_at", models.DateTimeField(auto_now_add=True, verbose_name="deleted")),
                        ("links", models.JSONField(blank=True, default=dict, verbose_name="links")),
                        (
                            "restored_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="restored"),
                        ),
                        (
                            "deleted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="deleted by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "deletion",
                        "verbose_name_plural": "deletions",
                        "db_table": "municipalities_deletion",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.AlterModelTable(name="siteversion", table=None),
        migrations.AlterModelTable(name="deletion", table=None),
    ]
