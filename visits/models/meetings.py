"""Meetings, who took part in them, and the joint projects they discuss."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from municipalities.models import (
    OnTheDayQuerySet,
    Organization,
    Person,
    Protocol,
    TitleOnTheDayMixin,
    TranslatedMixin,
    all_posts_field,
    related_or_none,
    unique_slug,
)
from portal.dates import format_date
from portal.search import SearchableModel, SearchQuerySet, query_words, words_condition

from .events import (
    OFFICE_ROW,
    PARTICIPANT_NAMES_SOMEONE,
    NamedOrOfficeMixin,
    Visit,
    _ends_after_starts,
    _pk_in_any,
)


class MeetingQuerySet(SearchQuerySet):
    def published(self):
        """A meeting is public when it is published and so is its visit, if any."""
        return self.filter(is_published=True).filter(
            Q(visit__isnull=True) | Q(visit__is_published=True)
        )

    def standalone(self):
        """Meetings outside any visit, such as the union's board meetings."""
        return self.filter(visit__isnull=True)

    def search_with_people(self, text):
        """Meetings found by their names (`search()`) or by a participant's or
        speaker's name (their own search key). One query more than `search()`:
        the ids of those people's meetings (`_pk_in_any`), run when this is called."""
        from .content import Statement

        words = query_words(text)
        if not words:
            return self.search(text)
        people = Person.objects.search(text).values("pk")
        participants = MeetingParticipant.objects.filter(person__in=people)
        speakers = Statement.objects.filter(speaker__in=people)
        return self.filter(
            words_condition(words)
            | _pk_in_any(
                [
                    participants.values_list("meeting_id", flat=True),
                    speakers.values_list("meeting_id", flat=True),
                ]
            )
        )

    def without_summary(self):
        return self.filter(
            (Q(summary_en__isnull=True) | Q(summary_en=""))
            & (Q(summary_tr__isnull=True) | Q(summary_tr=""))
        )


class Meeting(TranslatedMixin, SearchableModel):
    """A meeting, usually within a visit but not always (board meetings)."""

    place_fields = ("city",)

    class Kind(models.TextChoices):
        COURTESY = "courtesy", _("courtesy call")
        WORKING = "working", _("working meeting")
        BOARD = "board", _("board meeting")
        SIGNING = "signing", _("signing ceremony")
        PRESENTATION = "presentation", _("presentation or briefing")
        SITE_VISIT = "site_visit", _("site visit")
        RECEPTION = "reception", _("reception or dinner")
        PRESS = "press", _("press conference")
        OTHER = "other", _("other")

    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        help_text=_("Leave empty for a meeting outside any visit, such as a board meeting."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COURTESY)
    title = models.CharField(_("title"), max_length=250)
    host = models.ForeignKey(
        Organization,
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        related_name="meetings_hosted",
        help_text=_("The organisation that receives; within a visit usually the visit's host."),
    )
    convened_by = models.ForeignKey(
        Organization,
        verbose_name=_("convened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_convened",
        help_text=_(
            "The body whose meeting it is when that is not the host, e.g. the union "
            "for its board meeting at a member municipality."
        ),
    )
    venue = models.CharField(
        _("venue"),
        max_length=250,
        blank=True,
        help_text=_("Where it took place, e.g. 'the Union's headquarters'."),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    signed_protocols = models.ManyToManyField(
        Protocol,
        verbose_name=_("protocols signed"),
        blank=True,
        related_name="signing_meetings",
        help_text=_("For a signing ceremony: the protocols signed at it."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Within a visit, a meeting is public only when the visit is too."),
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("For staff only; never shown to the public.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", F("start_time").asc(nulls_last=True), "-id"]
        constraints = [
            _ends_after_starts(
                "start_time", "end_time", "meeting_ends_after_start",
                _("A meeting cannot end before it starts."),
            ),
        ]  # fmt: skip
        indexes = [
            # A visit's meetings in order, on the visit page and in the dossier.
            models.Index(fields=["visit", "date", "start_time"], name="meeting_visit_date"),
            # The staff's meeting list in its order (Meta.ordering) has an index
            # on PostgreSQL only (SQLite has no NULLS LAST in an index):
            # migration 0019_meeting_list_order.
            # The board meetings' list (/meetings/) in page order has its index
            # on PostgreSQL only (NULLS LAST): migration 0018_page_indexes.
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.host_id is None and self.visit_id is not None:
            self.host_id = self.visit.host_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.visit_id and self.host_id is None:
            self.host_id = self.visit.host_id
        if self.visit_id and self.date:
            visit = self.visit
            if not visit.start_date <= self.date <= visit.last_day:
                raise ValidationError(
                    {
                        "date": _(
                            "The meeting's date falls outside its visit (%(dates)s). "
                            "Correct the date, or the visit's dates first."
                        )
                        % {"dates": visit.date_display}
                    }
                )

    def search_texts(self):
        texts = [
            self.title_en,
            self.title_tr,
            self.venue_en,
            self.venue_tr,
            self.city_en,
            self.city_tr,
        ]
        texts += self.host.search_texts()
        if self.visit_id:
            texts += [self.visit.title_en, self.visit.title_tr]
        return texts

    @property
    def date_display(self):
        return format_date(self.date)

    @property
    def chair(self):
        """The participant who chaired it, or None: read from its participants
        as loaded (prefetched on pages and in print, so no query there)."""
        for participant in self.participants.all():
            if participant.role == MeetingParticipant.Role.CHAIR:
                return participant
        return None

    @property
    def participants_have_roles(self):
        """Whether any participant has a role or a side: if none has, the
        participants table has no third column."""
        return any(p.role or p.side for p in self.participants.all())

    def get_absolute_url(self):
        return reverse("meeting_detail", args=[self.pk])

    @property
    def is_public(self):
        """Whether the public sees it, as `MeetingQuerySet.published()` decides:
        published, and so is its visit if it has one."""
        return self.is_published and (self.visit_id is None or self.visit.is_published)


# Participants in print and on pages: the chair, a deputy chair, then the order given.
CHAIR_FIRST = Case(
    When(role="chair", then=Value(0)),
    When(role="deputy_chair", then=Value(1)),
    default=Value(2),
)

ONE_CHAIR = _(
    "A meeting has one chair: another participant already chairs it. "
    "Give them another role first, or choose 'deputy chair'."
)


class MeetingParticipant(NamedOrOfficeMixin, TitleOnTheDayMixin, TranslatedMixin, models.Model):
    """Someone at a meeting, in a role (a board's chair, members, secretary…)
    and/or on a side (a visit's hosts and guests), with the organisation and
    title of that day. The chair comes first, then a deputy chair, then the
    order given."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        DEPUTY_CHAIR = "deputy_chair", _("deputy chair")
        BOARD_MEMBER = "board_member", _("board member")
        MEMBER = "member", _("member")
        SECRETARY = "secretary", _("secretary (rapporteur)")
        OBSERVER = "observer", _("observer")
        GUEST_SPEAKER = "guest_speaker", _("guest speaker")
        ADVISOR = "advisor", _("advisor")
        INTERPRETER = "interpreter", _("interpreter")
        PRESS = "press", _("press")

    class Side(models.TextChoices):
        HOST = "host", _("host side")
        GUEST = "guest", _("guest side")
        OTHER = "other", _("other participant")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="participations",
        null=True,
        blank=True,
        help_text=_(
            "Left empty when only the office is known (give the organisation and title). "
            "The name can be picked later."
        ),
    )
    role = models.CharField(
        _("role"),
        max_length=13,
        choices=Role.choices,
        blank=True,
        help_text=_(
            "What they were at this meeting: at a board meeting its chair, members and "
            "secretary. Left empty: not stated."
        ),
    )
    side = models.CharField(
        _("side"),
        max_length=5,
        choices=Side.choices,
        blank=True,
        help_text=_("At a visit's meeting, whose side they sat on; empty at a board meeting."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation on the day"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    title = models.CharField(
        _("title on the day"),
        max_length=200,
        blank=True,
        help_text=_("Kept as it was on the day; a later change of post changes nothing here."),
    )
    all_posts = all_posts_field()
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = OnTheDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", CHAIR_FIRST.asc(), "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="meeting_participant_once",
                violation_error_message=_("This person is already listed at this meeting."),
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | OFFICE_ROW,
                name="meeting_participant_person_or_office",
                violation_error_message=PARTICIPANT_NAMES_SOMEONE,
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(role="chair"),
                name="meeting_one_chair",
                violation_error_message=ONE_CHAIR,
            ),
        ]

    def __str__(self):
        if self.person_id is None:
            return _("%(office)s (name not given)") % {"office": self.office_display()}
        return f"{self.person} ({self.title})" if self.title else str(self.person)

    def day_of_record(self):
        meeting = related_or_none(self, "meeting")
        return meeting.date if meeting is not None else None

    def clean(self):
        meeting = related_or_none(self, "meeting")
        if self.person_id and meeting is not None:
            self.require_organization(meeting.date)
        elif not self.person_id:
            self.clean_office()

    @property
    def role_or_side(self):
        """What the participants table says of them: the role where there is
        one, else the side, else nothing."""
        return self.get_role_display() if self.role else self.get_side_display()


class ProjectQuerySet(SearchQuerySet):
    pass


class Project(TranslatedMixin, SearchableModel):
    """A joint project, such as the Turkish World Interactive Display."""

    class Status(models.TextChoices):
        IDEA = "idea", _("idea")
        PROPOSED = "proposed", _("proposed")
        PLANNED = "planned", _("planned")
        ACTIVE = "active", _("in progress")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    start_date = models.DateField(_("starts"), null=True, blank=True)
    end_date = models.DateField(_("ends"), null=True, blank=True)
    partners = models.ManyToManyField(
        Organization,
        verbose_name=_("partners"),
        through="ProjectPartner",
        related_name="projects",
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]
        constraints = [
            _ends_after_starts(
                "start_date", "end_date", "project_ends_after_start",
                _("A project cannot end before it starts."),
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name_en or self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("project", args=[self.slug])

    def search_texts(self):
        return [self.name_en, self.name_tr]


class ProjectPartner(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        PARTNER = "partner", _("partner")
        PROSPECTIVE = "prospective", _("prospective partner")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="partnerships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="project_partnerships",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        ordering = ["project", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization"], name="project_partner_once"
            ),
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"
