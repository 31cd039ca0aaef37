"""A person's page, /people/<slug>/: who they are, their posts over time and
every appearance in the records the reader may see."""

from django.shortcuts import get_object_or_404, render

from .public import visible_people


def person_detail(request, slug):
    person = get_object_or_404(visible_people(request), slug=slug)
    return render(request, "visits/person_detail.html", {"person": person, "section": "search"})
