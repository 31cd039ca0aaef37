from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_countries.fields import Country
from modeltranslation.admin import TranslationTabularInline

from portal.adminkit import (
    CountryInUseFilter,
    EditVersionForm,
    PlainRecordAdmin,
    RecordAdmin,
    RecordInlineMixin,
    TitleOnTheDayForm,
)
from portal.countries import country_for

from .models import (
    CooperationField,
    Highlight,
    Organization,
    Person,
    Post,
    Protocol,
    ProtocolSignatory,
    overlapping_holders,
    two_holders_message,
)


class HighlightInline(RecordInlineMixin, TranslationTabularInline):
    model = Highlight
    extra = 1
    fields = ("order", "text", "year")


class TwoHoldersWarningMixin:
    """After a save that touches posts, a warning (never a refusal) when
    another person holds one of them at the same time and the post has only
    one holder at a time (`overlapping_holders`)."""

    def saved_posts(self, obj):
        raise NotImplementedError

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for post, other in overlapping_holders(self.saved_posts(form.instance)):
            self.message_user(request, two_holders_message(post, other), messages.WARNING)


class PostInline(RecordInlineMixin, TranslationTabularInline):
    model = Post
    extra = 1
    fields = ("organization", "title", "start_date", "end_date", "single_holder")
    autocomplete_fields = ("organization",)


class OrganizationPostInline(RecordInlineMixin, TranslationTabularInline):
    model = Post
    extra = 0
    fields = ("person", "title", "start_date", "end_date", "single_holder")
    autocomplete_fields = ("person",)
    verbose_name_plural = _("people and their posts")


class OrganizationForm(EditVersionForm):
    def clean(self):
        cleaned = super().clean()
        for name in ("country_name_en", "country_name_tr"):
            code = country_for(cleaned.get(name) or "")
            if code:
                message = _(
                    "%(country)s is in the country list: pick it under Country (type any of "
                    "its names, such as %(typed)s) and leave this empty."
                )
                typed = {"country": Country(code).name, "typed": cleaned[name]}
                self.add_error(name, message % typed)
        return cleaned


@admin.register(Organization)
class OrganizationAdmin(TwoHoldersWarningMixin, RecordAdmin):
    form = OrganizationForm
    list_display = ("name", "short_name", "kind", "country", "parent", "is_member", "is_home")
    list_filter = ("kind", "is_member", CountryInUseFilter)
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [HighlightInline, OrganizationPostInline]
    translation_rows = ("highlights",)
    fieldsets = (
        (None, {"fields": ("kind", "name", "short_name", "local_name", "other_names", "slug")}),
        (_("Place"), {"fields": ("country", "country_name", "region", "parent")}),
        (
            _("About"),
            {"fields": ("population", "population_year", "website", "emblem", "description")},
        ),
        (_("Membership"), {"fields": ("is_member", "member_since", "is_home")}),
    )

    def saved_posts(self, organization):
        posts = Post.objects.filter(organization=organization)
        return list(posts.select_related("person", "organization"))


@admin.register(Person)
class PersonAdmin(TwoHoldersWarningMixin, PlainRecordAdmin):
    list_display = ("name", "local_name", "current_posts")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PostInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("posts__organization")

    def saved_posts(self, person):
        # Read again: the posts prefetched with the person are those before the save.
        return list(Post.objects.filter(person=person).select_related("person", "organization"))

    @admin.display(description=_("posts"))
    def current_posts(self, person):
        return "; ".join(str(post) for post in person.posts.all() if post.end_date is None)


@admin.register(Post)
class PostAdmin(TwoHoldersWarningMixin, RecordAdmin):
    list_display = ("person", "title", "organization", "start_date", "end_date")
    list_select_related = ("person", "organization")
    list_filter = ("organization__kind", "single_holder")
    folded_search_paths = ("person__", "organization__")
    text_search_fields = ("title_en", "title_tr")
    autocomplete_fields = ("person", "organization")

    def saved_posts(self, post):
        return [post]


@admin.register(CooperationField)
class CooperationFieldAdmin(RecordAdmin):
    list_display = ("name", "slug", "order", "protocol_count")
    folded_search_paths = ()
    text_search_fields = ("name_en", "name_tr")
    prepopulated_fields = {"slug": ("name_en",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(protocol_count=Count("protocols"))

    @admin.display(description=_("protocols"), ordering="protocol_count")
    def protocol_count(self, field):
        return field.protocol_count


class SignatoryInline(RecordInlineMixin, TranslationTabularInline):
    model = ProtocolSignatory
    form = TitleOnTheDayForm
    extra = 0
    fields = ("order", "person", "organization", "title", "all_posts")
    autocomplete_fields = ("person", "organization")


@admin.register(Protocol)
class ProtocolAdmin(RecordAdmin):
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
    translation_rows = ("signatories",)
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
class HighlightAdmin(RecordAdmin):
    list_display = ("text", "organization", "year", "order")
    list_select_related = ("organization",)
    folded_search_paths = ("organization__",)
    text_search_fields = ("text_en", "text_tr")
    autocomplete_fields = ("organization",)


@admin.register(ProtocolSignatory)
class ProtocolSignatoryAdmin(RecordAdmin):
    form = TitleOnTheDayForm
    list_display = ("person", "title", "organization", "protocol")
    list_select_related = ("person", "organization", "protocol__party_a", "protocol__party_b")
    folded_search_paths = ("person__", "protocol__")
    autocomplete_fields = ("protocol", "person", "organization")


# --- The login guard's own admin (django-axes) ------------------------------


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    """django-axes's failed logins; its clean-up deletes rows, so it asks for
    the delete permission like any deletion (axes declares none)."""

    @admin.action(
        description=axes_admin.AccessAttemptAdmin.cleanup_expired_attempts.short_description,
        permissions=["delete"],
    )
    def cleanup_expired_attempts(self, request, queryset):
        return super().cleanup_expired_attempts(request, queryset)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, AccessAttemptAdmin)

# Model names django-axes' Turkish catalogue lacks (its access failure log
# shows in the admin's index): here so that makemessages keeps them in ours.
AXES_NAMES_MISSING_IN_TURKISH = (gettext_noop("access failure"), gettext_noop("access failures"))
