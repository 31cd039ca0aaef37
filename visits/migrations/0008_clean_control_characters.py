"""Clean control characters out of the texts stored before they were cleaned
on save (municipalities/text.py); the reverse leaves them clean."""

from django.db import migrations

from municipalities.text import clean_stored_text


def clean(apps, schema_editor):
    clean_stored_text(apps, "visits")


class Migration(migrations.Migration):
    dependencies = [("visits", "0007_visit_list_indexes")]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop, elidable=True)]
