"""The protocol register and its CSV. TODO(issue 4)."""

from django.http import Http404


def protocol_register(request):
    raise Http404


protocol_csv = protocol_register
