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
visits is left as it is. COPY sends no signals, so the home page's visit tallies
(`visits.totals.recount`) are counted once after it. It ends with VACUUM ANALYZE, so the
planner has statistics and the pages read settled tables. About two minutes on two cores.

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
import http.client
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
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from loadgen import python_loadgen_worker, run_python_loadgen, run_wrk

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
        from volume import Filler

        Filler(args.visits, started).fill()
        # COPY sends no signals: the home page's tallies are counted once here.
        from visits.totals import recount

        recount()
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
