from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Directory")

    def ready(self):
        from django.db.models.signals import pre_delete

        from . import deletions, pagecache, signals, text  # noqa: F401
        from .cleaning import connect_text_cleaning

        pagecache.connect_signals()
        pre_delete.connect(deletions.mark_deleted_row, dispatch_uid="deletion_groups")
        text.teach_django()  # Django's capfirst and case filters: İ for i in Turkish
        connect_text_cleaning(self)
