from django.db import migrations, models

# Indexes in an order with NULLS LAST, which SQLite cannot index: on
# PostgreSQL only. The protocol register by date (signed, or else planned),
# newest or oldest first, reads a page in index order.
POSTGRESQL_INDEXES = [
    (
        "protocol_date_desc",
        "municipalities_protocol "
        "(COALESCE(signed_date, planned_date) DESC NULLS LAST, id DESC)",
    ),
    (
        "protocol_date_asc",
        "municipalities_protocol "
        "(COALESCE(signed_date, planned_date) ASC NULLS LAST, id DESC)",
    ),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in POSTGRESQL_INDEXES:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _definition in POSTGRESQL_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0015_all_posts_and_single_holder"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(
                condition=models.Q(("is_member", True)),
                fields=["id"],
                name="organization_members",
            ),
        ),
        migrations.AddIndex(
            model_name="protocol",
            index=models.Index(
                fields=["status", "planned_date", "id"], name="protocol_status_planned"
            ),
        ),
        migrations.RunPython(create, drop),
    ]
