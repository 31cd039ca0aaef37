#!/usr/bin/env python
"""How long the public pages take cold, against the trivial view of the same run.

    .venv/bin/python bench/cold_pages_bench.py --database-url postgres://postgres@127.0.0.1:5432/visits_bench

Against a bench database (`bench/load_bench.py --fill` builds one), with DEBUG off
and the page cache off (PAGE_CACHE_SECONDS=0: every request renders its page, as
for the first reader after a save), through Django's test client, anonymous. Each
page is requested once (the warm-up), then `--runs` times (default 5); the median
is reported, with its ratio to /robots.txt's median (no template, no query) in
the same run, the number of queries of one request and the slowest of them.

  ms        median time of one request
  x trivial that median divided by /robots.txt's: the issue's target is <= 15
  queries   queries of one request
  sql ms    their total time (median run)
  slowest   the three slowest queries of that run, in ms, with their first words
"""

import argparse
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED_VISIT_URL = "/en/visits/2021/turkistan-municipality-delegation-visits-tdbb/"
SEED_ORG_URL = "/en/municipalities/turkistan-municipality/"

PAGES = [
    ("trivial view", "/robots.txt"),
    ("home", "/en/"),
    ("board meetings", "/en/meetings/"),
    ("protocol register", "/en/protocols/"),
    ("directory", "/en/municipalities/"),
    ("gift register", "/en/gifts/"),
    ("visit list", "/en/visits/"),
    ("list page 2000", "/en/visits/?page=2000"),
    ("seed visit", SEED_VISIT_URL),
    ("seed organisation", SEED_ORG_URL),
    ("search uskudar", "/en/search/?q=uskudar"),
]


class Timer:
    """connection.execute_wrapper: each query's time and SQL."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - started) * 1000, sql))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/visits_bench")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="measure only the pages whose address contains this")
    parser.add_argument("--sql", action="store_true", help="print the slowest queries' SQL")
    args = parser.parse_args()

    static = tempfile.mkdtemp(prefix="cold-pages-static-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_READ_ENV_FILE="false",
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        STATIC_ROOT=static,
        LOG_LEVEL="WARNING",
        DATABASE_URL=args.database_url,
        PAGE_CACHE_SECONDS="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,testserver",
        CONN_MAX_AGE="60",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("collectstatic", "--no-input", verbosity=0)  # hashed names, as in production
    client = Client(HTTP_HOST="127.0.0.1")
    results = []
    for name, url in PAGES:
        if args.only and args.only not in url and url != "/robots.txt":
            continue
        response = client.get(url)
        if response.status_code != 200:
            print(f"{name}: {url} answered {response.status_code}, not measured")
            continue
        runs = []
        for _ in range(args.runs):
            timer = Timer()
            with connection.execute_wrapper(timer):
                started = time.perf_counter()
                response = client.get(url)
                _ = response.content
                elapsed = (time.perf_counter() - started) * 1000
            runs.append((elapsed, timer.queries))
        runs.sort(key=lambda run: run[0])
        elapsed, queries = runs[len(runs) // 2]
        median = statistics.median(run[0] for run in runs)
        results.append((name, url, median, queries))
    shutil.rmtree(static, ignore_errors=True)

    trivial = next((r[2] for r in results if r[1] == "/robots.txt"), None) or 1
    print(f"{'page':<20} {'ms':>8} {'x trivial':>10} {'queries':>8} {'sql ms':>8}  slowest")
    for name, _url, median, queries in results:
        slowest = sorted(queries, key=lambda q: -q[0])[:3]
        sql_ms = sum(q[0] for q in queries)
        shown = ", ".join(f"{ms:.1f}" for ms, _sql in slowest)
        print(
            f"{name:<20} {median:8.1f} {median / trivial:10.1f} {len(queries):8d} "
            f"{sql_ms:8.1f}  {shown}"
        )
        if args.sql:
            for ms, sql in slowest:
                print(f"      {ms:7.1f} ms  {sql[:400]}")


if __name__ == "__main__":
    main()
