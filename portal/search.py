"""Search that ignores case and diacritics the way Turkic-language readers expect.

Every record people look for keeps a `search_key`: its names, other names and
titles folded by `fold()` — lower case, diacritics dropped, Turkish dotted and
dotless i made one letter, Azerbaijani schwa read as e, the extra letters of the
Kazakh, Kyrgyz, Tatar and Bashkir Cyrillic alphabets read as their Russian base
letters — and, where there is Cyrillic, a Turkish-style Latin transliteration
as well, so `turkistan` finds Түркістан. A query is folded the same way and each
of its words must occur in the key. Keys are plain lower-case text compared
with LIKE, so SQLite and PostgreSQL return the same rows.
"""

import re
import unicodedata

from django.db import models

# After casefold() and NFKD with combining marks dropped, these letters remain
# that a reader still types differently. Mapped to what they type instead.
_LATIN = str.maketrans(
    {
        "ı": "i",  # Turkish dotless i; dotted İ already folds to i
        "ə": "e",  # Azerbaijani schwa (Ə)
        "æ": "ae",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "œ": "oe",
        "ŋ": "n",
    }
)
# Kazakh, Kyrgyz, Tatar, Bashkir and Uzbek Cyrillic letters to the Russian
# letters readers type on a Russian keyboard.
_CYRILLIC = str.maketrans(
    {
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ҳ": "х",
        "ў": "у",
        "җ": "ж",
        "ҙ": "з",
        "ҫ": "с",
        "ё": "е",
        "й": "и",
    }
)
# Cyrillic to Latin as a Turkish reader writes it (Шалқарова → salkarova once
# Ş is folded to s), applied after _CYRILLIC.
_TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "j",
        "з": "z", "и": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h",
        "ц": "ts", "ч": "c", "ш": "s", "щ": "s", "ъ": "", "ы": "i", "ь": "",
        "э": "e", "ю": "yu", "я": "ya",
    }
)  # fmt: skip
# Apostrophes inside words (Uzbek oʻ, gʻ; O'zbekiston) join rather than split.
_APOSTROPHES = re.compile(r"['’‘ʻʼ`´]")
_NON_WORD = re.compile(r"[^0-9a-z\u0400-\u04ff]+")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8


def fold(text):
    """Fold `text` to lower-case words without diacritics, separated by one space.

    >>> fold("İSTANBUL Üsküdar Şalkarova Əliyev Қазақстан")
    'istanbul uskudar salkarova eliyev казакстан'
    """
    text = unicodedata.normalize("NFKD", str(text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text).translate(_LATIN).translate(_CYRILLIC)
    return " ".join(_NON_WORD.split(text)).strip()


def transliterate(folded):
    """The Latin reading of folded Cyrillic text (Latin text passes unchanged)."""
    return folded.translate(_TRANSLIT)


def build_search_key(texts):
    """One search key from several names and titles, each word once.

    Surrounded by spaces so that a word boundary can be matched if needed.
    """
    words = []
    for text in texts:
        if not text:
            continue
        folded = fold(text)
        words.extend(folded.split())
        if _CYRILLIC_LETTER.search(folded):
            words.extend(transliterate(folded).split())
    return " " + " ".join(dict.fromkeys(words)) + " " if words else ""


def query_words(text):
    """The words of a reader's query, folded, bounded in number and length."""
    return fold(str(text)[:MAX_QUERY_LENGTH]).split()[:MAX_QUERY_WORDS]


def refresh_search_keys(queryset, batch_size=500):
    """Rebuild the search keys of `queryset` (with the relations its keys read
    already selected), writing only the ones that changed."""
    changed = []
    for record in queryset.iterator(chunk_size=batch_size):
        old = record.search_key
        record.refresh_search_key()
        if record.search_key != old:
            changed.append(record)
    if changed:
        queryset.model._default_manager.bulk_update(changed, ["search_key"], batch_size=batch_size)
    return len(changed)


class SearchQuerySet(models.QuerySet):
    def search(self, text):
        """Records whose names contain every word of `text`, folded.

        A blank query filters nothing; one with nothing searchable in it (only
        punctuation, say) finds nothing. The admin's search box and the public
        search pages both come through here.
        """
        words = query_words(text)
        if not words:
            return self if not str(text).strip() else self.none()
        qs = self
        for word in words:
            qs = qs.filter(search_key__contains=word)
        return qs


class SearchableModel(models.Model):
    """A record people look for by name. Subclasses say which texts are searched."""

    search_key = models.TextField(editable=False, blank=True, default="")

    objects = SearchQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_key()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)

    def search_texts(self):
        """The names, other names and titles this record is found by."""
        raise NotImplementedError

    def refresh_search_key(self):
        self.search_key = build_search_key(self.search_texts())


def trigram_indexes(*tables):
    """A migration operation giving each table's search key a trigram index
    on PostgreSQL (where LIKE '%word%' can use it); nothing on SQLite."""
    from django.db import migrations

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table in tables:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
                f"ON {table} USING gin (search_key gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table in tables:
                schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")

    return migrations.RunPython(create, drop, elidable=False)
