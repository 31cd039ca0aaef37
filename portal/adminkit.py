"""What every secretariat admin page shares: folded search, English and Turkish
side by side, the audit trail with revert, refusal of a stale save, CSV export.

`RecordAdmin` is the base for the model admins of both apps; inlines take
`RecordInlineMixin`.
"""

import csv
import json
from functools import cached_property, reduce
from operator import or_

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.http import Http404, HttpResponse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html_join
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country, CountryField
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .cleaning import clean_text
from .countries import CountrySelect
from .dates import format_date
from .deletions import RestoreDeletedMixin
from .paging import COUNT_LIMIT, _capped_count
from .search import MAX_QUERY_LENGTH, query_words

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class FoldedSearchMixin:
    """Admin search that ignores case and diacritics the way the public search
    does (`salkarova` finds Şalkarova).

    A model with a search key of its own searches through its `search()`. Others
    name the relations whose keys they are found by in `folded_search_paths`
    ("person__") and may add plain text fields in `text_search_fields`.
    """

    search_fields = ("search_key",)  # shows the box; get_search_results does the work
    search_help_text = _("Case and accents are ignored: 'uskudar' finds Üsküdar.")
    folded_search_paths = ("",)
    text_search_fields = ()

    def get_search_results(self, request, queryset, search_term):
        if self.folded_search_paths == ("",) and not self.text_search_fields:
            return queryset.search(search_term), False
        words = query_words(search_term)
        if not words:
            return queryset, False
        nothing = Q(pk__in=[])
        in_keys = Q()
        for word in words:
            in_keys &= reduce(
                or_,
                (Q(**{f"{path}search_key__contains": word}) for path in self.folded_search_paths),
                nothing,
            )
        term = search_term.strip()[:MAX_QUERY_LENGTH]
        in_texts = reduce(
            or_, (Q(**{f"{field}__icontains": term}) for field in self.text_search_fields), nothing
        )
        return queryset.filter(in_keys | in_texts), False


class CountryInUseFilter(admin.SimpleListFilter):
    """The countries that records actually have, not all 250 of the list."""

    title = _("country")
    parameter_name = "country"

    # True where the table has an index on its country (a migration makes it on
    # PostgreSQL): the countries are then read by skipping through the index,
    # one probe per country, not by a DISTINCT over every row.
    indexed = False

    def lookups(self, request, model_admin):
        queryset = model_admin.get_queryset(request)
        connection = connections[queryset.db]
        if self.indexed and connection.vendor == "postgresql" and not queryset.query.where:
            codes = countries_in_index(connection, queryset.model._meta.db_table)
        else:
            codes = (
                queryset.exclude(country="").order_by().values_list("country", flat=True).distinct()
            )
        return sorted(((code, Country(code).name) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


class TypedOrganizationFilter(admin.SimpleListFilter):
    """Records whose organisation (`field_name`: "host") has every typed word
    in its name, folded as the search folds them (`zeytin` finds Zeytinburnu):
    a box in the sidebar rather than a list of every organisation in use,
    20,000 lines read on each request at volume. Served by the organisations'
    search keys and their trigram index, as the public search is."""

    template = "admin/typed_filter.html"
    field_name = None

    def lookups(self, request, model_admin):
        return ()

    def has_output(self):
        return True

    def get_facet_counts(self, pk_attname, filtered_qs):
        return {}

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.strip():
            return queryset
        organizations = self.field.related_model.objects.search(value).values("pk")
        return queryset.filter(**{f"{self.field_name}__in": organizations})

    @property
    def field(self):
        return self.model_admin_model._meta.get_field(self.field_name)

    def __init__(self, request, params, model, model_admin):
        self.model_admin_model = model
        super().__init__(request, params, model, model_admin)

    def choices(self, changelist):
        others = [
            (name, value)
            for name, value in changelist.params.items()
            if name != self.parameter_name
        ]
        yield {
            "value": self.value() or "",
            "hidden": others,
            "clear_url": changelist.get_query_string(remove=[self.parameter_name]),
            "selected": bool(self.value()),
        }


class IndexedCountryFilter(CountryInUseFilter):
    indexed = True


def countries_in_index(connection, table):
    """The distinct countries of `table` by a loose index scan (a recursive
    query taking the next larger country from the index each step)."""
    sql = (
        f"WITH RECURSIVE found(country) AS ("  # a table name of ours, not input
        f" SELECT min(country) FROM {table} WHERE country > ''"
        f" UNION ALL SELECT (SELECT min(t.country) FROM {table} t WHERE t.country > found.country)"
        f" FROM found WHERE found.country IS NOT NULL"
        f") SELECT country FROM found WHERE country IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def typed_organization_filter(field_name, title):
    """A TypedOrganizationFilter for `field_name`, its box named `title`."""
    return type(
        f"Typed{field_name.title()}Filter",
        (TypedOrganizationFilter,),
        {"field_name": field_name, "title": title, "parameter_name": f"{field_name}_name"},
    )


class YearFilter(admin.SimpleListFilter):
    """The years from the first record's to the last one's (two index lookups,
    MIN and MAX of `date_field`), newest first: what the date hierarchy offered
    without its SELECT DISTINCT over every row of the list."""

    title = _("year")
    date_field = None

    def lookups(self, request, model_admin):
        from django.db.models import Max, Min

        span = model_admin.get_queryset(request).aggregate(
            first=Min(self.date_field), last=Max(self.date_field)
        )
        if span["first"] is None:
            return []
        return [
            (str(year), str(year)) for year in range(span["last"].year, span["first"].year - 1, -1)
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit() and 1 <= int(value) <= 9999:
            return queryset.filter(**{f"{self.date_field}__year": int(value)})
        return queryset

    def get_facet_counts(self, pk_attname, filtered_qs):
        return {}


def year_filter(date_field):
    """A YearFilter on `date_field`, with the date hierarchy's parameter
    (`start_date__year`) so that links made for it still filter."""
    return type(
        f"{date_field.title().replace('_', '')}YearFilter",
        (YearFilter,),
        {"date_field": date_field, "parameter_name": f"{date_field}__year"},
    )


def pair_translations(fields):
    """Put each field's English and Turkish versions on one line of the form:
    ["title_en", "title_tr", "slug"] → [("title_en", "title_tr"), "slug"]."""
    out = []
    for field in fields:
        if isinstance(field, (list, tuple)):
            out.append(tuple(field))
            continue
        stem, _sep, code = field.rpartition("_")
        first = f"{stem}_{LANGUAGE_CODES[0]}"
        if code == LANGUAGE_CODES[0] and stem:
            out.append((field,))
        elif code in LANGUAGE_CODES and out and isinstance(out[-1], tuple) and out[-1][0] == first:
            out[-1] = (*out[-1], field)
        else:
            out.append(field)
    return [line[0] if isinstance(line, tuple) and len(line) == 1 else line for line in out]


class SideBySideTranslationsMixin:
    """Texts kept in two languages show their English and Turkish fields side by side."""

    def get_fieldsets(self, request, obj=None):
        return [
            (name, {**options, "fields": pair_translations(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]


class EditVersionForm(forms.ModelForm):
    """Carries the version of the record the editor loaded. A save on top of a
    newer version is refused with what the other editor changed."""

    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)
    # When the form was loaded: rows shown in it and changed since refuse the
    # save (StaleRowsFormSet), as rows have no version of their own.
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and getattr(self.instance, "updated_at", None):
            self.fields["edit_version"].initial = self.instance.updated_at.isoformat()
        self.fields["loaded_at"].initial = timezone.now().isoformat()

    @property
    def changed_data(self):
        # The load time differs on every load: not a change (an empty extra
        # row of an inline stays empty).
        return [name for name in super().changed_data if name != "loaded_at"]

    def clean(self):
        cleaned = super().clean()
        loaded = parse_datetime(self.cleaned_data.get("edit_version") or "")
        if self.instance.pk and loaded:
            model = type(self.instance)
            # Locked until the admin's transaction ends, so two saves cannot
            # both pass this check.
            current = (
                model._default_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            if current and current > loaded:
                raise forms.ValidationError(changes_since(self.instance, loaded), code="stale")
        return cleaned


class TitleOnTheDayForm(EditVersionForm):
    """Organisation and title may be left empty: they are taken from the
    person's post on the day (see TitleOnTheDayMixin.fill_from_post)."""

    class Meta:
        # A narrow column in the inlines; the field's help text says the rest.
        labels = {"all_posts": _("all posts")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "organization" in self.fields:
            self.fields["organization"].required = False
            self.fields["organization"].help_text = _(
                "Left empty: taken from the person's post on the day."
            )


def changes_since(instance, since):
    """A message naming who changed what on `instance` (and its rows) after `since`."""
    lines = []
    for record in instance.history.filter(history_date__gt=since).order_by("history_date"):
        who = record.history_user or gettext("someone")
        when = formats.date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
        previous = record.prev_record
        fields = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in ("updated_at",):
                    continue
                label = type(instance)._meta.get_field(change.field).verbose_name
                fields.append(f"{label}: “{change.old or '—'}” → “{change.new or '—'}”")
        summary = "; ".join(fields) or gettext("its rows")
        lines.append(
            gettext("%(who)s saved this record at %(when)s while you were editing (%(what)s).")
            % {"who": who, "when": when, "what": summary}
        )
    for related in type(instance)._meta.related_objects:
        model = related.related_model
        if not hasattr(model, "history") or related.one_to_one or related.many_to_many:
            continue
        count = (
            model.history.filter(**{f"{related.field.attname}": instance.pk})
            .filter(history_date__gt=since)
            .count()
        )
        if count:
            lines.append(
                ngettext(
                    "%(count)d change to its %(rows)s.",
                    "%(count)d changes to its %(rows)s.",
                    count,
                )
                % {"count": count, "rows": model._meta.verbose_name_plural}
            )
    lines.append(
        gettext(
            "Your changes were not saved. Open the record again to see the other "
            "changes, then make yours."
        )
    )
    return " ".join(str(line) for line in lines)


@admin.action(description=_("Export the selection as CSV"), permissions=["view"])
def export_csv(modeladmin, request, queryset):
    """The selected rows with the columns of the list, as a spreadsheet reads them."""
    columns = [c for c in modeladmin.get_list_display(request) if c != "action_checkbox"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(str(modeladmin.model._meta.verbose_name_plural)) or "export"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 (Ş, İ, Қ)
    writer = csv.writer(response)
    writer.writerow([_column_label(modeladmin, c) for c in columns])
    rows = list(queryset)
    mark_in_chunks(rows, lambda chunk: modeladmin.mark_rows(request, chunk))
    for obj in rows:
        writer.writerow([_csv_safe(_column_value(modeladmin, obj, c)) for c in columns])
    return response


def _column_label(modeladmin, column):
    from django.contrib.admin.utils import label_for_field

    return capfirst(str(label_for_field(column, modeladmin.model, modeladmin)))


def _column_value(modeladmin, obj, column):
    from django.contrib.admin.utils import display_for_field, lookup_field

    field, _attr, value = lookup_field(column, obj, modeladmin)
    if field is not None:
        return display_for_field(value, field, "")
    return "" if value is None else value


def _csv_safe(value):
    """Spreadsheets run cells that start with = + - @ as formulas: quote them.
    Control characters (in rows written past save()) are cleaned out."""
    text = clean_text(str(value))
    return "'" + text if text[:1] in FORMULA_STARTS else text


# What a cell must not start with, or a spreadsheet may run it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class StaleRowsFormSet:
    """Refuses the save of a form whose rows were changed elsewhere after it
    was loaded (a decision marked done from its list, a statement edited in
    its own admin), naming each: the old values would overwrite them."""

    def clean(self):
        super().clean()
        loaded = parse_datetime(self.data.get("loaded_at") or "")
        model = self.model
        shown = [form.instance.pk for form in self.initial_forms if form.instance.pk]
        if loaded is None or not shown or not hasattr(model, "history"):
            return
        changed = (
            model.history.filter(
                **{f"{model._meta.pk.attname}__in": shown}, history_date__gt=loaded
            )
            .select_related("history_user")
            .order_by("history_date")
        )
        lines = [_row_change(model, record) for record in changed]
        if lines:
            lines.append(
                gettext(
                    "Your changes were not saved. Open the record again to see the other "
                    "changes, then make yours."
                )
            )
            raise ValidationError(" ".join(lines), code="stale")


def _row_change(model, record):
    """“The decision “…” was changed by colleague at 29.11.2026 14:02 (status: …).”"""
    from .deletions import label

    fields = []
    previous = record.prev_record
    if record.history_type == "~" and previous is not None:
        for change in record.diff_against(previous).changes:
            name = model._meta.get_field(change.field).verbose_name
            fields.append(f"{name}: “{change.old or '—'}” → “{change.new or '—'}”")
    what = {"-": gettext("deleted"), "+": gettext("added")}.get(
        record.history_type, "; ".join(fields) or gettext("changed")
    )
    return gettext("The %(row)s was changed by %(who)s at %(when)s (%(what)s).") % {
        "row": label(model, getattr(record, model._meta.pk.attname), record),
        "who": record.history_user or gettext("someone"),
        "when": formats.date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT"),
        "what": what,
    }


class PrimedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select, which may be handed the labels of its
    selected values (`labels`) instead of querying for them one by one."""

    labels = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.labels is None or not selected <= self.labels.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for key in sorted(selected):
            options.append(self.create_option(name, key, self.labels[key], True, len(options)))
        return [(None, options, 0)]


class PrimedFormSet:
    """Loads the labels of every autocomplete field's selected values for all
    rows at once: one query per field instead of one per row and field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = {}
        for form in self.forms:
            for name, field in form.fields.items():
                if isinstance(getattr(field.widget, "widget", None), PrimedAutocompleteSelect):
                    value = form[name].value()
                    chosen.setdefault(name, set())
                    if value not in (None, ""):
                        chosen[name].add(str(value))
        for name, keys in chosen.items():
            field = self.form.base_fields[name]
            labels = {
                str(obj.pk): field.label_from_instance(obj)
                for obj in field.queryset.filter(pk__in=keys).select_related()
            }
            for form in self.forms:
                form.fields[name].widget.widget.labels = labels


class RecordInlineMixin:
    """For inlines: rows loaded with their relations, and autocomplete fields
    that cost one query per field, not per row."""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PrimedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (StaleRowsFormSet, PrimedFormSet, formset), {})


class AllPostsNoteMixin:
    """After a save, a warning (not an error) for a row ticked "all posts"
    whose person held one post only that day: nothing more is named. Rows
    are those with `other_posts()` (TitleOnTheDayMixin): the record itself or
    its inlines' rows."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        rows = [form.instance]
        for formset in formsets:
            deleted = getattr(formset, "deleted_forms", [])
            rows += [f.instance for f in formset.forms if f.instance.pk and f not in deleted]
        for row in rows:
            if not getattr(row, "all_posts", False) or row.other_posts():
                continue
            person = getattr(row, row.person_field, None)
            if person is not None:
                message = gettext(
                    "%(person)s held one post only on %(day)s: “all posts” names nothing "
                    "more than the row’s own."
                ) % {"person": person, "day": format_date(row.day_of_record())}
                self.message_user(request, message, messages.WARNING)


# Up to this many rows a changelist counts them exactly (a COUNT over at most
# this many rows); past it, on PostgreSQL, the planner's estimate is shown as
# "about …" instead of counting 100,000 joined and filtered rows per request.
EXACT_COUNT_LIMIT = COUNT_LIMIT  # 1,000, as the public lists count


def planner_estimate(queryset):
    """PostgreSQL's estimate of how many rows `queryset` gives (its plan's top
    row count; for a whole table without a filter, pg_class.reltuples, which
    VACUUM and ANALYZE keep): no row is read."""
    query = queryset.order_by().values("pk").query
    if not query.where and not query.distinct:
        table = queryset.model._meta.db_table
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table]
            )
            row = cursor.fetchone()
        if row and row[0] > 0:
            return int(row[0])
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """The changelist's paginator: exact up to EXACT_COUNT_LIMIT rows; past it,
    on PostgreSQL, the planner's estimate (`estimated` is then True and the
    list says "about"); exact everywhere else (SQLite counts the tests' and a
    small office's lists in no time)."""

    estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if connections[queryset.db].vendor != "postgresql":
            return super().count
        exact = _capped_count(queryset, EXACT_COUNT_LIMIT)
        if exact is not None:
            return exact
        self.estimated = True
        return max(planner_estimate(queryset), EXACT_COUNT_LIMIT + 1)

    def validate_number(self, number):
        # An estimate may be short: a page past it is still served if it has
        # rows (an empty one is refused by page()).
        if not self.estimated:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            return super().validate_number(number)
        return super().validate_number(1) if number < 1 else number

    def page(self, number):
        if not self.estimated:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self.object_list[bottom : bottom + self.per_page]
        if number > 1 and not rows:
            from django.core.paginator import EmptyPage

            raise EmptyPage(self.error_messages["no_results"])
        return self._get_page(rows, number, self)


class PlainRecordAdmin(
    AllPostsNoteMixin, FoldedSearchMixin, RestoreDeletedMixin, SimpleHistoryAdmin
):
    """Base for the secretariat's model admins: search, history with revert,
    deletions restorable in full, refusal of a stale save, CSV export."""

    form = EditVersionForm
    actions = [export_csv]
    list_per_page = 50
    paginator = EstimatedCountPaginator
    # No second COUNT over the whole table for "(100,000 total)".
    show_full_result_count = False

    def mark_rows(self, request, rows):
        """Give the rows of a changelist page (or of an export) what their
        columns show beyond their own fields, read for these rows only (one
        query per kind of thing, not per row and not over the whole table)."""

    def get_changelist(self, request, **kwargs):
        return MarkedChangeList

    history_list_display = ["changed_fields"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if isinstance(db_field, CountryField):
            kwargs.setdefault("widget", CountrySelect)
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def _valid_pk(self, object_id):
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None

    # History is kept for deleted records too (so they can be restored), so
    # these views look records up by id themselves: refuse a malformed one.
    def history_view(self, request, object_id, extra_context=None):
        self._valid_pk(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._valid_pk(object_id)
        try:
            int(version_id)
        except ValueError:
            raise Http404 from None
        # simple-history asks only for the view permission here and hides the
        # revert button from those without the change permission; a POST (the
        # revert, or the restore of a deleted record) must be refused as well.
        if request.method == "POST" and (
            self.revert_disabled(request) or not self.has_change_permission(request)
        ):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description=_("changed"))
    def changed_fields(self, record):
        previous = record.prev_record
        if previous is None:
            return "—"
        return ", ".join(change.field for change in record.diff_against(previous).changes)


# --- Texts still missing in one language ------------------------------------


def translated_fields(model):
    """The names of `model`'s texts kept in each language ("title", "summary")."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return sorted(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return []


def lacks_language(model, language, rows=(), whole_table=False):
    """A filter for the records with a text given in another language but
    empty in `language`; with `rows` (names of the record's reverse relations:
    a meeting's "participants"), also those with such a row.

    `whole_table` for a count over every record: the rows lacking a text are
    then read once each (`pk IN (…)`, a hashed subplan on PostgreSQL) rather
    than looked up for each record (EXISTS, right for a page of records)."""
    others = [code for code in LANGUAGE_CODES if code != language]
    conditions = [
        Q(**{f"{field}_{code}__gt": ""}) & ~Q(**{f"{field}_{language}__gt": ""})
        for field in translated_fields(model)
        for code in others
    ]
    for name in rows:
        relation = model._meta.get_field(name)
        row_model = relation.related_model
        if whole_table:
            lacking = row_model._base_manager.filter(lacks_language(row_model, language))
            conditions.append(Q(pk__in=lacking.values(relation.field.attname)))
            continue
        lacking = row_model._base_manager.filter(
            lacks_language(row_model, language), **{relation.field.name: OuterRef("pk")}
        )
        conditions.append(Q(Exists(lacking)))
    return reduce(or_, conditions, Q(pk__in=[]))


def missing_label(code):
    """“Missing Turkish”, with the language's name in the reader's language."""
    return gettext("Missing %(language)s") % {"language": dict(settings.LANGUAGES)[code]}


class MissingTranslationFilter(admin.SimpleListFilter):
    """The records that still lack a text in one language (see lacks_language)."""

    title = _("translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(code, missing_label(code)) for code in reversed(LANGUAGE_CODES)]

    def queryset(self, request, queryset):
        if self.value() in LANGUAGE_CODES:
            return queryset.filter(
                lacks_language(queryset.model, self.value(), self.model_admin_rows)
            )
        return queryset

    def __init__(self, request, params, model, model_admin):
        self.model_admin_rows = model_admin.translation_rows
        super().__init__(request, params, model, model_admin)


class MarkedChangeList(ChangeList):
    """A changelist whose page rows are given what their columns show beyond
    their own fields (`mark_rows`) once the page is read: for the 50 rows
    shown, not joined and grouped over every row of the list before it is
    cut to a page."""

    def get_results(self, request):
        super().get_results(request)
        if self.list_editable:  # the formset needs the page as a queryset
            return
        rows = list(self.result_list)
        self.model_admin.mark_rows(request, rows)
        self.result_list = rows


def mark_in_chunks(rows, mark, size=500):
    """Call `mark(chunk)` for `rows` a chunk at a time (an export's thousands of
    rows stay within the database's limit of parameters per query)."""
    for start in range(0, len(rows), size):
        mark(rows[start : start + size])


class MissingTranslationsMixin:
    """A "Missing Turkish / Missing English" filter and a column saying what
    is missing, for records with texts kept in both languages. A record's
    rows (`translation_rows`) count as its own texts."""

    translation_rows = ()

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if translated_fields(self.model):
            # High in the sidebar, above the long lists of countries and hosts.
            filters.insert(min(1, len(filters)), MissingTranslationFilter)
        return filters

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if translated_fields(self.model):
            columns.append("missing_translations")
        return columns

    def mark_rows(self, request, rows):
        """Which languages each row lacks (`lacks_en`, `lacks_tr`), in one query."""
        super().mark_rows(request, rows)
        if not rows or not translated_fields(self.model):
            return
        names = [f"lacks_{code}" for code in LANGUAGE_CODES]
        flags = {
            pk: values
            for pk, *values in self.model._base_manager.filter(pk__in=[row.pk for row in rows])
            .annotate(
                **{
                    f"lacks_{code}": ExpressionWrapper(
                        lacks_language(self.model, code, self.translation_rows),
                        output_field=BooleanField(),
                    )
                    for code in LANGUAGE_CODES
                }
            )
            .values_list("pk", *names)
        }
        for row in rows:
            for name, value in zip(names, flags.get(row.pk, ()), strict=False):
                setattr(row, name, bool(value))

    @admin.display(description=_("translation"))
    def missing_translations(self, obj):
        missing = [code for code in LANGUAGE_CODES if getattr(obj, f"lacks_{code}", False)]
        return format_html_join(
            " ",
            '<span class="missing-translation">{}</span>',
            ((missing_label(code),) for code in missing),
        )


class RecordAdmin(
    MissingTranslationsMixin, SideBySideTranslationsMixin, PlainRecordAdmin, TranslationAdmin
):
    """The same, for models with texts kept in English and Turkish."""
