from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Directory")

    def ready(self):
        from . import pagecache, signals  # noqa: F401
        from .text import connect_text_cleaning

        pagecache.connect_signals()
        connect_text_cleaning(self)
