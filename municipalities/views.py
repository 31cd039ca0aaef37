"""Public pages of the directory that need nothing from visits: the list of
organisations and the protocol register."""

from django.core.paginator import Paginator


def can_see_drafts(request):
    """Staff who are signed in see unpublished records (marked as drafts)."""
    return request.user.is_active and request.user.is_staff


def page_of(request, queryset, per_page=20):
    """The requested page of `queryset`; any page number that is not a page
    (-1, abc, 10**9) gives the nearest real page instead of an error."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def clean_param(request, name, choices=None, max_length=100):
    """A query parameter, stripped and bounded; None when empty or not one of
    `choices`. Unknown values are ignored, never an error."""
    value = str(request.GET.get(name, ""))[:max_length].strip()
    value = "".join(ch for ch in value if ch.isprintable())
    if not value or (choices is not None and value not in choices):
        return None
    return value


def visible_protocols(request):
    """Protocols the reader may see: published ones, or all for staff."""
    from .models import Protocol

    return Protocol.objects.all() if can_see_drafts(request) else Protocol.objects.published()


def directory(request):  # TODO(issue 4): the directory page
    from django.http import Http404

    raise Http404
