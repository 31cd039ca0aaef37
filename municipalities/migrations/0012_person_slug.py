"""People get an address on the site, /people/<slug>/: the slug is added
empty, filled from each name as Person.save() would (letters folded, made
unique with -2, -3 …), then made unique."""

from django.db import migrations, models
from django.utils.text import slugify

from portal.search import fold_letters

HELP = "The person's address on the site; made from the name when left empty."


def fill_slugs(apps, schema_editor):
    Person = apps.get_model("municipalities", "Person")
    taken = set()
    changed = []
    for person in Person.objects.order_by("pk").only("pk", "name", "slug").iterator():
        base = slugify(fold_letters(person.name))[:80].strip("-") or "person"
        slug, n = base, 2
        while slug in taken:
            suffix = f"-{n}"
            slug, n = base[: 80 - len(suffix)] + suffix, n + 1
        taken.add(slug)
        person.slug = slug
        changed.append(person)
        if len(changed) >= 500:
            Person.objects.bulk_update(changed, ["slug"])
            changed = []
    Person.objects.bulk_update(changed, ["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0011_rebuild_search_keys_name_variants"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalperson",
            name="slug",
            field=models.SlugField(blank=True, help_text=HELP, max_length=80, verbose_name="slug"),
        ),
        migrations.AddField(
            model_name="person",
            name="slug",
            # No index yet: the AlterField below makes it unique, which on
            # PostgreSQL creates the _like index the AddField would also have
            # left for the end of the migration (the same name twice).
            field=models.SlugField(
                blank=True,
                db_index=False,
                default="",
                help_text=HELP,
                max_length=80,
                verbose_name="slug",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="person",
            name="slug",
            field=models.SlugField(
                blank=True, help_text=HELP, max_length=80, unique=True, verbose_name="slug"
            ),
        ),
    ]
