from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visits and meetings")

    def ready(self):
        from portal import pagecache
        from portal.cleaning import connect_text_cleaning

        from . import signals, totals  # noqa: F401

        pagecache.connect_signals(self)
        connect_text_cleaning(self)
