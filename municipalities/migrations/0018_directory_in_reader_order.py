from django.db import migrations

# The directory sorts names in the reader's alphabet (portal/collation.py):
# on PostgreSQL with ICU's collations, which the plain indexes of 0017 cannot
# serve. These match the ORDER BY the views write, expression for expression.
# SQLite sorts with the portal's own collation functions, which an index
# cannot name without every connection (the sqlite3 shell, a backup) knowing
# them: no index there.
TABLE = "municipalities_organization"
POSTGRESQL_INDEXES = [
    ("organization_name_en_icu", f'{TABLE} ((name_en COLLATE "und-x-icu"), id)'),
    (
        "organization_name_tr_icu",
        f"{TABLE} ((COALESCE(NULLIF(name_tr, ''), name_en) COLLATE \"tr-x-icu\"), id)",
    ),
    (
        "organization_country_name_icu",
        f'{TABLE} (country, (name_en COLLATE "und-x-icu"), id)',
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
        ("municipalities", "0017_directory_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="organization", name="organization_name_en"),
        migrations.RemoveIndex(model_name="organization", name="organization_name_tr"),
        migrations.RemoveIndex(model_name="organization", name="organization_country_name"),
        migrations.RunPython(create, drop, elidable=False),
    ]
