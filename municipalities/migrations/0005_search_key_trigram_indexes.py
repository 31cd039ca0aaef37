"""On PostgreSQL, trigram indexes on the search keys, so that search (a
LIKE '%word%' over the folded key) stays fast with 100,000 records. SQLite
has no such index and needs none at the portal's size."""

from django.db import migrations

TABLES = ["municipalities_organization", "municipalities_person", "municipalities_protocol"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
            f"ON {table} USING gin (search_key gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0004_alter_historicalorganization_emblem_and_more")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
