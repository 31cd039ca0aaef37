"""The glossary of official titles and organisation-name patterns: the other
language of a title or a name, proposed from what a clerk typed.

The rules, one place for the server and for the admin's forms
(static/js/glossary.js follows them on the tables `Glossary.tables` gives it):

- the typed text is compared with case and spaces ignored: spaces squeezed,
  and i, ı, İ and I count as one letter (a Turkish capital İ, an English
  capital I, a Turkish word typed on an English keyboard);
- first the terms of the field's kind ("Mayor" → "Belediye Başkanı"), then
  its patterns, the longest fixed text first ("Kayseri Metropolitan
  Municipality" is a metropolitan municipality before it is a municipality):
  the name that `{name}` stands for is taken from the typed text as typed and
  put into the other side ("Kayseri Büyükşehir Belediyesi");
- from Turkish, only the preferred English of a Turkish term is proposed;
- nothing found, nothing proposed.

What is proposed is shown to the clerk ("From the glossary — check") or
listed for confirmation (the admin action `fill_from_glossary`), and fills
only an empty field.
"""

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import GlossaryTerm

PLACEHOLDER = GlossaryTerm.PLACEHOLDER
LANGUAGES = ("en", "tr")
SIDE = {"en": "english", "tr": "turkish"}
DATA_FILE = Path(__file__).parent / "data" / "glossary.csv"

# i, ı, İ and I are one letter for the comparison; one character for one, so
# that a position in the folded text is the same position in the typed one.
_ONE_I = str.maketrans({"İ": "i", "I": "i", "ı": "i"})


def squeeze(text):
    """`text` in composed form, with runs of spaces made one, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def fold_letters(text):
    """`text` with i-letters made one, in lower case; as long as `text`
    (str.lower() makes two characters of İ only, and İ is gone by then)."""
    return text.translate(_ONE_I).lower()


def fold(text):
    """The comparison key of `text`: squeezed, i-letters made one, lower case."""
    return fold_letters(squeeze(text))


class Glossary:
    """The glossary as lookup tables, for each kind and each language typed in:
    {"title": {"en": {"exact": {folded English: Turkish}, "patterns":
    [[folded prefix, folded suffix, Turkish pattern], …]}, "tr": {…}}, …}."""

    def __init__(self, terms):
        self.tables = {
            kind: {code: {"exact": {}, "patterns": []} for code in LANGUAGES}
            for kind in GlossaryTerm.Kind.values
        }
        for term in terms:
            kind, english, turkish = term.kind, squeeze(term.english), squeeze(term.turkish)
            if kind not in self.tables or not english or not turkish:
                continue
            directions = [("en", english, turkish)]
            if term.preferred:
                directions.append(("tr", turkish, english))
            for code, source, target in directions:
                table = self.tables[kind][code]
                if PLACEHOLDER in source:
                    prefix, _sep, suffix = source.partition(PLACEHOLDER)
                    # The spaces around {name} are kept: "Embassy of " is no
                    # prefix of "Embassy offices".
                    table["patterns"].append([fold_letters(prefix), fold_letters(suffix), target])
                else:
                    table["exact"].setdefault(fold(source), target)
        for kind_tables in self.tables.values():
            for table in kind_tables.values():
                # The longest fixed text first; then alphabetical, so that the
                # order never depends on the database's.
                table["patterns"].sort(key=lambda p: (-len(p[0]) - len(p[1]), p[0], p[1]))

    @classmethod
    def load(cls):
        """The glossary as stored: one query."""
        return cls(GlossaryTerm.objects.only("kind", "english", "turkish", "preferred"))

    def translate(self, kind, text, to="tr"):
        """The other language of `text`, a title or a name of `kind` typed in the
        language other than `to`; "" when the glossary has nothing for it."""
        source = "tr" if to == "en" else "en"
        table = self.tables.get(kind, {}).get(source)
        typed = squeeze(text)
        key = fold(typed)
        if not table or not key:
            return ""
        if key in table["exact"]:
            return table["exact"][key]
        for prefix, suffix, target in table["patterns"]:
            if (
                len(key) > len(prefix) + len(suffix)
                and key.startswith(prefix)
                and key.endswith(suffix)
            ):
                name = typed[len(prefix) : len(typed) - len(suffix)].strip()
                if name:
                    return target.replace(PLACEHOLDER, name)
        return ""


def translate(kind, text, to="tr"):
    """The other language of a title or a name, from the stored glossary."""
    return Glossary.load().translate(kind, text, to)


# --- Checking and seeding the glossary ---------------------------------------


def validate_term(term):
    """GlossaryTerm.clean(): texts squeezed; a pattern holds {name} once on each
    side and some text besides, a title none; English (and the preferred
    Turkish) once per kind, with case and i-letters ignored as the lookup does."""
    term.english, term.turkish = squeeze(term.english), squeeze(term.turkish)
    errors = {}
    for field in ("english", "turkish"):
        text = getattr(term, field)
        if not text:
            continue
        if term.kind == GlossaryTerm.Kind.PATTERN:
            if text.count(PLACEHOLDER) != 1 or text == PLACEHOLDER:
                errors[field] = _(
                    "A pattern holds {name} exactly once, where the name goes, with the "
                    "rest of the name around it: “{name} Municipality”, “Embassy of {name}”."
                )
        elif "{" in text or "}" in text:
            errors[field] = _(
                "A title holds no {name}: for a pattern of names choose the kind "
                "“organisation name pattern”."
            )
    others = (
        GlossaryTerm.objects.filter(kind=term.kind)
        .exclude(pk=term.pk)
        .values_list("english", "turkish", "preferred")
    )
    english, turkish = fold(term.english), fold(term.turkish)
    for other_english, other_turkish, other_preferred in others:
        if "english" not in errors and english and fold(other_english) == english:
            errors["english"] = _("The glossary has this English term already.")
        if (
            "turkish" not in errors
            and turkish
            and term.preferred
            and other_preferred
            and fold(other_turkish) == turkish
        ):
            errors["turkish"] = _(
                "The glossary has this Turkish term already, with its preferred English: "
                "untick “preferred” here, or there."
            )
    if errors:
        raise ValidationError(errors)


def seed_rows():
    """The glossary's first terms, from portal/data/glossary.csv."""
    with open(DATA_FILE, encoding="utf-8", newline="") as data:
        return [
            {
                "kind": row["kind"],
                "english": row["english"],
                "turkish": row["turkish"],
                "preferred": row["preferred"] == "yes",
                "note": row["note"] or "",
            }
            for row in csv.DictReader(data)
        ]


def seed_glossary(model=GlossaryTerm, history_model=None):
    """Add the data file's terms that the glossary lacks, each with its first
    history record like any term (a data migration passes its historical
    models). Returns how many were added."""
    from django.utils import timezone

    history_model = history_model or GlossaryTerm.history.model
    have = {(kind, fold(english)) for kind, english in model.objects.values_list("kind", "english")}
    rows = [row for row in seed_rows() if (row["kind"], fold(row["english"])) not in have]
    model.objects.bulk_create([model(**row) for row in rows])
    added = model.objects.filter(english__in=[row["english"] for row in rows])
    now = timezone.now()
    history_model.objects.bulk_create(
        history_model(
            id=term.pk,
            kind=term.kind,
            english=term.english,
            turkish=term.turkish,
            preferred=term.preferred,
            note=term.note,
            updated_at=term.updated_at,
            history_date=now,
            history_type="+",
        )
        for term in added
        if (term.kind, fold(term.english)) not in have
    )
    return len(rows)


# --- The admin: fields that the glossary fills ----------------------------------


def mark_for_glossary(formfield, kind, language):
    """Have static/js/glossary.js fill `formfield`'s partner (its name with
    _en and _tr swapped) from the glossary's terms of `kind`, and the other
    way round; the page needs the script (GlossaryFieldsMixin's media)."""
    formfield.widget.attrs.update(
        {
            "data-glossary": kind,
            "data-glossary-language": language,
            "data-glossary-url": reverse("admin:portal_glossaryterm_lookup"),
        }
    )
    return formfield


class GlossaryFieldsMixin:
    """For model admins and inlines whose forms have titles or organisation
    names in both languages: `glossary_fields` maps a field ("title") to the
    kind of glossary terms it takes. Its English and Turkish inputs carry
    what static/js/glossary.js needs to fill one from the other."""

    glossary_fields = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        stem, _sep, code = db_field.name.rpartition("_")
        if formfield is not None and code in LANGUAGES and stem in self.glossary_fields:
            mark_for_glossary(formfield, self.glossary_fields[stem], code)
        return formfield

    @property
    def media(self):
        return super().media + forms.Media(js=["js/glossary.js"])


@dataclass
class Proposal:
    record: object
    field: str  # "title_tr"
    label: str  # "title on the day (Turkish)"
    typed: str
    proposed: str


def proposals(records, glossary_fields, glossary):
    """What the glossary proposes for the empty side of each title or name of
    `records` whose other side is given."""
    found = []
    for record in records:
        for stem, kind in glossary_fields.items():
            for code in LANGUAGES:
                other = "tr" if code == "en" else "en"
                typed = getattr(record, f"{stem}_{code}") or ""
                if not typed.strip() or (getattr(record, f"{stem}_{other}") or "").strip():
                    continue
                proposed = glossary.translate(kind, typed, to=other)
                field = type(record)._meta.get_field(f"{stem}_{other}")
                if proposed and len(proposed) <= (field.max_length or len(proposed)):
                    found.append(Proposal(record, field.name, field.verbose_name, typed, proposed))
    return found


def fill(found):
    """Write each proposal whose field is still empty, with the history of each
    record (one save per record, its changed fields only). Returns how many
    fields were filled."""
    filled = 0
    by_record = {}
    for proposal in found:
        by_record.setdefault((type(proposal.record), proposal.record.pk), []).append(proposal)
    with transaction.atomic():
        for (model, pk), items in by_record.items():
            record = model._default_manager.select_for_update().filter(pk=pk).first()
            if record is None:
                continue
            changed = []
            for proposal in items:
                if not (getattr(record, proposal.field) or "").strip():
                    setattr(record, proposal.field, proposal.proposed)
                    changed.append(proposal.field)
            if changed:
                filled += len(changed)
                if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                    changed.append("updated_at")
                record.save(update_fields=changed)
    return filled


@admin.action(description=_("Fill missing translations from the glossary"), permissions=["change"])
def fill_from_glossary(modeladmin, request, queryset):
    """For the admins with `glossary_fields`: lists what the glossary proposes
    for the selected records' empty titles or names (record, field, typed →
    proposed), and on confirmation fills the fields still empty."""
    glossary = Glossary.load()
    found = proposals(queryset, modeladmin.glossary_fields, glossary)
    if not found:
        modeladmin.message_user(
            request,
            gettext("The glossary has nothing to fill in the selected records."),
            messages.INFO,
        )
        return None
    if request.POST.get("confirmed") != "yes":
        opts = modeladmin.model._meta
        return TemplateResponse(
            request,
            "admin/glossary_fill_confirmation.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": gettext("Fill missing translations from the glossary?"),
                "opts": opts,
                "queryset": queryset,
                "proposals": found,
                "change_url": f"admin:{opts.app_label}_{opts.model_name}_change",
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )
    count = fill(found)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d field was filled from the glossary.",
            "%(count)d fields were filled from the glossary.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )
    return None
