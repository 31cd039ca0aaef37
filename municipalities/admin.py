from axes import admin as axes_admin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect
from django.db.models import Count
from django.utils.text import format_lazy
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
from portal.glossary import GlossaryFieldsMixin, fill_from_glossary, mark_for_glossary
from portal.models import GlossaryTerm
from portal.text import capfirst

from .forms import NewOrganization, NewOrganizationsAdminMixin
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
from .rowentry import NewPersonRowsMixin


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


class PostInline(GlossaryFieldsMixin, RecordInlineMixin, TranslationTabularInline):
    model = Post
    glossary_fields = {"title": GlossaryTerm.Kind.TITLE}
    extra = 1
    fields = ("organization", "title", "start_date", "end_date", "single_holder")
    autocomplete_fields = ("organization",)


class OrganizationPostInline(GlossaryFieldsMixin, RecordInlineMixin, TranslationTabularInline):
    model = Post
    glossary_fields = {"title": GlossaryTerm.Kind.TITLE}
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
class OrganizationAdmin(TwoHoldersWarningMixin, GlossaryFieldsMixin, RecordAdmin):
    form = OrganizationForm
    glossary_fields = {"name": GlossaryTerm.Kind.PATTERN}
    actions = [*RecordAdmin.actions, fill_from_glossary]
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


def _post_field(name):
    return Post._meta.get_field(name)


class PersonAddForm(EditVersionForm):
    """A new person with their post, on one form: the post's title and its
    organisation (picked, or new: see NewOrganization), above the posts
    inline that takes any further ones. All optional: a person may have no
    recorded post."""

    post_title_en = forms.CharField(
        label=format_lazy("{} [{}]", capfirst(_post_field("title").verbose_name), "en"),
        max_length=200,
        required=False,
        help_text=_post_field("title").help_text,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    post_title_tr = forms.CharField(
        label=format_lazy("{} [{}]", capfirst(_post_field("title").verbose_name), "tr"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    post_organization = forms.ModelChoiceField(
        Organization.objects.all(),
        label=capfirst(_post_field("organization").verbose_name),
        required=False,
        widget=AutocompleteSelect(_post_field("organization"), admin.site),
    )
    post_start_date = forms.DateField(
        label=capfirst(_post_field("start_date").verbose_name),
        required=False,
        widget=AdminDateWidget,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in ("en", "tr"):
            mark_for_glossary(self.fields[f"post_title_{code}"], GlossaryTerm.Kind.TITLE, code)

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("post_organization")
        title = cleaned.get("post_title_en") or cleaned.get("post_title_tr")
        organization_refused = any(
            name == "post_organization" or name.startswith("new_post_organization_")
            for name in self.errors
        )
        if organization and not title:
            self.add_error("post_title_en", _("The post needs its title, e.g. Mayor."))
        elif (
            not organization
            and not organization_refused
            and (title or cleaned.get("post_start_date"))
        ):
            self.add_error(
                "post_organization",
                _("The post needs its organisation: pick it, or enter a new one below."),
            )
        return cleaned

    def new_post(self, person):
        """The post the form describes, for `person` (not saved), or None."""
        organization = self.cleaned_data.get("post_organization")
        if organization is None:
            return None
        return Post(
            person=person,
            organization=organization,
            title_en=self.cleaned_data.get("post_title_en") or "",
            title_tr=self.cleaned_data.get("post_title_tr") or "",
            start_date=self.cleaned_data.get("post_start_date"),
        )


@admin.register(Person)
class PersonAdmin(TwoHoldersWarningMixin, NewOrganizationsAdminMixin, PlainRecordAdmin):
    list_display = ("name", "local_name", "current_posts")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PostInline]
    # On the add form only: the post at a new organisation, one form and one
    # POST for what took a person popup and an organisation popup.
    new_organizations = (NewOrganization("post_organization", _("New organisation…")),)
    add_fieldsets = (
        (None, {"fields": ("name", "local_name", "other_names", "slug", "notes")}),
        (
            _("Post"),
            {
                "fields": (
                    ("post_title_en", "post_title_tr"),
                    "post_organization",
                    "post_start_date",
                ),
                "description": _(
                    "Their post, if known: pick the organisation or enter a new one. "
                    "Further posts go in the rows below."
                ),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("posts__organization")

    def get_new_organizations(self, request, obj=None):
        return self.new_organizations if obj is None else ()

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.with_new_organization_fieldsets(request, obj, self.add_fieldsets)
        return super().get_fieldsets(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs.setdefault("form", PersonAddForm)
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        post = form.new_post(obj) if isinstance(form, PersonAddForm) else None
        if post is not None:
            post.save()
            form.quick_post = post

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        post = getattr(form, "quick_post", None)
        if post is not None:
            message.append({"added": {"name": str(Post._meta.verbose_name), "object": str(post)}})
        return message

    def saved_posts(self, person):
        # Read again: the posts prefetched with the person are those before the save.
        return list(Post.objects.filter(person=person).select_related("person", "organization"))

    @admin.display(description=_("posts"))
    def current_posts(self, person):
        return "; ".join(str(post) for post in person.posts.all() if post.end_date is None)


@admin.register(Post)
class PostAdmin(TwoHoldersWarningMixin, GlossaryFieldsMixin, RecordAdmin):
    glossary_fields = {"title": GlossaryTerm.Kind.TITLE}
    actions = [*RecordAdmin.actions, fill_from_glossary]
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


class SignatoryInline(
    NewPersonRowsMixin, GlossaryFieldsMixin, RecordInlineMixin, TranslationTabularInline
):
    model = ProtocolSignatory
    glossary_fields = {"title": GlossaryTerm.Kind.TITLE}
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
class ProtocolSignatoryAdmin(GlossaryFieldsMixin, RecordAdmin):
    glossary_fields = {"title": GlossaryTerm.Kind.TITLE}
    actions = [*RecordAdmin.actions, fill_from_glossary]
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
