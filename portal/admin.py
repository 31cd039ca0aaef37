from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext

from .adminkit import PlainRecordAdmin
from .glossary import Glossary
from .models import GlossaryTerm


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(PlainRecordAdmin):
    """The glossary of titles and organisation-name patterns, which staff extend;
    its `lookup` view gives it to the admin's forms (static/js/glossary.js)."""

    list_display = ("english", "turkish", "kind", "preferred")
    list_display_links = ("english",)
    list_filter = ("kind", "preferred")
    folded_search_paths = ()
    text_search_fields = ("english", "turkish", "note")
    fields = ("kind", "english", "turkish", "preferred", "note")

    def get_urls(self):
        lookup = path(
            "lookup.json",
            self.admin_site.admin_view(self.lookup_view),
            name="portal_glossaryterm_lookup",
        )
        return [lookup, *super().get_urls()]

    def lookup_view(self, request):
        """The glossary as the forms' script reads it: the lookup tables and
        the note beside a filled field, in the admin's language. One query."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        response = JsonResponse(
            {"note": gettext("From the glossary — check"), "kinds": Glossary.load().tables}
        )
        response["Cache-Control"] = "private, no-cache"
        return response
