"""The directory: organisations, the people who hold posts in them, and the
protocols between them.

This app never imports `visits`.
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from portal.dates import (
    DatePrecision,
    format_date,
    normalise,
    precision_field,
    still_ahead_q,
)
from portal.search import SearchableModel, SearchQuerySet, fold_letters
from portal.uploads import SafeImageField, store_cleaned_image, validate_pdf

from .places import turkish_place_name


class Localized(str):
    """A text in one language, knowing whether it stands in for the reader's.

    `language` is the code of the text's language; `is_fallback` is true when
    the reader's language had no version and another was taken instead, so a
    page can mark it ("in Turkish").
    """

    def __new__(cls, text, language, is_fallback=False):
        obj = super().__new__(cls, text)
        obj.language = language
        obj.is_fallback = is_fallback
        return obj


class TranslatedMixin:
    """For models whose reader-facing texts are kept in English and Turkish."""

    # Place names (a city, where a protocol was signed) kept in both
    # languages; the Turkish one is filled from the known names when empty.
    place_fields = ()

    def save(self, *args, **kwargs):
        self.fill_known_place_names()
        super().save(*args, **kwargs)

    def fill_known_place_names(self):
        for field in self.place_fields:
            if not getattr(self, f"{field}_tr", None):
                turkish = turkish_place_name(getattr(self, f"{field}_en", None))
                if turkish:
                    setattr(self, f"{field}_tr", turkish)

    def localized(self, field, language=None):
        """The text of `field` in `language` (default: the active one), or
        in the other language, marked as a fallback."""
        codes = [code for code, _name in settings.LANGUAGES]
        wanted = (language or translation.get_language() or codes[0])[:2]
        if wanted not in codes:
            wanted = codes[0]
        for code in [wanted, *(c for c in codes if c != wanted)]:
            text = getattr(self, f"{field}_{code}", "") or ""
            if text.strip():
                return Localized(text, code, is_fallback=code != wanted)
        return Localized("", wanted)

    def _get_FIELD_display(self, field):
        """get_<field>_display(), as Django's but without hashing every lazy
        label of the field's choices on each call (which translates them all:
        the costliest part of printing a list's statuses)."""
        value = getattr(self, field.attname)
        labels = _choice_labels(field)
        return str(labels[value]) if value in labels else value


def _choice_labels(field):
    labels = getattr(field, "_labels_by_value", None)
    if labels is None:
        labels = field._labels_by_value = dict(field.flatchoices)
    return labels


ALL_POSTS_LABEL = _("in all their posts of the day")
ALL_POSTS_HELP = _(
    "Tick when the person acted in every post they held that day (e.g. President of the "
    "Union and Mayor of a metropolitan municipality): pages and print name them all."
)


def all_posts_field():
    """The `all_posts` flag of a row naming a person on a day."""
    return models.BooleanField(ALL_POSTS_LABEL, default=False, help_text=ALL_POSTS_HELP)


def capacity_display(title, organization):
    """One capacity in words: "Mayor, Kayseri Metropolitan Municipality"."""
    if title and organization:
        return _("%(title)s, %(organization)s") % {"title": title, "organization": organization}
    return str(title or organization or "")


def posts_display(posts):
    """Posts in words, in the reader's language: "President, Union …; Mayor, Kayseri …"."""
    return "; ".join(capacity_display(post.localized("title"), post.organization) for post in posts)


def folded_titles(record):
    """The English and Turkish titles of `record`, case and accents aside."""
    return {fold_letters(text) for text in (record.title_en, record.title_tr) if text}


class OnTheDayQuerySet(models.QuerySet):
    """Rows naming a person on a day (TitleOnTheDayMixin)."""

    def with_other_posts(self):
        """Rows that also read, for those marked "in all their posts", their
        person's posts with organisations: one query more when there is such a
        row, none otherwise (see `attach_other_posts`). The person should come
        with the row (select_related). Reads all rows at once (no streaming)."""
        clone = self._chain()
        clone._iterable_class = _WithOtherPosts
        return clone


class _WithOtherPosts(models.query.ModelIterable):
    def __iter__(self):
        rows = list(super().__iter__())
        attach_other_posts(rows)
        yield from rows


def attach_other_posts(rows):
    """Read the posts (with their organisations) of the people of `rows`
    marked "in all their posts", in one query, or none when there is no such
    row or their posts are read already; `capacities()` then reads no more."""
    marked = [row for row in rows if getattr(row, "all_posts", False)]
    if marked:
        field = marked[0].person_field
        people = [getattr(row, field) for row in marked if getattr(row, f"{field}_id")]
        posts = Post.objects.select_related("organization")
        models.prefetch_related_objects(people, models.Prefetch("posts", queryset=posts))
    return rows


class TitleOnTheDayMixin:
    """For a person's appearance on a day (in a delegation, at a meeting, as a
    signatory): organisation and title left empty are taken from the post the
    person held that day. Stored, they never change with later posts.

    A person acting in several posts at once ("President of the Union and
    Mayor of Kayseri") has one row marked `all_posts`: its organisation and
    title are the first capacity, and the other posts of the day are named
    beside them (`capacities()`)."""

    person_field = "person"

    def day_of_record(self):
        """The day the row speaks of (the visit's first day, the meeting's,
        the signing's)."""
        raise NotImplementedError

    def fill_from_post(self, day):
        """Fill an empty organisation and title from the person's post on
        `day`. Returns the post used, or None. A person who held several
        posts that day is refused unless the row is marked `all_posts` (then
        the most recent post fills it and the others are named beside it):
        which one they came for is the editor's choice, never a silent one."""
        person = getattr(self, self.person_field, None)
        if person is None or day is None:
            return None
        if self.organization_id and (self.title_en or self.title_tr):
            return None
        if not self.organization_id and not (self.title_en or self.title_tr):
            held = person.posts_on(day)
            if len(held) > 1 and not self.all_posts:
                raise ValidationError(
                    {
                        "organization": _(
                            "%(person)s held %(count)d posts on %(day)s (%(posts)s): choose "
                            "the organisation they came for, or tick “in all their posts”."
                        )
                        % {
                            "person": person,
                            "count": len(held),
                            "day": format_date(day),
                            "posts": posts_display(held),
                        }
                    }
                )
        post = person.post_on(day, organization=self.organization if self.organization_id else None)
        if post is None:
            return None
        if not self.organization_id:
            self.organization = post.organization
        if not (self.title_en or self.title_tr):
            self.title_en, self.title_tr = post.title_en, post.title_tr
        return post

    def require_organization(self, day):
        """Model validation: fill from the post, or say what is missing."""
        self.fill_from_post(day)
        if not self.organization_id:
            person = getattr(self, self.person_field, None)
            raise ValidationError(
                {
                    "organization": _(
                        "%(person)s held no recorded post on %(day)s: choose the "
                        "organisation they came from."
                    )
                    % {"person": person, "day": format_date(day)}
                }
            )

    def other_posts(self):
        """The other posts the person held on the day, for a row marked
        `all_posts` (else none): every post held that day but the row's own
        (same organisation and title, case and accents aside). Reads `person.posts`: read the rows
        `with_other_posts()` for no query per row."""
        person = getattr(self, self.person_field, None) if self.all_posts else None
        day = self.day_of_record() if person is not None else None
        if day is None:
            return []
        own = folded_titles(self)
        return [
            post
            for post in person.posts_on(day)
            if not (
                post.organization_id == self.organization_id
                and (not own or own & folded_titles(post))
            )
        ]

    def capacities(self, own=True):
        """[(title, organisation), …]: the row's own capacity (unless not
        `own`), then the other posts of the day (for a row marked `all_posts`).
        Titles in the reader's language (a `Localized`, marked when a
        fallback); either part of the row's own may be empty."""
        others = [(post.localized("title"), post.organization) for post in self.other_posts()]
        title = self.localized("title")
        organization = self.organization if self.organization_id else None
        if not own or not (title or organization):
            return others
        return [(title, organization), *others]

    def capacities_display(self):
        """The capacities in words: "President, Union …; Mayor, Kayseri …"."""
        return "; ".join(capacity_display(title, org) for title, org in self.capacities())


def related_or_none(instance, name):
    """The related record `name` of `instance`, or None. Unlike reading the
    attribute, also works for a parent not saved yet (a new visit whose
    delegation is entered on the same form)."""
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def unique_slug(instance, text, max_length=80):
    """A slug for `instance` from `text`, made unique within its model."""
    base = slugify(fold_letters(text))[:max_length].strip("-") or "record"
    slug, n = base, 2
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    while others.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug, n = base[: max_length - len(suffix)] + suffix, n + 1
    return slug


def free_slug(text, taken, max_length=80):
    """A slug from `text` as `unique_slug` makes it, but not in the set `taken`
    (which it joins): for many records made at once without a query each."""
    base = slugify(fold_letters(text))[:max_length].strip("-") or "record"
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug, n = base[: max_length - len(suffix)] + suffix, n + 1
    taken.add(slug)
    return slug


def other_names_list(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class OrganizationQuerySet(SearchQuerySet):
    def home(self):
        """The union that runs the portal (at most one record is marked so)."""
        return self.filter(is_home=True).first()

    def home_id(self):
        """The id of the union that runs the portal, or None."""
        return self.filter(is_home=True).values_list("pk", flat=True).first()

    def members(self):
        return self.filter(is_member=True)


class Organization(TranslatedMixin, SearchableModel):
    """Any body a delegation comes from or goes to; most are municipalities."""

    # Kinds by level, whatever a country calls its body at that level: a city
    # akimat (Kazakhstan), a meriya (Kyrgyzstan) and a hokimiyat (Uzbekistan)
    # are each a city's own government; an Azerbaijani rayon's executive power
    # and a Tatarstan municipal district are districts. The stored values
    # predate the labels and stay as they are.
    class Kind(models.TextChoices):
        METROPOLITAN = "metropolitan", _("metropolitan municipality")
        PROVINCIAL = "provincial", _("city or provincial municipality")
        DISTRICT = "district", _("district municipality or administration")
        TOWN = "town", _("town or village municipality")
        UNION = "union", _("union or association of municipalities")
        MINISTRY = "ministry", _("ministry or government agency")
        EMBASSY = "embassy", _("embassy or consulate")
        REGIONAL = "regional", _("regional government or administration")
        INTERNATIONAL = "international", _("international organisation")
        FOUNDATION = "foundation", _("foundation or association")
        OTHER = "other", _("other")

    MUNICIPAL_KINDS = (Kind.METROPOLITAN, Kind.PROVINCIAL, Kind.DISTRICT, Kind.TOWN)

    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=Kind.choices,
        help_text=_(
            "By level, whatever the country calls it. Metropolitan: a metropolitan "
            "municipality, a capital or a city with the status of a region (Almaty, "
            "Tashkent, Baku, Bishkek). City: the city hall of a provincial centre, "
            "a city akimat, mayor's office (meriya) or hokimiyat. District: a district "
            "municipality, a rayon's executive power, a district akimat or hokimiyat, a "
            "municipal district (Tatarstan), a općina. Town or village: a town (belde), "
            "village or rural municipality. Regional: an oblast or region's administration, "
            "a governorate, a county (megye), a canton, an autonomous republic."
        ),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("The name as used in English, and its Turkish version."),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        blank=True,
        help_text=_("An abbreviation readers know, such as TDBB."),
    )
    local_name = models.CharField(
        _("local name"),
        max_length=200,
        blank=True,
        help_text=_("The name in the organisation's own language and script, e.g. Түркістан."),
    )
    other_names = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "Other spellings and former names people search for, one per line "
            "(Turkestan, Türkistan)."
        ),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("The organisation's address on the site; made from the name when left empty."),
    )
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_(
            "Type any of its names to find it: English, Turkish, the code or a common "
            "one (KKTC, Northern Cyprus, Kosova). Leave empty for an international body."
        ),
    )
    country_name = models.CharField(
        _("country (not in the list)"),
        max_length=100,
        blank=True,
        help_text=_("Only for a place the country list does not have."),
    )
    region = models.CharField(
        _("region or province"),
        max_length=120,
        blank=True,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The larger body this one belongs to: a district's metropolitan municipality."),
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800)],
        help_text=_("The year the population figure is from."),
    )
    website = models.URLField(_("website"), blank=True)
    emblem = SafeImageField(
        _("emblem"),
        upload_to="emblems/",
        blank=True,
        help_text=_("JPEG, PNG or WebP, at most 10 MB."),
    )
    description = models.TextField(_("description"), blank=True)
    is_member = models.BooleanField(
        _("member of the union"),
        default=False,
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)
    is_home = models.BooleanField(
        _("runs this portal"),
        default=False,
        help_text=_(
            "Marks the union whose record office this is. Visits to it are incoming, "
            "visits by it outgoing. Only one organisation can be marked."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_home"],
                condition=Q(is_home=True),
                name="organization_single_home",
                violation_error_message=_("Another organisation already runs this portal."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="organization_not_own_parent",
                violation_error_message=_("An organisation cannot be part of itself."),
            ),
            models.CheckConstraint(
                condition=Q(population_year__isnull=True) | Q(population__isnull=False),
                name="organization_population_year_needs_population",
                violation_error_message=_("A population year needs a population."),
            ),
            models.CheckConstraint(
                condition=Q(member_since__isnull=True) | Q(is_member=True),
                name="organization_member_since_needs_membership",
                violation_error_message=_("Only a member has a membership start date."),
            ),
        ]
        indexes = [
            # Directory filters (country, kind) on the public pages.
            models.Index(fields=["country", "kind"], name="organization_country_kind"),
            # The directory by name in the reader's language and alphabet
            # (views.name_in_reader_language, portal/collation.py), all of it
            # or one country's, a page at a time: indexes with ICU's collations
            # on PostgreSQL only (migration 0018_directory_in_reader_order).
            # The home page's count of members, without reading every organisation.
            models.Index(fields=["id"], condition=Q(is_member=True), name="organization_members"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name_en or self.name)
        store_cleaned_image(self.emblem)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organization", args=[self.slug])

    def search_texts(self):
        return [
            self.name_en,
            self.name_tr,
            self.short_name,
            self.local_name,
            *other_names_list(self.other_names),
        ]

    @property
    def country_label(self):
        return self.country.name if self.country else self.country_name

    @property
    def is_municipality(self):
        return self.kind in self.MUNICIPAL_KINDS


class Highlight(TranslatedMixin, models.Model):
    """A fact about an organisation worth telling: "about 1,600 historical buildings"."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="highlights",
    )
    text = models.CharField(_("text"), max_length=300)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        help_text=_("The year the fact dates from, if it matters."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("highlight")
        verbose_name_plural = _("highlights")
        ordering = ["organization", "order", "id"]

    def __str__(self):
        return self.text


class Person(TranslatedMixin, SearchableModel):
    """Someone who takes part in visits and meetings, holding posts over time."""

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("The name in Latin script as the person writes it, e.g. Aliya Şalkarova."),
    )
    local_name = models.CharField(
        _("local name"),
        max_length=200,
        blank=True,
        help_text=_("The name in the person's own script, if it is not Latin."),
    )
    other_names = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("Other spellings people search for, one per line (Shalkarova)."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("The person's address on the site; made from the name when left empty."),
    )
    notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("For staff only; never shown to the public."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("person", args=[self.slug])

    def search_texts(self):
        return [self.name, self.local_name, *other_names_list(self.other_names)]

    def posts_on(self, day):
        """The posts held on `day` (several at once is common)."""
        return [post for post in self.posts.all() if post.held_on(day)]

    def post_on(self, day, organization=None):
        """The post held on `day`, in `organization` if given; the most recent
        start wins when several are held."""
        posts = [
            post
            for post in self.posts_on(day)
            if organization is None or post.organization_id == organization.pk
        ]
        return posts[0] if posts else None


class Post(TranslatedMixin, models.Model):
    """A post a person holds in an organisation, from a date to a date."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="posts"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    title = models.CharField(
        pgettext_lazy("a person's post", "title"),
        max_length=200,
        help_text=_("The post as it is called, e.g. Deputy Mayor, Secretary General."),
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(
        _("until"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the post is held."),
    )
    single_holder = models.BooleanField(
        _("only one holder at a time"),
        default=False,
        help_text=_(
            "A mayor, a president, a secretary general: the admin warns when two people "
            "hold it at once."
        ),
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        # Most recent first; posts with no start date last.
        ordering = ["person", F("start_date").desc(nulls_last=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="post_ends_after_start",
                violation_error_message=_("A post cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.title}, {self.organization}"

    def held_on(self, day):
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or day <= self.end_date
        )

    def same_post_as(self, other):
        """The same organisation and the same title (in either language,
        ignoring case and accents)."""
        return self.organization_id == other.organization_id and bool(
            folded_titles(self) & folded_titles(other)
        )


def overlapping_holders(posts):
    """Pairs (post, other) where another person holds the same post as one of
    `posts` (saved ones) at an overlapping time, one of the two marked as
    having only one holder at a time (`single_holder`): two current
    presidents of the union. One query (none for no posts). Each pair once."""
    posts = [post for post in posts if post.pk and post.organization_id and post.person_id]
    condition = Q(pk__in=[])
    for post in posts:
        overlap = Q(organization_id=post.organization_id) & ~Q(person_id=post.person_id)
        if post.end_date is not None:
            overlap &= Q(start_date__isnull=True) | Q(start_date__lte=post.end_date)
        if post.start_date is not None:
            overlap &= Q(end_date__isnull=True) | Q(end_date__gte=post.start_date)
        if not post.single_holder:
            overlap &= Q(single_holder=True)
        condition |= overlap
    if not posts:
        return []
    others = Post.objects.filter(condition).select_related("person", "organization")
    pairs, seen = [], set()
    for other in others.order_by("start_date", "id"):
        for post in posts:
            key = frozenset((post.pk, other.pk))
            if (
                post.person_id != other.person_id
                and (post.single_holder or other.single_holder)
                and post.same_post_as(other)
                and _overlap(post, other)
                and key not in seen
            ):
                seen.add(key)
                pairs.append((post, other))
    return pairs


def _overlap(post, other):
    def before(end, start):
        return end is not None and start is not None and end < start

    return not before(post.end_date, other.start_date) and not before(
        other.end_date, post.start_date
    )


def two_holders_message(post, other):
    """The admin's warning about `overlapping_holders()`: "Fatma Şahin and
    Mehmet Özer both hold the post of President, Union … from 1 March 2024: …"."""
    first, second = sorted((post, other), key=lambda p: (p.start_date is not None, p.start_date))
    starts = [p.start_date for p in (post, other) if p.start_date is not None]
    values = {
        "first": first.person,
        "second": second.person,
        "post": capacity_display(first.localized("title"), first.organization),
    }
    if starts:
        values["day"] = format_date(max(starts))
        return (
            _(
                "%(first)s and %(second)s both hold the post of %(post)s from %(day)s: "
                "check the dates (the earlier holder’s “until”)."
            )
            % values
        )
    return (
        _(
            "%(first)s and %(second)s both hold the post of %(post)s at the same time: "
            "check the dates (the earlier holder’s “until”)."
        )
        % values
    )


class CooperationField(TranslatedMixin, models.Model):
    """A field of cooperation a protocol covers: trade, culture, education…"""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("field of cooperation")
        verbose_name_plural = _("fields of cooperation")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name


class ProtocolQuerySet(SearchQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open(self):
        return self.filter(status__in=Protocol.OPEN_STATUSES)

    def between(self, first, second):
        """Protocols joining the two organisations, in either order."""
        return self.filter(Q(party_a=first, party_b=second) | Q(party_a=second, party_b=first))

    def involving(self, organization):
        return self.filter(Q(party_a=organization) | Q(party_b=organization))

    def signings_ahead(self, today):
        """Planned signings still ahead on `today`: their planned day, month or
        year not over yet ("December 2026" all through December), or no date
        set yet; the dated ones first, soonest first."""
        ahead = still_ahead_q("planned_date", "planned_date_precision", today)
        return self.filter(
            Q(planned_date__isnull=True) | ahead, status=Protocol.Status.PLANNED
        ).order_by(F("planned_date").asc(nulls_last=True), "id")

    def signings_overdue(self, today):
        """Planned signings whose planned day, month or year is over on
        `today` and that are still not signed; the longest overdue first."""
        ahead = still_ahead_q("planned_date", "planned_date_precision", today)
        return (
            self.filter(status=Protocol.Status.PLANNED, planned_date__isnull=False)
            .exclude(ahead)
            .order_by("planned_date", "id")
        )


class Protocol(TranslatedMixin, SearchableModel):
    """A sister-city, friendship or cooperation protocol or a memorandum
    between two organisations. The pair is unordered."""

    place_fields = ("signed_place",)

    class Kind(models.TextChoices):
        SISTER_CITY = "sister_city", _("sister-city (twinning) protocol")
        FRIENDSHIP = "friendship", _("friendship protocol")
        COOPERATION = "cooperation", _("cooperation protocol")
        MEMORANDUM = "memorandum", _("memorandum of understanding")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        PLANNED = "planned", _("planned")
        SIGNED = "signed", _("signed")
        ENDED = "ended", _("ended")
        CANCELLED = "cancelled", _("cancelled")

    OPEN_STATUSES = (Status.PROPOSED, Status.PLANNED, Status.SIGNED)

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PROPOSED,
        help_text=_(
            "Proposed → planned → signed → ended, or cancelled. Only one protocol of a "
            "kind can be open (proposed, planned or signed) between the same two parties."
        ),
    )
    party_a = models.ForeignKey(
        Organization,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="protocols_as_a",
    )
    party_b = models.ForeignKey(
        Organization,
        verbose_name=_("other party"),
        on_delete=models.PROTECT,
        related_name="protocols_as_b",
    )
    coordinator = models.ForeignKey(
        Organization,
        verbose_name=_("coordinated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protocols_coordinated",
        help_text=_("A third organisation that brings the parties together, such as the union."),
    )
    title = models.CharField(
        _("title"),
        max_length=250,
        blank=True,
        help_text=_("Leave empty to call it by its kind and parties."),
    )
    summary = models.TextField(_("summary"), blank=True)
    cooperation_fields = models.ManyToManyField(
        CooperationField,
        verbose_name=_("fields of cooperation"),
        blank=True,
        related_name="protocols",
    )
    planned_date = models.DateField(
        _("planned signing date"),
        null=True,
        blank=True,
        help_text=_("For a month, enter any day of it and set the precision to month."),
    )
    planned_date_precision = precision_field(_("planned date precision"))
    signed_date = models.DateField(_("signed on"), null=True, blank=True)
    signed_place = models.CharField(_("signed at"), max_length=200, blank=True)
    document = models.FileField(
        _("signed document"),
        upload_to="protocols/",
        blank=True,
        validators=[validate_pdf],
        help_text=_("The signed text as a PDF, at most 20 MB."),
    )
    notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("For staff only; never shown to the public."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown to the public in the protocol register and on pages."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProtocolQuerySet.as_manager()

    class Meta:
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        ordering = [
            F("signed_date").desc(nulls_last=True),
            F("planned_date").desc(nulls_last=True),
            "id",
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(party_a=F("party_b")),
                name="protocol_parties_distinct",
                violation_error_message=_("A protocol joins two different organisations."),
            ),
            models.UniqueConstraint(
                F("kind"),
                Least("party_a", "party_b"),
                Greatest("party_a", "party_b"),
                condition=Q(status__in=["proposed", "planned", "signed"]),
                name="protocol_one_open_per_pair_and_kind",
                violation_error_message=_(
                    "These two organisations already have an open protocol of this kind."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="signed") | Q(signed_date__isnull=False),
                name="protocol_signed_has_date",
                violation_error_message=_("A signed protocol needs its signing date."),
            ),
        ]
        indexes = [
            # The register's order by date (signed, or else planned) has its
            # indexes on PostgreSQL only (SQLite has no NULLS LAST in an
            # index): migration 0016_page_indexes.
            # Signings ahead on the home page; the register's status filter
            # and the count of signed protocols.
            models.Index(fields=["status", "planned_date", "id"], name="protocol_status_planned"),
        ]

    def __str__(self):
        if self.title:
            return self.title
        return f"{self.party_a} – {self.party_b} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        self.planned_date = normalise(self.planned_date, self.planned_date_precision)
        super().save(*args, **kwargs)

    def search_texts(self):
        texts = [self.title_en, self.title_tr]
        for org in (self.party_a, self.party_b, self.coordinator):
            if org is not None:
                texts += org.search_texts()
        return texts

    @property
    def planned_date_display(self):
        return format_date(self.planned_date, self.planned_date_precision)

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def get_absolute_url(self):
        return reverse("protocol", args=[self.pk])

    def other_party(self, organization):
        return self.party_b if organization.pk == self.party_a_id else self.party_a


class ProtocolSignatory(TitleOnTheDayMixin, TranslatedMixin, models.Model):
    """A person who signed (or is to sign) a protocol, with the title of that day."""

    protocol = models.ForeignKey(
        Protocol,
        verbose_name=_("protocol"),
        on_delete=models.CASCADE,
        related_name="signatories",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="signatures"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="signatures",
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
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["protocol", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["protocol", "person"], name="protocol_signatory_once"),
        ]

    def __str__(self):
        return f"{self.person} ({self.title})" if self.title else str(self.person)

    def day_of_record(self):
        protocol = related_or_none(self, "protocol")
        if protocol is None:
            return None
        return protocol.signed_date or protocol.planned_date or timezone.localdate()

    def clean(self):
        if self.person_id and related_or_none(self, "protocol") is not None:
            self.require_organization(self.day_of_record())


__all__ = [
    "CooperationField",
    "DatePrecision",
    "Highlight",
    "Organization",
    "Person",
    "Post",
    "Protocol",
    "ProtocolSignatory",
]
