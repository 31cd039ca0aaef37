"""The fold now makes transliterations of names meet (portal/search.py): the
stored search keys of events, visits, meetings and projects are rebuilt in
batches, after the organisations' (which they do not read from the table)."""

from django.db import migrations

from portal.search import rebuild_search_keys_operation


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0010_clean_control_characters"),
        ("municipalities", "0011_rebuild_search_keys_name_variants"),
    ]

    operations = [rebuild_search_keys_operation("visits")]
