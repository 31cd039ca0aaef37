"""Dates and phrases in English and Turkish, and names as an English text spells them."""

import calendar
import datetime as dt

from django.utils import timezone

from portal.dates import DatePrecision
from visits.demo_extra.data import (
    ARTICLE,
    CYRILLIC_CULTURES,
    EN_FROM_CYRILLIC,
    EN_FROM_LATIN,
    MONTHS_EN,
    MONTHS_TR,
    PLACES,
    PREFIXES,
    SUFFIXES,
    TO_ASCII,
)


def _day_en(d):
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def _day_tr(d):
    return f"{d.day} {MONTHS_TR[d.month - 1]} {d.year}"


def _when(d, precision):
    """The date as the two languages write it at its precision."""
    if precision == DatePrecision.YEAR:
        return str(d.year), str(d.year)
    if precision == DatePrecision.MONTH:
        return f"{MONTHS_EN[d.month - 1]} {d.year}", f"{MONTHS_TR[d.month - 1]} {d.year}"
    return _day_en(d), _day_tr(d)


def _period_end(d, precision):
    if precision == DatePrecision.YEAR:
        return d.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return d.replace(day=calendar.monthrange(d.year, d.month)[1])
    return d


def _add_months(d, months):
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    return d.replace(year=year, month=month, day=min(d.day, calendar.monthrange(year, month)[1]))


def _the(name):
    """An English name as it reads in a sentence: 'the Embassy of…', but 'Baku'."""
    return f"the {name}" if name.startswith(ARTICLE) else name


def _cap(text):
    return text[:1].upper() + text[1:]


def _upper_tr(text):
    """Capitalise the first letter the Turkish way (i → İ)."""
    if not text:
        return text
    first = {"i": "İ", "ı": "I"}.get(text[0], text[0].upper())
    return first + text[1:]


def _sentences_tr(text):
    """Turkish text with every sentence starting with a capital."""
    return ". ".join(_upper_tr(part) for part in text.split(". "))


def _listing(items, conjunction):
    """'a, b and c'; a comma before the last when an item has the conjunction itself."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    comma = "," if any(f" {conjunction} " in item for item in items) else ""
    return f"{', '.join(items[:-1])}{comma} {conjunction} {items[-1]}"


def _locative(word):
    """A Turkish place name with its locative ending: Kazan'da, Taşkent'te."""
    if word == "Beyoğlu":
        return "Beyoğlu'nda"
    vowels = [c for c in word.lower() if c in "aıoueiöü"]
    front = "a" if (vowels[-1] if vowels else "e") in "aıou" else "e"
    hard = "t" if word[-1].lower() in "çfhkpsşt" else "d"
    return f"{word}'{hard}{front}"


# --- The directory ---------------------------------------------------------------


def _english_spelling(name, local, culture):
    """The spelling an English or Russian text would use (Zhaksybekov for Jaksıbekov)."""
    if local and culture in CYRILLIC_CULTURES:
        return " ".join(w.lower().translate(EN_FROM_CYRILLIC).capitalize() for w in local.split())
    if culture in {"az", "uz", "tm"}:
        text = name.translate(EN_FROM_LATIN)
        if culture == "uz":  # Uzbek q and x are k and kh in English, not g
            text = name.replace("ʻ", "").replace("q", "k").replace("Q", "K")
            text = text.replace("x", "kh").replace("X", "Kh")
        return text
    return ""


def _tr(name, pair):
    """The English and Turkish fields of a translated text: name_en, name_tr."""
    return {f"{name}_en": pair[0], f"{name}_tr": pair[1]}


def lowerfirst(text):
    """'Sister-city protocol…' as it reads after 'The'; acronyms stay as they are."""
    return text[0].lower() + text[1:] if text[:2].istitle() else text


def _time(minutes):
    minutes = min(minutes, 23 * 60 + 59)
    return dt.time(minutes // 60, minutes % 60)


def _aware(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(11, 0)))


def person_name(culture, given, surname, female):
    """A made-up person's (name, local name, English spelling or "") from entries of NAMES:
    the given names, the surname (a Cyrillic pair, or the man's and woman's forms)."""
    firsts = [g if isinstance(g, tuple) else (g, "") for g in given]
    last, last_local = surname if isinstance(surname, tuple) else (surname, "")
    if culture not in CYRILLIC_CULTURES and last_local:  # (male, female) forms
        last, last_local = (last_local if female else last), ""
    elif female and culture in {"kz", "kg", "tt", "ba"}:
        last, last_local = last + "a", last_local + "а"
    elif female and culture == "mk":
        last, last_local = last[:-1] + "a", last_local[:-1] + "а"
    name = " ".join([*(f for f, _ in firsts), last])
    locals_ = [c for _, c in firsts]
    local = " ".join([*locals_, last_local]) if last_local and all(locals_) else ""
    other = _english_spelling(name, local, culture)
    return name, local, "" if other == name else other


def place_name(rng, culture):
    """A place of `culture` for the volume fill: (Turkish-Latin, local Latin or Cyrillic,
    English), a base name from PLACES with a prefix and a suffix drawn by `rng`."""
    base, cyr = rng.choice(PLACES[culture])
    if cyr:
        (pre, pre_c), (suf, suf_c) = rng.choice(PREFIXES["cyr"]), rng.choice(SUFFIXES["cyr"])
        latin = f"{pre} {base}{suf}".strip()
        local = f"{pre_c} {cyr}{suf_c}".strip()
        return latin, local, latin.translate(TO_ASCII)
    kind = "tr" if culture == "tr" else "lat"
    pre, suf = rng.choice(PREFIXES[kind]), rng.choice(SUFFIXES[kind])
    latin = f"{pre} {base}{suf}".strip()
    english = latin if culture == "tr" else latin.translate(TO_ASCII)
    return latin, latin, english
