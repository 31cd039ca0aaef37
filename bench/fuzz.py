#!/usr/bin/env python
"""Send generated requests at every public URL and count the answers: no 5xx.

The requests come from tests/fuzzing.py (the fuzz test's generator): paths of
every URL pattern filled with real records and with garbage, query strings,
form posts, cookies and headers with Unicode, control characters and
oversized values. They go in-process through Django's test client to a fresh
SQLite database (a temporary file) holding the demo data and a generated set
of about --extra visits, with production settings: DEBUG off, HTTPS redirect
and secure cookies (requests carry the proxy's X-Forwarded-Proto, sometimes
garbage), the page cache on, static files collected with their manifest.

    .venv/bin/python bench/fuzz.py [--count 10000] [--seed 0] [--extra 100] [--admin-rounds 5]
    .venv/bin/python bench/fuzz.py --database-url postgres://…/visits_fuzz

Then, as a superuser, every admin add and change form of every registered
model is posted --admin-rounds times with generated texts full of control
characters appended to its free-text fields, and once with a NUL: no 5xx, a
NUL refused with 400, and no control character left in any stored text.

Hypothesis draws the requests (@given with max_examples=--count, generation
only: no shrinking, no example database), so a seed gives the same requests.
Prints the requests sent, the count per status, the 5xx count, each distinct
5xx (by exception and the line of the portal's code it came from) with a
request that reproduces it and the end of its traceback, and the time taken.
Exit code 1 if any request got a 5xx. With --database-url, the database's
test copy (test_<name>) is created and dropped again; the temporary folder
(database, collected static files, media) is removed at the end.
"""

import argparse
import collections
import logging
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TRACEBACK_LINES = 14


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="requests to send")
    parser.add_argument("--seed", type=int, default=0, help="Hypothesis seed")
    parser.add_argument("--extra", type=int, default=100, help="generated visits to load")
    parser.add_argument("--database-url", help="another database than a temporary SQLite file")
    parser.add_argument(
        "--admin-rounds", type=int, default=5, help="posts of each admin form with control texts"
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="fuzz-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        DATABASE_URL=args.database_url or f"sqlite:///{workdir / 'fuzz.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
    )
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    # Django logs every 404, 400 and 500; this script reports them itself.
    logging.disable(logging.CRITICAL)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    test_database = None
    if args.database_url:
        test_database = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0)
    try:
        call_command("collectstatic", "--no-input", verbosity=0)
        call_command("load_demo", "--no-login", "--extra", str(args.extra), verbosity=0)
        report = fuzz(args, settings)
        report = fuzz_admin_forms(args) or report
    finally:
        if test_database:
            connection.creation.destroy_test_db(test_database, verbosity=0)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"setup and requests      {time.perf_counter() - started:8.1f} s in all")
    sys.exit(1 if report else 0)


def fuzz(args, settings):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from hypothesis import HealthCheck, Phase, given, seed
    from hypothesis import settings as hypothesis_settings

    from tests import fuzz_client, fuzz_targets, fuzzing

    real = fuzz_targets.RealValues.from_database()
    staff = get_user_model().objects.create_user("fuzz-staff", is_staff=True)
    staff_cookie = fuzz_client.staff_session_cookie(staff)
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    statuses = collections.Counter()
    failures = {}  # error -> [count, request, outcome]

    @seed(args.seed)
    @hypothesis_settings(
        max_examples=args.count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(fuzzing.requests(real))
    def one(request):
        with fuzz_client.ExceptionRecorder() as recorder:
            outcome = fuzz_client.send(client, request, staff_cookie, recorder)
        statuses[outcome.status] += 1
        if outcome.status >= 500:
            failures.setdefault(outcome.error, [0, request, outcome])[0] += 1
        sent = sum(statuses.values())
        if sent % 1000 == 0:
            print(f"  {sent:6d} requests, {len(failures)} distinct 5xx so far", flush=True)

    print(
        f"fuzzing: {args.count} requests, seed {args.seed}, "
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"{len(real.public_routes)} public and {len(real.admin_routes)} admin URL patterns",
        flush=True,
    )
    started = time.perf_counter()
    one()
    elapsed = time.perf_counter() - started

    sent = sum(statuses.values())
    errors = sum(n for status, n in statuses.items() if status >= 500)
    print(f"\nrequests sent           {sent:8d}")
    for status, n in sorted(statuses.items()):
        label = "(raised out of Django)" if status == 599 else ""
        print(f"  {status}                  {n:8d}  {label}")
    print(f"5xx                     {errors:8d}  ({len(failures)} distinct)")
    print(f"time                    {elapsed:8.1f} s  ({sent / elapsed:.0f} requests/s)")
    for error, (count, request, outcome) in sorted(failures.items(), key=lambda f: -f[1][0]):
        print(f"\n--- {outcome.status} × {count}: {error}")
        print(request.describe(limit=300))
        lines = outcome.traceback.rstrip().splitlines()
        print("\n".join(lines[-TRACEBACK_LINES:]))
    return failures


def fuzz_admin_forms(args):
    """Post every admin form with control characters (and once with a NUL)."""
    import random

    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests import fuzz_client, fuzzing

    user = get_user_model().objects.create_superuser("fuzz-root", "root@example.org", None)
    # Through the TLS proxy, as production is reached (else: redirects to https).
    client = Client(raise_request_exception=False, headers={"X-Forwarded-Proto": "https"})
    client.force_login(user)
    # Texts of controls among letters, the same for a seed.
    rng = random.Random(args.seed)
    alphabet = fuzz_client.CONTROLS + fuzzing.TURKIC + "😀\u200d\ufeff\xa0<&>'\""

    def generated():
        return [
            " " + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20))) for _ in range(8)
        ]

    statuses, failures = collections.Counter(), []
    started = time.perf_counter()
    for model in fuzz_client.admin_models():
        for url in fuzz_client.admin_form_urls(model):
            for n in range(args.admin_rounds + 1):
                nul = n == args.admin_rounds
                texts = fuzz_client.CONTROL_TEXTS if nul else generated()
                with fuzz_client.ExceptionRecorder() as recorder:
                    response, filled = fuzz_client.post_admin_form(
                        client, model, url, texts, nul=nul
                    )
                statuses[response.status_code] += 1
                if response.status_code >= 500 or (nul and filled and response.status_code != 400):
                    where = recorder.recorded[-1][1] if recorder.recorded else ""
                    failures.append(f"{response.status_code} for {url} (NUL: {nul}) {where!r}")
    unclean = fuzz_client.unclean_texts()
    elapsed = time.perf_counter() - started
    print(f"\nadmin forms: {len(fuzz_client.admin_models())} models, {args.admin_rounds} rounds")
    for status, n in sorted(statuses.items()):
        print(f"  {status}                  {n:8d}")
    print(f"failures                {len(failures):8d}")
    print(f"texts left unclean      {len(unclean):8d}")
    print(f"time                    {elapsed:8.1f} s")
    for line in failures[:20]:
        print("  " + line)
    for record in unclean[:20]:
        print(f"  unclean: {record!r}")
    return failures + unclean


if __name__ == "__main__":
    main()
