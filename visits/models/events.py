"""Events, visits and the delegations that make them."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import CountryField

from municipalities.models import (
    OnTheDayQuerySet,
    Organization,
    Person,
    TitleOnTheDayMixin,
    TranslatedMixin,
    all_posts_field,
    capacity_display,
    related_or_none,
    unique_slug,
)
from portal.dates import format_date_range, normalise, precision_field
from portal.search import SearchableModel, SearchQuerySet, query_words, words_condition


def _ends_after_starts(start, end, name, message):
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message=message,
    )


def has_text(field):
    """A condition: the (translated, nullable) text `field` is filled in."""
    return Q(**{f"{field}__isnull": False}) & ~Q(**{field: ""})


def no_text(field):
    return Q(**{f"{field}__isnull": True}) | Q(**{field: ""})


# A row of a delegation or a meeting names a person, or an office held by
# someone not named (organisation and title on the day: "the Mayor of X").
OFFICE_ROW = Q(person__isnull=True, organization__isnull=False) & (
    has_text("title_en") | has_text("title_tr")
)
PARTICIPANT_NAMES_SOMEONE = _(
    "A row names a person, or an office (organisation and title on the day)."
)
ROW_NAMES_SOMEONE = _(
    "A row names a person, or an office (organisation and title on the day), or a group "
    "(its size and description)."
)


class NamedOrOfficeMixin:
    """Delegation members and participants: a person, or an office whose
    holder is not named. The name can be added later by picking the person."""

    @property
    def is_office(self):
        return self.person_id is None and not getattr(self, "group_size", None)

    def office_display(self):
        """The office in words: "Mayor, Zeytinburnu Municipality"."""
        return capacity_display(self.localized("title"), self.organization)

    def clean_office(self):
        """Model validation of a row without a person: it is an office."""
        errors = {}
        if not self.organization_id:
            errors["organization"] = _(
                "Without a person, the row is an office: choose its organisation."
            )
        if not (self.title_en or self.title_tr):
            errors["title"] = _("Without a person, the row is an office: give its title.")
        if errors:
            raise ValidationError(errors)


# The most ids a search through people passes as a list (see `_pk_in_any`).
THROUGH_PEOPLE_LIMIT = 1000


def _pk_in_any(querysets):
    """`pk IN` the ids the one-column `querysets` give, read in one query (a
    UNION) and passed as a list: OR-ed with a `words_condition()`, PostgreSQL
    then answers from the primary key's index beside the key's trigram index
    (an `IN (subquery)` under an OR would read the whole table). Past
    THROUGH_PEOPLE_LIMIT ids, as subqueries: a query that broad reads most of the table anyway."""
    first, *others = [queryset.order_by() for queryset in querysets]
    ids = list(first.union(*others)[: THROUGH_PEOPLE_LIMIT + 1])
    if len(ids) <= THROUGH_PEOPLE_LIMIT:
        return Q(pk__in=ids)
    condition = Q()
    for queryset in querysets:
        condition |= Q(pk__in=queryset)
    return condition


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

    def get_absolute_url(self):
        return reverse("event", args=[self.slug])

    def search_texts(self):
        return [self.name_en, self.name_tr, self.city_en, self.city_tr]

    @property
    def date_display(self):
        """ "3–6 March 2024": from the first day to the last, as the visit's."""
        return format_date_range(self.start_date, self.end_date, self.start_date_precision)


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

    def search_with_people(self, text, meetings):
        """Visits found by their names (`search()`) or by one of their people:
        in the delegation, or taking part or speaking at one of `meetings` (the
        meetings the reader may see) in the visit. People are found by their
        own search key. One query more than `search()`: the ids of those
        people's visits (`_pk_in_any`), run when this is called."""
        from .content import Statement
        from .meetings import MeetingParticipant

        words = query_words(text)
        if not words:
            return self.search(text)
        people = Person.objects.search(text).values("pk")
        at = {"meeting__in": meetings.values("pk"), "meeting__visit__isnull": False}
        members = DelegationMember.objects.filter(person__in=people)
        participants = MeetingParticipant.objects.filter(person__in=people, **at)
        speakers = Statement.objects.filter(speaker__in=people, **at)
        return self.filter(
            words_condition(words)
            | _pk_in_any(
                [
                    members.values_list("visit_id", flat=True),
                    participants.values_list("meeting__visit_id", flat=True),
                    speakers.values_list("meeting__visit_id", flat=True),
                ]
            )
        )


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
        return format_date_range(self.start_date, self.end_date)

    @property
    def last_day(self):
        return self.end_date or self.start_date

    def people_listed(self):
        """How many people its delegation's rows name: one a row, a group's
        stated number for a group. Reads the members as loaded (prefetched on
        the visit page: no query there)."""
        return sum(member.group_size or 1 for member in self.members.all())


class DelegationMember(NamedOrOfficeMixin, TitleOnTheDayMixin, TranslatedMixin, models.Model):
    """A person in a visit's delegation, with the organisation and title of that
    day; or an office whose holder is not named ("the Mayor of X"); or a group
    ("18 journalists from 10 countries")."""

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
        null=True,
        blank=True,
        help_text=_(
            "Left empty when the release names only the office (give the organisation and "
            "title) or a group (give its size and description). The name can be picked later."
        ),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation on the day"),
        on_delete=models.PROTECT,
        related_name="delegation_memberships",
        null=True,
        blank=True,
    )
    title = models.CharField(
        _("title on the day"),
        max_length=200,
        blank=True,
        help_text=_("Kept as it was on the day; a later change of post changes nothing here."),
    )
    group_size = models.PositiveIntegerField(
        _("size of the group"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("For a group named only by a count, such as 18 journalists."),
    )
    group_description = models.CharField(
        _("group"),
        max_length=200,
        blank=True,
        help_text=_("Who the group were, such as “journalists from 10 countries”."),
    )
    all_posts = all_posts_field()
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = OnTheDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        ordering = ["visit", "order", "id"]
        constraints = [
            # Named people once each; office and group rows (no person) as
            # many as needed: NULLs are distinct in SQLite and PostgreSQL.
            models.UniqueConstraint(fields=["visit", "person"], name="delegation_member_once"),
            models.CheckConstraint(
                condition=(
                    (
                        (Q(person__isnull=False, organization__isnull=False) | OFFICE_ROW)
                        & Q(group_size__isnull=True)
                        & no_text("group_description_en")
                        & no_text("group_description_tr")
                    )
                    | (
                        # (group_size IS NOT NULL: NULL >= 1 is NULL, which a
                        # CHECK lets through.)
                        Q(person__isnull=True, group_size__isnull=False, group_size__gte=1)
                        & (has_text("group_description_en") | has_text("group_description_tr"))
                    )
                ),
                name="delegation_member_person_office_or_group",
                violation_error_message=ROW_NAMES_SOMEONE,
            ),
            models.UniqueConstraint(
                fields=["visit"],
                condition=Q(role="head"),
                name="delegation_single_head",
                violation_error_message=_("A delegation has one head."),
            ),
        ]

    def __str__(self):
        if self.is_group:
            return self.group_display()
        if self.person_id is None:
            return _("%(office)s (name not given)") % {"office": self.office_display()}
        return f"{self.person} ({self.title})" if self.title else str(self.person)

    @property
    def is_group(self):
        return self.person_id is None and bool(self.group_size)

    def group_display(self):
        """The group in words: "journalists from 10 countries (18 people)"."""
        return ngettext(
            "%(group)s (%(size)d person)", "%(group)s (%(size)d people)", self.group_size or 0
        ) % {"group": self.localized("group_description"), "size": self.group_size or 0}

    def day_of_record(self):
        visit = related_or_none(self, "visit")
        return visit.start_date if visit is not None else None

    def clean(self):
        visit = related_or_none(self, "visit")
        described = bool(self.group_description_en or self.group_description_tr)
        if self.group_size or described:
            errors = {}
            if self.person_id:
                errors["person"] = _("A group row names no person: leave the person empty.")
            if not self.group_size:
                errors["group_size"] = _("Give the size of the group with its description.")
            if not described:
                errors["group_description"] = _("Describe the group beside its size.")
            if errors:
                raise ValidationError(errors)
        elif self.person_id and visit is not None:
            self.require_organization(visit.start_date)
        elif not self.person_id:
            self.clean_office()


class VisitTally(models.Model):
    """How many published visits a year brought from one country, incoming
    or not: the home page's figures and charts read these few hundred rows
    instead of counting every visit. Kept current by `visits.totals` in the
    same transaction as each change to a visit or to an organisation's
    country or union flag; never edited by hand."""

    # Written with queryset methods only, and no page is made of it: a change
    # here does not raise the site version (portal.pagecache.connect_signals).
    not_a_page = True

    year = models.SmallIntegerField()
    country = models.CharField(max_length=2, blank=True)  # the guest's, as on the visit list
    incoming = models.BooleanField()  # hosted by the union that runs the portal
    visits = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("visit tally")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "country", "incoming"], name="visit_tally_once"
            ),
        ]

    def __str__(self):
        side = "incoming" if self.incoming else "other"
        return f"{self.year} {self.country or '-'} {side}: {self.visits}"
