"""The gift register and the CSV exports. TODO(issue 4)."""

from django.http import Http404


def gift_register(request):
    raise Http404


gift_csv = visit_csv = gift_register
