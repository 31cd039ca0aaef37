"""Keep protocols' search keys current when a party is renamed."""

from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from portal.search import refresh_search_keys

from .models import Organization, Protocol


@receiver(post_save, sender=Organization, dispatch_uid="protocols_organization_renamed")
def organization_renamed(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    refresh_search_keys(
        Protocol.objects.filter(
            Q(party_a=instance) | Q(party_b=instance) | Q(coordinator=instance)
        ).select_related("party_a", "party_b", "coordinator")
    )


# Sent by `manage.py restore` inside its transaction, after the records are
# loaded (raw saves, which keep no derived data): apps above recount theirs.
records_restored = Signal()
