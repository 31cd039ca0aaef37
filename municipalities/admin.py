from functools import reduce
from operator import or_

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import (
    CooperationField,
    Highlight,
    Organization,
    Person,
    Post,
    Protocol,
    ProtocolSignatory,
)
from .search import MAX_QUERY_LENGTH, query_words


class FoldedSearchMixin:
    """Admin search that ignores case and diacritics the way the public search
    does (`salkarova` finds Şalkarova).

    A model with a search key of its own searches through its `search()`. Others
    name the relations whose keys they are found by in `folded_search_paths`
    ("person__") and may add plain text fields in `text_search_fields`.
    """

    search_fields = ("search_key",)  # shows the box; get_search_results does the work
    search_help_text = _("Case and accents are ignored: 'uskudar' finds Üsküdar.")
    folded_search_paths = ("",)
    text_search_fields = ()

    def get_search_results(self, request, queryset, search_term):
        if self.folded_search_paths == ("",) and not self.text_search_fields:
            return queryset.search(search_term), False
        words = query_words(search_term)
        if not words:
            return queryset, False
        in_keys = Q()
        for word in words:
            in_keys &= reduce(
                or_,
                (Q(**{f"{path}search_key__contains": word}) for path in self.folded_search_paths),
                Q(pk__in=[]),
            )
        term = search_term.strip()[:MAX_QUERY_LENGTH]
        in_texts = reduce(
            or_,
            (Q(**{f"{field}__icontains": term}) for field in self.text_search_fields),
            Q(pk__in=[]),
        )
        return queryset.filter(in_keys | in_texts), False


class CountryInUseFilter(admin.SimpleListFilter):
    """The countries that records actually have, not all 250 of the list."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .exclude(country="")
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        return sorted(((code, Country(code).name) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


class HighlightInline(TranslationTabularInline):
    model = Highlight
    extra = 1
    fields = ("order", "text", "year")


class PostInline(TranslationTabularInline):
    model = Post
    extra = 1
    fields = ("organization", "title", "start_date", "end_date")
    autocomplete_fields = ("organization",)


class OrganizationPostInline(TranslationTabularInline):
    model = Post
    extra = 0
    fields = ("person", "title", "start_date", "end_date")
    autocomplete_fields = ("person",)
    verbose_name_plural = _("people and their posts")


@admin.register(Organization)
class OrganizationAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = ("name", "short_name", "kind", "country", "parent", "is_member", "is_home")
    list_filter = ("kind", "is_member", CountryInUseFilter)
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [HighlightInline, OrganizationPostInline]
    fieldsets = (
        (None, {"fields": ("kind", "name", "short_name", "local_name", "other_names", "slug")}),
        (_("Place"), {"fields": ("country", "country_name", "region", "parent")}),
        (
            _("About"),
            {"fields": ("population", "population_year", "website", "emblem", "description")},
        ),
        (_("Membership"), {"fields": ("is_member", "member_since", "is_home")}),
    )


@admin.register(Person)
class PersonAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("name", "local_name", "current_posts")
    inlines = [PostInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("posts__organization")

    @admin.display(description=_("posts"))
    def current_posts(self, person):
        return "; ".join(str(post) for post in person.posts.all() if post.end_date is None)


@admin.register(Post)
class PostAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = ("person", "title", "organization", "start_date", "end_date")
    list_select_related = ("person", "organization")
    list_filter = ("organization__kind",)
    folded_search_paths = ("person__", "organization__")
    text_search_fields = ("title_en", "title_tr")
    autocomplete_fields = ("person", "organization")


@admin.register(CooperationField)
class CooperationFieldAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = ("name", "slug", "order", "protocol_count")
    folded_search_paths = ()
    text_search_fields = ("name_en", "name_tr")
    prepopulated_fields = {"slug": ("name_en",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(protocol_count=Count("protocols"))

    @admin.display(description=_("protocols"), ordering="protocol_count")
    def protocol_count(self, field):
        return field.protocol_count


class SignatoryInline(TranslationTabularInline):
    model = ProtocolSignatory
    extra = 0
    fields = ("order", "person", "organization", "title")
    autocomplete_fields = ("person", "organization")


@admin.register(Protocol)
class ProtocolAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = (
        "__str__",
        "kind",
        "status",
        "party_a",
        "party_b",
        "planned_date_display",
        "signed_date",
        "is_published",
    )
    list_filter = ("kind", "status", "is_published")
    list_select_related = ("party_a", "party_b")
    date_hierarchy = "signed_date"
    autocomplete_fields = ("party_a", "party_b", "coordinator")
    filter_horizontal = ("cooperation_fields",)
    inlines = [SignatoryInline]
    fieldsets = (
        (None, {"fields": ("kind", "status", "party_a", "party_b", "coordinator", "title")}),
        (
            _("Dates"),
            {"fields": ("planned_date", "planned_date_precision", "signed_date", "signed_place")},
        ),
        (_("Content"), {"fields": ("cooperation_fields", "summary", "document")}),
        (_("Publication and notes"), {"fields": ("is_published", "notes")}),
    )

    @admin.display(description=_("planned for"), ordering="planned_date")
    def planned_date_display(self, protocol):
        return protocol.planned_date_display


@admin.register(Highlight)
class HighlightAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = ("text", "organization", "year", "order")
    list_select_related = ("organization",)
    folded_search_paths = ("organization__",)
    text_search_fields = ("text_en", "text_tr")
    autocomplete_fields = ("organization",)


@admin.register(ProtocolSignatory)
class ProtocolSignatoryAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = ("person", "title", "organization", "protocol")
    list_select_related = ("person", "organization", "protocol__party_a", "protocol__party_b")
    folded_search_paths = ("person__", "protocol__")
    autocomplete_fields = ("protocol", "person", "organization")
