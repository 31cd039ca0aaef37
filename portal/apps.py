from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The site itself, no domain: page cache and site version, errors and
    /healthz, request limits, paging, the search fold, date precision, upload
    safety, admin helpers, the restore of deleted records, shared template tags.

    This app imports neither `municipalities` nor `visits` (tests/test_layers.py).
    The apps above it call `pagecache.connect_signals(self)` and
    `cleaning.connect_text_cleaning(self)` in their own `ready()`."""

    name = "portal"
    label = "portal"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import pre_delete

        from . import collation, deletions, pagecache, text
        from .cleaning import connect_text_cleaning

        pre_delete.connect(deletions.mark_deleted_row, dispatch_uid="deletion_groups")
        text.teach_django()  # Django's capfirst and case filters: İ for i in Turkish
        pagecache.connect_signals(self)  # a deletion or a restore is a change too
        connect_text_cleaning(self)  # the deletions' texts
        # Turkish and English alphabetical order on SQLite (PostgreSQL has ICU's)
        connection_created.connect(
            collation.register_sqlite_collations, dispatch_uid="portal_collations"
        )
