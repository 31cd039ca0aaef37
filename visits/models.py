"""What happened: visits, delegations, meetings, and everything said, decided
and given in them.

Who took part is stored with the organisation and title *of that day*
(`organization`, `title` on DelegationMember, MeetingParticipant, Statement):
a later change of post rewrites nothing here.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from municipalities.models import (
    Organization,
    Person,
    Protocol,
    TitleOnTheDayMixin,
    TranslatedMixin,
    related_or_none,
    unique_slug,
)
from portal.dates import format_date, last_day, normalise, precision_field
from portal.search import SearchableModel, SearchQuerySet
from portal.uploads import SafeImageField, process_photo, store_cleaned_image


def _ends_after_starts(start, end, name, message):
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message=message,
    )


class Event(TranslatedMixin, SearchableModel):
    """The occasion that brought a delegation: a festival, a congress, a forum."""

    place_fields = ("city",)

    class Kind(models.TextChoices):
        FESTIVAL = "festival", _("festival")
        CONFERENCE = "conference", _("conference or forum")
        CONGRESS = "congress", _("congress or general assembly")
        FAIR = "fair", _("fair or exhibition")
        CEREMONY = "ceremony", _("ceremony or commemoration")
        SPORT = "sport", _("sports event")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_organized",
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    start_date = models.DateField(_("starts"), null=True, blank=True)
    start_date_precision = precision_field(_("start date precision"))
    end_date = models.DateField(_("ends"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = SearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = [F("start_date").desc(nulls_last=True), "id"]
        constraints = [
            _ends_after_starts(
                "start_date", "end_date", "event_ends_after_start",
                _("An event cannot end before it starts."),
            ),
        ]  # fmt: skip

    def __str__(self):
        when = self.date_display
        return f"{self.name} ({when})" if when else self.name

    def save(self, *args, **kwargs):
        self.start_date = normalise(self.start_date, self.start_date_precision)
        if not self.slug:
            self.slug = unique_slug(self, self.name_en or self.name)
        super().save(*args, **kwargs)

    def search_texts(self):
        return [self.name_en, self.name_tr, self.city_en, self.city_tr]

    @property
    def date_display(self):
        return format_date(self.start_date, self.start_date_precision)


class VisitQuerySet(SearchQuerySet):
    def published(self):
        """What the public may see. Every public page, feed and export starts here."""
        return self.filter(is_published=True)

    # The union's id is looked up first (one indexed query) rather than joined:
    # the planner then knows how many visits it hosted, and picks the
    # (host, is_published, start_date) index instead of walking the table.
    def incoming(self):
        return self.filter(host_id=Organization.objects.home_id())

    def outgoing(self):
        return self.filter(guest_id=Organization.objects.home_id())

    def between_others(self):
        home = Organization.objects.home_id()
        return self.exclude(host_id=home).exclude(guest_id=home)


class Visit(TranslatedMixin, SearchableModel):
    """One delegation's trip: whose delegation it is, whom it visited, when and why.

    Incoming, outgoing or between others follows from which side is the union
    that runs the portal (`Organization.is_home`).
    """

    place_fields = ("city",)

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        POSTPONED = "postponed", _("postponed")
        CANCELLED = "cancelled", _("cancelled")

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("incoming")
        OUTGOING = "outgoing", _("outgoing")
        OTHER = "other", _("between others")

    title = models.CharField(
        _("title"),
        max_length=250,
        help_text=_("A headline for the visit, e.g. 'Turkistan delegation visits the Union'."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("The visit's address on the site; made from the title when left empty."),
    )
    guest = models.ForeignKey(
        Organization,
        verbose_name=_("guest organisation"),
        on_delete=models.PROTECT,
        related_name="visits_as_guest",
        help_text=_("The organisation whose delegation travelled."),
    )
    host = models.ForeignKey(
        Organization,
        verbose_name=_("main host"),
        on_delete=models.PROTECT,
        related_name="visits_as_host",
        help_text=_("The organisation visited. Each meeting may have its own host."),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Leave empty for a one-day visit.")
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("occasion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        help_text=_("The event that brought the delegation, if any."),
    )
    invited_by = models.ForeignKey(
        Organization,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    purpose = models.TextField(_("purpose"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    delegation_description = models.CharField(
        _("delegation"),
        max_length=300,
        blank=True,
        help_text=_(
            "How the delegation is described when not everyone is named, e.g. "
            "'Deputy Mayor Aliya Şalkarova and her accompanying delegation'."
        ),
    )
    delegation_size = models.PositiveSmallIntegerField(
        _("delegation size"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Number of people in the delegation, if known."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Public visits and their meetings are shown on the site."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("For staff only; never shown to the public.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-start_date", "-id"]
        constraints = [
            _ends_after_starts(
                "start_date", "end_date", "visit_ends_after_start",
                _("A visit cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(guest=F("host")),
                name="visit_guest_is_not_host",
                violation_error_message=_("An organisation does not visit itself."),
            ),
        ]  # fmt: skip
        indexes = [
            # The public visit list: published visits, newest first.
            models.Index(
                fields=["is_published", "-start_date", "-id"], name="visit_published_date"
            ),
            # The staff's visit list and the year range of the list's filter.
            models.Index(fields=["-start_date", "-id"], name="visit_date"),
            # Incoming and outgoing lists, an organisation's page.
            models.Index(
                fields=["host", "is_published", "-start_date"], name="visit_host_published"
            ),
            models.Index(
                fields=["guest", "is_published", "-start_date"], name="visit_guest_published"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title_en or self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("visit_detail", args=[self.start_date.year, self.slug])

    def search_texts(self):
        texts = [self.title_en, self.title_tr, self.city_en, self.city_tr]
        for org in (self.guest, self.host):
            texts += org.search_texts()
        if self.event_id:
            texts += self.event.search_texts()
        return texts

    @property
    def direction(self):
        if self.host.is_home:
            return self.Direction.INCOMING
        if self.guest.is_home:
            return self.Direction.OUTGOING
        return self.Direction.OTHER

    def get_direction_display(self):
        return self.Direction(self.direction).label

    @property
    def date_display(self):
        if not self.end_date or self.end_date == self.start_date:
            return format_date(self.start_date)
        return f"{format_date(self.start_date)} – {format_date(self.end_date)}"

    @property
    def last_day(self):
        return self.end_date or self.start_date


class DelegationMember(TitleOnTheDayMixin, TranslatedMixin, models.Model):
    """A person in a visit's delegation, with the organisation and title of that day."""

    class Role(models.TextChoices):
        HEAD = "head", _("head of delegation")
        DEPUTY_HEAD = "deputy_head", _("deputy head")
        MEMBER = "member", _("member")
        ADVISOR = "advisor", _("advisor")
        INTERPRETER = "interpreter", _("interpreter")
        PRESS = "press", _("press")
        PROTOCOL = "protocol", _("protocol officer")

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="delegation_memberships",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation on the day"),
        on_delete=models.PROTECT,
        related_name="delegation_memberships",
    )
    title = models.CharField(
        _("title on the day"),
        max_length=200,
        blank=True,
        help_text=_("Kept as it was on the day; a later change of post changes nothing here."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        ordering = ["visit", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "person"], name="delegation_member_once"),
            models.UniqueConstraint(
                fields=["visit"],
                condition=Q(role="head"),
                name="delegation_single_head",
                violation_error_message=_("A delegation has one head."),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.title})" if self.title else str(self.person)

    def clean(self):
        visit = related_or_none(self, "visit")
        if self.person_id and visit is not None:
            self.require_organization(visit.start_date)


class MeetingQuerySet(SearchQuerySet):
    def published(self):
        """A meeting is public when it is published and so is its visit, if any."""
        return self.filter(is_published=True).filter(
            Q(visit__isnull=True) | Q(visit__is_published=True)
        )

    def standalone(self):
        """Meetings outside any visit, such as the union's board meetings."""
        return self.filter(visit__isnull=True)

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


class MeetingParticipant(TitleOnTheDayMixin, TranslatedMixin, models.Model):
    """Someone at a meeting, on a side, with the organisation and title of that day."""

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
    )
    side = models.CharField(_("side"), max_length=5, choices=Side.choices)
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
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="meeting_participant_once",
                violation_error_message=_("This person is already listed at this meeting."),
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.title})" if self.title else str(self.person)

    def clean(self):
        meeting = related_or_none(self, "meeting")
        if self.person_id and meeting is not None:
            self.require_organization(meeting.date)


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


class AgendaItem(TranslatedMixin, models.Model):
    """A topic discussed at a meeting; a presentation about a city is one too."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("topic")
        PRESENTATION = "presentation", _("presentation")
        PROTOCOL = "protocol", _("protocol")
        PROJECT = "project", _("project")
        CEREMONY = "ceremony", _("ceremony (gifts, photo)")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TOPIC)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    presenter = models.ForeignKey(
        Person,
        verbose_name=_("presented by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presentations",
    )
    subject = models.ForeignKey(
        Organization,
        verbose_name=_("about"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presentations_about",
        help_text=_("The city or body a presentation is about."),
    )
    protocol = models.ForeignKey(
        Protocol,
        verbose_name=_("protocol"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(protocol__isnull=True) | Q(project__isnull=True),
                name="agenda_item_protocol_or_project",
                violation_error_message=_(
                    "An agenda item is about a protocol or a project, not both."
                ),
            ),
        ]

    def __str__(self):
        return self.title


class Statement(TitleOnTheDayMixin, TranslatedMixin, models.Model):
    """Who said what at a meeting, in order."""

    class Kind(models.TextChoices):
        QUOTE = "quote", _("quotation")
        REPORTED = "reported", _("reported speech")

    class Language(models.TextChoices):
        TURKISH = "tr", _("Turkish")
        ENGLISH = "en", _("English")
        AZERBAIJANI = "az", _("Azerbaijani")
        KAZAKH = "kk", _("Kazakh")
        KYRGYZ = "ky", _("Kyrgyz")
        UZBEK = "uz", _("Uzbek")
        TURKMEN = "tk", _("Turkmen")
        TATAR = "tt", _("Tatar")
        RUSSIAN = "ru", _("Russian")
        OTHER = "other", _("other")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="statements"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    speaker = models.ForeignKey(
        Person, verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="statements"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation on the day"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
    )
    title = models.CharField(_("title on the day"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.QUOTE)
    language = models.CharField(
        _("language spoken"),
        max_length=5,
        choices=Language.choices,
        blank=True,
        help_text=_(
            "The language the speaker used, if known. "
            "The text below is kept in English and Turkish."
        ),
    )
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["meeting", "order", "id"]

    person_field = "speaker"

    def __str__(self):
        return f"{self.speaker}: {self.text[:60]}"

    def clean(self):
        meeting = related_or_none(self, "meeting")
        if self.speaker_id and meeting is not None:
            self.fill_from_post(meeting.date)


class DecisionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[Decision.Status.OPEN, Decision.Status.IN_PROGRESS])

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Decision(TranslatedMixin, models.Model):
    """What a meeting decided or agreed, who carries it out and by when."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("decision"))
    responsible_organization = models.ForeignKey(
        Organization,
        verbose_name=_("carried out by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("person responsible"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    due_date_precision = precision_field(_("due date precision"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("For staff only; never shown to the public.")
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status="done"),
                name="decision_completed_only_when_done",
                violation_error_message=_("Only a decision marked done has a completion date."),
            ),
        ]
        indexes = [
            # Open and overdue decisions on the secretariat's dashboard.
            models.Index(fields=["status", "due_date"], name="decision_status_due"),
        ]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.due_date = normalise(self.due_date, self.due_date_precision)
        super().save(*args, **kwargs)

    def clean(self):
        meeting = related_or_none(self, "meeting")
        if (
            self.due_date
            and meeting is not None
            and meeting.date
            and last_day(self.due_date, self.due_date_precision) < meeting.date
        ):
            raise ValidationError(
                {
                    "due_date": _(
                        "A decision cannot be due before the meeting that took it (%(date)s)."
                    )
                    % {"date": meeting.date_display}
                }
            )
        if self.status == self.Status.DONE and self.completed_on is None:
            self.completed_on = timezone.localdate()

    @property
    def due_date_display(self):
        return format_date(self.due_date, self.due_date_precision)


class Gift(TranslatedMixin, models.Model):
    """One gift, plaque or award, given at a meeting by and to an organisation or person.

    The estimated value is for the secretariat's register and never public.
    """

    class Category(models.TextChoices):
        PLAQUE = "plaque", _("plaque")
        AWARD = "award", _("award")
        ARTWORK = "artwork", _("artwork or craft")
        BOOK = "book", _("book")
        TEXTILE = "textile", _("textile or carpet")
        SOUVENIR = "souvenir", _("souvenir")
        OTHER = "other", _("other")

    class Disposition(models.TextChoices):
        COLLECTION = "collection", _("kept in the union's collection")
        DISPLAY = "display", _("on display")
        ARCHIVED = "archived", _("archived")
        RECIPIENT = "recipient", _("kept by the recipient")
        TRANSFERRED = "transferred", _("transferred")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="gifts"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    given_by_organization = models.ForeignKey(
        Organization,
        verbose_name=_("given by (organisation)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts_given",
    )
    given_by_person = models.ForeignKey(
        Person,
        verbose_name=_("given by (person)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts_given",
    )
    given_to_organization = models.ForeignKey(
        Organization,
        verbose_name=_("given to (organisation)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts_received",
    )
    given_to_person = models.ForeignKey(
        Person,
        verbose_name=_("given to (person)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gifts_received",
    )
    description = models.CharField(_("description"), max_length=300)
    category = models.CharField(
        _("category"), max_length=10, choices=Category.choices, default=Category.SOUVENIR
    )
    value = models.DecimalField(
        _("estimated value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Internal: for the gift register only, never public."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        help_text=_("ISO 4217 code such as TRY, USD, EUR, KZT."),
    )
    disposition = models.CharField(
        _("disposition"), max_length=12, choices=Disposition.choices, blank=True
    )
    photo = SafeImageField(
        _("photo"),
        upload_to="gifts/%Y/",
        blank=True,
        help_text=_("JPEG, PNG or WebP, at most 10 MB and 40 megapixels."),
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("For staff only; never shown to the public.")
    )

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(given_by_organization__isnull=False) | Q(given_by_person__isnull=False),
                name="gift_has_giver",
                violation_error_message=_(
                    "Say who gave the gift: an organisation, a person or both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(given_to_organization__isnull=False) | Q(given_to_person__isnull=False),
                name="gift_has_recipient",
                violation_error_message=_(
                    "Say who received the gift: an organisation, a person or both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | (Q(value__gte=0) & ~Q(currency="")),
                name="gift_value_has_currency",
                violation_error_message=_("A value needs its currency and cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.description

    def save(self, *args, **kwargs):
        store_cleaned_image(self.photo)
        super().save(*args, **kwargs)

    @property
    def giver(self):
        return self.given_by_person or self.given_by_organization

    @property
    def recipient(self):
        return self.given_to_person or self.given_to_organization


class Photo(TranslatedMixin, models.Model):
    """An image of a visit, a meeting or a gift (the "family photo")."""

    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
    )
    gift = models.ForeignKey(
        Gift,
        verbose_name=_("gift"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
    )
    image = SafeImageField(
        _("image"),
        upload_to="photos/%Y/%m/",
        help_text=_(
            "JPEG, PNG or WebP, at most 10 MB and 40 megapixels. It is turned upright "
            "and its location data removed when stored."
        ),
    )
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to="photos/thumbs/%Y/%m/", blank=True, editable=False
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=120, blank=True)
    taken_on = models.DateField(_("taken on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(visit__isnull=False) | Q(meeting__isnull=False) | Q(gift__isnull=False),
                name="photo_has_subject",
                violation_error_message=_("A photo belongs to a visit, a meeting or a gift."),
            ),
        ]

    def __str__(self):
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        # Cleaned (upright, no metadata) and thumbnailed once, when new.
        process_photo(self)
        super().save(*args, **kwargs)
