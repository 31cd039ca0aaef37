"""A new person typed on a delegation, participant or signatory row (issue 13): the name
goes into a box beside the person autocomplete, and the save makes the
person in the directory and links the row to them, without the add popup.

The row keeps the organisation and title of the day, as every row does; no
post is invented for the new person (their posts are added on their page
later). Refused when a person is also picked, when the row lacks its
organisation or title, and when the name is one the directory already has
(folded as the search folds it: one query per formset)."""

from functools import reduce
from operator import or_

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from municipalities.models import Person, other_names_list
from portal.search import query_words, words_condition

NEW_PERSON = "new_person"


def name_key(text):
    """A name as the search reads it (case, accents, transliterations and
    spelling variants folded): two names with the same key are one name."""
    return " ".join(query_words(text))


def people_named(names):
    """{name key: a person of the directory known by that name} for the keys
    of `names` the directory has, in one query: each person whose search key
    holds every word of a name, kept when one of their names (name, local
    name, other names) folds to the same key."""
    keys = {name_key(name) for name in names} - {""}
    if not keys:
        return {}
    condition = reduce(or_, (words_condition(key.split()) for key in keys), Q(pk__in=[]))
    found = {}
    for person in Person.objects.filter(condition).only("name", "local_name", "other_names"):
        for text in [person.name, person.local_name, *other_names_list(person.other_names)]:
            key = name_key(text)
            if key in keys:
                found.setdefault(key, person)
    return found


class NewPersonRowForm(forms.ModelForm):
    """Mixed into a row's form (before it) by NewPersonRowsMixin, which sets
    `request` and `person_admin` on the class it makes for each request, for
    the admin's log."""

    new_person = forms.CharField(
        label=_("or a new person"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("New person’s name"), "size": 20}),
        help_text=_(
            "Saved as a new person in the directory, with this row's organisation and "
            "title of the day; add their posts on their page later."
        ),
    )
    request = None
    person_admin = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.fields.get("person")
        # A row that must name someone (a signatory): the person box or the
        # new name, either (checked in clean()).
        self.person_required = bool(person and person.required)
        if person is not None:
            person.required = False
        if self.instance.person_id:
            # A row that names its person already: nothing to type (the
            # cell stays, so that the columns keep their places).
            self.fields[NEW_PERSON].disabled = True
            self.fields[NEW_PERSON].widget.attrs["hidden"] = True

    @property
    def typed_name(self):
        """The new person's name, when the row is to make one."""
        if self.cleaned_data.get("person") or "person" in self.errors:
            return ""
        return self.cleaned_data.get(NEW_PERSON, "")

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get(NEW_PERSON, "")
        if not name:
            if self.person_required and not cleaned.get("person") and "person" not in self.errors:
                self.add_error("person", _("Pick the person, or type a new name beside."))
            return cleaned
        if cleaned.get("person"):
            self.add_error(NEW_PERSON, _("Either pick a person or type a new name, not both."))
            return cleaned
        if not name_key(name):
            self.add_error(NEW_PERSON, _("Type a name with letters in it."))
        if not cleaned.get("organization") and "organization" not in self.errors:
            self.add_error(
                "organization", _("A new person's row needs the organisation they came from.")
            )
        titles = [cleaned.get(f) for f in self.fields if f.startswith("title_")]
        if not any(titles):
            self.add_error(
                next(f for f in self.fields if f.startswith("title_")),
                _("A new person's row needs their title on the day."),
            )
        if cleaned.get("group_size") or any(
            cleaned.get(f) for f in self.fields if f.startswith("group_description")
        ):
            self.add_error(
                NEW_PERSON,
                _("A group row names no person: leave the new name empty."),
            )
        return cleaned

    def _post_clean(self):
        # A row refused above would also be refused as an office without a
        # person, in other words: one message is enough.
        if self.cleaned_data.get(NEW_PERSON) and self._errors:
            return
        super()._post_clean()

    def save(self, commit=True):
        name = self.typed_name
        if name and not self.instance.person_id:
            person = Person(name=name)
            person.save()  # the slug and search key are made here
            self.instance.person = person
            self._log_addition(person)
        return super().save(commit)

    def _log_addition(self, person):
        """The admin's log entry, as the person's own add form writes it (the
        history's entry is written by the save, with the request's user)."""
        if self.request is not None and self.person_admin is not None:
            self.person_admin.log_addition(self.request, person, [{"added": {}}])


class NewPeopleFormSet:
    """Mixed into a row formset: refuses a typed name the directory already
    has, or one typed on two rows, on the row (one query for all rows)."""

    def clean(self):
        super().clean()
        typed = [
            (form, form.typed_name)
            for form in self.forms
            if hasattr(form, "cleaned_data")
            and isinstance(form, NewPersonRowForm)
            and form.typed_name
            and not self._should_delete_form(form)
        ]
        if not typed:
            return
        known = people_named([name for _form, name in typed])
        seen = set()
        for form, name in typed:
            key = name_key(name)
            if key in known:
                form.add_error(
                    NEW_PERSON,
                    gettext("%(name)s is already in the directory: pick them in the person box.")
                    % {"name": known[key].name},
                )
            elif key in seen:
                form.add_error(
                    NEW_PERSON,
                    gettext("“%(name)s” is typed on two rows: type a new person once.")
                    % {"name": name},
                )
            seen.add(key)


class NewPersonRowsMixin:
    """For the delegation and participant inlines: the `new_person` box right
    after the person, for those who may add people (absent otherwise)."""

    def may_add_people(self, request, obj=None):
        person_admin = self.admin_site._registry.get(Person)
        may_write = self.has_add_permission(request, obj) or self.has_change_permission(
            request, obj
        )
        return bool(person_admin and may_write and person_admin.has_add_permission(request))

    @property
    def media(self):
        return super().media + forms.Media(js=["js/new-person-row.js"])

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if self.may_add_people(request, obj) and NEW_PERSON not in fields:
            at = fields.index("person") + 1 if "person" in fields else len(fields)
            fields.insert(at, NEW_PERSON)
        return fields

    def get_formset(self, request, obj=None, **kwargs):
        if self.may_add_people(request, obj):
            form = kwargs.get("form", self.form)
            kwargs["form"] = type(
                f"NewPerson{form.__name__}",
                (NewPersonRowForm, form),
                {"request": request, "person_admin": self.admin_site._registry[Person]},
            )
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (NewPeopleFormSet, formset), {})
