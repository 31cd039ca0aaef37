"""The generated demo set's data files (visits/demo_extra/data): complete, consistent, and
read into the same set every time."""

import json

import pytest
from django.forms.models import model_to_dict

from visits.demo_extra import data
from visits.demo_extra.generator import _Generator

from .test_demo_extra import make_home


def entries_with_forms(node, path="$"):
    """Every object of a data file that carries an English form ("tr" alone is also the
    key of the Turkish culture in objects keyed by culture)."""
    if isinstance(node, dict):
        if "en" in node:
            yield path, node
        for key, value in node.items():
            yield from entries_with_forms(value, f"{path}.{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from entries_with_forms(value, f"{path}[{n}]")


def test_every_file_is_read_and_documented():
    files = sorted(p.stem for p in data.DATA.glob("*.json"))
    assert files == sorted(data.FILES)
    for name in files:
        text = (data.DATA / f"{name}.json").read_text(encoding="utf-8")
        assert json.loads(text)["about"], name


@pytest.mark.parametrize("name", data.FILES)
def test_every_entry_has_its_english_and_turkish_form(name):
    def complete(form):
        if isinstance(form, list):  # month names: twelve in each language
            return len(form) == 12 and all(isinstance(f, str) and f.strip() for f in form)
        return isinstance(form, str) and bool(form.strip())

    missing = [
        path
        for path, entry in entries_with_forms(data.read(name))
        if not (complete(entry.get("en")) and complete(entry.get("tr")))
    ]
    assert not missing, missing


def test_names_are_complete_and_unique():
    for culture, (men, women, surnames) in data.NAMES.items():
        for kind, entries in (("men", men), ("women", women), ("surnames", surnames)):
            assert entries, (culture, kind)
            assert len(set(entries)) == len(entries), (culture, kind)
            for entry in entries:
                forms = entry if isinstance(entry, tuple) else (entry,)
                assert all(form.strip() for form in forms), (culture, kind, entry)
        if culture in data.CYRILLIC_CULTURES:  # every name with its Cyrillic spelling
            assert all(isinstance(e, tuple) for e in men + women + surnames), culture


def test_places_are_complete_and_unique():
    for culture, places in data.PLACES.items():
        assert places, culture
        bases = [latin for latin, _local in places]
        assert len(set(bases)) == len(bases), culture
        assert culture in data.COUNTRY_OF and culture in data.CULTURE_WEIGHTS
        assert culture in data.NAMES and culture in data.ORG_FORMS


def test_slugs_are_unique_and_references_resolve():
    orgs = data.organisations()
    slugs = [o.slug for o in orgs]
    assert len(set(slugs)) == len(slugs)
    known = {*slugs, "@home"}
    for kind, items in (("events", data.events()), ("projects", data.projects())):
        item_slugs = [i.slug for i in items]
        assert len(set(item_slugs)) == len(item_slugs), kind
    assert {e.organizer for e in data.events()} <= known
    assert {org for p in data.projects() for org, _role in p.partners} <= known
    assert {o.parent for o in orgs if o.parent} <= known
    referenced = {
        *data.CO_HOSTS, *(s for v in data.CO_HOSTS.values() for s in v),
        *data.TOURS, *(s for v in data.TOURS.values() for s in v),
        *(s for v in data.ESCORTS.values() for s in v), *data.BOARD, *data.VICE_PRESIDENTS,
        data.PRESIDENT_CITY, data.FORMER_PRESIDENT_CITY,
    }  # fmt: skip
    assert referenced <= known, referenced - known
    countries = {o.country for o in orgs} | {o.located_in for o in orgs}
    assert countries - {""} <= set(data.COUNTRY)
    assert {o.culture for o in orgs} - {"intl"} <= set(data.LANGUAGE) & set(data.NAMES)
    for texts in (data.TOPICS, data.PURPOSES, data.SITES, data.DECISIONS):
        assert len(set(texts)) == len(texts)


def snapshot(generator):
    """The planned set as plain values: visits with their meetings, people, protocols."""
    return (
        [(p.name, p.local, p.other, p.culture) for p in generator.people],
        [
            (
                plan.direction, plan.guest, plan.host, plan.status, plan.topics,
                model_to_dict(plan.visit, exclude=["id"]),
                [model_to_dict(m.meeting, exclude=["id", "visit"]) for m in plan.meetings],
            )
            for plan in generator.visits
        ],
        [(p.parties, p.day, model_to_dict(p.protocol, exclude=["id"]))
         for p in generator.protocols],
    )  # fmt: skip


@pytest.mark.django_db
def test_the_same_count_plans_the_same_set_twice():
    home = make_home()
    snapshots = []
    for _ in range(2):
        generator = _Generator(home)
        generator.build_directory()
        generator.sync_directory()
        generator.plan(40)
        snapshots.append(snapshot(generator))
    assert snapshots[0] == snapshots[1]
    assert len(snapshots[0][1]) == 40


def test_every_organisation_has_the_titles_of_its_posts():
    from visits.demo_extra.specs import _titles

    for spec in data.organisations():
        for role in ("head", "deputy", "staff"):
            english, turkish = _titles(spec, role)
            assert english.strip() and turkish.strip(), (spec.slug, role)
