"""Texts written for readers, kept in English and Turkish (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    CooperationField,
    Highlight,
    Organization,
    Person,
    Post,
    Protocol,
    ProtocolSignatory,
)


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "country_name", "description")
    required_languages = ("en",)


@register(Highlight)
class HighlightTranslation(TranslationOptions):
    fields = ("text",)


@register(Post)
class PostTranslation(TranslationOptions):
    fields = ("title",)


@register(CooperationField)
class CooperationFieldTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "tr")


@register(Protocol)
class ProtocolTranslation(TranslationOptions):
    fields = ("title", "summary", "signed_place")


@register(ProtocolSignatory)
class ProtocolSignatoryTranslation(TranslationOptions):
    fields = ("title",)


# The audit trail (django-simple-history). Registered here, after the
# translation fields exist, so that history keeps both languages.
def track_history(*models):
    from simple_history import register

    for model in models:
        # A search key is derived from the other fields: not history. Excluded
        # only where it exists; simple-history looks every excluded name up.
        derived = [f.name for f in model._meta.concrete_fields if f.name == "search_key"]
        register(model, app=model._meta.app_label, excluded_fields=derived)


track_history(Organization, Highlight, Person, Post, Protocol, ProtocolSignatory)
