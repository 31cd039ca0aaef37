"""What a meeting holds: its agenda, what was said, decided and given, and its photos."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models import (
    OnTheDayQuerySet,
    Organization,
    Person,
    Protocol,
    TitleOnTheDayMixin,
    TranslatedMixin,
    all_posts_field,
    related_or_none,
)
from portal.dates import format_date, last_day, normalise, precision_field
from portal.uploads import SafeImageField, process_photo, store_cleaned_image

from .events import Visit
from .meetings import Meeting, Project


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
    all_posts = all_posts_field()

    objects = OnTheDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["meeting", "order", "id"]

    person_field = "speaker"

    def __str__(self):
        return f"{self.speaker}: {self.text[:60]}"

    def day_of_record(self):
        meeting = related_or_none(self, "meeting")
        return meeting.date if meeting is not None else None

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
    kept_at = models.CharField(
        _("kept at"),
        max_length=200,
        blank=True,
        help_text=_(
            "Where it is now, beside the disposition: 'the mayor's office', "
            "'the Union's museum hall, İstanbul'."
        ),
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
