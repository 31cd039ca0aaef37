"""A new organisation entered on the form that needs it, without a popup.

Beside an organisation picked by autocomplete (a meeting's host, a person's
post) a form may offer "or a new organisation": its names, kind, country and
the body it is part of. `NewOrganization` is one such group of fields;
`NewOrganizationsFormMixin` validates it on the form as the organisation's own
form would (the model's validation, a country, no name already in the
directory) and `NewOrganizationsAdminMixin` puts it on an admin form, collapsed
behind a toggle, only for those who may add organisations, and saves the
organisation with its history and log entry in the same transaction as the
record that names it.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.adminkit import pair_translations
from portal.countries import CountrySelect
from portal.glossary import mark_for_glossary
from portal.models import GlossaryTerm
from portal.search import fold_letters, query_words, words_condition
from portal.text import capfirst

from .models import Organization

# The fields of a new organisation, as the Organization model names them.
FIELDS = ("name_en", "name_tr", "kind", "country", "parent")
# As wide as the admin's own text boxes for names.
WIDE = forms.TextInput(attrs={"class": "vTextField"})


class NewOrganization:
    """One "new organisation" group on a form: an alternative to the form's
    field `target`, the organisation picked by autocomplete. Its fields are
    named `new_<target>_<field>` (new_host_name_en); `label` heads the group."""

    def __init__(self, target, label, description=None):
        self.target = target
        self.prefix = f"new_{target}"
        self.label = label
        self.description = description or _(
            "Not in the directory yet? Enter it here instead of picking it above: it is "
            "added to the directory when you save. Its other details (local name, region, "
            "website…) can be added on its own page later."
        )

    def name(self, field):
        return f"{self.prefix}_{field}"

    @property
    def names(self):
        return [self.name(field) for field in FIELDS]

    def form_fields(self, admin_site):
        model = Organization._meta
        country = model.get_field("country").formfield(widget=CountrySelect, required=False)
        parent = model.get_field("parent")
        fields = {
            "name_en": mark_for_glossary(
                model.get_field("name_en").formfield(required=False, widget=WIDE),
                GlossaryTerm.Kind.PATTERN,
                "en",
            ),
            "name_tr": mark_for_glossary(
                model.get_field("name_tr").formfield(required=False, help_text="", widget=WIDE),
                GlossaryTerm.Kind.PATTERN,
                "tr",
            ),
            "kind": model.get_field("kind").formfield(required=False),
            "country": country,
            "parent": forms.ModelChoiceField(
                Organization.objects.all(),
                required=False,
                label=capfirst(parent.verbose_name),
                help_text=parent.help_text,
                widget=AutocompleteSelect(parent, admin_site),
            ),
        }
        return {self.name(field): formfield for field, formfield in fields.items()}

    def fieldset(self, request):
        """The admin fieldset, collapsed unless the posted form filled it."""
        opened = request.method == "POST" and self.is_filled(request.POST)
        options = {"fields": pair_translations(self.names), "description": self.description}
        if not opened:
            options["classes"] = ["collapse"]
        return (self.label, options)

    def is_filled(self, data, prefix=None):
        """Whether `data` (a form's data, its fields named with `prefix`) holds
        any of this group's fields."""
        for name in self.names:
            key = f"{prefix}-{name}" if prefix else name
            if str(data.get(key) or "").strip():
                return True
        return False

    def clean(self, form):
        """The new organisation (not saved) the form's fields describe, or
        None: when left empty, or refused (errors are added to the form)."""
        data = form.cleaned_data
        given = {field: data.get(self.name(field)) for field in FIELDS}
        if not any(given.values()):
            return None
        if data.get(self.target):
            form.add_error(
                self.name("name_en"),
                _(
                    "Either pick an existing organisation above or enter a new one here, "
                    "not both: clear the box above to add a new one."
                ),
            )
            return None
        organization = Organization(
            **{field: value for field, value in given.items() if field != "parent"},
            parent=given["parent"],
        )
        errors = {}
        if not given["name_en"]:
            errors["name_en"] = [
                _("A new organisation needs its name in English (the Turkish one may follow).")
            ]
        if not given["country"] and given["kind"] != Organization.Kind.INTERNATIONAL:
            errors["country"] = [
                _("A new organisation needs its country (only an international body has none).")
            ]
        try:
            organization.full_clean(exclude=["slug"], validate_unique=False)
        except ValidationError as refused:
            for field, messages in refused.message_dict.items():
                if field in ("name", "name_en") and not given["name_en"]:
                    continue  # said above, more clearly
                errors.setdefault(field, []).extend(messages)
        if not errors:
            duplicate = self.existing(given["name_en"], given["name_tr"])
            if duplicate is not None:
                errors["name_en"] = [
                    _("%(organization)s is already in the directory: pick it above.")
                    % {"organization": duplicate}
                ]
        for field, messages in errors.items():
            # The model's own name field stands for its English version.
            where = self.name(field if field in FIELDS else "name_en")
            if field == NON_FIELD_ERRORS:
                where = self.name("name_en")
            for message in dict.fromkeys(messages):
                if message not in form.errors.get(where, []):
                    form.add_error(where, message)
        return None if errors else organization

    @staticmethod
    def existing(*names):
        """An organisation already named one of `names` in either language,
        ignoring case and accents; one query."""
        typed = {fold_letters(name) for name in names if name and name.strip()}
        condition = Q(pk__in=[])
        for name in names:
            words = query_words(name or "")
            if words:
                condition |= words_condition(words)
        for organization in Organization.objects.filter(condition).only(
            "name", "name_en", "name_tr"
        ):
            names_there = (organization.name_en, organization.name_tr)
            known = {fold_letters(name) for name in names_there if name}
            if typed & known:
                return organization
        return None


class NewOrganizationsFormMixin:
    """For a model form with `new_organizations` (NewOrganization groups):
    each group's target becomes optional, one of the two is asked for where
    the target was required, and a valid group's organisation (not saved yet)
    takes the target's place in `cleaned_data`. `save_new_organizations()`
    saves them. Without `may_add_organizations` the groups' fields are absent
    and a form posted with them is refused."""

    new_organizations = ()
    may_add_organizations = False
    admin_site = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations_to_add = {}
        self._target_required = {}
        for part in self.new_organizations:
            if not self.may_add_organizations:
                for name in part.names:
                    self.fields.pop(name, None)
                continue
            target = self.fields.get(part.target)
            if target is not None:
                self._target_required[part.target] = target.required
                target.required = False
                # So that its select2 box can be cleared (a prefilled host).
                for widget in (target.widget, getattr(target.widget, "widget", None)):
                    if widget is not None:
                        widget.is_required = False

    def clean(self):
        for part in self.new_organizations:
            if not self.may_add_organizations:
                if self.is_bound and part.is_filled(self.data, self.prefix):
                    self.add_error(
                        part.target if part.target in self.fields else None,
                        _(
                            "You may not add organisations to the directory: pick an "
                            "existing one, or ask a colleague who may."
                        ),
                    )
                continue
            organization = part.clean(self)
            if organization is not None:
                self.cleaned_data[part.target] = organization
                self.organizations_to_add[part.target] = organization
            elif (
                self._target_required.get(part.target)
                and not self.cleaned_data.get(part.target)
                and part.target not in self.errors
                and not any(name in self.errors for name in part.names)
            ):
                self.add_error(part.target, _("Pick an organisation, or enter a new one below."))
        self._refuse_twice_the_same_name()
        return super().clean()

    def _refuse_twice_the_same_name(self):
        seen = {}
        for target, organization in list(self.organizations_to_add.items()):
            folded = fold_letters(organization.name_en)
            if folded in seen:
                self.add_error(
                    f"new_{target}_name_en",
                    _("The same new organisation is entered twice: enter it once, pick it once."),
                )
                del self.organizations_to_add[target]
            seen[folded] = target

    def _get_validation_exclusions(self):
        # A new organisation has no id until the form is saved: the model's
        # check of its target would find it empty.
        return {*super()._get_validation_exclusions(), *self.organizations_to_add}

    def save_new_organizations(self, request):
        """Save the new organisations (history and an admin log entry each)
        and put them in their targets. Call inside the form's transaction,
        before the instance is saved."""
        from django.contrib.admin.models import ADDITION, LogEntry

        for target, organization in self.organizations_to_add.items():
            if organization.pk is None:
                organization.save()
                LogEntry.objects.log_actions(
                    request.user.pk,
                    [organization],
                    ADDITION,
                    change_message=[{"added": {}}],
                    single_object=True,
                )
            self.cleaned_data[target] = organization
            if target in {f.name for f in self.instance._meta.fields}:
                setattr(self.instance, target, organization)
        return self.organizations_to_add


def with_new_organizations(form, parts, admin_site, may_add):
    """`form` with the fields of the NewOrganization `parts` declared on it
    (as the admin's form factory wants form-only fields to be)."""
    attrs = {
        "new_organizations": tuple(parts),
        "may_add_organizations": may_add,
        "admin_site": admin_site,
    }
    for part in parts:
        attrs.update(part.form_fields(admin_site))
    return type(form.__name__, (NewOrganizationsFormMixin, form), attrs)


class NewOrganizationsAdminMixin:
    """For a ModelAdmin: its form offers the `new_organizations` groups, each
    as a collapsed fieldset after the fieldset of its target, to those who may
    add organisations; a save adds the organisations first."""

    new_organizations = ()

    def get_new_organizations(self, request, obj=None):
        return self.new_organizations

    def may_add_organizations(self, request):
        organizations = self.admin_site._registry.get(Organization)
        return bool(organizations and organizations.has_add_permission(request))

    def get_fieldsets(self, request, obj=None):
        return self.with_new_organization_fieldsets(
            request, obj, super().get_fieldsets(request, obj)
        )

    def with_new_organization_fieldsets(self, request, obj, fieldsets):
        """`fieldsets` with each group's after the fieldset of its target."""
        fieldsets = list(fieldsets)
        if not self.may_add_organizations(request):
            return fieldsets
        parts = self.get_new_organizations(request, obj)
        labels = {part.label for part in parts}
        for part in parts:
            for n, (_name, options) in enumerate(fieldsets):
                flat = []
                for line in options["fields"]:
                    flat.extend(line if isinstance(line, (list, tuple)) else [line])
                if part.target in flat:
                    # After the groups already placed after this fieldset.
                    position = n + 1
                    while position < len(fieldsets) and fieldsets[position][0] in labels:
                        position += 1
                    fieldsets.insert(position, part.fieldset(request))
                    break
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        parts = self.get_new_organizations(request, obj)
        if parts:
            kwargs["form"] = with_new_organizations(
                kwargs.get("form", self.form),
                parts,
                self.admin_site,
                self.may_add_organizations(request),
            )
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if isinstance(form, NewOrganizationsFormMixin):
            form.save_new_organizations(request)
        super().save_model(request, obj, form, change)
