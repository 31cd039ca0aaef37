#!/usr/bin/env python
"""Throughput and latency of the public pages under load, on PostgreSQL with volume.

Two steps, each one command (run from the project folder):

    .venv/bin/python bench/load_bench.py --fill   # once: create, migrate and fill the database
    .venv/bin/python bench/load_bench.py          # (= --run) serve it with gunicorn and load it

`--fill` creates the database (default postgres://postgres@127.0.0.1:5432/visits_bench,
`--database-url` to change) if it is missing, migrates it with `manage.py migrate`, loads
the seed visit (`visits.demo.load_seed`) and then generated volume through COPY: 100,000
visits, 300,000 meetings, 20,000 organisations, 50,000 people, one delegation head per
visit, one participant and one statement per meeting, 5,000 protocols, a post per person
and a few hundred events; about 90% of it published, dated 2000-2026, with names in the
Turkic world's alphabets and search keys built by `portal.search.build_search_key`
exactly as the models build them (a sample is checked against `refresh_search_key()`).
The counts are totals, the seed's records included. A database that already holds 100,000
visits is left as it is. It ends with VACUUM ANALYZE, so the planner has statistics and the
pages read settled tables. About two minutes on two cores.

`--run` (the default) collects the static files into a temporary folder, starts gunicorn
(2 sync workers, 1 thread each, DEBUG off, a generated SECRET_KEY, CONN_MAX_AGE=60) on a
free port of 127.0.0.1, waits until it answers, and for each page below requests it a few
times (the warm-up; each answer must be 200, anything else is reported and the page is not
measured), then loads it from a separate process for 10 s: `wrk -t2 -c8 -d10s --latency`
where wrk is installed (Debian: `apt-get install wrk`), otherwise a Python load generator
(2 threads, one connection each, `http.client`). gunicorn is stopped at the end, also on
an error or Ctrl-C. It does so twice (`--mode both`, the default): first with the page cache
off (PAGE_CACHE_SECONDS=0: every request renders its page, as for the first reader after a
change), then with it on (`--cache-url`, default local memory; redis://… for the shared one),
and ends with the issue's targets as ratios of the same run: the uncached visit list against
the trivial view (≥ 0.15), uncached page 2,000 against page 1 (≥ 0.5), and every cached page
against the trivial view (≥ 0.5).

The pages: the trivial view /robots.txt (no template, no query), the home page, the visit
list, the list filtered (a year, incoming) and searched (`q=istanbul`), page 2,000 of the
list, the seed visit's page and the seed guest's organisation page.

What the figures mean:
  solo ms      median time of one request with the server otherwise idle (warm-up 2 to N)
  rps          requests answered per second under load (8 connections, 2 workers: each
               worker is busy all the time, so rps is about 2 / the time one request takes)
  ratio        the page's rps divided by /robots.txt's rps in the same run: 1.0 means the
               page costs no more than Django's own request handling; 0.05 means it takes
               twenty times as long. Comparable across machines, unlike rps.
  p50/p95/p99  latency percentiles seen by the load generator, in milliseconds; they include
               the wait for a free worker (8 connections share 2 workers), so they are
               about 4x the solo time
  errors       answers other than 2xx plus failed connections, reads, writes and timeouts

Client, server and database share the machine, so the load generator's own CPU is part of
what is measured; the ratios are what to compare between runs and versions.
"""

import argparse
import datetime as dt
import functools
import http.client
import io
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/visits_bench"
SEED_VISIT_URL = "/en/visits/2021/turkistan-municipality-delegation-visits-tdbb/"
SEED_ORG_URL = "/en/municipalities/turkistan-municipality/"

PAGES = [
    ("trivial view", "/robots.txt"),
    ("home", "/en/"),
    ("visit list", "/en/visits/"),
    ("filtered list", "/en/visits/?year=2015&direction=incoming"),
    ("searched list", "/en/visits/?q=istanbul"),
    ("list page 2000", "/en/visits/?page=2000"),
    ("visit page", SEED_VISIT_URL),
    ("organisation page", SEED_ORG_URL),
]

# Totals after --fill (the seed's records included), for --visits 100000.
PER_VISIT = {
    "organizations": 0.2,
    "people": 0.5,
    "meetings": 3.0,
    "protocols": 0.05,
}
PUBLISHED = 0.9
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)
COPY_CHUNK = 20_000


def main():
    parser = argparse.ArgumentParser(
        description=(
            "Fill a PostgreSQL database with volume (--fill), or serve it with gunicorn and "
            "measure the public pages under load (--run, the default)."
        ),
        epilog=__doc__.split("What the figures mean:")[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--fill",
        action="store_true",
        help="create the database if missing, migrate it, load the seed visit and the "
        "generated volume (skipped when it already has the visits), then VACUUM ANALYZE",
    )
    parser.add_argument(
        "--run",
        action="store_true",
        help="start gunicorn on 127.0.0.1 and load each page; the default without --fill",
    )
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help=f"PostgreSQL database to fill and serve (default {DEFAULT_DATABASE_URL})",
    )
    parser.add_argument(
        "--visits",
        type=int,
        default=100_000,
        help="visits in the filled database; the other counts follow (default 100000: "
        "300,000 meetings, 20,000 organisations, 50,000 people)",
    )
    parser.add_argument(
        "--duration", type=int, default=10, help="seconds of load per page (default 10)"
    )
    parser.add_argument(
        "--warmup", type=int, default=5, help="requests per page before measuring (default 5)"
    )
    parser.add_argument(
        "--port", type=int, default=0, help="port for gunicorn on 127.0.0.1 (default: a free one)"
    )
    parser.add_argument(
        "--loadgen",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator: wrk if installed (auto), or the Python one",
    )
    parser.add_argument(
        "--mode",
        choices=["both", "uncached", "cached"],
        default="both",
        help="with the page cache off, on (warm), or one after the other (default)",
    )
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("CACHE_URL", "locmemcache://"),
        help="the cache for the cached run (default: $CACHE_URL or local memory; "
        "redis://127.0.0.1:6379/2 for the shared one)",
    )
    parser.add_argument("--loadgen-worker", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.loadgen_worker:
        return python_loadgen_worker(args.loadgen_worker, args.duration)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must be a PostgreSQL URL (postgres://…)")
    if args.visits < 1:
        parser.error("--visits must be positive")

    # Stop cleanly (gunicorn included) on SIGTERM as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    status = 0
    if args.fill:
        fill(args)
    if args.run or not args.fill:
        status = run(args)
    return status


# =====================================================================================
# --fill
# =====================================================================================


def database_name(url):
    return urlsplit(url).path.lstrip("/")


def admin_url(url):
    """The same server's `postgres` database, to create the benchmark's one from."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))


def ensure_database(url):
    import psycopg2
    from psycopg2 import sql

    name = database_name(url)
    conn = psycopg2.connect(admin_url(url))
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone():
                print(f"database {name} exists")
                return
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"database {name} created")
    finally:
        conn.close()


def django_env(url, **extra):
    """The environment the portal runs with for the benchmark: production settings
    (DEBUG off), a throwaway secret key, only the loopback host."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_READ_ENV_FILE="false",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(45),  # 60 characters
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on the loopback, no TLS proxy in front.
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        DATABASE_URL=url,
        CONN_MAX_AGE="60",
        **extra,
    )
    return env


def fill(args):
    started = time.monotonic()
    url = args.database_url
    ensure_database(url)
    env = django_env(url, LOG_LEVEL="WARNING")
    print("migrating …", flush=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DJANGO_READ_ENV_FILE")})
    os.environ.update({k: env[k] for k in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")})
    os.environ.update(DATABASE_URL=url, LOG_LEVEL="WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection, transaction

    from visits.demo import load_seed
    from visits.models import Visit

    have = Visit.objects.count()
    if have >= args.visits:
        print(f"{database_name(url)} already has {have:,} visits (≥ {args.visits:,}): not filled")
        print_counts()
        return
    visit, created = load_seed()
    print(f"seed visit: {visit.get_absolute_url()} ({created} records created)")
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Foreign keys are checked row by row, not queued for the commit.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        Filler(args.visits, started).fill()
    print(f"{time.monotonic() - started:6.1f} s  committed; VACUUM ANALYZE …", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    check_search_keys()
    print_counts()
    print(f"filled in {time.monotonic() - started:.1f} s")


def print_counts():
    from django.db import connection

    from municipalities.models import Organization, Person, Protocol
    from visits.models import DelegationMember, Meeting, MeetingParticipant, Statement, Visit

    name = connection.settings_dict["NAME"]
    print(f"{name}:")
    for model in (
        Visit,
        Meeting,
        Organization,
        Person,
        DelegationMember,
        MeetingParticipant,
        Statement,
        Protocol,
    ):
        total = model.objects.count()
        line = f"  {model._meta.verbose_name_plural!s:<22} {total:>9,}"
        if hasattr(model, "is_published"):
            published = model.objects.filter(is_published=True).count()
            line += f"   {published / max(total, 1):.0%} published"
        print(line)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"  database size          {cursor.fetchone()[0]:>9}")


def check_search_keys(sample=200):
    """A sample of the generated keys against the models' own refresh_search_key()."""
    from municipalities.models import Organization, Person, Protocol
    from visits.models import Meeting, Visit

    rng = random.Random(7)
    checked = wrong = 0
    for queryset in (
        Organization.objects.all(),
        Person.objects.all(),
        Visit.objects.select_related("guest", "host", "event"),
        Meeting.objects.select_related("host", "visit"),
        Protocol.objects.select_related("party_a", "party_b", "coordinator"),
    ):
        top = queryset.order_by("-id").values_list("id", flat=True).first() or 0
        ids = [rng.randint(1, top) for _ in range(sample)]
        for record in queryset.filter(id__in=ids):
            stored = record.search_key
            record.refresh_search_key()
            checked += 1
            if record.search_key != stored:
                wrong += 1
                if wrong <= 3:
                    print(f"  search key differs: {record!r}")
                    print(f"    stored {stored!r}\n    model  {record.search_key!r}")
    print(f"search keys: {checked - wrong} of {checked} sampled match refresh_search_key()")


# --- Names ------------------------------------------------------------------------------


def _words(text):
    return text.split()


# Places, by the culture whose names they carry: (Latin as written there, Cyrillic or "").
PLACES = {
    "tr": [
        (p, "")
        for p in _words(
            "Üsküdar Kadıköy Beşiktaş Şişli Bağcılar Esenler Eyüpsultan Beykoz Çatalca Şile "
            "Sarıyer Tuzla Ümraniye Çekmeköy Gölcük İzmit Gebze Çorlu Edirne Kırklareli Tekirdağ "
            "Bursa İnegöl Gemlik Yalova Bilecik Eskişehir Kütahya Uşak Afyonkarahisar Isparta "
            "Burdur Muğla Aydın Söke Denizli Manisa Akhisar Balıkesir Çanakkale Bandırma Bolu "
            "Düzce Sakarya Zonguldak Bartın Karabük Kastamonu Sinop Samsun Çorum Amasya Tokat "
            "Sivas Yozgat Kırşehir Nevşehir Niğde Aksaray Karaman Konya Selçuklu Meram Ereğli "
            "Kayseri Malatya Elazığ Erzincan Erzurum Ağrı Iğdır Kars Ardahan Artvin Rize Trabzon "
            "Giresun Ordu Gümüşhane Bayburt Muş Bitlis Van Hakkâri Şırnak Siirt Batman Mardin "
            "Diyarbakır Şanlıurfa Adıyaman Gaziantep Kilis Osmaniye Hatay İskenderun Adana "
            "Mersin Tarsus Antalya Alanya Kemer Fethiye Çankırı Kırıkkale Polatlı Beypazarı"
        )
    ],
    "az": [
        (p, "")
        for p in _words(
            "Gəncə Sumqayıt Mingəçevir Şirvan Naxçıvan Şəki Lənkəran Yevlax Xankəndi Şuşa "
            "Ağdam Füzuli Quba Qəbələ Şamaxı Qazax Tovuz Ağstafa Goranboy Bərdə Tərtər Ağcabədi "
            "Salyan Masallı Astara Zaqatala Balakən İsmayıllı Göyçay Kürdəmir"
        )
    ],
    "kz": [
        tuple(p.split("="))
        for p in _words(
            "Türkistan=Түркістан Şımkent=Шымкент Kızılorda=Қызылорда Taraz=Тараз "
            "Aktöbe=Ақтөбе Atırau=Атырау Aktav=Ақтау Oral=Орал Kostanay=Қостанай "
            "Pavlodar=Павлодар Semey=Семей Öskemen=Өскемен Karağandı=Қарағанды "
            "Jezkazgan=Жезқазған Taldıkorgan=Талдықорған Kökşetav=Көкшетау "
            "Petropavl=Петропавл Ekibastuz=Екібастұз Kentav=Кентау Arıs=Арыс "
            "Sayram=Сайрам Otırar=Отырар Jarkent=Жаркент Balkaş=Балқаш Temirtav=Теміртау"
        )
    ],
    "kg": [
        tuple(p.split("="))
        for p in _words(
            "Oş=Ош Celalabat=Жалал-Абад Karakol=Каракол Tokmok=Токмок Narın=Нарын "
            "Talas=Талас Batken=Баткен Özgön=Өзгөн Kara-Balta=Кара-Балта Balıkçı=Балыкчы "
            "Kant=Кант Kara-Suu=Кара-Суу Kızıl-Kıya=Кызыл-Кыя"
        )
    ],
    "tt": [
        tuple(p.split("="))
        for p in _words(
            "Kazan=Казан Almetyevsk=Әлмәт Çallı=Чаллы Bögelme=Бөгелмә Yelabuga=Алабуга "
            "Çistay=Чистай Bua=Буа Ufa=Өфө Sterlitamak=Стәрлетамаҡ Salavat=Салауат "
            "Neftekamsk=Нефтекама Tuymazı=Туймазы"
        )
    ],
    "uz": [
        (p, "")
        for p in _words(
            "Samarqand Buxoro Xiva Namangan Andijon Fargʻona Qoʻqon Margʻilon Qarshi Termiz "
            "Navoiy Jizzax Guliston Nukus Urganch Shahrisabz Chirchiq Olmaliq Angren Denov"
        )
    ],
    "tm": [
        (p, "")
        for p in _words(
            "Mary Türkmenabat Daşoguz Balkanabat Türkmenbaşy Tejen Baýramaly Köneürgenç"
        )
    ],
}
# A place name is built from a base and, to make enough distinct ones, a word before or
# an ending after it, each in the culture's Latin and (where used) Cyrillic spelling.
PREFIXES = {
    "tr": ["", "Yeni", "Eski", "Aşağı", "Yukarı", "Büyük", "Küçük", "Kuzey", "Güney", "Orta"],
    "cyr": [
        ("", ""),
        ("Jaña", "Жаңа"),
        ("Kara", "Қара"),
        ("Ak", "Ақ"),
        ("Kızıl", "Қызыл"),
        ("Sarı", "Сары"),
        ("Kök", "Көк"),
        ("Ülken", "Үлкен"),
    ],
    "lat": ["", "Yangi", "Eski", "Qora", "Oq", "Sarı", "Kichik", "Katta"],
}
SUFFIXES = {
    "tr": [
        "",
        "köy",
        "pınar",
        "dere",
        "tepe",
        "ova",
        "yurt",
        "kent",
        "çay",
        "gölü",
        "bağ",
        "şehir",
    ],
    "cyr": [("", ""), ("tobe", "төбе"), ("bulak", "бұлақ"), ("köl", "көл"), ("say", "сай")],
    "lat": ["", "obod", "kent", "bulaq", "tepe", "çay"],
}
COUNTRY_OF = {"tr": "TR", "az": "AZ", "kz": "KZ", "kg": "KG", "tt": "RU", "uz": "UZ", "tm": "TM"}
CULTURE_WEIGHTS = {"tr": 50, "az": 10, "kz": 14, "kg": 6, "tt": 6, "uz": 10, "tm": 4}
_TO_ASCII = str.maketrans(
    {
        "ç": "c", "Ç": "C", "ğ": "g", "ı": "i", "İ": "I", "ö": "o", "Ö": "O", "ş": "s",
        "Ş": "S", "ü": "u", "Ü": "U", "â": "a", "ə": "a", "Ə": "A", "ʻ": "", "ý": "y",
    }
)  # fmt: skip

# (kind, English pattern, Turkish pattern, local pattern) for a municipality's name.
ORG_FORMS = {
    "tr": [
        ("district", "{en} Municipality", "{tr} Belediyesi", "{tr} Belediyesi"),
        ("town", "{en} Municipality", "{tr} Belediyesi", "{tr} Belediyesi"),
        ("metropolitan", "{en} Metropolitan Municipality", "{tr} Büyükşehir Belediyesi",
         "{tr} Büyükşehir Belediyesi"),
    ],
    "az": [
        ("provincial", "{en} City Executive Power", "{tr} Şehir İcra Hakimiyeti",
         "{tr} şəhər İcra Hakimiyyəti"),
        ("district", "{en} District Executive Power", "{tr} Rayon İcra Hakimiyeti",
         "{tr} rayon İcra Hakimiyyəti"),
    ],
    "kz": [
        ("provincial", "{en} City Akimat", "{tr} Belediyesi", "{cyr} қаласының әкімдігі"),
        ("district", "{en} District Akimat", "{tr} İlçe Belediyesi", "{cyr} ауданының әкімдігі"),
    ],
    "kg": [("provincial", "{en} City Hall", "{tr} Belediyesi", "{cyr} шаарынын мэриясы")],
    "tt": [("provincial", "{en} Executive Committee", "{tr} Belediyesi",
            "{cyr} шәһәре башкарма комитеты")],
    "uz": [
        ("provincial", "{en} City Hokimiyat", "{tr} Belediyesi", "{tr} shahar hokimligi"),
        ("district", "{en} District Hokimiyat", "{tr} İlçe Belediyesi", "{tr} tuman hokimligi"),
    ],
    "tm": [("provincial", "{en} City Hakimlik", "{tr} Belediyesi", "{tr} şäher häkimligi")],
}  # fmt: skip
OTHER_KINDS = [
    ("foundation", "{en} Culture Foundation", "{tr} Kültür Vakfı"),
    ("union", "{en} Union of Municipalities", "{tr} Belediyeler Birliği"),
    ("regional", "{en} Regional Administration", "{tr} Bölge Yönetimi"),
]
TITLES = {
    "head": ("Mayor", "Belediye Başkanı"),
    "deputy": ("Deputy Mayor", "Belediye Başkan Yardımcısı"),
    "staff": ("Head of Foreign Relations", "Dış İlişkiler Müdürü"),
    "council": ("Council Member", "Meclis Üyesi"),
    "secretary": ("Secretary General", "Genel Sekreter"),
}
EVENT_NAMES = [
    ("festival", "Korkut Ata Turkish World Film Festival",
     "Korkut Ata Türk Dünyası Film Festivali"),
    ("congress", "Turkic World Mayors Congress", "Türk Dünyası Belediye Başkanları Kongresi"),
    ("conference", "Turkic World Mayors Forum", "Türk Dünyası Belediye Başkanları Forumu"),
    ("festival", "Nevruz Festival", "Nevruz Bayramı Şenlikleri"),
    ("fair", "Turkic World Tourism Fair", "Türk Dünyası Turizm Fuarı"),
    ("sport", "World Nomad Games", "Dünya Göçebe Oyunları"),
    ("conference", "Smart Cities Summit", "Akıllı Şehirler Zirvesi"),
    ("ceremony", "Yunus Emre Commemoration", "Yunus Emre Anma Töreni"),
    ("festival", "Ahi Brotherhood Culture Week", "Ahilik Kültürü Haftası"),
    ("fair", "Municipal Services Expo", "Belediye Hizmetleri Fuarı"),
    ("conference", "Cultural Capital of the Turkic World Opening",
     "Türk Dünyası Kültür Başkenti Açılışı"),
    ("congress", "Local Governments Congress", "Yerel Yönetimler Kongresi"),
    ("sport", "Turkic World Youth Games", "Türk Dünyası Gençlik Oyunları"),
    ("festival", "Silk Road Music Festival", "İpek Yolu Müzik Festivali"),
    ("conference", "Disaster Resilience Conference", "Afete Dayanıklılık Konferansı"),
]  # fmt: skip
MEETING_KINDS = [
    ("courtesy", "Courtesy call at", "nezaket ziyareti", 30),
    ("working", "Working meeting at", "çalışma toplantısı", 30),
    ("presentation", "Briefing at", "bilgilendirme toplantısı", 12),
    ("site_visit", "Site visit with", "saha ziyareti", 12),
    ("reception", "Reception given by", "resepsiyonu", 8),
    ("signing", "Signing ceremony at", "imza töreni", 5),
    ("press", "Press conference at", "basın toplantısı", 3),
]


class Org:
    __slots__ = ("city", "country", "culture", "id", "name_en", "name_tr", "short", "words")

    def __init__(self, id, name_en, name_tr, short, city, country, culture, texts):
        self.id, self.name_en, self.name_tr, self.short = id, name_en, name_tr, short
        self.city, self.country, self.culture = city, country, culture
        self.words = key_words(texts)

    @property
    def label_en(self):
        return self.short or self.name_en

    @property
    def label_tr(self):
        return self.short or self.name_tr


@functools.lru_cache(maxsize=200_000)
def _text_words(text):
    from portal.search import build_search_key

    return tuple(build_search_key([text]).split())


def key_words(texts):
    words = []
    for text in texts:
        if text:
            words.extend(_text_words(text))
    return words


def search_key(*word_lists):
    """What build_search_key(texts) gives, from per-text word lists (memoised): the
    words of every text in order, each once, surrounded by spaces."""
    words = dict.fromkeys(w for words in word_lists for w in words)
    return " " + " ".join(words) + " " if words else ""


# --- COPY ---------------------------------------------------------------------------------

_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _cell(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPE)
        return value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


class CopyTable:
    """Rows of one model written with COPY, in chunks. Columns a row does not give get
    the field's default, as Model() would; auto_now fields get the load's time; a
    translated field (title with title_en/title_tr) gets its English text, as
    django-modeltranslation stores it."""

    def __init__(self, cursor, model, first_id, progress, parents=()):
        from django.utils import timezone

        self.cursor, self.model, self.progress = cursor, model, progress
        # Foreign keys are checked at once, so the rows referred to go first.
        self.parents = parents
        self.table = model._meta.db_table
        fields = model._meta.concrete_fields
        self.names = [f.attname for f in fields]
        self.columns = [f.column for f in fields]
        self.column_list = ", ".join(f'"{column}"' for column in self.columns)
        now = timezone.now()
        self.defaults = {}
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif f.primary_key:
                value = None
            else:
                value = f.get_default()
            self.defaults[f.attname] = _cell(value)
        known = set(self.names)
        self.translated = [n for n in self.names if f"{n}_en" in known and f"{n}_tr" in known]
        self.next_id = first_id
        self.buffer = io.StringIO()
        self.pending = 0
        self.total = 0
        self.checked = False

    def add(self, **values):
        """Queue one row; returns its id."""
        row_id = values["id"] = self.next_id
        self.next_id += 1
        for name in self.translated:
            if name not in values and f"{name}_en" in values:
                values[name] = values[f"{name}_en"]
        if not self.checked:
            unknown = set(values) - set(self.names)
            if unknown:
                raise TypeError(f"{self.model.__name__} has no field {sorted(unknown)}")
            self.checked = True
        defaults = self.defaults
        self.buffer.write(
            "\t".join(_cell(values[n]) if n in values else defaults[n] for n in self.names)
        )
        self.buffer.write("\n")
        self.pending += 1
        if self.pending >= COPY_CHUNK:
            self.flush()
        return row_id

    def flush(self):
        if not self.pending:
            return
        for parent in self.parents:
            parent.flush()
        self.buffer.seek(0)
        self.cursor.copy_expert(f"COPY {self.table} ({self.column_list}) FROM STDIN", self.buffer)
        self.total += self.pending
        self.pending = 0
        self.buffer = io.StringIO()
        self.progress(f"{self.table}: {self.total:,}")

    def finish(self):
        self.flush()
        # The identity sequence continues after the ids given here.
        self.cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{self.table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {self.table}))"
        )
        return self.total


# --- The generator ------------------------------------------------------------------------


class Filler:
    def __init__(self, visits, started):
        from django.db import connection

        self.rng = random.Random(2026)
        self.started = started
        # psycopg2's own cursor (for COPY), in the atomic block's transaction.
        self.cursor = connection.connection.cursor()
        self.target = {name: round(visits * ratio) for name, ratio in PER_VISIT.items()}
        self.target["visits"] = visits
        self.today = dt.date.today()
        self._last_progress = 0.0

    def progress(self, text, force=False):
        now = time.monotonic()
        if force or now - self._last_progress >= 2:
            self._last_progress = now
            print(f"{now - self.started:6.1f} s  {text}", flush=True)

    def table(self, model, *parents):
        self.cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        first_id = self.cursor.fetchone()[0]
        return CopyTable(self.cursor, model, first_id, self.progress, parents)

    def done(self, table):
        total = table.finish()
        self.progress(f"{table.table}: {total:,} rows written", force=True)

    def fill(self):
        self.load_existing()
        # The trigram indexes on the search keys are built once after the load, which
        # is several times faster than updating them row by row. Same transaction: an
        # error leaves them as they were.
        self.cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND indexdef LIKE '%gin_trgm_ops%'"
        )
        trigram = self.cursor.fetchall()
        for name, _definition in trigram:
            self.cursor.execute(f'DROP INDEX "{name}"')
        self.make_organizations()
        self.make_people()
        self.make_events()
        self.make_protocols()
        self.make_visits_and_meetings()
        self.cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for name, definition in trigram:
            self.cursor.execute(definition)
            self.progress(f"index {name} rebuilt", force=True)

    # The seed's records, so that generated visits involve them too.
    def load_existing(self):
        from municipalities.models import Organization, Person, Protocol
        from visits.models import Event, Meeting, Visit

        self.home = Organization.objects.home()
        self.orgs = []
        for org in Organization.objects.all():
            city = org.region or org.name_en
            rec = Org(org.id, org.name_en, org.name_tr, org.short_name, city, org.country,
                      "tr", org.search_texts())  # fmt: skip
            self.orgs.append(rec)
            if org.id == self.home.id:
                self.home_rec = rec
        self.slugs = set(Organization.objects.values_list("slug", flat=True))
        self.people = [(p.id, p.name) for p in Person.objects.all()]
        self.event_slugs = set(Event.objects.values_list("slug", flat=True))
        # Open protocols already there: one of a kind per pair (a database constraint).
        self.open_protocols = {
            (kind, min(a, b), max(a, b))
            for kind, a, b in Protocol.objects.open().values_list("kind", "party_a", "party_b")
        }
        self.have = {
            "visits": Visit.objects.count(),
            "meetings": Meeting.objects.count(),
            "organizations": len(self.orgs),
            "people": len(self.people),
            "protocols": Protocol.objects.count(),
        }

    def place(self, culture):
        """A place name of `culture`: (Turkish-Latin, local Latin or Cyrillic, English)."""
        rng = self.rng
        base, cyr = rng.choice(PLACES[culture])
        if cyr:
            (pre, pre_c), (suf, suf_c) = rng.choice(PREFIXES["cyr"]), rng.choice(SUFFIXES["cyr"])
            latin = f"{pre} {base}{suf}".strip()
            local = f"{pre_c} {cyr}{suf_c}".strip()
            return latin, local, latin.translate(_TO_ASCII)
        kind = "tr" if culture == "tr" else "lat"
        pre, suf = rng.choice(PREFIXES[kind]), rng.choice(SUFFIXES[kind])
        latin = f"{pre} {base}{suf}".strip()
        english = latin if culture == "tr" else latin.translate(_TO_ASCII)
        return latin, latin, english

    def unique_slug(self, text, used):
        from django.utils.text import slugify

        from portal.search import fold

        base = slugify(fold(text))[:80].strip("-") or "record"
        slug, n = base, 2
        while slug in used:
            suffix = f"-{n}"
            slug, n = base[: 80 - len(suffix)] + suffix, n + 1
        used.add(slug)
        return slug

    def make_organizations(self):
        from municipalities.models import Organization

        rng = self.rng
        table = self.table(Organization)
        cultures, weights = zip(*CULTURE_WEIGHTS.items(), strict=True)
        names = {o.name_en for o in self.orgs}
        for _ in range(self.target["organizations"] - self.have["organizations"]):
            culture = rng.choices(cultures, weights)[0]
            for _attempt in range(50):
                latin, local_place, english = self.place(culture)
                if rng.random() < 0.06:
                    kind, en, tr = rng.choice(OTHER_KINDS)
                    local = tr.format(tr=latin)
                else:
                    kind, en, tr, local = rng.choice(ORG_FORMS[culture])
                    local = local.format(tr=latin, cyr=local_place)
                name_en, name_tr = en.format(en=english), tr.format(tr=latin)
                if name_en not in names:
                    break
            names.add(name_en)
            other = "\n".join(
                dict.fromkeys(
                    t for t in (english, latin.translate(_TO_ASCII), local_place) if t != name_en
                )
            )
            country = COUNTRY_OF[culture]
            member = rng.random() < 0.15
            population = rng.randint(5_000, 3_000_000) if rng.random() < 0.6 else None
            values = dict(
                kind=kind,
                name_en=name_en,
                name_tr=name_tr,
                local_name=local,
                other_names=other,
                slug=self.unique_slug(name_en, self.slugs),
                country=country,
                region=latin,
                population=population,
                population_year=rng.randint(2010, 2024) if population else None,
                description_en=f"{name_en}, a member of the Turkic world's family of cities."
                if rng.random() < 0.3
                else "",
                is_member=member,
                member_since=self.day(dt.date(2003, 1, 1), dt.date(2024, 12, 31))
                if member
                else None,
            )
            texts = [name_en, name_tr, "", local, *other.splitlines()]
            values["search_key"] = search_key(key_words(texts))
            org_id = table.add(**values)
            self.orgs.append(Org(org_id, name_en, name_tr, "", latin, country, culture, texts))
        self.done(table)
        self.by_culture = {}
        for org in self.orgs:
            self.by_culture.setdefault(org.culture, []).append(org)
        # Popular organisations (the seed's among them) get a fifth of all visits.
        others = [o for o in self.orgs if o.id != self.home.id]
        self.popular = others[:5] + rng.sample(others[5:], min(200, len(others) - 5))
        self.others = others

    def pick_org(self):
        if self.rng.random() < 0.2:
            return self.rng.choice(self.popular)
        return self.rng.choice(self.others)

    def person_name(self, culture):
        from visits.demo_extra import CYRILLIC_CULTURES, NAMES, _english_spelling

        rng = self.rng
        males, females, surnames = NAMES[culture]
        female = rng.random() < 0.3
        pool = females if female else males
        given = [rng.choice(pool)]
        if culture in ("tr", "az") and rng.random() < 0.4:
            second = rng.choice(pool)
            if second != given[0]:
                given.append(second)
        surname = rng.choice(surnames)
        firsts = [g if isinstance(g, tuple) else (g, "") for g in given]
        last, last_local = surname if isinstance(surname, tuple) else (surname, "")
        if culture not in CYRILLIC_CULTURES and last_local:  # (male, female) forms
            last, last_local = (last_local if female else last), ""
        elif female and culture in {"kz", "kg", "tt", "ba"}:
            last, last_local = last + "a", last_local + "а"
        name = " ".join([*(f for f, _ in firsts), last])
        local = " ".join([*(c for _, c in firsts), last_local]) if last_local else ""
        other = _english_spelling(name, local, culture)
        return name, local, "" if other == name else other

    def make_people(self):
        from municipalities.models import Person, Post

        rng = self.rng
        people, posts = self.table(Person), self.table(Post)
        self.staff = {}  # organisation id -> [(person id, name, title_en, title_tr)]
        for _ in range(self.target["people"] - self.have["people"]):
            org = rng.choice(self.others)
            name, local, other = self.person_name(org.culture)
            person_id = people.add(
                name=name,
                local_name=local,
                other_names=other,
                search_key=search_key(key_words([name, local, other])),
            )
            role = rng.choices(list(TITLES), [15, 25, 25, 25, 10])[0]
            title_en, title_tr = TITLES[role]
            start = self.day(dt.date(1998, 1, 1), dt.date(2024, 12, 31))
            end = None
            if rng.random() < 0.5:
                end = min(start + dt.timedelta(days=rng.randint(365, 365 * 8)), self.today)
            posts.add(
                person_id=person_id,
                organization_id=org.id,
                title_en=title_en,
                title_tr=title_tr,
                start_date=start,
                end_date=end,
            )
            self.staff.setdefault(org.id, []).append((person_id, name, title_en, title_tr))
            self.people.append((person_id, name))
        self.done(people)
        self.done(posts)

    def make_events(self):
        from visits.models import Event

        rng = self.rng
        table = self.table(Event)
        self.events = {}  # year -> [(id, words)]
        for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
            for kind, en, tr in EVENT_NAMES:
                host = self.pick_org()
                name_en, name_tr = f"{en} {year}", f"{tr} {year}"
                event_id = table.add(
                    kind=kind,
                    name_en=name_en,
                    name_tr=name_tr,
                    slug=self.unique_slug(name_en, self.event_slugs),
                    organizer_id=host.id,
                    city=host.city,
                    country=host.country,
                    start_date=dt.date(year, rng.randint(1, 12), 1),
                    start_date_precision="month",
                    search_key=search_key(key_words([name_en, name_tr, host.city])),
                )
                self.events.setdefault(year, []).append(
                    (event_id, key_words([name_en, name_tr, host.city]))
                )
        self.done(table)

    def make_protocols(self):
        from municipalities.models import Protocol

        rng = self.rng
        table = self.table(Protocol)
        taken = self.open_protocols
        kinds = ["sister_city", "friendship", "cooperation", "memorandum"]
        statuses = ["signed", "planned", "proposed", "ended", "cancelled"]
        for _ in range(self.target["protocols"] - self.have["protocols"]):
            while True:
                a, b = self.pick_org(), self.pick_org()
                kind = rng.choice(kinds)
                status = rng.choices(statuses, [50, 15, 10, 15, 10])[0]
                key = (kind, min(a.id, b.id), max(a.id, b.id))
                if a.id != b.id and (
                    status not in ("signed", "planned", "proposed") or key not in taken
                ):
                    break
            if status in ("signed", "planned", "proposed"):
                taken.add(key)
            coordinator = self.home_rec if rng.random() < 0.5 else None
            day = self.day(FIRST_DAY, LAST_DAY)
            signed = day if status in ("signed", "ended") else None
            planned = day.replace(day=1) if status == "planned" else None
            table.add(
                kind=kind,
                status=status,
                party_a_id=a.id,
                party_b_id=b.id,
                coordinator_id=coordinator.id if coordinator else None,
                planned_date=planned,
                planned_date_precision="month" if planned else "day",
                signed_date=signed,
                signed_place=a.city if signed else "",
                is_published=rng.random() < PUBLISHED,
                search_key=search_key(a.words, b.words, coordinator.words if coordinator else []),
            )
        self.done(table)

    def day(self, first, last):
        return first + dt.timedelta(days=self.rng.randint(0, (last - first).days))

    def meetings_per_visit(self, visits, meetings):
        """How many meetings each visit has: 1 to 5, summing to `meetings`."""
        rng = self.rng
        counts = rng.choices([1, 2, 3, 4, 5], [15, 20, 30, 20, 15], k=visits)
        total = sum(counts)
        while total != meetings:
            i = rng.randrange(visits)
            if total < meetings and counts[i] < 6:
                counts[i] += 1
                total += 1
            elif total > meetings and counts[i] > 1:
                counts[i] -= 1
                total -= 1
        return counts

    def someone(self, org):
        """A person of `org` (their post's organisation), or anyone."""
        staff = self.staff.get(org.id)
        if staff:
            return self.rng.choice(staff)
        person_id, name = self.rng.choice(self.people)
        return (person_id, name, *TITLES[self.rng.choice(["head", "deputy", "staff"])])

    def make_visits_and_meetings(self):
        from django.utils.text import slugify

        from portal.search import fold
        from visits.demo_extra import PURPOSES, SITES, TOPICS
        from visits.models import (
            DelegationMember,
            Meeting,
            MeetingParticipant,
            Statement,
            Visit,
        )

        rng = self.rng
        visits = self.table(Visit)
        meetings = self.table(Meeting, visits)
        members = self.table(DelegationMember, visits)
        participants = self.table(MeetingParticipant, meetings)
        statements = self.table(Statement, meetings)
        n_visits = self.target["visits"] - self.have["visits"]
        n_meetings = self.target["meetings"] - self.have["meetings"]
        board = max(0, min(n_meetings - n_visits, n_meetings // 100))
        counts = self.meetings_per_visit(n_visits, n_meetings - board) if n_visits else []
        home = self.home_rec
        visit_base_id = visits.next_id
        kinds, kind_weights = zip(*((k[:3], k[3]) for k in MEETING_KINDS), strict=True)
        for n in range(n_visits):
            roll = rng.random()
            if roll < 0.3:
                guest, host = self.pick_org(), home
            elif roll < 0.55:
                guest, host = home, self.pick_org()
            else:
                guest, host = self.pick_org(), self.pick_org()
                while host.id == guest.id:
                    host = self.pick_org()
            start = self.day(FIRST_DAY, LAST_DAY)
            end = start + dt.timedelta(days=rng.randint(1, 4)) if rng.random() < 0.5 else None
            if start > self.today:
                status = "planned" if rng.random() < 0.9 else "postponed"
            else:
                status = rng.choices(["held", "cancelled", "postponed"], [92, 4, 4])[0]
            published = rng.random() < PUBLISHED
            event = None
            if rng.random() < 0.15:
                event = rng.choice(self.events[start.year])
            head_id, head_name, head_en, head_tr = self.someone(guest)
            topic_en, topic_tr = rng.choice(TOPICS)
            purpose_en, purpose_tr = rng.choice(PURPOSES)
            title_en = f"{guest.name_en} delegation visits {host.label_en}"
            title_tr = f"{guest.name_tr} heyetinin {host.label_tr} ziyareti"
            slug = f"{slugify(fold(title_en))[:70].strip('-')}-{visit_base_id + n}"
            visit_id = visits.add(
                title_en=title_en,
                title_tr=title_tr,
                slug=slug,
                guest_id=guest.id,
                host_id=host.id,
                city=host.city,
                country=host.country,
                start_date=start,
                end_date=end,
                event_id=event[0] if event else None,
                invited_by_id=host.id if event else None,
                purpose_en=purpose_en,
                purpose_tr=purpose_tr,
                summary_en=(
                    f"{head_en} {head_name} led a delegation of {guest.name_en} to "
                    f"{host.name_en} in {host.city}. The sides discussed {topic_en} and "
                    "further cooperation between their cities."
                ),
                summary_tr=(
                    f"{guest.name_tr} {head_tr} {head_name} başkanlığındaki heyet, "
                    f"{host.city} şehrinde {host.name_tr} ile görüştü. Taraflar {topic_tr} "
                    "ve şehirleri arasındaki iş birliğini ele aldı."
                ),
                delegation_description_en=f"{head_en} {head_name} and the accompanying delegation",
                delegation_description_tr=f"{head_tr} {head_name} ve beraberindeki heyet",
                delegation_size=rng.randint(2, 25),
                status=status,
                is_published=published,
                published_at=dt.datetime.combine(start, dt.time(12), tzinfo=dt.UTC)
                if published
                else None,
                search_key=search_key(
                    key_words([title_en, title_tr, host.city]),
                    guest.words,
                    host.words,
                    event[1] if event else [],
                ),
            )
            members.add(
                visit_id=visit_id,
                person_id=head_id,
                role="head",
                organization_id=guest.id,
                title_en=head_en,
                title_tr=head_tr,
                order=1,
            )
            visit_words = key_words([title_en, title_tr])
            last = end or start
            for m in range(counts[n]):
                kind, kind_en, kind_tr = rng.choices(kinds, kind_weights)[0]
                where = host if m % 3 != 2 else guest
                site_en, site_tr = rng.choice(SITES)
                meeting_title_en = f"{kind_en} {where.label_en}: {topic_en}"
                meeting_title_tr = f"{where.label_tr} {kind_tr}: {topic_tr}"
                venue_en = f"{where.label_en} headquarters" if m % 2 == 0 else f"the {site_en}"
                venue_tr = f"{where.label_tr} Genel Merkezi" if m % 2 == 0 else site_tr
                hour = rng.randint(9, 17)
                meeting_id = meetings.add(
                    visit_id=visit_id,
                    kind=kind,
                    title_en=meeting_title_en,
                    title_tr=meeting_title_tr,
                    host_id=where.id,
                    venue_en=venue_en,
                    venue_tr=venue_tr,
                    city=host.city,
                    country=host.country,
                    date=min(start + dt.timedelta(days=m // 2), last),
                    start_time=dt.time(hour, rng.choice([0, 30])),
                    end_time=dt.time(hour + 1, rng.choice([0, 30])),
                    summary_en=f"The sides discussed {topic_en}.",
                    summary_tr=f"Taraflar {topic_tr} konusunu ele aldı.",
                    is_published=published and rng.random() < 0.97,
                    search_key=search_key(
                        key_words([meeting_title_en, meeting_title_tr, venue_en, venue_tr]),
                        key_words([host.city]),
                        where.words,
                        visit_words,
                    ),
                )
                self.participant_and_statement(
                    participants, statements, meeting_id, guest, host, m, topic_en, topic_tr,
                    (head_id, head_name, head_en, head_tr),
                )  # fmt: skip
        # Board meetings outside any visit, at the union.
        for m in range(board):
            day = self.day(FIRST_DAY, LAST_DAY)
            member = self.pick_org()
            topic_en, topic_tr = rng.choice(TOPICS)
            title_en = f"Executive board meeting at {member.label_en}"
            title_tr = f"{member.label_tr} Yönetim Kurulu toplantısı"
            meeting_id = meetings.add(
                kind="board",
                title_en=title_en,
                title_tr=title_tr,
                host_id=member.id,
                convened_by_id=home.id,
                venue_en=f"{member.label_en} headquarters",
                venue_tr=f"{member.label_tr} Genel Merkezi",
                city=member.city,
                country=member.country,
                date=day,
                start_time=dt.time(10, 0),
                summary_en=f"The board discussed {topic_en}.",
                summary_tr=f"Yönetim Kurulu {topic_tr} konusunu ele aldı.",
                is_published=rng.random() < PUBLISHED,
                search_key=search_key(
                    key_words([title_en, title_tr, f"{member.label_en} headquarters"]),
                    key_words([f"{member.label_tr} Genel Merkezi", member.city]),
                    member.words,
                ),
            )
            self.participant_and_statement(
                participants, statements, meeting_id, member, home, m, topic_en, topic_tr,
                self.someone(member),
            )  # fmt: skip
        for table in (visits, members, meetings, participants, statements):
            self.done(table)

    def participant_and_statement(
        self, participants, statements, meeting_id, guest, host, m, topic_en, topic_tr, head
    ):
        rng = self.rng
        if m % 2 == 0:
            side, org, (person_id, name, title_en, title_tr) = "guest", guest, head
        else:
            side, org = "host", host
            person_id, name, title_en, title_tr = self.someone(host)
        participants.add(
            meeting_id=meeting_id,
            person_id=person_id,
            side=side,
            organization_id=org.id,
            title_en=title_en,
            title_tr=title_tr,
            order=1,
        )
        quote = rng.random() < 0.5
        statements.add(
            meeting_id=meeting_id,
            order=1,
            speaker_id=person_id,
            organization_id=org.id,
            title_en=title_en,
            title_tr=title_tr,
            kind="quote" if quote else "reported",
            language=rng.choice(["tr", "en", "az", "kk", "ky", "uz", ""]),
            text_en=(
                f"We are ready to share our experience in {topic_en} with {host.name_en}."
                if quote
                else f"{name} spoke about {topic_en} and thanked {host.name_en} for the welcome."
            ),
            text_tr=(
                f"{topic_tr.capitalize()} konusundaki tecrübemizi paylaşmaya hazırız."
                if quote
                else f"{name}, {topic_tr} hakkında konuştu ve misafirperverliği için teşekkür etti."
            ),
        )


# =====================================================================================
# --run
# =====================================================================================


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, timeout=60):
    """One GET on 127.0.0.1: (status, seconds, bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, time.perf_counter() - started, len(body)
    finally:
        conn.close()


def count_visits(url):
    import psycopg2

    try:
        conn = psycopg2.connect(url)
    except psycopg2.OperationalError as error:
        return None, str(error).strip()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM visits_visit")
            return cur.fetchone()[0], ""
    except psycopg2.Error as error:
        return None, str(error).strip()
    finally:
        conn.close()


def run(args):
    loadgen = args.loadgen
    if loadgen == "auto":
        loadgen = "wrk" if shutil.which("wrk") else "python"
    elif loadgen == "wrk" and not shutil.which("wrk"):
        print("wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    visits, problem = count_visits(args.database_url)
    if visits is None:
        print(f"cannot read the database: {problem}\nRun with --fill first.", file=sys.stderr)
        return 2
    print(f"{database_name(args.database_url)}: {visits:,} visits", end="")
    print("" if visits >= args.visits else f" (fewer than {args.visits:,}: run --fill)")

    modes = {
        # Every request renders its page: what the first reader after a change gets.
        "uncached": {"PAGE_CACHE_SECONDS": "0"},
        # Anonymous pages from the page cache (warmed by the warm-up requests).
        "cached": {"PAGE_CACHE_SECONDS": "600", "CACHE_URL": args.cache_url},
    }
    chosen = list(modes) if args.mode == "both" else [args.mode]
    tables, status = {}, 0
    for mode in chosen:
        print(f"\n=== {mode}: {' '.join(f'{k}={v}' for k, v in modes[mode].items())}")
        results, failed = serve_and_measure(args, loadgen, modes[mode])
        if results is None:
            return 1
        tables[mode] = results
        status = status or failed
    for mode, results in tables.items():
        print(f"\n=== {mode}")
        print_table(results, loadgen, args)
    print_targets(tables)
    return status


def serve_and_measure(args, loadgen, settings):
    """Start gunicorn with `settings` in its environment, measure every page, stop it.
    (results, 1 if anything failed) or (None, 1) when gunicorn would not start."""
    workdir = Path(tempfile.mkdtemp(prefix="load-bench-"))
    env = django_env(
        args.database_url,
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
        **settings,
    )
    log_path = workdir / "gunicorn.log"
    server = None
    try:
        print("collecting static files into a temporary folder …", flush=True)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        port = args.port or free_port()
        gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
        command = [
            str(gunicorn if gunicorn.exists() else "gunicorn"),
            "config.wsgi",
            "--bind", f"127.0.0.1:{port}",
            "--workers", "2",
            "--threads", "1",
            "--timeout", "60",
        ]  # fmt: skip
        if (
            "--no-control-socket"
            in subprocess.run([command[0], "--help"], capture_output=True, text=True).stdout
        ):
            command.append("--no-control-socket")  # gunicorn ≥ 27 would make ~/.gunicorn/
        with open(log_path, "wb") as log:
            server = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: Ctrl-C reaches us, we stop it
            )
        print(f"gunicorn (pid {server.pid}) on http://127.0.0.1:{port}/, 2 workers × 1 thread")
        if not wait_until_up(server, port):
            print("gunicorn did not answer within 60 s", file=sys.stderr)
            print_log(log_path)
            return None, 1
        print(f"load: {describe_loadgen(loadgen, args.duration)}; warm-up {args.warmup} requests\n")
        results = [measure(name, path, port, loadgen, args) for name, path in PAGES]
        failed = any(r["status"] != 200 or r.get("errors") for r in results)
        if failed:
            print_log(log_path)
        return results, int(failed)
    finally:
        stop(server)
        shutil.rmtree(workdir, ignore_errors=True)


# The targets, each a ratio of requests per second within one run.
WARM_TARGET = 0.5  # every cached page ≥ half the trivial view
LIST_TARGET = 0.15  # the uncached visit list ≥ 15% of the trivial view
DEEP_TARGET = 0.5  # uncached page 2,000 ≥ half of page 1


def print_targets(tables):
    def rps(results, name):
        found = next((r for r in results if r["name"] == name), None)
        return found.get("rps") if found else None

    lines = []

    def check(label, value, target):
        if value is None:
            lines.append(f"  {label:<58} not measured")
        else:
            verdict = "met" if value >= target else "NOT MET"
            lines.append(f"  {label:<58} {value:6.3f}  (target ≥ {target:.2f}: {verdict})")

    if "uncached" in tables:
        results = tables["uncached"]
        trivial, first = rps(results, "trivial view"), rps(results, "visit list")
        deep = rps(results, "list page 2000")
        check("uncached visit list / trivial view", first / trivial if first and trivial else None,
              LIST_TARGET)  # fmt: skip
        check("uncached page 2,000 / page 1", deep / first if deep and first else None, DEEP_TARGET)
    if "cached" in tables:
        results = tables["cached"]
        trivial = rps(results, "trivial view")
        for name, _path in PAGES[1:]:
            page = rps(results, name)
            check(f"cached {name} / trivial view", page / trivial if page and trivial else None,
                  WARM_TARGET)  # fmt: skip
    print("\nTargets (issue 6), ratios of requests per second in the same run:")
    print("\n".join(lines))


def wait_until_up(server, port, limit=60):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            get(port, "/robots.txt", timeout=5)
            return True
        except OSError:
            time.sleep(0.2)
    return False


def stop(server):
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)  # the group started above, nothing else
        server.wait()
    print(f"gunicorn (pid {server.pid}) stopped")


def print_log(path, lines=40):
    try:
        text = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return
    if text:
        print(f"--- last {min(lines, len(text))} lines of gunicorn's log ---")
        print("\n".join(text[-lines:]))


def describe_loadgen(loadgen, duration):
    if loadgen == "wrk":
        return f"wrk -t2 -c8 -d{duration}s --latency (a separate process)"
    return f"Python http.client, 2 threads × 1 connection, {duration} s (a separate process)"


def measure(name, path, port, loadgen, args):
    result = {"name": name, "path": path}
    solo, statuses = [], []
    for _ in range(max(1, args.warmup)):
        try:
            status, seconds, _size = get(port, path)
        except OSError as error:
            status, seconds = f"failed ({error})", 0
        statuses.append(status)
        solo.append(seconds)
    result["status"] = next((s for s in statuses if s != 200), 200)
    result["solo_ms"] = statistics.median(solo[1:] or solo) * 1000
    if result["status"] != 200:
        print(f"{name:<18} {path}: answered {result['status']} — NOT MEASURED")
        return result
    print(f"{name:<18} {path} (one request: {result['solo_ms']:.0f} ms) …", flush=True)
    url = f"http://127.0.0.1:{port}{path}"
    if loadgen == "wrk":
        result.update(run_wrk(url, args.duration))
    else:
        result.update(run_python_loadgen(url, args.duration))
    return result


WRK_SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non2xx") end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.6f, "non2xx": %d, "socket_errors": %d, ' ..
    '"p50": %.3f, "p95": %.3f, "p99": %.3f, "max": %.3f}\n',
    summary.requests, summary.duration / 1e6, bad,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def run_wrk(url, duration):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        command = ["wrk", "-t2", "-c8", f"-d{duration}s", "--latency", "--timeout", "30s"]
        completed = subprocess.run(
            [*command, "-s", script.name, url],
            capture_output=True,
            text=True,
            timeout=duration + 60,
        )
    finally:
        os.unlink(script.name)
    return parse_bench_line(completed.stdout + completed.stderr)


def run_python_loadgen(url, duration):
    completed = subprocess.run(
        [sys.executable, __file__, "--loadgen-worker", url, "--duration", str(duration)],
        capture_output=True,
        text=True,
        timeout=duration + 60,
    )
    return parse_bench_line(completed.stdout + completed.stderr)


def parse_bench_line(output):
    for line in output.splitlines():
        if line.startswith("BENCH "):
            figures = json.loads(line[6:])
            figures["rps"] = figures["requests"] / figures["seconds"] if figures["seconds"] else 0
            figures["errors"] = figures["non2xx"] + figures["socket_errors"]
            return figures
    return {"failed": output.strip()[-500:] or "the load generator printed nothing"}


def python_loadgen_worker(url, duration, threads=2, max_requests=1_000_000):
    """The fallback load generator, run in its own process: `threads` threads, each
    with one connection to 127.0.0.1, GET `url` until `duration` seconds or
    `max_requests` requests; prints one BENCH line like the wrk script."""
    parts = urlsplit(url)
    if parts.hostname != "127.0.0.1":
        print("the load generator only talks to 127.0.0.1", file=sys.stderr)
        return 2
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    lock = threading.Lock()
    latencies, counts = [], {"non2xx": 0, "socket_errors": 0, "sent": 0}
    deadline = time.monotonic() + duration

    def worker():
        conn, mine, non2xx, socket_errors = None, [], 0, 0
        while time.monotonic() < deadline:
            with lock:
                if counts["sent"] >= max_requests:
                    break
                counts["sent"] += 1
            if conn is None:
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                mine.append(time.perf_counter() - started)
                if not 200 <= response.status < 300:
                    non2xx += 1
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                socket_errors += 1
                conn.close()
                conn = None
        if conn is not None:
            conn.close()
        with lock:
            latencies.extend(mine)
            counts["non2xx"] += non2xx
            counts["socket_errors"] += socket_errors

    started = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    seconds = time.monotonic() - started
    latencies.sort()

    def percentile(p):
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000

    figures = {
        "requests": len(latencies) + counts["socket_errors"],
        "seconds": seconds,
        "non2xx": counts["non2xx"],
        "socket_errors": counts["socket_errors"],
        "p50": percentile(50),
        "p95": percentile(95),
        "p99": percentile(99),
        "max": latencies[-1] * 1000 if latencies else 0.0,
    }
    print("BENCH " + json.dumps(figures))
    return 0


def print_table(results, loadgen, args):
    base = next((r for r in results if r["path"] == "/robots.txt" and r.get("rps")), None)
    header = (
        f"{'page':<18} {'status':>6} {'solo ms':>8} {'requests':>9} {'rps':>8} {'ratio':>7} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"
    )
    print(f"{describe_loadgen(loadgen, args.duration)}; gunicorn 2 workers × 1 thread")
    print(header)
    print("-" * len(header))
    for r in results:
        line = f"{r['name']:<18} {r['status']!s:>6} {r['solo_ms']:>8.1f}"
        if "rps" in r:
            ratio = r["rps"] / base["rps"] if base else float("nan")
            line += (
                f" {r['requests']:>9,} {r['rps']:>8.1f} {ratio:>7.3f} {r['p50']:>8.1f}"
                f" {r['p95']:>8.1f} {r['p99']:>8.1f} {r['errors']:>6,}"
            )
        elif "failed" in r:
            line += f"  load generator failed: {r['failed']}"
        else:
            line += "  not measured: the warm-up did not answer 200"
        print(line)
    print()
    for r in results:
        print(f"  {r['name']:<18} {r['path']}")
    if base is None:
        print("the trivial view was not measured, so there are no ratios")
    for r in results:
        if r["status"] != 200:
            print(f"NOT 200: {r['name']} {r['path']} answered {r['status']} (see the log below)")
        elif r.get("errors"):
            print(f"ERRORS: {r['name']} {r['path']}: {r['errors']:,} failed requests under load")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # gunicorn has been stopped on the way out
        print("interrupted", file=sys.stderr)
        sys.exit(130)
