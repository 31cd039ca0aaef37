import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from municipalities.models import Organization
from portal.pagecache import bump
from visits.demo import load_seed
from visits.models import Visit
from visits.public import counted_visits
from visits.totals import recount

DEMO_USERNAME = "secretariat"
LOGIN_FILE = settings.BASE_DIR / ".demo-login"


class Command(BaseCommand):
    help = (
        "Load the demo data: the seed visit of 13 November 2021 and a staff login. "
        "Idempotent: a second run changes nothing. --extra N adds a generated set of "
        "about N visits across the Turkic world."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--extra",
            type=int,
            default=0,
            metavar="N",
            help="Also generate about N visits with their meetings, protocols and gifts.",
        )
        parser.add_argument(
            "--no-login",
            action="store_true",
            help="Do not create or print the demo staff login.",
        )

    def handle(self, *args, extra, no_login, **options):
        if extra < 0:
            raise CommandError("--extra takes a number of visits, 0 or more.")
        visit, created = load_seed()
        self.stdout.write(
            f"Seed visit: {visit} ({created} records created)"
            if created
            else f"Seed visit already loaded: {visit}"
        )
        if extra:
            from visits.demo_extra import load_extra

            counts = load_extra(extra, Organization.objects.home(), stdout=self.stdout)
            total = sum(counts.values())
            if total:
                # Bulk inserts send no signals: the home page's tallies are
                # counted again and cached pages are stale now.
                recount()
                bump()
            self.stdout.write(f"Generated set: {total} records created")
        # The number readers see on the home page, in the visit list and its
        # chart: published visits, whatever their date or status.
        self.stdout.write(
            f"Visits: {counted_visits().count()} published (the count on the home page, "
            f"in the visit list and in the chart), {Visit.objects.count()} recorded in all"
        )
        if not no_login:
            self.staff_login()

    def staff_login(self):
        """A superuser for trying the admin, its password kept in .demo-login
        (git-ignored) so later runs can print it without changing it."""
        User = get_user_model()
        user = User.objects.filter(username=DEMO_USERNAME).first()
        password = LOGIN_FILE.read_text().strip() if LOGIN_FILE.exists() else ""
        if user is None or not (password and user.check_password(password)):
            password = password or secrets.token_urlsafe(12)
            user = user or User(username=DEMO_USERNAME, email="secretariat@example.org")
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            LOGIN_FILE.write_text(password + "\n")
            LOGIN_FILE.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(f"Staff login: user {DEMO_USERNAME!r}, password {password!r}")
        )
