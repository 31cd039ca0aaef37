from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from municipalities.admin import CountryInUseFilter, FoldedSearchMixin

from .models import (
    AgendaItem,
    Decision,
    DelegationMember,
    Event,
    Gift,
    Meeting,
    MeetingParticipant,
    Photo,
    Project,
    ProjectPartner,
    Statement,
    Visit,
)


@admin.register(Event)
class EventAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = ("name", "kind", "city", "country", "date_display", "organizer")
    list_filter = ("kind", CountryInUseFilter)
    list_select_related = ("organizer",)
    autocomplete_fields = ("organizer",)
    prepopulated_fields = {"slug": ("name_en",)}

    @admin.display(description=_("date"), ordering="start_date")
    def date_display(self, event):
        return event.date_display


class DelegationMemberInline(TranslationTabularInline):
    model = DelegationMember
    extra = 1
    fields = ("order", "person", "role", "organization", "title")
    autocomplete_fields = ("person", "organization")


class VisitMeetingInline(admin.TabularInline):
    """The visit's meetings, listed with links; each is entered on its own form."""

    model = Meeting
    extra = 0
    fields = ("date", "start_time", "title", "kind", "host")
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    verbose_name_plural = _("meetings (open one to edit it)")

    def has_add_permission(self, request, obj=None):
        return False


class VisitPhotoInline(TranslationTabularInline):
    model = Photo
    fk_name = "visit"
    extra = 0
    fields = ("order", "image", "caption", "credit", "taken_on")


@admin.register(Visit)
class VisitAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = (
        "title",
        "guest",
        "host",
        "start_date",
        "status",
        "is_published",
        "meeting_count",
    )
    list_filter = ("status", "is_published", CountryInUseFilter, "host__is_home", "guest__is_home")
    list_select_related = ("guest", "host")
    date_hierarchy = "start_date"
    autocomplete_fields = ("guest", "host", "event", "invited_by")
    prepopulated_fields = {"slug": ("title_en",)}
    inlines = [DelegationMemberInline, VisitMeetingInline, VisitPhotoInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "guest", "host", "status")}),
        (_("When and where"), {"fields": ("start_date", "end_date", "city", "country")}),
        (_("Occasion"), {"fields": ("event", "invited_by", "purpose")}),
        (_("Delegation"), {"fields": ("delegation_description", "delegation_size")}),
        (_("Record"), {"fields": ("summary", "is_published", "internal_notes")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(meeting_count=Count("meetings"))

    @admin.display(description=_("meetings"), ordering="meeting_count")
    def meeting_count(self, visit):
        return visit.meeting_count


class ParticipantInline(TranslationTabularInline):
    model = MeetingParticipant
    extra = 1
    fields = ("side", "order", "person", "organization", "title")
    autocomplete_fields = ("person", "organization")


class AgendaItemInline(TranslationStackedInline):
    model = AgendaItem
    extra = 0
    fields = (
        ("order", "kind"),
        "title",
        "description",
        ("presenter", "subject"),
        ("protocol", "project"),
    )
    autocomplete_fields = ("presenter", "subject", "protocol", "project")


class StatementInline(TranslationStackedInline):
    model = Statement
    extra = 0
    fields = (("order", "speaker", "kind", "language"), ("organization", "title"), "text")
    autocomplete_fields = ("speaker", "organization")


class DecisionInline(TranslationStackedInline):
    model = Decision
    extra = 0
    fields = (
        ("order", "status"),
        "text",
        ("responsible_organization", "responsible_person"),
        ("due_date", "due_date_precision", "completed_on"),
        "notes",
    )
    autocomplete_fields = ("responsible_organization", "responsible_person")


class GiftInline(TranslationStackedInline):
    model = Gift
    extra = 0
    fields = (
        ("order", "category"),
        ("given_by_organization", "given_by_person"),
        ("given_to_organization", "given_to_person"),
        "description",
        ("value", "currency", "disposition"),
        "photo",
        "internal_notes",
    )
    autocomplete_fields = (
        "given_by_organization",
        "given_by_person",
        "given_to_organization",
        "given_to_person",
    )


class MeetingPhotoInline(TranslationTabularInline):
    model = Photo
    fk_name = "meeting"
    extra = 0
    fields = ("order", "image", "caption", "credit", "taken_on")


@admin.register(Meeting)
class MeetingAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = ("title", "date", "kind", "host", "visit", "is_published")
    list_filter = ("kind", "is_published", CountryInUseFilter)
    list_select_related = ("host", "visit")
    date_hierarchy = "date"
    autocomplete_fields = ("visit", "host", "convened_by")
    filter_horizontal = ("signed_protocols",)
    inlines = [
        ParticipantInline,
        AgendaItemInline,
        StatementInline,
        DecisionInline,
        GiftInline,
        MeetingPhotoInline,
    ]
    fieldsets = (
        (None, {"fields": ("visit", "kind", "title", "host", "convened_by")}),
        (
            _("When and where"),
            {"fields": ("date", "start_time", "end_time", "venue", "city", "country")},
        ),
        (
            _("Record"),
            {"fields": ("summary", "signed_protocols", "is_published", "internal_notes")},
        ),
    )


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 1
    autocomplete_fields = ("organization",)


@admin.register(Project)
class ProjectAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = ("name", "status", "start_date", "end_date")
    list_filter = ("status",)
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [ProjectPartnerInline]


@admin.register(Decision)
class DecisionAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = ("__str__", "meeting", "responsible_organization", "due_date", "status")
    list_filter = ("status",)
    list_select_related = ("meeting", "responsible_organization")
    folded_search_paths = ("meeting__",)
    text_search_fields = ("text_en", "text_tr")
    autocomplete_fields = ("meeting", "responsible_organization", "responsible_person")
    date_hierarchy = "due_date"


@admin.register(Gift)
class GiftAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = (
        "description",
        "category",
        "given_by_organization",
        "given_to_organization",
        "meeting",
        "value",
        "currency",
        "disposition",
    )
    list_filter = ("category", "disposition")
    list_select_related = ("given_by_organization", "given_to_organization", "meeting")
    folded_search_paths = ("meeting__", "given_by_organization__", "given_to_organization__")
    text_search_fields = ("description_en", "description_tr")
    autocomplete_fields = (
        "meeting",
        "given_by_organization",
        "given_by_person",
        "given_to_organization",
        "given_to_person",
    )


@admin.register(AgendaItem)
class AgendaItemAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = ("title", "kind", "meeting", "protocol", "project")
    list_filter = ("kind",)
    list_select_related = ("meeting", "protocol__party_a", "protocol__party_b", "project")
    folded_search_paths = ("meeting__",)
    text_search_fields = ("title_en", "title_tr")
    autocomplete_fields = ("meeting", "presenter", "subject", "protocol", "project")


@admin.register(Statement)
class StatementAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = ("speaker", "meeting", "order", "kind", "language")
    list_filter = ("kind", "language")
    list_select_related = ("speaker", "meeting")
    folded_search_paths = ("speaker__", "meeting__")
    text_search_fields = ("text_en", "text_tr")
    autocomplete_fields = ("meeting", "speaker", "organization")


@admin.register(Photo)
class PhotoAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = ("__str__", "visit", "meeting", "gift", "taken_on")
    list_select_related = ("visit", "meeting", "gift")
    folded_search_paths = ()
    text_search_fields = ("caption_en", "caption_tr", "credit")
    autocomplete_fields = ("visit", "meeting", "gift")


@admin.register(DelegationMember)
class DelegationMemberAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = ("person", "role", "organization", "title", "visit")
    list_filter = ("role",)
    list_select_related = ("person", "organization", "visit")
    folded_search_paths = ("person__", "visit__")
    autocomplete_fields = ("visit", "person", "organization")


@admin.register(MeetingParticipant)
class MeetingParticipantAdmin(FoldedSearchMixin, TranslationAdmin):
    list_display = ("person", "side", "organization", "title", "meeting")
    list_filter = ("side",)
    list_select_related = ("person", "organization", "meeting")
    folded_search_paths = ("person__", "meeting__")
    autocomplete_fields = ("meeting", "person", "organization")


@admin.register(ProjectPartner)
class ProjectPartnerAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("project", "organization", "role")
    list_filter = ("role",)
    list_select_related = ("project", "organization")
    folded_search_paths = ("project__", "organization__")
    autocomplete_fields = ("project", "organization")
