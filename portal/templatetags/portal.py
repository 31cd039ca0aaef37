"""Template helpers for the public pages."""

from html import unescape

from django import template
from django.conf import settings
from django.utils.html import escape, format_html, format_html_join, strip_tags
from django.utils.translation import gettext as _

from portal.dates import format_date
from portal.search import fold_letters

register = template.Library()


def language_name(code):
    """The name of a language in the reader's language: "İngilizce" for a
    Turkish reader (Django's LANGUAGES names are translated)."""
    return str(dict(settings.LANGUAGES).get(code, code))


class FallbackBlock:
    """Gathers the fallbacks of a block (a table, a section) so that the block
    is marked once, under it, rather than after every text in it."""

    def __init__(self):
        self.language = None

    def add(self, text):
        self.language = self.language or text.language
        return format_html('<span lang="{}">{}</span>', text.language, text)


@register.simple_tag
def fallback_block():
    """{% fallback_block as block %} … {% tr row "title" block=block %} …
    {% fallback_note block %}"""
    return FallbackBlock()


@register.simple_tag
def fallback_note(block):
    """The block's one mark, if any of its texts stood in for the reader's
    language."""
    if not block.language:
        return ""
    note = _("Some texts above are given in %(language)s only.") % {
        "language": language_name(block.language)
    }
    return format_html('<p class="fallback fallback-note">{}</p>', note)


@register.simple_tag
def tr(record, field, block=None):
    """A text kept in two languages, in the reader's language; the other
    language's text, marked as such, when the reader's is missing (or noted
    once for its whole `block`: see fallback_block).

    {% tr visit "summary" %}
    """
    return marked(record.localized(field), block)


def marked(text, block=None):
    """A `Localized` text as `tr` shows it: marked when it stands in for the
    reader's language (or noted once for its `block`)."""
    if not text:
        return ""
    if text.is_fallback and block:
        return block.add(text)
    if text.is_fallback:
        return format_html(
            '<span lang="{}">{}</span> <span class="fallback">({})</span>',
            text.language,
            text,
            _("in %(language)s") % {"language": language_name(text.language)},
        )
    return text


@register.simple_tag
def tr_plain(record, field):
    """The text of `tr`, with no markup and no marker: for attributes (an
    image's alt text), where markup would end up as visible text.

    <img alt="{% tr_plain photo 'caption' %}">
    """
    return str(record.localized(field))


@register.filter
def precise_date(value, precision="day"):
    """{{ protocol.planned_date|precise_date:protocol.planned_date_precision }}"""
    return format_date(value, precision)


@register.filter
def paragraphs(text):
    """Plain text with blank lines as paragraphs (escaped)."""
    parts = [p.strip() for p in str(text or "").split("\n\n") if p.strip()]
    return format_html("".join("<p>{}</p>" for _ in parts), *parts) if parts else ""


@register.simple_tag
def tr_paragraphs(record, field, block=None):
    """A long text kept in two languages, as paragraphs, marked when it is the
    other language's (or noted once for its whole `block`)."""
    text = record.localized(field)
    parts = [p.strip() for p in str(text).split("\n\n") if p.strip()]
    if not parts:
        return ""
    body = format_html("".join("<p>{}</p>" for _ in parts), *parts)
    if text.is_fallback and block:
        block.add(text)
        return format_html('<div lang="{}">{}</div>', text.language, body)
    if text.is_fallback:
        note = _("Only available in %(language)s.") % {"language": language_name(text.language)}
        return format_html(
            '<div lang="{}">{}</div><p class="fallback">{}</p>', text.language, body, note
        )
    return body


@register.simple_tag(takes_context=True)
def same_page_in(context, language):
    """The address of the page being read, in another language; on a page
    not found (no view answers the address), the same path under the other
    language's prefix, a page not found in that language."""
    from django.urls import get_script_prefix, translate_url
    from django.utils.translation import get_language_from_path

    request = context["request"]
    full = request.get_full_path()
    translated = translate_url(full, language)
    if translated != full:
        return translated
    root = get_script_prefix()
    current = get_language_from_path(request.path_info)
    prefix = f"{root}{current}/" if current else root
    if not full.startswith(prefix):
        return full
    return f"{root}{language}/{full[len(prefix) :]}"


@register.filter
def css_string(value):
    """`value` safe inside a double-quoted CSS string (used in @page content)."""
    text = str(value)
    return "".join(
        ch if ch.isprintable() and ch not in '"\\<>' else f"\\{ord(ch):x} " for ch in text
    )


@register.filter
def minutes(duration):
    """A timedelta in whole minutes, rounded up (a lockout of 90 seconds is
    2 minutes to wait, not 1)."""
    return max(1, -(-int(duration.total_seconds()) // 60)) if duration else 0


DESCRIPTION_MOST = 160  # characters: what search engines show of a description


@register.filter
def meta_description(value, most=DESCRIPTION_MOST):
    """`value` (rendered markup) as a page's meta description: plain text,
    tags stripped, whitespace collapsed, at most `most` characters, cut at a
    word with "…". Escaped for the attribute it goes in.

    <meta name="description" content="{% filter meta_description %}…{% endfilter %}">
    """
    text = " ".join(unescape(strip_tags(str(value))).split())
    if len(text) > most:
        cut = text[: most - 1]
        if text[most - 1] != " " and " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        text = cut.rstrip(" ,;:·–-") + "…"
    return escape(text)


def _already_named(text, earlier):
    """Whether `text` (a city, a country) is already said by one of the
    `earlier` parts: the same words, whole, ignoring case, diacritics and the
    Turkish dotted and dotless i ("İstanbul" in "Istanbul Metropolitan
    Municipality service building")."""
    words = fold_letters(text)
    return not words or any(f" {words} " in f" {fold_letters(part)} " for part in earlier)


@register.simple_tag
def venue(record, country=True, block=None, plain=False, after=""):
    """Where something took place: a meeting's venue (in the reader's
    language, marked when it is the other's), its city and its country,
    joined with commas, each left out when an earlier part already names it:
    "Government House, Nakhchivan, Azerbaijan", never "…, Nakhchivan,
    Nakhchivan", and "Istanbul, Türkiye" for a venue and a city both
    "Istanbul". For a visit or an event: the city and the country.
    `country=False` leaves the country out; `plain=True` gives text with no
    marks (for a meta description). `after`: a text said just before (an
    event's name), whose words need not be said again.

    {% venue meeting %} {% venue meeting block=fallbacks %} {% venue visit country=False %}
    """
    parts = [str(after)] if after else []
    shown = []
    place = record.localized("venue") if hasattr(record, "venue_en") else ""
    if place and not _already_named(str(place), parts):
        parts.append(str(place))
        shown.append(str(place) if plain else marked(place, block))
    for text in (
        getattr(record, "city", ""),
        record.country.name if country and getattr(record, "country", None) else "",
    ):
        text = str(text or "").strip()
        if text and not _already_named(text, parts):
            parts.append(text)
            shown.append(text)
    if plain:
        return ", ".join(shown)
    return format_html_join(", ", "{}", ((part,) for part in shown))
