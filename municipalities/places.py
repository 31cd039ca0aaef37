"""Place names in Turkish: the Turkish form of a city's English name, from
the directory's data file (municipalities/data/place_names.csv), and the
data migrations' fill of translatable place fields."""

import csv
import functools
from pathlib import Path


@functools.cache
def _turkish_place_names():
    with open(Path(__file__).parent / "data" / "place_names.csv", encoding="utf-8") as names:
        return {row["en"]: row["tr"] for row in csv.DictReader(names)}


def turkish_place_name(name):
    """The Turkish form of a city's English name ("Istanbul" → "İstanbul",
    "Baku" → "Bakü"), from municipalities/data/place_names.csv; "" when the
    file does not know it."""
    return _turkish_place_names().get((name or "").strip(), "")


def fill_place_names(app_label, models, field):
    """A data migration's function for a place field made translatable: the
    existing text becomes the English one (modeltranslation reads `<field>_en`
    now); the Turkish one is filled where the place is known (the data file)."""

    def run(apps, schema_editor):
        from django.db.models import F, Q

        en, tr = f"{field}_en", f"{field}_tr"
        for name in models:
            model = apps.get_model(app_label, name)
            model.objects.filter(**{f"{en}__isnull": True}).update(**{en: F(field)})
            empty = Q(**{f"{tr}__isnull": True}) | Q(**{tr: ""})
            for english in set(model.objects.filter(empty).values_list(en, flat=True)):
                turkish = turkish_place_name(english)
                if turkish:
                    model.objects.filter(empty, **{en: english}).update(**{tr: turkish})

    return run
