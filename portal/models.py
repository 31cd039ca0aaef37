"""The site's own records: the page cache's version number, the groups of
deletions a restore brings back, and the glossary of titles and name
patterns in both languages. No domain model lives here."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class SiteVersion(models.Model):
    """One row: a number raised by every change to a record, so that pages
    cached for anonymous readers are never served stale (portal/pagecache.py)."""

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("site version")
        verbose_name_plural = _("site version")

    def __str__(self):
        return str(self.number)


class Deletion(models.Model):
    """One deletion from the admin: a record and the rows that went with it.

    Their history records ("-") carry this id as their change reason, so a
    restore finds exactly them (portal/deletions.py); the links of
    many-to-many fields, which history does not keep, are kept here.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    model = models.CharField(_("model"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    deleted_at = models.DateTimeField(_("deleted"), auto_now_add=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # {"visits.meeting.signed_protocols": {"<meeting id>": [<protocol id>, …]}}
    links = models.JSONField(_("links"), default=dict, blank=True)
    restored_at = models.DateTimeField(_("restored"), null=True, blank=True)

    class Meta:
        verbose_name = _("deletion")
        verbose_name_plural = _("deletions")

    def __str__(self):
        return f"{self.model} {self.object_id}"


class GlossaryTerm(models.Model):
    """One entry of the glossary of official titles and organisation-name
    patterns in English and Turkish, which fills the other language of a
    title or a name when a clerk types one (portal/glossary.py, and
    static/js/glossary.js on the admin's forms).

    A dictionary, not a translated record: `english` and `turkish` are plain
    fields. A pattern holds `{name}` once on each side: "{name} Metropolitan
    Municipality" ↔ "{name} Büyükşehir Belediyesi".

    English → Turkish is always one answer: an English term is unique within
    its kind. Several English terms may share one Turkish ("{name} City Hall"
    and "{name} Municipality" are both "{name} Belediyesi"): the one marked
    `preferred` is the answer from Turkish, and only one per Turkish term may
    be (one of each pair is unique, case ignored)."""

    class Kind(models.TextChoices):
        TITLE = "title", pgettext_lazy("a person's post", "title")
        PATTERN = "pattern", _("organisation name pattern")

    PLACEHOLDER = "{name}"

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.TITLE)
    english = models.CharField(
        _("English"),
        max_length=200,
        help_text=_(
            "A title as it is written (Deputy Mayor), or a pattern of names with {name} "
            "where the name goes ({name} Metropolitan Municipality)."
        ),
    )
    turkish = models.CharField(
        _("Turkish"),
        max_length=200,
        help_text=_(
            "The same in Turkish (Belediye Başkan Yardımcısı; {name} Büyükşehir Belediyesi)."
        ),
    )
    preferred = models.BooleanField(
        _("preferred English for the Turkish"),
        default=True,
        help_text=_(
            "Where several English terms have the same Turkish one ({name} City Hall and "
            "{name} Municipality are both {name} Belediyesi), the one ticked is used when "
            "the Turkish is typed. Only one of them may be ticked."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=250,
        blank=True,
        help_text=_("Where the term is used, or what to watch for."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["-kind", "english"]  # titles first
        constraints = [
            models.UniqueConstraint(
                "kind",
                Lower("english"),
                name="glossary_english_once",
                violation_error_message=_("The glossary has this English term already."),
            ),
            models.UniqueConstraint(
                "kind",
                Lower("turkish"),
                condition=models.Q(preferred=True),
                name="glossary_preferred_turkish_once",
                violation_error_message=_(
                    "The glossary has this Turkish term already, with its preferred English: "
                    "untick “preferred” here, or there."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.english} ↔ {self.turkish}"

    def clean(self):
        from .glossary import validate_term

        validate_term(self)
