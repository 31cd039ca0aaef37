"""Pages of the occasions and joint work visits are about: an event
(/events/<slug>/) with the visits it brought, and a joint project
(/projects/<slug>/) with its partners and the meetings that discussed it."""

from django.shortcuts import get_object_or_404, render

from .public import visible_events, visible_projects


def event_detail(request, slug):
    event = get_object_or_404(visible_events(request), slug=slug)
    return render(request, "visits/event_detail.html", {"event": event, "section": "visits"})


def project_detail(request, slug):
    project = get_object_or_404(visible_projects(request), slug=slug)
    return render(request, "visits/project_detail.html", {"project": project, "section": "visits"})
