"""Texts written for readers, kept in English and Turkish (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from municipalities.translation import track_history

from .models import (
    AgendaItem,
    Decision,
    DelegationMember,
    Event,
    Gift,
    Meeting,
    MeetingParticipant,
    Photo,
    Project,
    ProjectPartner,
    Statement,
    Visit,
)


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("name", "description", "city")


@register(Visit)
class VisitTranslation(TranslationOptions):
    fields = ("title", "purpose", "summary", "delegation_description", "city")


@register(DelegationMember)
class DelegationMemberTranslation(TranslationOptions):
    fields = ("title", "group_description")


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "venue", "city", "summary")


@register(MeetingParticipant)
class MeetingParticipantTranslation(TranslationOptions):
    fields = ("title",)


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("name", "description")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Statement)
class StatementTranslation(TranslationOptions):
    fields = ("title", "text")


@register(Decision)
class DecisionTranslation(TranslationOptions):
    fields = ("text",)


@register(Gift)
class GiftTranslation(TranslationOptions):
    fields = ("description", "kept_at")


@register(Photo)
class PhotoTranslation(TranslationOptions):
    fields = ("caption",)


track_history(
    Event,
    Visit,
    DelegationMember,
    Meeting,
    MeetingParticipant,
    Project,
    ProjectPartner,
    AgendaItem,
    Statement,
    Decision,
    Gift,
    Photo,
)
