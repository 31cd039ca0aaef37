"""Keep the search keys of visits and meetings current when a name they are
found by changes on another record."""

from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver

from municipalities.models import Organization
from portal.search import refresh_search_keys

from .models import Event, Meeting, Visit


@receiver(post_save, sender=Organization, dispatch_uid="visits_organization_renamed")
def organization_renamed(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    refresh_search_keys(
        Visit.objects.filter(Q(guest=instance) | Q(host=instance)).select_related(
            "guest", "host", "event"
        )
    )
    refresh_search_keys(Meeting.objects.filter(host=instance).select_related("host", "visit"))


@receiver(post_save, sender=Event, dispatch_uid="visits_event_renamed")
def event_renamed(sender, instance, created, raw=False, **kwargs):
    if not (created or raw):
        refresh_search_keys(instance.visits.select_related("guest", "host", "event"))


@receiver(post_save, sender=Visit, dispatch_uid="visits_visit_renamed")
def visit_renamed(sender, instance, created, raw=False, **kwargs):
    if not (created or raw):
        refresh_search_keys(instance.meetings.select_related("host", "visit"))
