from django.db import migrations

# The board meetings' list (/meetings/): meetings outside visits, newest
# first, a page at a time in index order. NULLS LAST, which SQLite cannot
# index: on PostgreSQL only.
NAME = "meeting_standalone_date"
DEFINITION = (
    "visits_meeting (date DESC, start_time DESC NULLS LAST, id DESC) WHERE visit_id IS NULL"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON {DEFINITION}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0017_visit_tally"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
