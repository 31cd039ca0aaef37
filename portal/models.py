"""The site's own records: the page cache's version number and the groups of
deletions a restore brings back. No domain model lives here."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
