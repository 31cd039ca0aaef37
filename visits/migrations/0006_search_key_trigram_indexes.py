"""On PostgreSQL, trigram indexes on the search keys of visits, meetings,
events and projects (see municipalities' migration 0005)."""

from django.db import migrations

from portal.search import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("visits", "0005_alter_meetingparticipant_options")]

    operations = [trigram_indexes("visits_visit", "visits_meeting", "visits_event", "visits_project")]
