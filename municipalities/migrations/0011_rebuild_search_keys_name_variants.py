"""The fold now makes transliterations of names meet (portal/search.py): the
stored search keys of organisations, people and protocols are rebuilt in
batches. Reversing rebuilds them with whatever fold the code then has."""

from django.db import migrations

from portal.search import rebuild_search_keys_operation


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0010_site_models_to_portal")]

    operations = [rebuild_search_keys_operation("municipalities")]
