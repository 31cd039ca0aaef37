"""On PostgreSQL, trigram indexes on the search keys, so that search (a
LIKE '%word%' over the folded key) stays fast with 100,000 records. SQLite
has no such index and needs none at the portal's size."""

from django.db import migrations

from portal.search import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0004_alter_historicalorganization_emblem_and_more")]

    operations = [
        trigram_indexes(
            "municipalities_organization", "municipalities_person", "municipalities_protocol"
        )
    ]
