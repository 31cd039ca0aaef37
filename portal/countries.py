"""Countries found by any name a clerk types: English, Turkish, the code, aliases.

The country list (django-countries, plus the two places of settings'
`COUNTRIES_OVERRIDE`) names each country once per language; people also say
"KKTC", "Northern Cyprus" or "Kyrgyz Republic". `ALIASES` holds those other
names, and every name is compared after `fold_letters()`, the first step of
search's fold, so case and diacritics do not matter ("kuzey kibris" finds
Kuzey Kıbrıs). The admin's country select carries each country's folded
names on its option (`CountrySelect`, matched by static/js/country_select.js);
`matching()` is the same match in Python, and `country_for()` finds the one
country a whole name means (the admin's refusal of a free-text country that
the list has, the data migration of such names).
"""

from functools import lru_cache

from django import forms
from django.contrib.admin.widgets import SELECT2_TRANSLATIONS
from django.utils import translation
from django_countries import countries
from django_countries.fields import Country

from .search import fold_letters

# Other names of a country, beyond its English and Turkish names and its code.
# Any language; write them as people do, the fold takes care of the rest.
ALIASES = {
    "XN": [
        "KKTC",
        "TRNC",
        "Northern Cyprus",
        "North Cyprus",
        "Turkish Cyprus",
        "Kuzey Kıbrıs",
        "Kıbrıs Türk",
        "Kuzey Kıbrıs Türk Cumhuriyeti",
    ],
    "XK": ["Kosova", "Republic of Kosovo", "Kosova Cumhuriyeti"],
    "CY": ["Republic of Cyprus", "Güney Kıbrıs", "Kıbrıs Cumhuriyeti"],
    "TR": ["Turkey", "Türkiye", "Turkiye", "Republic of Türkiye", "Türkiye Cumhuriyeti"],
    "KG": ["Kyrgyz Republic", "Kirghizia", "Kirgizistan", "Kırgız Cumhuriyeti", "Кыргызстан"],
    "KZ": ["Kazakstan", "Qazaqstan", "Казахстан", "Қазақстан"],
    "UZ": ["Uzbekiston", "Oʻzbekiston", "Özbekistan", "Ўзбекистон"],
    "TM": ["Turkmenia", "Türkmenistan", "Türkmenia"],
    "TJ": ["Tadjikistan", "Tacikistan", "Тоҷикистон"],
    "AZ": ["Azerbaycan", "Azərbaycan", "Azerbaidjan"],
    "RU": ["Russian Federation", "Rusya Federasyonu", "Россия"],
    "IR": ["Islamic Republic of Iran", "Persia", "İran İslam Cumhuriyeti"],
    "BA": ["Bosnia", "Herzegovina", "Bosna", "Bosna i Hercegovina"],
    "MK": ["Macedonia", "Makedonya", "Republic of North Macedonia"],
    "MD": ["Republic of Moldova", "Moldavia", "Moldovya"],
    "GE": ["Sakartvelo", "Gürcistan"],
    "UA": ["Ukrayna", "Україна"],
    "MN": ["Moğolistan", "Монгол Улс"],
    "AF": ["Afganistan"],
    "HU": ["Macaristan", "Magyarország"],
    "US": ["USA", "United States", "America", "ABD", "Amerika"],
    "GB": ["UK", "Britain", "Great Britain", "England", "İngiltere"],
    "AE": ["UAE", "BAE", "Emirates"],
    "DE": ["Deutschland"],
    "KR": ["Republic of Korea", "Korea"],
    "KP": ["DPRK"],
    "SY": ["Syrian Arab Republic"],
    "PS": ["Palestinian Territories"],
}


@lru_cache(maxsize=1024)  # every country (the default 128 held half: each select missed)
def names(code):
    """Every name of the country `code`, folded: its code, English and Turkish
    names and aliases, without repeats, the English name first."""
    out = [fold_letters(code)]
    for language in ("en", "tr"):
        with translation.override(language):
            out.append(fold_letters(Country(code).name))
    out += [fold_letters(alias) for alias in ALIASES.get(code, ())]
    return tuple(dict.fromkeys(name for name in out if name))


def codes():
    return [code for code, _name in countries]


def matching(query):
    """The codes of the countries one of whose names holds every word of
    `query` (a word may be the start of a longer one), in list order."""
    words = fold_letters(query).split()
    if not words:
        return []
    return [code for code in codes() if _matches(names(code), words)]


def _matches(folded_names, words):
    return any(all(word in name for word in words) for name in folded_names)


def country_for(text):
    """The code of the one country that `text`, as a whole, names; "" when
    none or more than one does."""
    folded = fold_letters(text)
    if not folded:
        return ""
    found = [code for code in codes() if folded in names(code)]
    return found[0] if len(found) == 1 else ""


class CountrySelect(forms.Select):
    """The admin's country select: Django's select2, matching what a clerk
    types against every name of a country (static/js/country_select.js)."""

    def __init__(self, attrs=None, choices=()):
        attrs = {"class": "country-select", **(attrs or {})}
        super().__init__(attrs, choices)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["data-names"] = " | ".join(names(str(value)))
        return option

    @property
    def media(self):
        language = SELECT2_TRANSLATIONS.get(translation.get_language())
        i18n = (f"admin/js/vendor/select2/i18n/{language}.js",) if language else ()
        return forms.Media(
            js=(
                "admin/js/vendor/jquery/jquery.js",
                "admin/js/vendor/select2/select2.full.js",
                *i18n,
                "admin/js/jquery.init.js",
                "js/country_select.js",
            ),
            css={
                "screen": (
                    "admin/css/vendor/select2/select2.css",
                    "admin/css/autocomplete.css",
                )
            },
        )


def move_country_names(model, code_field="country", text_field="country_name"):
    """For a data migration: a free-text country that the list has (by any
    name: "TRNC", "Kosovo") becomes the record's country code and the text is
    cleared; the rest is kept as the English text of the now translated field
    (`<text_field>_en`). A text naming another country than the record's code
    is left alone. Returns the number of records moved to a code."""
    en, tr = f"{text_field}_en", f"{text_field}_tr"
    moved = 0
    rows = model.objects.exclude(**{text_field: ""}).exclude(**{f"{text_field}__isnull": True})
    for record in rows.only("pk", code_field, text_field, en):
        text = getattr(record, en) or getattr(record, text_field)
        code = country_for(text)
        current = str(getattr(record, code_field) or "")
        if code and current in ("", code):
            changes = {code_field: code, text_field: "", en: "", tr: ""}
            moved += 1
        else:
            changes = {en: text}
        model.objects.filter(pk=record.pk).update(**changes)
    return moved
