"""Alphabetical order as the reader's language has it.

The databases compare names by code point (PostgreSQL's clusters here are
C.UTF-8), which puts "Çankaya", "Özbekistan" and "Şanlıurfa" after "Zeytinburnu"
and "Aşkabat" after "Azerbaycan". Turkish has its own alphabet (a b c ç d e f
g ğ h ı i j k l m n o ö p r s ş t u ü v y z) and English readers expect "Ç"
beside "C".

- `sort_key(text, language)`: the key for sorting in Python (short lists: the
  countries of a filter).
- `InReaderOrder(expression, language)`: an ORDER BY term. On PostgreSQL it
  uses ICU's collations (tr-x-icu, und-x-icu: PostgreSQL built with ICU, as
  Debian's is); on SQLite the same two orders are registered on every
  connection as collations made from `sort_key`.
"""

import functools
import unicodedata

from django.db.models.functions import Collate

# The Turkish alphabet, with the letters it lacks where ICU puts them
# (q after p, w after v, x after w).
TURKISH_ALPHABET = "abcçdefgğhıijklmnoöpqrsştuüvwxyz"
TURKISH_LETTERS = {letter: n for n, letter in enumerate(TURKISH_ALPHABET)}
ICU_COLLATIONS = {"tr": "tr-x-icu", "en": "und-x-icu"}
SQLITE_COLLATIONS = {"tr": "portal_tr", "en": "portal_en"}


def _base_letter(char):
    """`char` without its accents ("â" → "a"), or itself."""
    return unicodedata.normalize("NFKD", char)[0]


@functools.lru_cache(maxsize=8192)
def sort_key(text, language="en"):
    """A key that sorts `text` as a reader of `language` expects: letters by
    the language's alphabet, case and accents aside (they only break ties:
    small letters first),
    spaces and punctuation before letters, digits before letters."""
    text = text or ""
    turkish = language == "tr"
    lowered = (text.replace("I", "ı").replace("İ", "i") if turkish else text).lower()
    primary = []
    for char in lowered:
        if unicodedata.combining(char):  # "İ".lower() is "i" and a dot above
            continue
        if turkish and char in TURKISH_LETTERS:
            primary.append((2, TURKISH_LETTERS[char]))
            continue
        base = _base_letter(char)
        if not turkish and base == "ı":
            base = "i"
        if base.isalpha():
            if turkish and base in TURKISH_LETTERS:
                primary.append((2, TURKISH_LETTERS[base]))
            else:
                primary.append((2, ord(base) + 100))
        elif base.isdigit():
            primary.append((1, ord(base)))
        elif base.isspace():
            primary.append((0, 0))
        else:
            primary.append((0, ord(base)))
    # Ties: accents (the lowered text), then small letters before capitals
    # (as ICU), then the text itself.
    return (tuple(primary), lowered, tuple(char.isupper() for char in text), text)


def _compare(language):
    def compare(left, right):
        a, b = sort_key(left, language), sort_key(right, language)
        return (a > b) - (a < b)

    return compare


def register_sqlite_collations(sender, connection, **kwargs):
    """connection_created: teach a new SQLite connection the two orders."""
    if connection.vendor != "sqlite":
        return
    for language, name in SQLITE_COLLATIONS.items():
        connection.connection.create_collation(name, _compare(language))


class InReaderOrder(Collate):
    """`expression` compared as `language` sorts ("tr" or "en")."""

    def __init__(self, expression, language):
        self.language = language if language in ICU_COLLATIONS else "en"
        super().__init__(expression, ICU_COLLATIONS[self.language])

    def as_sqlite(self, compiler, connection, **extra_context):
        extra_context["collation"] = connection.ops.quote_name(SQLITE_COLLATIONS[self.language])
        return self.as_sql(compiler, connection, **extra_context)
