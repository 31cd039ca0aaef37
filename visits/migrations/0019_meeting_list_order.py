"""Indexes for the staff's lists at volume, on PostgreSQL.

An index in the meetings' own order (Meta.ordering: newest day first, then
by start time with meetings without one last, then newest id), so that a page
of the staff's meeting list is read from the index instead of sorting 300,000
meetings. PostgreSQL only: SQLite has no NULLS LAST in an index (and sorts a
small office's meetings in no time). And the visits' and meetings' countries,
which the lists' country filter reads by skipping through the index
(portal.adminkit.countries_in_index) rather than a DISTINCT over every row.
And the meetings without a summary, by day, which the dashboard counts (up
to a thousand) without reading the meetings that have one."""

from django.db import migrations

INDEX = "meeting_list_order"
NO_SUMMARY = "meeting_without_summary"
COUNTRY_INDEXES = [("visits_visit", "visit_country"), ("visits_meeting", "meeting_country")]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON visits_meeting "
            '("date" DESC, "start_time" ASC NULLS LAST, "id" DESC)'
        )
        for table, name in COUNTRY_INDEXES:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} (country)")
        # The condition as MeetingQuerySet.without_summary() writes it, so
        # that the planner sees the query's condition implies the index's.
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NO_SUMMARY} ON visits_meeting (date) WHERE "
            '("summary_en" IS NULL OR "summary_en" = \'\') '
            'AND ("summary_tr" IS NULL OR "summary_tr" = \'\')'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in [INDEX, NO_SUMMARY, *(name for _table, name in COUNTRY_INDEXES)]:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0018_page_indexes"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
