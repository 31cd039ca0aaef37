"""The generated set's data, read from the JSON files in `data/`.

The files hold what a reader or translator may want to check or correct — names,
places, offices, phrases, each English form beside its Turkish one — and this
module turns them into the shapes the generator and the bench's volume fill use
(tuples of (English, Turkish), dates, translation tables). Nothing here draws a
random number: the files are the same on every load, so the set is too.
"""

import datetime as dt
import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
FILES = (
    "countries",
    "events",
    "names",
    "network",
    "organisations",
    "places",
    "projects",
    "texts",
    "titles",
)


@cache
def read(name):
    """One data file as parsed JSON (its 'about' line is documentation only)."""
    with (DATA / f"{name}.json").open(encoding="utf-8") as f:
        return json.load(f)


def pair(entry):
    """{"en": …, "tr": …} as the (English, Turkish) tuple the code uses."""
    return entry["en"], entry["tr"]


def pairs(entries):
    return [pair(e) for e in entries]


def _date(text):
    return dt.date.fromisoformat(text) if text else None


def _person(entry):
    """A name: "Ahmet", or {"name", "local"} (Cyrillic), or {"man", "woman"} (surname)."""
    if isinstance(entry, str):
        return entry
    if "local" in entry:
        return entry["name"], entry["local"]
    return entry["man"], entry["woman"]


_countries = read("countries")
MONTHS_EN = _countries["months"]["en"]
MONTHS_TR = _countries["months"]["tr"]
COUNTRY = {code: pair(e) for code, e in _countries["countries"].items()}
CURRENCY = {
    code: (e["currency"], e["low"], e["high"]) for code, e in _countries["currencies"].items()
}
LANGUAGE = _countries["languages"]

_network = read("network")
ARTICLE = tuple(_network["article"])
CO_HOSTS = _network["co_hosts"]
TOURS = _network["tours"]
ESCORTS = _network["escorts"]
BOARD = _network["board"]
VICE_PRESIDENTS = _network["vice_presidents"]
PRESIDENT_CITY = _network["president_city"]
FORMER_PRESIDENT_CITY = _network["former_president_city"]

_names = read("names")
NAMES = {
    culture: tuple([_person(e) for e in forms[key]] for key in ("men", "women", "surnames"))
    for culture, forms in _names["names"].items()
}
CYRILLIC_CULTURES = set(_names["cyrillic_cultures"])
EN_FROM_CYRILLIC = str.maketrans(_names["english_from_cyrillic"])
EN_FROM_LATIN = str.maketrans(_names["english_from_latin"])

_texts = read("texts")
TOPICS = pairs(_texts["topics"])
PURPOSES = pairs(_texts["purposes"])
SITES = pairs(_texts["sites"])
PROTOCOL_KINDS = {kind: pair(e) for kind, e in _texts["protocol_kinds"].items()}
QUOTES = {key: pairs(entries) for key, entries in _texts["quotes"].items()}
DECISIONS = pairs(_texts["decisions"])
GIFTS = {
    country: [(e["en"], e["tr"], e["category"]) for e in entries]
    for country, entries in _texts["gifts"].items()
}
PLAQUES = pairs(_texts["plaques"])
AWARDS_HOME = pairs(_texts["awards_home"])
AWARDS_CITY = pairs(_texts["awards_city"])
BOARD_ITEMS = pairs(_texts["board_items"])
CANCELLED_NOTES = _texts["cancelled_notes"]
VISIT_NOTES = _texts["visit_notes"]
PUBLISHED_VISIT = _texts["published_visit"]
PUBLISHED_PROTOCOL = _texts["published_protocol"]


def organisations():
    """The directory's organisations as fresh OrgSpec objects, in the file's order."""
    from visits.demo_extra.specs import K, OrgSpec

    specs = []
    for e in read("organisations")["organisations"]:
        population = e.get("population")
        specs.append(
            OrgSpec(
                e["slug"], K(e["kind"]), e["en"], e["tr"], e.get("local", ""),
                e.get("country", ""), pair(e["city"]) if "city" in e else ("", ""),
                where=e.get("where", ""), region=e.get("region", ""),
                parent=e.get("parent", ""), other="\n".join(e.get("other_names", ())),
                short=e.get("short", ""), culture=e.get("culture", "tr"),
                member=e.get("member", False),
                population=(population["count"], population["year"]) if population else None,
                highlights=tuple((h["en"], h["tr"], h["year"]) for h in e.get("highlights", ())),
                website=e.get("website", ""),
                description=pair(e["description"]) if "description" in e else ("", ""),
            )
        )  # fmt: skip
    return specs


def events():
    from visits.demo_extra.specs import EventSpec

    return [
        EventSpec(
            e["slug"],
            e["kind"],
            e["en"],
            e["tr"],
            e["organizer"],
            pair(e["city"]),
            e["country"],
            _date(e["start"]),
            _date(e["end"]),
            e["precision"],
        )
        for e in read("events")["events"]
    ]


def projects():
    from visits.demo_extra.specs import ProjectSpec

    return [
        ProjectSpec(
            e["slug"],
            e["en"],
            e["tr"],
            pair(e["description"]),
            e["status"],
            _date(e["start"]),
            _date(e["end"]),
            [(p["organisation"], p["role"]) for p in e["partners"]],
        )
        for e in read("projects")["projects"]
    ]


# The bench's volume fill (bench/load_bench.py --fill) builds its many places from these.
_places = read("places")
PLACES = {
    culture: [(e["name"], e["local"]) if isinstance(e, dict) else (e, "") for e in entries]
    for culture, entries in _places["places"].items()
}
PREFIXES = {
    kind: [(e["name"], e["local"]) if isinstance(e, dict) else e for e in entries]
    for kind, entries in _places["prefixes"].items()
}
SUFFIXES = {
    kind: [(e["name"], e["local"]) if isinstance(e, dict) else e for e in entries]
    for kind, entries in _places["suffixes"].items()
}
COUNTRY_OF = _places["country_of"]
CULTURE_WEIGHTS = _places["culture_weights"]
TO_ASCII = str.maketrans(_places["to_ascii"])
ORG_FORMS = {
    culture: [(e["kind"], e["en"], e["tr"], e["local"]) for e in entries]
    for culture, entries in _places["org_forms"].items()
}
OTHER_KINDS = [(e["kind"], e["en"], e["tr"]) for e in _places["other_kinds"]]
VOLUME_TITLES = {role: pair(e) for role, e in _places["titles"].items()}
EVENT_NAMES = [(e["kind"], e["en"], e["tr"]) for e in _places["event_names"]]
MEETING_KINDS = [(e["kind"], e["en"], e["tr"], e["weight"]) for e in _places["meeting_kinds"]]
