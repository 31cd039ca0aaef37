"""Template tags that ask the directory: `{% load directory %}`."""

from django import template

from municipalities.models import Protocol
from municipalities.views import can_see_drafts

register = template.Library()


@register.simple_tag(takes_context=True)
def drafts_shown(context):
    """Whether this reader is shown drafts: the rule of `can_see_drafts`, asked
    of protocols (the groups that may view one may view the others)."""
    request = context.get("request")
    return request is not None and can_see_drafts(request, Protocol)
