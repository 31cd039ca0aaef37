"""SiteVersion and Deletion now belong to `portal` (portal.0001 takes them over
with their tables and rows): they leave this app's state only, no SQL."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0009_clean_control_characters"),
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SiteVersion"),
                migrations.DeleteModel(name="Deletion"),
            ],
            database_operations=[],
        ),
    ]
