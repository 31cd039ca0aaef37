#!/usr/bin/env python
"""How long the secretariat's admin takes at volume (issue 15): the changelists, the
admin search, the dashboard and the change forms, through Django's test client.

    .venv/bin/python bench/load_bench.py --fill --database-url postgres://…/visits_bench_x
    DATABASE_URL=postgres://…/visits_bench_x DEBUG=false … manage.py migrate   # your branch
    .venv/bin/python bench/admin_bench.py --database-url postgres://…/visits_bench_x

Production settings (DEBUG off, a throwaway secret key, plain HTTP on the loopback), the
project's own database settings. Signed in as a superuser (`bench-admin`, made if missing)
and as a member of the "Secretariat editor" group (`bench-editor`, made if missing): each
page is requested once (the warm-up; it must answer 200) and then `--runs` times (5), and
the median time and the number of SQL queries of one request are printed, with the trivial
view /robots.txt of the same run and each page's time as a multiple of it.

The pages: the visit and meeting changelists, both searched for `istanbul`, the
organisation and person changelists, the admin index (the secretariat's dashboard), the
seed visit's change form and the change form of a meeting with 30 participant rows (the
first meeting of the volume's last visit is given 30 participants if it has fewer; they
are people of the bench volume, each with their organisation).
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/visits_bench"
SEED_VISIT_SLUG = "turkistan-municipality-delegation-visits-tdbb"
ROWS = 30


def setup(url, static_root):
    os.environ.update(
        STATIC_ROOT=static_root,
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_READ_ENV_FILE="false",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(45),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        DATABASE_URL=url,
        CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest DEBUG off needs


def users():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    editor, created = User.objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True}
    )
    if created:
        editor.groups.add(Group.objects.get(name="Secretariat editor"))
    return admin, editor


def meeting_with_rows():
    """A meeting with at least ROWS participants (made so in the bench database)."""
    from municipalities.models import Person
    from visits.models import Meeting, MeetingParticipant

    meeting = Meeting.objects.filter(visit__isnull=False).order_by("-visit_id", "pk").first()
    have = meeting.participants.count()
    if have < ROWS:
        taken = set(meeting.participants.values_list("person_id", flat=True))
        people = Person.objects.exclude(pk__in=taken).order_by("pk")[: ROWS - have]
        MeetingParticipant.objects.bulk_create(
            MeetingParticipant(
                meeting=meeting,
                person=person,
                side="host" if n % 2 else "guest",
                organization_id=meeting.host_id,
                title_en="Adviser",
                title_tr="Danışman",
                order=have + n + 1,
            )
            for n, person in enumerate(people)
        )
    return meeting


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="measure only the pages whose name contains this")
    parser.add_argument(
        "--slowest",
        type=int,
        default=0,
        metavar="N",
        help="also print each page's N slowest queries",
    )
    parser.add_argument("--user", choices=["superuser", "editor"], help="only this user")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="admin-bench-") as static_root:
        setup(args.database_url, static_root)
        run(args)


def run(args):

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from visits.models import Visit

    admin, editor = users()
    meeting = meeting_with_rows()
    visit = Visit.objects.get(slug=SEED_VISIT_SLUG)

    def url(name, *args, query=""):
        return reverse(f"admin:{name}", args=args) + query

    pages = [
        ("visit changelist", url("visits_visit_changelist")),
        ("meeting changelist", url("visits_meeting_changelist")),
        ("visit changelist q=istanbul", url("visits_visit_changelist", query="?q=istanbul")),
        ("meeting changelist q=istanbul", url("visits_meeting_changelist", query="?q=istanbul")),
        ("organisation changelist", url("municipalities_organization_changelist")),
        ("person changelist", url("municipalities_person_changelist")),
        ("dashboard (admin index)", url("index")),
        ("visit change form", url("visits_visit_change", visit.pk)),
        (
            f"meeting form, {meeting.participants.count()} rows",
            url("visits_meeting_change", meeting.pk),
        ),
    ]
    if args.only:
        pages = [page for page in pages if args.only in page[0]]

    def measure(client, path):
        response = client.get(path)  # warm-up
        if response.status_code != 200:
            return None, None, response.status_code
        times, queries = [], []
        for _ in range(args.runs):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - started)
            queries.append(len(captured))
            assert response.status_code == 200, (path, response.status_code)
        if args.slowest:
            for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[
                : args.slowest
            ]:
                print(f"      {float(query['time']) * 1000:8.1f} ms  {query['sql'][:300]}")
        return statistics.median(times) * 1000, max(queries), 200

    name = connection.settings_dict["NAME"]
    print(f"{name}: {Visit.objects.count():,} visits; median of {args.runs}")
    for label, user in (("superuser", admin), ("Secretariat editor", editor)):
        if args.user and not label.lower().startswith(args.user[:5]):
            continue
        client = Client()
        client.force_login(user)
        trivial, _, _ = measure(client, "/robots.txt")
        print(f"\n{label}:  /robots.txt {trivial:.2f} ms")
        print(f"  {'page':<34} {'ms':>9} {'queries':>8} {'× trivial':>10}")
        for name, path in pages:
            ms, count, status = measure(client, path)
            if ms is None:
                print(f"  {name:<34} status {status}")
                continue
            print(f"  {name:<34} {ms:9.1f} {count:8d} {ms / trivial:10.0f}")


if __name__ == "__main__":
    main()
