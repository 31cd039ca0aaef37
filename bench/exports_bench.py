#!/usr/bin/env python
"""Do the exports finish? Every export URL and the sitemap, fetched in full from
gunicorn run with the project's own config (config/gunicorn.conf.py: sync workers,
the 30 s worker timeout), on a PostgreSQL database filled by `load_bench.py --fill`.

    .venv/bin/python bench/exports_bench.py --database-url postgres://postgres@127.0.0.1:5432/visits_bench

It fills nothing itself. It collects the static files into a temporary folder, starts
gunicorn (`-c config/gunicorn.conf.py`, 2 workers, production settings with DEBUG off, as
`load_bench.py` does) on a free port of 127.0.0.1, and fetches each URL below once after
one warm-up request of /robots.txt, reading the whole body with a client timeout
(--timeout, default 120 s: longer than the worker timeout, so a killed worker shows as a
truncated body, not as a client timeout). The page cache is off by default
(PAGE_CACHE_SECONDS=0: each answer is made afresh, as for the first reader after a
change); --page-cache keeps the production default, and then each URL is fetched twice.

For each URL it prints the status, the bytes read, the seconds to the last byte, and
whether the body is complete:
  CSV      parses, and its rows (header left out) number what the same query counts in
           the database (published visits; gifts of published meetings; published protocols)
  ICS      ends with END:VCALENDAR, and its VEVENTs number the published visits from 30 days
           ago on plus the planned signings of published protocols (the view's own filters)
  Atom     the XML parses and holds the 20 latest entries
  sitemap  the XML parses; a sitemap index is followed, each of its files fetched and
           checked the same way (≤ 50,000 <url> each); the URLs of all files together number
           the published/public records × 2 languages
A body cut short (the worker killed mid-stream: IncompleteRead or a reset) is reported as
TRUNCATED whatever the status line said.
"""

import argparse
import csv
import datetime
import http.client
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from load_bench import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    count_visits,
    database_name,
    django_env,
    free_port,
    print_log,
    stop,
    wait_until_up,
)

EXPORTS = [
    ("trivial view", "/robots.txt", "text"),
    ("visit CSV", "/en/visits/visits.csv", "visits"),
    ("visit CSV (tr)", "/tr/visits/visits.csv", "visits"),
    ("visit CSV 2015", "/en/visits/visits.csv?year=2015", "visits:2015"),
    ("gift CSV", "/en/gifts/gifts.csv", "gifts"),
    ("protocol CSV", "/en/protocols/protocols.csv", "protocols"),
    ("Atom feed", "/en/visits/feed/", "atom"),
    ("calendar", "/en/visits/calendar.ics", "ics"),
    ("calendar (tr)", "/tr/visits/calendar.ics", "ics"),
    ("sitemap", "/sitemap.xml", "sitemap"),
]
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM_NS = "{http://www.w3.org/2005/Atom}"
BOM = "\ufeff"


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--timeout", type=float, default=120, help="client timeout, seconds")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--page-cache",
        action="store_true",
        help="keep the page cache on (production default) and fetch each URL twice",
    )
    parser.add_argument("--only", help="fetch only the URLs whose name contains this")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    visits, problem = count_visits(args.database_url)
    if visits is None:
        print(f"cannot read the database: {problem}", file=sys.stderr)
        return 2
    print(f"{database_name(args.database_url)}: {visits:,} visits")
    expected = expected_counts(args.database_url)
    print("expected:", ", ".join(f"{k} {v:,}" for k, v in expected.items()))
    return serve_and_fetch(args, expected)


def expected_counts(url):
    """What each export should hold, by the same querysets the views start from."""
    env = django_env(url, LOG_LEVEL="WARNING")
    for key in ("DJANGO_SETTINGS_MODULE", "DJANGO_READ_ENV_FILE", "DEBUG", "SECRET_KEY"):
        os.environ[key] = env[key]
    os.environ.update(ALLOWED_HOSTS=env["ALLOWED_HOSTS"], DATABASE_URL=url, LOG_LEVEL="WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.utils import timezone

    from municipalities.models import Organization, Protocol
    from portal.dates import still_ahead_q
    from visits.feeds import CALENDAR_PAST_DAYS
    from visits.models import Gift, Meeting, Visit
    from visits.public import public_events, public_people, public_projects

    since = timezone.localdate() - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    visits = Visit.objects.published()
    signings = (
        Protocol.objects.published()
        .filter(status__in=[Protocol.Status.PROPOSED, Protocol.Status.PLANNED])
        .filter(still_ahead_q("planned_date", "planned_date_precision", since))
    )
    sitemap_items = (
        6
        + visits.count()
        + Meeting.objects.published().count()
        + Protocol.objects.published().count()
        + Organization.objects.count()
        + public_events().count()
        + public_projects().count()
        + public_people().count()
    )
    return {
        "visits": visits.count(),
        "visits:2015": visits.filter(start_date__year=2015).count(),
        "gifts": Gift.objects.filter(meeting__in=Meeting.objects.published()).count(),
        "protocols": Protocol.objects.published().count(),
        "ics": visits.filter(start_date__gte=since).count() + signings.count(),
        "sitemap": sitemap_items * 2,  # English and Turkish
    }


def fetch(port, path, timeout):
    """GET `path` in full: (status, seconds, body, problem). `problem` names a body
    cut short; the status is whatever the status line said."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    status, chunks, problem = None, [], ""
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = conn.getresponse()
        status = response.status
        try:
            while True:
                chunk = response.read(1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        except http.client.IncompleteRead as error:
            chunks.append(error.partial)
            problem = "TRUNCATED (IncompleteRead)"
        except (ConnectionError, http.client.HTTPException) as error:
            problem = f"TRUNCATED ({type(error).__name__})"
        except TimeoutError:
            problem = f"client timeout after {timeout:.0f} s"
    except (OSError, http.client.HTTPException) as error:
        problem = f"failed ({type(error).__name__}: {error})"
    finally:
        conn.close()
    return status, time.perf_counter() - started, b"".join(chunks), problem


def check(kind, body, expected):
    """(complete?, what was found) for a body of `kind`."""
    if kind == "text":
        return bool(body), f"{len(body.splitlines())} lines"
    text = body.decode("utf-8", errors="replace")
    if kind.startswith(("visits", "gifts", "protocols")):
        try:
            rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
        except csv.Error as error:
            return False, f"CSV does not parse: {error}"
        found, want = len(rows) - 1, expected[kind]
        return found == want, f"{found:,} rows of {want:,}"
    if kind == "ics":
        events = text.count("BEGIN:VEVENT")
        done = text.endswith("END:VCALENDAR\r\n")
        want = expected["ics"]
        return done and events == want, f"{events:,} events of {want:,}" + (
            "" if done else ", no END:VCALENDAR"
        )
    if kind == "atom":
        try:
            entries = len(ET.fromstring(body).findall(f"{ATOM_NS}entry"))
        except ET.ParseError as error:
            return False, f"XML does not parse: {error}"
        return entries == 20, f"{entries} entries"
    raise ValueError(kind)


def sitemap_file(body):
    """(urls, sitemap files listed, problem) of a sitemap or sitemap index."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        return 0, [], f"XML does not parse: {error}"
    if root.tag == f"{SITEMAP_NS}sitemapindex":
        return 0, [loc.text for loc in root.iter(f"{SITEMAP_NS}loc")], ""
    return len(root.findall(f"{SITEMAP_NS}url")), [], ""


def serve_and_fetch(args, expected):
    workdir = Path(tempfile.mkdtemp(prefix="exports-bench-"))
    port = args.port or free_port()
    settings = {} if args.page_cache else {"PAGE_CACHE_SECONDS": "0"}
    env = django_env(
        args.database_url,
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="1",
        **settings,
    )
    log_path = workdir / "gunicorn.log"
    server, failed = None, False
    try:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
        command = [
            str(gunicorn if gunicorn.exists() else "gunicorn"),
            "-c",
            "config/gunicorn.conf.py",
        ]
        with open(log_path, "wb") as log:
            server = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        print(f"gunicorn -c config/gunicorn.conf.py (pid {server.pid}) on 127.0.0.1:{port}, "
              f"2 sync workers, page cache {'on' if args.page_cache else 'off'}")  # fmt: skip
        if not wait_until_up(server, port):
            print("gunicorn did not answer within 60 s", file=sys.stderr)
            print_log(log_path)
            return 1
        header = f"{'export':<26} {'status':>6} {'bytes':>12} {'seconds':>8}  complete"
        print(header)
        print("-" * (len(header) + 30))
        for name, path, kind in EXPORTS:
            if args.only and args.only not in name and kind != "text":
                continue
            for attempt in range(2 if args.page_cache else 1):
                label = name if attempt == 0 else f"{name} (again)"
                failed |= fetch_and_report(args, port, label, path, kind, expected)
        if failed:
            print_log(log_path)
    finally:
        stop(server)
        shutil.rmtree(workdir, ignore_errors=True)
    return int(failed)


def fetch_and_report(args, port, name, path, kind, expected):
    status, seconds, body, problem = fetch(port, path, args.timeout)
    if kind == "sitemap":
        return report_sitemap(args, port, name, path, status, seconds, body, problem, expected)
    complete, found = (False, problem) if problem else check(kind, body, expected)
    line = f"{name:<26} {status!s:>6} {len(body):>12,} {seconds:>8.2f}  "
    print(line + ("yes" if complete else "NO") + f" ({found})  {path}", flush=True)
    return not complete or status != 200


def report_sitemap(args, port, name, path, status, seconds, body, problem, expected):
    urls, files, xml_problem = sitemap_file(body) if not problem else (0, [], problem)
    problem = problem or xml_problem
    failed = bool(problem) or status != 200
    if not files:
        complete = not failed and urls <= 50_000 and urls == expected["sitemap"]
        found = problem or f"{urls:,} URLs of {expected['sitemap']:,}, one file"
        print(f"{name:<26} {status!s:>6} {len(body):>12,} {seconds:>8.2f}  "
              f"{'yes' if complete else 'NO'} ({found})  {path}")  # fmt: skip
        return not complete
    print(f"{name + ' index':<26} {status!s:>6} {len(body):>12,} {seconds:>8.2f}  "
          f"{'NO (' + problem + ')' if failed else f'{len(files)} files'}  {path}")  # fmt: skip
    total, slowest, size = 0, 0.0, len(body)
    for loc in files:
        parts = urlsplit(loc)
        part = parts.path + (f"?{parts.query}" if parts.query else "")
        status, seconds, body, problem = fetch(port, part, args.timeout)
        urls, _more, xml_problem = sitemap_file(body) if not problem else (0, [], problem)
        problem = problem or xml_problem
        ok = not problem and status == 200 and 0 < urls <= 50_000
        failed |= not ok
        total += urls
        slowest = max(slowest, seconds)
        size += len(body)
        print(f"  {part:<24} {status!s:>6} {len(body):>12,} {seconds:>8.2f}  "
              f"{'yes' if ok else 'NO'} ({problem or f'{urls:,} URLs'})")  # fmt: skip
    complete = total == expected["sitemap"]
    failed |= not complete
    print(f"{'  all sitemap files':<26} {'':>6} {size:>12,} {slowest:>8.2f}  "
          f"{'yes' if complete else 'NO'} ({total:,} URLs of {expected['sitemap']:,}; "
          f"slowest file {slowest:.2f} s)")  # fmt: skip
    return failed


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
