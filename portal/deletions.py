"""Deleting is undoable in full: a deleted record comes back from the admin with
the rows that were deleted with it (a meeting with its participants, agenda,
statements, decisions, gifts and photos), as they were, under their old ids.

A deletion from the admin is a group (`Deletion`): the history records ("-")
of the record and of every row that goes with it carry the group's id as their
change reason, and the many-to-many links, which history does not keep, are
kept on the group. For deletions recorded before groups existed, the rows are
those deleted by the same user within a few seconds, pointing at the record.

A restore refuses, changing nothing, when a row would point at something that
has since been deleted (restore that first), or would clash with a record
made since.
"""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from simple_history.models import registered_models

from .models import Deletion

GROUP_REASON = "deletion:"
RESTORE_REASON = "restored"
# Deletions before groups: a record's rows went within this time of it.
SAME_DELETION = datetime.timedelta(seconds=2)

_current = ContextVar("deletion", default=None)


class RestoreRefused(Exception):
    """Nothing was restored; the message says why, naming the rows."""


def has_history(model):
    return model in registered_models.values()


# --- Deleting ------------------------------------------------------------------


@contextmanager
def deletion_group(obj, user):
    """Whatever is deleted inside is one group, `obj` with the rows that go with it."""
    deletion = Deletion.objects.create(
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        deleted_by=user if user is not None and user.is_authenticated else None,
    )
    token = _current.set(deletion)
    try:
        yield deletion
    finally:
        _current.reset(token)
    if deletion.links:
        deletion.save(update_fields=["links"])


def mark_deleted_row(sender, instance, **kwargs):
    """pre_delete: tag the row's coming history record with its group and keep
    its many-to-many links (the through rows go before post_delete)."""
    deletion = _current.get()
    if deletion is None or not has_history(sender):
        return
    instance._change_reason = f"{GROUP_REASON}{deletion.pk}"
    for field in sender._meta.local_many_to_many:
        if not field.remote_field.through._meta.auto_created:
            continue  # an explicit through model has history of its own
        linked = list(getattr(instance, field.name).values_list("pk", flat=True))
        if linked:
            key = f"{sender._meta.label_lower}.{field.name}"
            deletion.links.setdefault(key, {})[str(instance.pk)] = linked


# --- Finding what went together ----------------------------------------------------


def last_record(model, pk):
    pk_name = model._meta.pk.attname
    return model.history.filter(**{pk_name: pk}).order_by("-history_date", "-history_id").first()


def deleted_group(model, pk):
    """The "-" history records of the deleted record `pk` and of the rows
    deleted with it, the record first; None when it is not deleted."""
    last = last_record(model, pk)
    if last is None or last.history_type != "-":
        return None
    reason = last.history_change_reason or ""
    if reason.startswith(GROUP_REASON):
        together = Q(history_change_reason=reason)
    else:
        together = Q(
            history_user_id=last.history_user_id,
            history_date__range=(
                last.history_date - SAME_DELETION,
                last.history_date + SAME_DELETION,
            ),
        )
    records = [last]
    seen = {(model, str(pk))}
    queue = [(model, [pk])]
    while queue:
        parent, pks = queue.pop(0)
        for relation in parent._meta.related_objects:
            child = relation.related_model
            if relation.many_to_many or not has_history(child):
                continue
            rows = child.history.filter(
                together, history_type="-", **{f"{relation.field.attname}__in": pks}
            ).order_by("history_date", "history_id")
            found = []
            for row in rows:
                key = (child, str(_pk(row)))
                if key not in seen:
                    seen.add(key)
                    records.append(row)
                    found.append(_pk(row))
            if found:
                queue.append((child, found))
    return records


def label(model, pk, record=None, instance=None):
    """How a message names a row, from its last history record when it is gone
    (or from `instance`, that record's row with its relations fetched)."""
    if instance is None:
        record = record or last_record(model, pk)
        instance = record.instance if record is not None else None
    name = ""
    if instance is not None and not _names_a_missing_row(instance):
        try:
            name = str(instance)
        except ObjectDoesNotExist:  # its __str__ names a row that is gone too
            name = ""
    kind = model._meta.verbose_name
    return f"{kind} “{name}” (#{pk})" if name else f"{kind} #{pk}"


def _names_a_missing_row(instance):
    """Whether a relation of `instance` was fetched and found gone (a prefetch
    leaves None where the row is missing)."""
    return any(
        getattr(instance, field.attname) is not None
        and field.is_cached(instance)
        and field.get_cached_value(instance) is None
        for field in instance._meta.concrete_fields
        if field.many_to_one
    )


# --- Restoring ---------------------------------------------------------------------


def restore_deleted(model, pk, user):
    """Bring back the deleted record `pk` with the rows deleted with it, in one
    transaction. Returns the record and the number of rows restored with it.
    Raises RestoreRefused, having changed nothing."""
    with transaction.atomic():
        records = deleted_group(model, pk)
        if records is None:
            raise RestoreRefused(
                gettext("The %(record)s is not deleted.") % {"record": label(model, pk)}
            )
        reason = records[0].history_change_reason or ""
        deletion = None
        if reason.startswith(GROUP_REASON):
            deletion = Deletion.objects.filter(pk=reason.removeprefix(GROUP_REASON)).first()
        links = deletion.links if deletion else {}
        problems = _conflicts(records, links)
        if problems:
            raise RestoreRefused(
                " ".join(
                    [
                        gettext("Nothing was restored."),
                        *problems,
                        gettext("Restore or recreate those first, then try again."),
                    ]
                )
            )
        restored = {}
        for record in _parents_first(records):
            row_model = _record_model(record)
            obj = record.instance
            obj._history_user = user
            obj._change_reason = RESTORE_REASON
            try:
                with transaction.atomic():
                    obj.save(force_insert=True)
            except IntegrityError:
                raise RestoreRefused(
                    gettext(
                        "Nothing was restored: the %(row)s clashes with a record made since "
                        "(the same slug or order, for example)."
                    )
                    % {"row": label(row_model, obj.pk, record)}
                ) from None
            # Created when it was first made, not now.
            created = {
                f.attname: getattr(record, f.attname)
                for f in row_model._meta.concrete_fields
                if getattr(f, "auto_now_add", False)
            }
            if created:
                row_model._base_manager.filter(pk=obj.pk).update(**created)
            restored[(row_model._meta.label_lower, str(obj.pk))] = obj
        for key, by_row in links.items():
            label_lower, field = key.rsplit(".", 1)
            for row_pk, linked in by_row.items():
                obj = restored.get((label_lower, row_pk))
                if obj is not None:
                    getattr(obj, field).set(linked)
        if deletion is not None:
            deletion.restored_at = timezone.now()
            deletion.save(update_fields=["restored_at"])
        return restored[(model._meta.label_lower, str(pk))], len(records) - 1


def _record_model(record):
    return record.instance_type


def _pk(record):
    return getattr(record, record.instance_type._meta.pk.attname)


def _conflicts(records, links):
    """What stands in the way: rows that exist again, and rows pointing at
    records that are gone and not restored with them."""
    in_group = {(_record_model(r), str(_pk(r))) for r in records}
    problems = []
    wanted = {}  # (target model) -> {target pk: [(row label, field label)]}
    for record in records:
        model = _record_model(record)
        if model._base_manager.filter(pk=_pk(record)).exists():
            problems.append(
                gettext("The %(row)s exists already.") % {"row": label(model, _pk(record), record)}
            )
            continue
        for field in model._meta.concrete_fields:
            if not field.many_to_one:
                continue
            value = getattr(record, field.attname)
            target = field.related_model
            if value is None or (target, str(value)) in in_group:
                continue
            wanted.setdefault(target, {}).setdefault(value, []).append((model, record, field))
    for key, by_row in links.items():
        label_lower, name = key.rsplit(".", 1)
        for model in {_record_model(r) for r in records}:
            if model._meta.label_lower == label_lower:
                field = model._meta.get_field(name)
                for row_pk, linked in by_row.items():
                    record = next(r for r in records if str(_pk(r)) == row_pk)
                    for value in linked:
                        wanted.setdefault(field.related_model, {}).setdefault(value, []).append(
                            (model, record, field)
                        )
    for target, by_pk in wanted.items():
        present = {
            str(pk) for pk in target._base_manager.filter(pk__in=by_pk).values_list("pk", flat=True)
        }
        for value, pointers in by_pk.items():
            if str(value) in present:
                continue
            gone = (
                label(target, value)
                if has_history(target)
                else f"{target._meta.verbose_name} #{value}"
            )
            for model, record, field in pointers:
                problems.append(
                    gettext(
                        "The %(row)s names the %(gone)s as its %(field)s, "
                        "which has been deleted since."
                    )
                    % {
                        "row": label(model, _pk(record), record),
                        "gone": gone,
                        "field": field.verbose_name,
                    }
                )
    return problems


def _parents_first(records):
    """The records in an order where each row comes after the rows of its
    group that it points at."""
    in_group = {(_record_model(r), str(_pk(r))) for r in records}
    done, ordered, pending = set(), [], list(records)
    while pending:
        waiting = []
        for record in pending:
            model = _record_model(record)
            needs = {
                (f.related_model, str(getattr(record, f.attname)))
                for f in model._meta.concrete_fields
                if f.many_to_one and getattr(record, f.attname) is not None
            } & in_group
            needs.discard((model, str(_pk(record))))
            if needs <= done:
                ordered.append(record)
                done.add((model, str(_pk(record))))
            else:
                waiting.append(record)
        if len(waiting) == len(pending):  # a cycle: keep the found order
            ordered.extend(waiting)
            break
        pending = waiting
    return ordered


# --- In the admin ------------------------------------------------------------------


class RestoreDeletedMixin:
    """For model admins with history: a deletion is a group; a deleted record's
    history pages show its last version read-only, with a "Restore" that brings
    it back with its rows; a "Recently deleted" list beside the changelist."""

    restore_template = "admin/restore_deleted.html"
    deleted_list_template = "admin/deleted_records.html"
    deleted_list_size = 100

    def get_urls(self):
        from django.urls import path

        info = self.model._meta.app_label, self.model._meta.model_name
        deleted = path(
            "deleted/",
            self.admin_site.admin_view(self.deleted_view),
            name="{}_{}_deleted".format(*info),
        )
        return [deleted, *super().get_urls()]

    def _url(self, name, *args):
        from django.urls import reverse

        info = self.admin_site.name, self.model._meta.app_label, self.model._meta.model_name
        return reverse("{}:{}_{}_".format(*info) + name, args=args)

    def changelist_view(self, request, extra_context=None):
        extra = {"deleted_url": self._url("deleted")}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def delete_model(self, request, obj):
        with deletion_group(obj, request.user):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:  # each with its own rows, restorable on its own
            self.delete_model(request, obj)

    def may_restore(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        from django.contrib import messages
        from django.contrib.admin.utils import unquote
        from django.core.exceptions import PermissionDenied
        from django.http import HttpResponseRedirect
        from django.shortcuts import get_object_or_404

        pk = self.model._meta.pk.to_python(unquote(object_id))
        if self.model._base_manager.filter(pk=pk).exists():
            return super().history_form_view(request, object_id, version_id, extra_context)
        version = get_object_or_404(
            self.model.history, **{self.model._meta.pk.attname: pk, "history_id": version_id}
        )
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            if not self.may_restore(request):
                raise PermissionDenied
            try:
                obj, count = restore_deleted(self.model, pk, request.user)
            except RestoreRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
                return HttpResponseRedirect(request.path)
            message = ngettext(
                "Restored with %(count)d row deleted with it.",
                "Restored with %(count)d rows deleted with it.",
                count,
            ) % {"count": count}
            self.log_change(request, obj, message)
            self.message_user(request, f"“{obj}”: {message}", messages.SUCCESS)
            return HttpResponseRedirect(self._url("change", obj.pk))
        return self.render_restore_page(request, pk, version, extra_context)

    def render_restore_page(self, request, pk, version, extra_context=None):
        from django.template.response import TemplateResponse

        records = deleted_group(self.model, pk) or []
        deleted = records[0] if records else version
        rows = {}
        for record in records[1:]:
            model = _record_model(record)
            rows[model] = rows.get(model, 0) + 1
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Deleted: %(record)s") % {"record": label(self.model, pk, version)},
            "opts": self.model._meta,
            "version": version,
            "deleted": deleted,
            "fields": version_fields(version),
            "rows": [
                (count, model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural)
                for model, count in rows.items()
            ],
            "may_restore": self.may_restore(request),
            "history_url": self._url("history", pk),
            "deleted_url": self._url("deleted"),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.restore_template, context)

    def deleted_view(self, request):
        from django.core.exceptions import PermissionDenied
        from django.template.response import TemplateResponse

        if not self.has_view_permission(request):
            raise PermissionDenied
        pk_name = self.model._meta.pk.attname
        records = (
            self.model.history.filter(history_type="-")
            .exclude(**{f"{pk_name}__in": self.model._base_manager.values("pk")})
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[: self.deleted_list_size]
        )
        latest, seen = [], set()
        for record in records:
            pk = getattr(record, pk_name)
            if pk not in seen:
                seen.add(pk)
                latest.append(record)
        instances = [record.instance for record in latest]
        # Labels name related rows (a post's person, a statement's speaker):
        # one query per relation for the whole list, not one per entry.
        relations = [field.name for field in self.model._meta.concrete_fields if field.many_to_one]
        prefetch_related_objects(instances, *relations)
        entries = [
            {
                "label": label(self.model, getattr(record, pk_name), instance=instance),
                "record": record,
                "url": self._url("simple_history", getattr(record, pk_name), record.history_id),
            }
            for record, instance in zip(latest, instances, strict=True)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Recently deleted %(records)s")
            % {"records": self.model._meta.verbose_name_plural},
            "opts": self.model._meta,
            "entries": entries,
        }
        return TemplateResponse(request, self.deleted_list_template, context)


def version_fields(version):
    """(label, value) of each field of a history version, for reading."""
    from django.contrib.admin.utils import display_for_field

    instance = version.instance
    out = []
    for field in version.instance_type._meta.concrete_fields:
        if not hasattr(version, field.attname):
            continue  # not kept in history (a search key)
        if field.many_to_one:
            value = getattr(version, field.attname)
            if value is None:
                shown = "—"
            else:
                try:
                    shown = str(getattr(instance, field.name))
                except ObjectDoesNotExist:
                    shown = gettext("#%(id)s (deleted)") % {"id": value}
        elif field.choices:
            shown = getattr(instance, f"get_{field.name}_display")() or "—"
        else:
            shown = display_for_field(getattr(instance, field.attname), field, "—")
        out.append((field.verbose_name, shown))
    return out
