"""The secretariat's admin for visits and meetings: a visit with its delegation,
a meeting with everything said, decided and given in it, entered on one form."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, F
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from municipalities.forms import NewOrganization, NewOrganizationsAdminMixin
from municipalities.models import Protocol
from municipalities.rowentry import NewPersonRowsMixin
from portal.adminkit import (
    CountryInUseFilter,
    EditVersionForm,
    IndexedCountryFilter,
    PlainRecordAdmin,
    RecordAdmin,
    RecordInlineMixin,
    SideBySideTranslationsMixin,
    TitleOnTheDayForm,
    typed_organization_filter,
    year_filter,
)
from portal.glossary import GlossaryFieldsMixin, fill_from_glossary
from portal.models import GlossaryTerm

from . import services
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
from .models.meetings import ONE_CHAIR

# --- Forms -----------------------------------------------------------------


def parse_date_or_none(value):
    """A date from a query string's ISO text; None for anything else."""
    try:
        return parse_date(str(value or ""))
    except ValueError:
        return None


def add_meeting_url(visit, day=None):
    """The meeting add form for `visit` (on `day`, a later day of the visit)."""
    url = reverse("admin:visits_meeting_add") + f"?visit={visit.pk}"
    if day is not None and day != visit.start_date:
        url += f"&date={day.isoformat()}"
    return url


class MeetingForm(EditVersionForm):
    # Ticked, the save copies people into the participants after the rows
    # are saved (MeetingAdmin.save_related), as the copy buttons do; shown
    # under the participants for a meeting of a visit.
    copy_delegation = forms.BooleanField(
        label=_("Copy the visit's delegation into the participants (guest side)"),
        required=False,
    )
    copy_host_side = forms.BooleanField(
        label=_("Copy the host side of the previous meeting"), required=False
    )
    COPY_FIELDS = ("copy_delegation", "copy_host_side")

    @property
    def changed_data(self):
        # What to do after the save, not a change of the meeting.
        return [name for name in super().changed_data if name not in self.COPY_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "host" in self.fields:
            self.fields["host"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("host") and not cleaned.get("visit"):
            self.add_error("host", _("Choose the host: this meeting belongs to no visit."))
        return cleaned


# --- List filters ------------------------------------------------------------


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"
    date_field = "start_date"

    def lookups(self, request, model_admin):
        return [("upcoming", _("today and later")), ("past", _("before today"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "upcoming":
            return queryset.filter(**{f"{self.date_field}__gte": today})
        if self.value() == "past":
            return queryset.filter(**{f"{self.date_field}__lt": today})
        return queryset


class MeetingWhenFilter(WhenFilter):
    date_field = "date"


class SummaryFilter(admin.SimpleListFilter):
    title = _("summary")
    parameter_name = "summary"

    def lookups(self, request, model_admin):
        return [("missing", _("missing")), ("written", _("written"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.without_summary()
        if self.value() == "written":
            return queryset.exclude(pk__in=queryset.without_summary().values("pk"))
        return queryset


class DueFilter(admin.SimpleListFilter):
    title = _("follow-up")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("open", _("open")), ("overdue", _("overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "overdue":
            return queryset.overdue()
        return queryset


# --- Events, visits ----------------------------------------------------------


@admin.register(Event)
class EventAdmin(RecordAdmin):
    list_display = ("name", "kind", "city", "country", "date_display", "organizer")
    list_filter = ("kind", CountryInUseFilter)
    list_select_related = ("organizer",)
    autocomplete_fields = ("organizer",)
    prepopulated_fields = {"slug": ("name_en",)}

    @admin.display(description=_("date"), ordering="start_date")
    def date_display(self, event):
        return event.date_display


class DelegationMemberInline(
    NewPersonRowsMixin, GlossaryFieldsMixin, RecordInlineMixin, TranslationTabularInline
):
    model = DelegationMember
    glossary_fields = {"title": GlossaryTerm.Kind.TITLE}
    form = TitleOnTheDayForm
    extra = 1
    # A row names a person; or, person left empty, an office (organisation
    # and title) or a group (its size and description).
    fields = (
        "order",
        "person",
        "role",
        "organization",
        "title",
        "all_posts",
        "group_size",
        "group_description",
    )
    autocomplete_fields = ("person", "organization")

    def get_queryset(self, request):
        # The person may be empty (an office, a group), so select_related()
        # with no names, which follows only required relations, would skip it.
        return super().get_queryset(request).select_related("person", "organization")


class VisitMeetingInline(RecordInlineMixin, admin.TabularInline):
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

    def get_queryset(self, request):
        # In the order they took place, not newest first as in the meetings list.
        return (
            super()
            .get_queryset(request)
            .order_by("date", F("start_time").asc(nulls_last=True), "id")
        )


class VisitPhotoInline(RecordInlineMixin, SideBySideTranslationsMixin, TranslationTabularInline):
    model = Photo
    fk_name = "visit"
    extra = 0
    fields = ("order", "image", "caption", "credit", "taken_on")


@admin.action(
    description=_("Publish the selected visits with their meetings"), permissions=["change"]
)
def publish_visits(modeladmin, request, queryset):
    """Publish visits with their meetings. The unpublished protocols signed or
    planned at those meetings are listed first, on a page like the delete
    confirmation, with the choice to publish them too (for those who may
    change protocols); the message then names what was published with the
    visits and what stays unpublished."""
    protocol_admin = modeladmin.admin_site._registry.get(Protocol)
    may_publish = bool(protocol_admin and protocol_admin.has_change_permission(request))
    if request.POST.get("confirmed") != "yes":
        waiting = list(services.protocols_left_unpublished(queryset))
        if waiting:
            return TemplateResponse(
                request,
                "admin/visits/visit/publish_confirmation.html",
                {
                    **modeladmin.admin_site.each_context(request),
                    "title": _("Publish the visits with their protocols?"),
                    "opts": modeladmin.model._meta,
                    "queryset": queryset,
                    "protocols": waiting,
                    "may_publish_protocols": may_publish,
                    "action_checkbox_name": ACTION_CHECKBOX_NAME,
                },
            )
    chosen = request.POST.getlist("protocol") if may_publish else []
    if request.POST.get("with_protocols") != "yes":
        chosen = []
    result = services.publish_visits(queryset, protocols=[int(pk) for pk in chosen if pk.isdigit()])
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d visit and its meetings are public.",
            "%(count)d visits and their meetings are public.",
            result.visits,
        )
        % {"count": result.visits},
        messages.SUCCESS,
    )
    if result.protocols_published:
        modeladmin.message_user(
            request,
            _("Published with them: %(protocols)s.")
            % {"protocols": "; ".join(str(p) for p in result.protocols_published)},
            messages.SUCCESS,
        )
    if result.protocols_left:
        names = "; ".join(str(p) for p in result.protocols_left)
        text = (
            _("These protocols of their meetings stay unpublished: %(protocols)s.")
            if may_publish
            else _(
                "These protocols of their meetings stay unpublished "
                "(you may not change protocols): %(protocols)s."
            )
        )
        modeladmin.message_user(request, text % {"protocols": names}, messages.WARNING)
    return None


@admin.action(
    description=_("Unpublish the selected visits with their meetings"), permissions=["change"]
)
def unpublish_visits(modeladmin, request, queryset):
    count = services.set_visits_published(queryset, False)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d visit and its meetings are no longer public.",
            "%(count)d visits and their meetings are no longer public.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


@admin.register(Visit)
class VisitAdmin(NewOrganizationsAdminMixin, RecordAdmin):
    # "Or a new host/guest organisation" under the boxes, for one POST
    # instead of an organisation popup (municipalities/forms.py).
    new_organizations = (
        NewOrganization("host", _("New host organisation…")),
        NewOrganization("guest", _("New guest organisation…")),
    )
    list_display = (
        "title",
        "guest",
        "host",
        "start_date",
        "status",
        "is_published",
        "meeting_count",
    )
    list_filter = (
        WhenFilter,
        year_filter("start_date"),
        "status",
        "is_published",
        IndexedCountryFilter,
        typed_organization_filter("host", _("main host")),
        typed_organization_filter("guest", _("guest organisation")),
        "host__is_home",
        "guest__is_home",
    )
    list_select_related = ("guest", "host")
    autocomplete_fields = ("guest", "host", "event", "invited_by")
    prepopulated_fields = {"slug": ("title_en",)}
    readonly_fields = ("add_meeting",)
    inlines = [DelegationMemberInline, VisitMeetingInline, VisitPhotoInline]
    translation_rows = ("members",)
    actions = [*RecordAdmin.actions, publish_visits, unpublish_visits]
    fieldsets = (
        (None, {"fields": ("title", "slug", "guest", "host", "status")}),
        (_("When and where"), {"fields": ("start_date", "end_date", "city", "country")}),
        (_("Occasion"), {"fields": ("event", "invited_by", "purpose")}),
        (_("Delegation"), {"fields": ("delegation_description", "delegation_size")}),
        (_("Record"), {"fields": ("summary", "is_published", "internal_notes")}),
        (_("Meetings"), {"fields": ("add_meeting",)}),
    )

    # The button beside "Save" that saves the visit and opens its first (or
    # next) meeting: one page load instead of the visit's page and the link.
    ADD_MEETING = "_addmeeting"

    def response_add(self, request, obj, post_url_continue=None):
        return self._add_meeting(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._add_meeting(request, obj) or super().response_change(request, obj)

    def _add_meeting(self, request, obj):
        if self.ADD_MEETING not in request.POST or not self._may_add_meeting(request):
            return None
        self.message_user(
            request,
            _("The visit “%(visit)s” was saved; now its meeting.") % {"visit": obj},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(add_meeting_url(obj))

    def _may_add_meeting(self, request):
        meeting_admin = self.admin_site._registry.get(Meeting)
        return bool(meeting_admin and meeting_admin.has_add_permission(request))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_add_meeting"] = self._may_add_meeting(request) and not context.get("is_popup")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def mark_rows(self, request, rows):
        """The meetings of the rows shown, counted for these rows only (the
        count joined to every meeting and grouped over the whole list was a
        3-second query at 100,000 visits). Not a sort key for that reason."""
        super().mark_rows(request, rows)
        counts = dict(
            Meeting.objects.filter(visit__in=[row.pk for row in rows])
            .order_by()
            .values_list("visit")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            row.meeting_count = counts.get(row.pk, 0)

    @admin.display(description=_("meetings"))
    def meeting_count(self, visit):
        if not hasattr(visit, "meeting_count"):  # a row not marked by mark_rows
            return visit.meetings.count()
        return visit.meeting_count

    @admin.display(description=_("new meeting"))
    def add_meeting(self, visit):
        if not visit.pk:
            return _("Save the visit first, then add its meetings.")
        url = add_meeting_url(visit)
        link = format_html(
            '<a class="button" href="{}">{}</a>', url, _("Add a meeting to this visit")
        )
        days = (visit.last_day - visit.start_date).days
        if not 0 < days < 15:
            return link
        # A visit of several days: a link for each later day, so that the new
        # meeting comes with its day (and the host of that day's last meeting).
        later = [visit.start_date + timedelta(days=n) for n in range(1, days + 1)]
        others = format_html_join(
            " · ",
            '<a href="{}&amp;date={}">{}</a>',
            ((url, day.isoformat(), date_format(day, "MONTH_DAY_FORMAT")) for day in later),
        )
        return format_html(
            '{} <span class="add-meeting-days">{} {}</span>', link, _("or on:"), others
        )


# --- Meetings ----------------------------------------------------------------


class ParticipantFormSet(BaseInlineFormSet):
    """At most one chair among the rows kept. Each row is checked against the
    saved ones; this catches two rows made chair in the same save, which
    would otherwise reach the database's constraint together."""

    def clean(self):
        super().clean()
        chairs = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", {}).get("role") == MeetingParticipant.Role.CHAIR
            and not self._should_delete_form(form)
        ]
        if len(chairs) > 1:
            raise ValidationError(ONE_CHAIR)


class ParticipantInline(
    NewPersonRowsMixin, GlossaryFieldsMixin, RecordInlineMixin, TranslationTabularInline
):
    model = MeetingParticipant
    glossary_fields = {"title": GlossaryTerm.Kind.TITLE}
    form = TitleOnTheDayForm
    formset = ParticipantFormSet
    extra = 1
    fields = ("role", "side", "order", "person", "organization", "title", "all_posts")
    autocomplete_fields = ("person", "organization")

    def get_queryset(self, request):
        # The person may be empty (an office, a group), so select_related()
        # with no names, which follows only required relations, would skip it.
        return super().get_queryset(request).select_related("person", "organization")


SHORT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 40})}}


class AgendaItemInline(RecordInlineMixin, SideBySideTranslationsMixin, TranslationStackedInline):
    model = AgendaItem
    formfield_overrides = SHORT_TEXT
    extra = 0
    fields = (
        ("order", "kind"),
        "title",
        "description",
        ("presenter", "subject"),
        ("protocol", "project"),
    )
    autocomplete_fields = ("presenter", "subject", "protocol", "project")
    verbose_name_plural = _("agenda and presentations")


class StatementInline(
    GlossaryFieldsMixin, RecordInlineMixin, SideBySideTranslationsMixin, TranslationStackedInline
):
    model = Statement
    glossary_fields = {"title": GlossaryTerm.Kind.TITLE}
    form = TitleOnTheDayForm
    extra = 0
    fields = (
        ("order", "speaker", "kind", "language"),
        ("organization", "title", "all_posts"),
        "text",
    )
    autocomplete_fields = ("speaker", "organization")


class DecisionInline(RecordInlineMixin, SideBySideTranslationsMixin, TranslationStackedInline):
    model = Decision
    formfield_overrides = SHORT_TEXT
    extra = 0
    fields = (
        ("order", "status"),
        "text",
        ("responsible_organization", "responsible_person"),
        ("due_date", "due_date_precision", "completed_on"),
        "notes",
    )
    autocomplete_fields = ("responsible_organization", "responsible_person")


class GiftInline(RecordInlineMixin, SideBySideTranslationsMixin, TranslationStackedInline):
    model = Gift
    formfield_overrides = SHORT_TEXT
    extra = 0
    fields = (
        ("order", "category"),
        ("given_by_organization", "given_by_person"),
        ("given_to_organization", "given_to_person"),
        "description",
        ("value", "currency"),
        ("disposition", "kept_at"),
        "photo",
        "internal_notes",
    )
    autocomplete_fields = (
        "given_by_organization",
        "given_by_person",
        "given_to_organization",
        "given_to_person",
    )


class MeetingPhotoInline(RecordInlineMixin, SideBySideTranslationsMixin, TranslationTabularInline):
    model = Photo
    fk_name = "meeting"
    extra = 0
    fields = ("order", "image", "caption", "credit", "taken_on")


@admin.register(Meeting)
class MeetingAdmin(NewOrganizationsAdminMixin, RecordAdmin):
    new_organizations = (NewOrganization("host", _("New host organisation…")),)
    form = MeetingForm
    list_display = ("title", "date", "kind", "host", "visit", "is_published")
    list_filter = (
        MeetingWhenFilter,
        "kind",
        "is_published",
        SummaryFilter,
        year_filter("date"),
        IndexedCountryFilter,
        typed_organization_filter("host", _("host")),
    )
    list_select_related = ("host", "visit")
    autocomplete_fields = ("visit", "host", "convened_by", "signed_protocols")
    inlines = [
        ParticipantInline,
        AgendaItemInline,
        StatementInline,
        DecisionInline,
        GiftInline,
        MeetingPhotoInline,
    ]
    translation_rows = ("participants", "agenda_items", "statements", "decisions", "gifts")
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

    # The buttons under the participants that save the meeting, then copy
    # people into it (templates/admin/visits/meeting/change_form.html).
    COPY_BUTTONS = ("_copy_delegation", "_copy_host_side")

    # The button beside "Save" that opens the next meeting of the same visit.
    ADD_NEXT_MEETING = "_addmeeting"

    def response_add(self, request, obj, post_url_continue=None):
        return (
            self._copy_participants(request, obj)
            or self._add_next_meeting(request, obj)
            or self._back_to_visit(request, obj)
            or super().response_add(request, obj, post_url_continue)
        )

    def response_change(self, request, obj):
        return (
            self._copy_participants(request, obj)
            or self._add_next_meeting(request, obj)
            or self._back_to_visit(request, obj)
            or super().response_change(request, obj)
        )

    def save_related(self, request, form, formsets, change):
        """The copy boxes, ticked: after the meeting and its rows are saved,
        the same copies as the buttons (a button pressed wins: no second
        copy), in the save's transaction."""
        super().save_related(request, form, formsets, change)
        meeting = form.instance
        if set(self.COPY_BUTTONS) & set(request.POST) or not meeting.visit_id:
            return
        if not self.has_change_permission(request, meeting):
            return
        if form.cleaned_data.get("copy_delegation"):
            self._say_delegation_copied(request, meeting, services.copy_delegation(meeting))
        if form.cleaned_data.get("copy_host_side"):
            self._say_host_side_copied(request, meeting, *services.copy_host_side(meeting))

    def _add_next_meeting(self, request, obj):
        """ "Save and add another meeting to this visit": straight to the add
        form the visit's "Add a meeting" link opens for this meeting's day
        (visit, place, day and host filled in), not back to the visit."""
        if self.ADD_NEXT_MEETING not in request.POST or not obj.visit_id:
            return None
        self.message_user(
            request,
            _("The meeting “%(meeting)s” was saved.") % {"meeting": obj},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(add_meeting_url(obj.visit, obj.date))

    def _copy_participants(self, request, obj):
        """After a save with a copy button: copy the visit's delegation (guest
        side) or the previous meeting's host side into the participants, say
        how many were added and show the meeting again. Inside the save's
        transaction: refused, nothing is saved."""
        button = next((name for name in self.COPY_BUTTONS if name in request.POST), None)
        if button is None:
            return None
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if button == "_copy_delegation":
            self._say_delegation_copied(request, obj, services.copy_delegation(obj))
        else:
            self._say_host_side_copied(request, obj, *services.copy_host_side(obj))
        return HttpResponseRedirect(
            reverse("admin:visits_meeting_change", args=[obj.pk]) + "#participants-group"
        )

    def _say_delegation_copied(self, request, meeting, added):
        if not meeting.visit_id:
            self.message_user(
                request,
                _("This meeting belongs to no visit: there is no delegation to copy."),
                messages.WARNING,
            )
        elif added:
            self.message_user(
                request,
                ngettext(
                    "%(count)d member of the visit's delegation was added to the "
                    "participants, on the guest side.",
                    "%(count)d members of the visit's delegation were added to the "
                    "participants, on the guest side.",
                    added,
                )
                % {"count": added},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _(
                    "No participant was added: everyone in the visit's delegation is "
                    "already listed (or the delegation has no members yet)."
                ),
                messages.WARNING,
            )

    def _say_host_side_copied(self, request, meeting, previous, added):
        if previous is None:
            self.message_user(
                request,
                _("No participant was added: this is the visit's first meeting."),
                messages.WARNING,
            )
        elif added:
            self.message_user(
                request,
                ngettext(
                    "%(count)d host-side participant of “%(meeting)s” was added.",
                    "%(count)d host-side participants of “%(meeting)s” were added.",
                    added,
                )
                % {"count": added, "meeting": previous},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _(
                    "No participant was added: the host side of “%(meeting)s” is "
                    "already listed here (or it lists none)."
                )
                % {"meeting": previous},
                messages.WARNING,
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The host named above the form, and where a prefilled host came
        from; the copy buttons for a meeting of a visit."""
        form = context["adminform"].form
        prefilled = getattr(request, "host_prefilled", None)
        host = source = None
        if prefilled and request.method == "GET":
            host, source = prefilled
        elif obj is not None and obj.host_id:
            host = obj.host
        context["meeting_host"] = host
        context["host_taken_from"] = source
        context["may_copy_participants"] = bool(
            "visit" in form.fields
            and form["visit"].value()
            and self.has_change_permission(request, obj)
            and context.get("inline_admin_formsets")
        )
        context["may_add_next_meeting"] = bool(
            "visit" in form.fields
            and form["visit"].value()
            and self.has_add_permission(request)
            and not context.get("is_popup")
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _back_to_visit(self, request, obj):
        """A meeting of a visit, saved with plain "Save", returns to its visit."""
        if obj.visit_id and not {"_continue", "_addanother", "_saveasnew"} & set(request.POST):
            self.message_user(
                request,
                _("The meeting “%(meeting)s” was saved.") % {"meeting": obj},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:visits_visit_change", args=[obj.visit_id]))
        return None

    def get_changeform_initial_data(self, request):
        """ "Add a meeting" from a visit comes with the visit's place and first
        day (or the day asked for, ?date=), and the host of that day's last
        meeting entered so far, else the visit's host."""
        initial = super().get_changeform_initial_data(request)
        for name in ("visit", "host", "convened_by"):
            # An id from the address that is none (?visit=abc) is ignored.
            value = str(initial.get(name) or "")
            if name in initial and not (value.isdigit() and int(value) <= 2**63 - 1):
                del initial[name]
        visit = Visit.objects.filter(pk=initial.get("visit") or 0).select_related("host").first()
        if visit is not None:
            day = parse_date_or_none(initial.get("date"))
            if day is None or not visit.start_date <= day <= visit.last_day:
                day = visit.start_date
            initial["date"] = day
            if "host" not in initial:
                host, source = services.host_for_new_meeting(visit, day)
                initial["host"] = host.pk
                request.host_prefilled = (host, source)
            initial.setdefault("city_en", visit.city_en)
            initial.setdefault("city_tr", visit.city_tr)
            initial.setdefault("country", visit.country.code)
            initial.setdefault("is_published", visit.is_published)
        return initial


# --- The rest, each with its own list ---------------------------------------


class ProjectPartnerInline(RecordInlineMixin, admin.TabularInline):
    model = ProjectPartner
    extra = 1
    autocomplete_fields = ("organization",)


@admin.register(Project)
class ProjectAdmin(RecordAdmin):
    list_display = ("name", "status", "start_date", "end_date")
    list_filter = ("status",)
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [ProjectPartnerInline]


@admin.action(description=_("Mark the selected decisions done"), permissions=["change"])
def mark_decisions_done(modeladmin, request, queryset):
    count = services.mark_decisions_done(queryset)
    modeladmin.message_user(
        request,
        ngettext("%(count)d decision marked done.", "%(count)d decisions marked done.", count)
        % {"count": count},
        messages.SUCCESS,
    )


@admin.register(Decision)
class DecisionAdmin(RecordAdmin):
    list_display = ("__str__", "meeting", "responsible_organization", "due", "status")
    list_filter = (DueFilter, "status")
    list_select_related = ("meeting", "responsible_organization")
    show_full_result_count = False
    folded_search_paths = ("meeting__",)
    text_search_fields = ("text_en", "text_tr")
    autocomplete_fields = ("meeting", "responsible_organization", "responsible_person")
    date_hierarchy = "due_date"
    actions = [*RecordAdmin.actions, mark_decisions_done]

    @admin.display(description=_("due"), ordering="due_date")
    def due(self, decision):
        return decision.due_date_display


@admin.register(Gift)
class GiftAdmin(RecordAdmin):
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
    show_full_result_count = False
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
class AgendaItemAdmin(RecordAdmin):
    list_display = ("title", "kind", "meeting", "protocol", "project")
    list_filter = ("kind",)
    list_select_related = ("meeting", "protocol__party_a", "protocol__party_b", "project")
    show_full_result_count = False
    folded_search_paths = ("meeting__",)
    text_search_fields = ("title_en", "title_tr")
    autocomplete_fields = ("meeting", "presenter", "subject", "protocol", "project")


@admin.register(Statement)
class StatementAdmin(GlossaryFieldsMixin, RecordAdmin):
    glossary_fields = {"title": GlossaryTerm.Kind.TITLE}
    actions = [*RecordAdmin.actions, fill_from_glossary]
    form = TitleOnTheDayForm
    list_display = ("speaker", "meeting", "order", "kind", "language")
    list_filter = ("kind", "language")
    list_select_related = ("speaker", "meeting")
    show_full_result_count = False
    folded_search_paths = ("speaker__", "meeting__")
    text_search_fields = ("text_en", "text_tr")
    autocomplete_fields = ("meeting", "speaker", "organization")


@admin.register(Photo)
class PhotoAdmin(RecordAdmin):
    list_display = ("__str__", "visit", "meeting", "gift", "taken_on")
    list_select_related = ("visit", "meeting", "gift")
    folded_search_paths = ()
    text_search_fields = ("caption_en", "caption_tr", "credit")
    autocomplete_fields = ("visit", "meeting", "gift")


@admin.register(DelegationMember)
class DelegationMemberAdmin(GlossaryFieldsMixin, RecordAdmin):
    glossary_fields = {"title": GlossaryTerm.Kind.TITLE}
    actions = [*RecordAdmin.actions, fill_from_glossary]
    form = TitleOnTheDayForm
    list_display = ("person", "role", "organization", "title", "visit")
    list_filter = ("role",)
    list_select_related = ("person", "organization", "visit")
    show_full_result_count = False
    folded_search_paths = ("person__", "visit__")
    autocomplete_fields = ("visit", "person", "organization")


@admin.register(MeetingParticipant)
class MeetingParticipantAdmin(GlossaryFieldsMixin, RecordAdmin):
    glossary_fields = {"title": GlossaryTerm.Kind.TITLE}
    actions = [*RecordAdmin.actions, fill_from_glossary]
    form = TitleOnTheDayForm
    list_display = ("person", "role", "side", "organization", "title", "meeting")
    list_filter = ("role", "side")
    list_select_related = ("person", "organization", "meeting")
    show_full_result_count = False
    folded_search_paths = ("person__", "meeting__")
    autocomplete_fields = ("meeting", "person", "organization")


@admin.register(ProjectPartner)
class ProjectPartnerAdmin(PlainRecordAdmin):
    list_display = ("project", "organization", "role")
    list_filter = ("role",)
    list_select_related = ("project", "organization")
    folded_search_paths = ("project__", "organization__")
    autocomplete_fields = ("project", "organization")
