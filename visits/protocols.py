"""A protocol's page, /protocols/<id>/: its parties, dates, fields, signatories
and the meetings where it was discussed or signed."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from municipalities.views import visible_protocols

LARGEST_ID = 2**63 - 1


def protocol_detail(request, pk):
    if pk > LARGEST_ID:
        raise Http404
    protocol = get_object_or_404(
        visible_protocols(request).select_related("party_a", "party_b", "coordinator"), pk=pk
    )
    return render(
        request, "visits/protocol_detail.html", {"protocol": protocol, "section": "protocols"}
    )
