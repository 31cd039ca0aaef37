from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Directory")

    def ready(self):
        from . import pagecache, signals, text  # noqa: F401

        pagecache.connect_signals()
        text.teach_django()  # Django's capfirst and case filters: İ for i in Turkish
