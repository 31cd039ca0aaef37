"""Template tags that ask the directory: `{% load directory %}`."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from municipalities.models import Protocol
from municipalities.views import can_see_drafts
from portal.templatetags.portal import marked

register = template.Library()


@register.simple_tag(takes_context=True)
def drafts_shown(context):
    """Whether this reader is shown drafts: the rule of `can_see_drafts`, asked
    of protocols (the groups that may view one may view the others)."""
    request = context.get("request")
    return request is not None and can_see_drafts(request, Protocol)


@register.simple_tag
def capacities(row, link=False, block=None, own=True):
    """What the person of `row` (a delegation member, participant, speaker or
    signatory: TitleOnTheDayMixin) was on the day: "Deputy Mayor, Turkistan
    Municipality"; for a row marked "in all their posts", every post of that
    day, joined by "; ": "President, Union of Turkish World Municipalities;
    Mayor, Kayseri Metropolitan Municipality". Titles in the reader's
    language (a fallback marked, or noted once for `block`); organisations
    linked with `link`. With `own=False`, only the other posts (where a table
    has columns of its own for the title and the organisation). Reads no
    query when the rows come `with_other_posts()`.

    {% capacities member %} · {% capacities p link=True block=fallbacks %}
    """
    if not hasattr(row, "capacities"):
        return ""  # a row that keeps no title of the day (a gift, a decision)
    parts = []
    for title, organization in row.capacities(own=own):
        # The organisation's name in the reader's language, a fallback marked
        # (or noted once for `block`) as titles are.
        name = marked(organization.localized("name"), block) if organization else ""
        if organization and link:
            url = reverse("organization", args=[organization.slug])
            name = format_html('<a href="{}">{}</a>', url, name)
        title = marked(title, block)
        if title and name:
            parts.append(format_html("{}, {}", title, name))
        else:
            parts.append(format_html("{}", title or name))
    return format_html_join("; ", "{}", ((part,) for part in parts))
