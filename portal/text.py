"""Capitals that follow the reader's language.

Python's `str.upper()`, `str.capitalize()` and Django's `capfirst` follow
English rules, so a Turkish page would print "Imza töreni" and "Il belediyesi".
Turkish and Azerbaijani have a dotted and a dotless i: i ↔ İ, ı ↔ I.

`capfirst`, `upper`, `lower` and `title` here follow the active language and
accept lazy strings (the result is then lazy too, resolved in the language
active when it is read). `teach_django()`, called once from the app's
`ready()`, makes Django's own `capfirst` and the `capfirst`, `upper`, `lower`
and `title` template filters use them — the admin's labels, changelist
headers, model names and form labels included.
"""

import re

from django.utils.functional import keep_lazy_text
from django.utils.translation import get_language

DOTTED_I_LANGUAGES = frozenset({"tr", "az"})


def dotted_i():
    """Whether the active language writes i/İ and ı/I as two letters."""
    language = get_language()
    return bool(language) and language[:2] in DOTTED_I_LANGUAGES


# The plain functions take any value (str() of it) and return a str; the
# public ones below keep lazy strings lazy.


def _capfirst(x):
    if not x:
        return x
    if not isinstance(x, str):
        x = str(x)
    first = x[0]
    if first == "i" and dotted_i():  # the language is looked up only for an i
        return "İ" + x[1:]
    return first.upper() + x[1:]


def _upper(x):
    if not x:
        return x
    x = str(x)
    if "i" in x and dotted_i():
        x = x.replace("i", "İ")
    return x.upper()  # ı → I is right in every language


def _lower(x):
    if not x:
        return x
    x = str(x)
    if ("I" in x or "İ" in x) and dotted_i():
        # Before lower(), which would give İ a combining dot above ("i̇").
        x = x.replace("İ", "i").replace("I", "ı")
    return x.lower()


_WORD = re.compile(r"(?<![\w'’])(\w)(\w*)")


def _title(x):
    if not x:
        return x
    x = str(x)
    if dotted_i():
        return _WORD.sub(lambda m: _upper(m[1]) + _lower(m[2]), x)
    # Django's own title filter: "it's" → "It's", "1st" → "1st".
    t = re.sub("([a-z])'([A-Z])", lambda m: m[0].lower(), x.title())
    return re.sub(r"\d([A-Z])", lambda m: m[0].lower(), t)


capfirst = keep_lazy_text(_capfirst)
capfirst.__doc__ = (
    "The first letter a capital, in the active language's way ('il' → 'İl' in Turkish)."
)
upper = keep_lazy_text(_upper)
upper.__doc__ = "Capitals throughout, in the active language's way ('iptal' → 'İPTAL' in Turkish)."
lower = keep_lazy_text(_lower)
lower.__doc__ = "Small letters throughout, in the active language's way ('IĞDIR' → 'ığdır')."
title = keep_lazy_text(_title)
title.__doc__ = "Each word with a capital, in the active language's way."


# Django's functions get new bodies that call the plain functions above. The
# admin and Django's forms import `capfirst` by name (django.contrib.admin's
# sites, options, utils and helpers; model fields' form labels), so rebinding
# the module attribute would reach none of them; changing the body of the one
# function they all hold reaches every caller. The decorators around those
# functions stay as they are: `keep_lazy_text` for verbose names, and the
# template filters' `stringfilter` and `is_safe` flags. The function to call
# comes in as a keyword-only default: no import or global lookup per call.


def _body(value, *, _portal_text=None):
    return _portal_text(value)


def teach_django():
    from django.template import defaultfilters
    from django.utils import text as django_text

    for function, ours in [
        (django_text.capfirst, _capfirst),
        (defaultfilters.capfirst, _capfirst),
        (defaultfilters.upper, _upper),
        (defaultfilters.lower, _lower),
        (defaultfilters.title, _title),
    ]:
        original = function.__wrapped__  # under keep_lazy_text / stringfilter
        original.__code__ = _body.__code__
        original.__kwdefaults__ = {"_portal_text": ours}
