"""Text as the portal stores and exports it: without control characters.

Text pasted from a word processor brings characters no reader sees and that
XML, iCalendar and PDF writers refuse: Word's line break (vertical tab, \\x0b),
form feeds, other C0 and C1 control codes, Unicode's line and paragraph
separators, lone surrogates. `clean_text` is the one rule: line breaks of any
kind become a newline, tab, newline and carriage return stay, the rest goes.

Every text field of every model of both apps is cleaned on save
(`connect_text_cleaning`, called by each app's `ready()`), and every export
(feeds, calendar, CSV, print view, PDF) cleans what it writes again, for rows
written past `save()` (`update()`, raw SQL, an old backup).
"""

import re

from django.db import models
from django.db.models.signals import pre_save

# Vertical tab (Word's manual line break), form feed, LINE SEPARATOR and
# PARAGRAPH SEPARATOR: a new line for the reader.
_LINE_BREAKS = re.compile("[\x0b\x0c\u2028\u2029]")
# The other C0 controls (NUL included), DEL, the C1 controls, lone surrogates
# and the two non-characters XML 1.0 forbids.
_UNWANTED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_ANY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def clean_text(value):
    """`value` as text without control characters: vertical tab, form feed
    and the Unicode line and paragraph separators turned into a newline; tab,
    newline and carriage return kept; other C0 and C1 controls, DEL and lone
    surrogates removed. Text with nothing to clean is returned as it is (a
    string subclass keeps its class); None and other empty values too."""
    if not value:
        return value
    text = str(value)
    if _ANY.search(text) is None:
        return value if isinstance(value, str) else text
    return _UNWANTED.sub("", _LINE_BREAKS.sub("\n", text))


def is_clean(text):
    """Whether `text` holds nothing `clean_text` would change."""
    return _ANY.search(str(text)) is None


def clean_text_fields(instance):
    """Clean every text field of `instance` (translations included: they are
    fields of their own) in place."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and not is_clean(value):
                setattr(instance, field.attname, clean_text(value))


def _clean_before_save(sender, instance, raw=False, **kwargs):
    clean_text_fields(instance)


def connect_text_cleaning(app_config):
    """Clean the texts of every model of `app_config` (history models too)
    before each save."""
    for model in app_config.get_models():
        pre_save.connect(
            _clean_before_save,
            sender=model,
            dispatch_uid=f"clean_text_{model._meta.label_lower}",
        )


def clean_stored_text(apps, app_label, batch_size=500):
    """Clean the texts already stored in every table of `app_label` (history
    included), writing only the rows that change. For a data migration."""
    for model in apps.get_app_config(app_label).get_models():
        names = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField)) and not field.primary_key
        ]
        if not names:
            continue
        manager = model._base_manager
        for pk, *texts in manager.values_list("pk", *names).iterator(chunk_size=batch_size):
            dirty = {
                name: clean_text(text)
                for name, text in zip(names, texts, strict=True)
                if isinstance(text, str) and not is_clean(text)
            }
            if dirty:
                manager.filter(pk=pk).update(**dirty)
