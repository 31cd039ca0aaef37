"""A protocol's page, /protocols/<id>/: its parties, dates, fields, signatories
and the meetings where it was discussed or signed."""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from portal.text import capfirst

from .models import AgendaItem, Meeting
from .views import LARGEST_ID, protocols_in_full, visible_meetings


def get_protocol(request, pk):
    """The protocol at /protocols/<pk>/ with its parties, coordinator, fields
    and signatories, if the reader may see it (drafts: staff only)."""
    if pk > LARGEST_ID:
        raise Http404  # no row has that id; the query could not be built
    return get_object_or_404(protocols_in_full(request), pk=pk)


def meetings_about(request, protocol):
    """The meetings the reader may see that discussed the protocol (an agenda
    item) or signed it, in time order, each marked `signed_here`."""
    discussed = Exists(AgendaItem.objects.filter(meeting=OuterRef("pk"), protocol=protocol))
    signed = Exists(
        Meeting.signed_protocols.through.objects.filter(meeting=OuterRef("pk"), protocol=protocol)
    )
    return list(
        visible_meetings(request)
        .annotate(signed_here=signed)
        .filter(Q(discussed) | Q(signed_here=True))
        .select_related("host", "visit")
        .order_by("date", "start_time", "id")
    )


def description(protocol):
    """The page's meta description: the summary, or what the record says."""
    summary = " ".join(str(protocol.localized("summary")).split())
    if not summary:
        summary = capfirst(
            _("%(kind)s between %(first)s and %(second)s (%(status)s).")
            % {
                "kind": protocol.get_kind_display(),
                "first": protocol.party_a,
                "second": protocol.party_b,
                "status": protocol.get_status_display(),
            }
        )
    return Truncator(summary).chars(200)


def protocol_detail(request, pk):
    """One protocol. A draft is not found by the public; staff who may see
    drafts get it marked. Four queries whatever it holds: the protocol with
    its parties and coordinator, its fields, its signatories, its meetings."""
    protocol = get_protocol(request, pk)
    return render(
        request,
        "visits/protocol_detail.html",
        {
            "protocol": protocol,
            "parties": [protocol.party_a, protocol.party_b],
            "meetings": meetings_about(request, protocol),
            "description": description(protocol),
            "section": "protocols",
        },
    )
