"""Names of people (and organisations) as links to their page: `{% load people %}`.

A person shown in a published record is public by definition, so a public
page may always link their name. Neither tag queries: the person (and a
gift's organisations) must come with the row (select_related).
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def person_link(person):
    """<a href="/en/people/aliya-salkarova/">Aliya Şalkarova</a>; the bare
    name (escaped) for a person without an address."""
    if person is None:
        return ""
    if not person.slug:
        return format_html("{}", person.name)
    return format_html('<a href="{}">{}</a>', person.get_absolute_url(), person.name)


@register.simple_tag
def organization_link(organization):
    """<a href="/en/municipalities/tdbb/">Union of …</a>, for use in a sentence:
    {% organization_link org.parent as parent %}{% blocktranslate %}part of {{ parent }}…"""
    if organization is None:
        return ""
    return format_html(
        '<a href="{}">{}</a>', reverse("organization", args=[organization.slug]), organization
    )


_organization_link = organization_link


@register.simple_tag
def gift_party(gift, side, short=False):
    """Who gave (`side` "giver") or received ("recipient") `gift`: the person
    and the organisation, each a link, for use in a sentence; `short`: the
    person only when there is one (as `gift.giver` reads).

    {% gift_party g "giver" as giver %}{% blocktranslate %}from {{ giver }}…
    """
    if side == "giver":
        person, organization = gift.given_by_person, gift.given_by_organization
    else:
        person, organization = gift.given_to_person, gift.given_to_organization
    parts = []
    if person is not None:
        parts.append(person_link(person))
    if organization is not None and not (short and parts):
        parts.append(_organization_link(organization))
    return format_html_join(", ", "{}", ((part,) for part in parts))
