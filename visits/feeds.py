"""Feeds: an Atom feed of newly published visits and an iCalendar feed. TODO(issue 4)."""

from django.http import Http404


class VisitFeed:
    def __call__(self, request):
        raise Http404


def calendar(request):
    raise Http404
