"""Search that ignores case, diacritics and the usual transliterations of names.

Every record people look for keeps a `search_key`: its names, other names and
titles folded by `fold()`, and, where there is Cyrillic, a Turkish-style Latin
transliteration as well, so `turkistan` finds Түркістан. A query is folded by
the same `fold()` and each of its words must occur in the key. Keys are plain
lower-case text compared with LIKE, so SQLite and PostgreSQL return the same
rows. `fold()` is the only fold used at save and at query; `fold_letters()`
(its first step) is what slugs and file names are made from, so URLs do not
change when the name rules below do.

`fold()` in two steps:

1. `fold_letters()`: lower case, diacritics dropped (ş→s, ç→c, ğ→g, ü→u,
   ö→o), Turkish dotted and dotless i made one letter (İ, ı → i), schwa read
   as e (Ə → e), the extra letters of the Kazakh, Kyrgyz, Tatar and Bashkir
   Cyrillic alphabets read as their Russian base letters (й → и, ё → е).
2. The name rules, on Latin letters, in this order (so that every way a
   Turkic or Slavic name is commonly written folds to one spelling):

   ===========  ==========  ==============================================
   written      folds to    so these meet (made-up names)
   ===========  ==========  ==============================================
   dzh, zh, j   c           Dzhanbek, Janbek, Canbek, Жанбек
   kh           h           Khalmurov, Halmurov, Халмуров
   ts, ch       c           Tsarikov, Carikov; Chobanlı, Çobanlı, Cobanli
   sh           s           Shahverdi, Şahverdi, Sahverdi
   gh           g           Aghasoy, Ağasoy, Agasoy
   ye           e           Yelbek, Elbek; Sergeyev, Sergeev
   ue, oe       u, o        Guerbuez, Gürbüz; Oezkul, Özkul
   y (not       i           Yevgeniy, Evgeniy, Evgeni, Евгений;
   before a                 Aidyn, Aydın; Tsoy, Tsoi, Цой
   vowel)
   e            a           Əlimov, Alimov, Elimov, Алимов (Ə is read
                            both ways, so a and e are one letter)
   a letter     once        Məmmədzadə, Mammadzade, Mamedzade
   twice
   ===========  ==========  ==============================================

   With the letter step before it this also makes ş/sh/s, ç/ch/c, ğ/g/gh,
   ü/u/ue, ö/o/oe and ı/i meet, and iy/i (Dmitriy → dmitri, Aliyev → aliev).

False merges are the price, and they are kept to the rules above: vowels other
than a/e stay apart (Osman ≠ Usman, Aydın ≠ Aydan), k stays apart from c
(Kan ≠ Can), y before a vowel stays y (Kaya ≠ Kaja). What does merge: words
that differ only in a/e (Demir, Damir), and j with c (Jan, Can), which is how
the Turkish c is read. Partial words are folded alone, so a word cut in the
middle of a rule's letters (typing "kh" of "Khan" as "k") may not match until
it is complete.

When nothing is found, `suggestions()` offers the nearest names: by trigram
word similarity on PostgreSQL (through the keys' trigram indexes), by difflib
over a bounded set of names on SQLite.
"""

import difflib
import re
import unicodedata

from django.db import connection, models

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


# The name rules of the module's table, in order, on Latin letters.
_NAME_RULES = [
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        ("dzh", "c"),
        ("zh", "c"),
        ("kh", "h"),
        ("ts", "c"),
        ("ch", "c"),
        ("sh", "s"),
        ("gh", "g"),
        ("ye", "e"),
        ("ue", "u"),
        ("oe", "o"),
        ("y(?![aeiou])", "i"),
        ("j", "c"),
        ("e", "a"),
        # A letter written twice, once (a run of three or more is no name's
        # spelling and stays, so that "üüüü…" does not become "u").
        (r"([a-z])\1+", lambda match: match[1] if len(match[0]) == 2 else match[0]),
    )
]


def fold_letters(text):
    """Fold `text` to lower-case words without diacritics, separated by one space.

    What slugs and file names are made from; search uses `fold()`.

    >>> fold_letters("İSTANBUL Üsküdar Şalkarova Əliyev Қазақстан")
    'istanbul uskudar salkarova eliyev казакстан'
    """
    text = unicodedata.normalize("NFKD", str(text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text).translate(_LATIN).translate(_CYRILLIC)
    return " ".join(_NON_WORD.split(text)).strip()


def fold(text):
    """The one fold of search, at save and at query: `fold_letters()` and then
    the name rules of the module's table, until nothing changes (so that
    folding twice is folding once).

    >>> fold("Əliyev Aliyev Eliyev Алиев")
    'aliav aliav aliav алиев'
    """
    text = fold_letters(text)
    for _round in range(5):
        before = text
        for pattern, replacement in _NAME_RULES:
            text = pattern.sub(replacement, text)
        if text == before:
            break
    return text


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
            words.extend(fold(transliterate(folded)).split())
    return " " + " ".join(dict.fromkeys(words)) + " " if words else ""


def query_words(text):
    """The words of a reader's query, folded, bounded in number and length.

    Cyrillic words are read in Latin letters: every key holds the Latin
    reading of its Cyrillic words, so Жанбеков finds Janbekov as well."""
    folded = fold(str(text)[:MAX_QUERY_LENGTH])
    if _CYRILLIC_LETTER.search(folded):
        folded = fold(transliterate(folded))
    return folded.split()[:MAX_QUERY_WORDS]


def refresh_search_keys(queryset, batch_size=500):
    """Rebuild the search keys of `queryset` (with the relations its keys read
    already selected), writing only the ones that changed, `batch_size` rows at
    a time (read by primary key, so writing while reading is safe on SQLite)."""
    manager = queryset.model._default_manager
    queryset = queryset.order_by("pk")
    count, last = 0, None
    while True:
        batch = list((queryset if last is None else queryset.filter(pk__gt=last))[:batch_size])
        if not batch:
            return count
        changed = []
        for record in batch:
            old = record.search_key
            record.refresh_search_key()
            if record.search_key != old:
                changed.append(record)
        if changed:
            manager.bulk_update(changed, ["search_key"], batch_size=batch_size)
        count += len(changed)
        last = batch[-1].pk


def rebuild_search_keys(app_label, batch_size=500, state=None):
    """Recompute the stored search keys of every searchable model of
    `app_label` after the fold has changed; returns how many changed.

    Data migrations call this. It reads through the current models (the
    historical ones of a migration do not have `search_texts()`), selecting
    each one's foreign keys so that the keys of visits, meetings and protocols
    read their organisations without a query per row. `state`, a migration's
    app registry, tells which columns exist at that point of the migrations:
    columns a later migration adds are not read (deferred), so the migration
    still runs on an old database after the models have grown.
    """
    from django.apps import apps

    changed = 0
    for model in apps.get_app_config(app_label).get_models():
        if not issubclass(model, SearchableModel):
            continue
        related = [
            field
            for field in model._meta.concrete_fields
            if field.many_to_one and issubclass(field.related_model, SearchableModel)
        ]
        later = _columns_added_later(model, state)
        for field in related:
            later += [
                f"{field.name}__{name}" for name in _columns_added_later(field.related_model, state)
            ]
        queryset = model._default_manager.select_related(*(f.name for f in related))
        changed += refresh_search_keys(queryset.defer(*later), batch_size=batch_size)
    return changed


def _columns_added_later(model, state):
    """Fields of `model` that the migration state `state` does not have yet."""
    if state is None:
        return []
    past = state.get_model(model._meta.app_label, model._meta.model_name)
    have = {field.name for field in past._meta.concrete_fields}
    return [field.name for field in model._meta.concrete_fields if field.name not in have]


def rebuild_search_keys_operation(app_label):
    """The RunPython operation of a data migration rebuilding `app_label`'s keys."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        rebuild_search_keys(app_label, state=apps)

    return migrations.RunPython(forwards, forwards, elidable=True)


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
        return self.filter(words_condition(words))


def words_condition(words):
    """The condition of `SearchQuerySet.search()` for the folded `words` of a
    query (from `query_words()`): every word in the key. A Q, so that a search
    that also finds records by their people can OR it with their ids."""
    condition = models.Q()
    for word in words:
        condition &= models.Q(search_key__contains=word)
    return condition


SUGGESTIONS = 5
SUGGESTION_POOL = 2000  # names difflib compares on SQLite, per kind of record
SUGGESTION_CUTOFF = 0.75  # difflib ratio a typed word must reach


class _WordSimilar(models.Func):
    """`query <% search_key` on PostgreSQL: true when the query is like some
    word of the key (pg_trgm's word_similarity over its threshold, 0.6 by
    default); the trigram index on the key serves it."""

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = models.BooleanField()


def suggestions(text, querysets, limit=SUGGESTIONS):
    """The names nearest to `text` among the records of `querysets` (searchable
    models whose str() is the name to offer), best first, at most `limit`.

    For a query that found nothing: one query per queryset. PostgreSQL ranks by
    trigram word similarity through the keys' trigram indexes; elsewhere
    difflib compares each word of the query with the words of the first
    SUGGESTION_POOL keys.
    """
    words = query_words(text)
    if not words:
        return []
    folded = " ".join(words)
    scored = []
    if connection.vendor == "postgresql":
        for queryset in querysets:
            similarity = models.Func(
                models.Value(folded),
                models.F("search_key"),
                function="word_similarity",
                output_field=models.FloatField(),
            )
            rows = (
                queryset.filter(_WordSimilar(models.Value(folded), models.F("search_key")))
                .annotate(similarity=similarity)
                .order_by("-similarity", "pk")[:limit]
            )
            scored += [(row.similarity, str(row)) for row in rows]
    else:
        for queryset in querysets:
            for row in queryset.order_by("pk")[:SUGGESTION_POOL]:
                keys = row.search_key.split()
                ratios = [
                    max((difflib.SequenceMatcher(None, w, key).ratio() for key in keys), default=0)
                    for w in words
                ]
                score = sum(ratios) / len(ratios)
                if score >= SUGGESTION_CUTOFF:
                    scored.append((score, str(row)))
    names = []
    for _score, name in sorted(scored, key=lambda pair: -pair[0]):
        if name not in names and fold(name) != folded:
            names.append(name)
    return names[:limit]


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
