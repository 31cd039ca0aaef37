"""Clean control characters out of the texts stored before they were cleaned
on save (portal/cleaning.py); the reverse leaves them clean."""

from django.db import migrations

from portal.cleaning import clean_stored_text


def clean(apps, schema_editor):
    clean_stored_text(apps, "visits")


class Migration(migrations.Migration):
    dependencies = [("visits", "0009_city_in_two_languages")]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop, elidable=True)]
