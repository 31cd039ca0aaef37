"""The glossary's first terms: about fifty official titles and twenty
organisation-name patterns in English and Turkish, from portal/data/glossary.csv.
Terms already there (by English, case ignored) are kept as they are."""

from django.db import migrations

from portal.glossary import seed_glossary


def seed(apps, schema_editor):
    seed_glossary(
        apps.get_model("portal", "GlossaryTerm"), apps.get_model("portal", "HistoricalGlossaryTerm")
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_glossary")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
