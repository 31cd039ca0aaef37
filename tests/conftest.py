import pytest
from django.contrib.auth import get_user_model

from tests import factories


@pytest.fixture(autouse=True)
def _plain_static_files(settings, tmp_path):
    # Tests run with DEBUG off, where static files go through whitenoise's
    # manifest; they are not collected for tests, so use plain storage. Media
    # goes to a temporary folder, never the project's.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hashing passwords properly is slow by design; tests need no such strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


PRODUCTION_STATIC = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture(scope="session")
def _collected_static(tmp_path_factory):
    """The static files as production has them: collected once per session,
    hashed and compressed by the storage config/settings.py uses without DEBUG."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    root = tmp_path_factory.mktemp("collected-static")
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STATIC}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture(autouse=True)
def _production_static(request, _plain_static_files, settings):
    """Tests marked `production_static` run with the manifest storage over
    collected files, as production does: `{% static %}` gives hashed names."""
    if request.node.get_closest_marker("production_static") is None:
        return
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STATIC}}
    settings.STATIC_ROOT = request.getfixturevalue("_collected_static")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what a test kept for a site
    version (the dashboard's counts) is not served to the next test, whose
    database may have reached the same version number."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english(request):
    """Each test starts in English: a request to a /tr/ page leaves Turkish
    active in the thread, and reverse() would then build /tr/ addresses."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        "root", "root@example.org", "a-long-test-password-1"
    )


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def home(db):
    """The union that runs the portal."""
    return factories.organization(
        name_en="Union of Turkish World Municipalities",
        name_tr="Türk Dünyası Belediyeler Birliği",
        short_name="TDBB",
        kind="union",
        is_home=True,
    )


@pytest.fixture
def seed_visit(db):
    """The press release of 13 November 2021, loaded as the demo loads it."""
    from visits.demo import load_seed

    visit, _created = load_seed()
    return visit


# --- Who is signed in: one account per role, each with a client of its own
# (so a test may use several side by side, and the plain `client` stays
# anonymous).


def _signed_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def viewer(db):
    """Group "Viewer": sees everything in the admin, changes nothing."""
    return factories.staff("viewer", "Viewer")


@pytest.fixture
def viewer_client(viewer):
    return _signed_in(viewer)


@pytest.fixture
def editor(db):
    """Group "Secretariat editor"."""
    return factories.staff("editor", "Secretariat editor")


@pytest.fixture
def editor_client(editor):
    return _signed_in(editor)


@pytest.fixture
def staff_no_group(db):
    """Staff status but no group and no permission: may sign in to the admin,
    may see nothing there, and no drafts or internal items anywhere."""
    return factories.staff("staff-no-group")


@pytest.fixture
def staff_no_group_client(staff_no_group):
    return _signed_in(staff_no_group)


@pytest.fixture
def full_record(seed_visit):
    """The seed, plus the kinds of record its press release has none of, so
    every model of the portal has at least one row (and its history)."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from municipalities.models import ProtocolSignatory
    from visits.models import Decision, Photo

    meeting = seed_visit.meetings.get()
    participant = meeting.participants.first()
    ProtocolSignatory.objects.create(
        protocol=meeting.agenda_items.exclude(protocol=None).first().protocol,
        person=participant.person,
        organization=participant.organization,
    )
    Decision.objects.create(meeting=meeting, text_en="Share experience programmes.")
    png = BytesIO()
    Image.new("RGB", (40, 30), "teal").save(png, "PNG")
    Photo.objects.create(
        meeting=meeting,
        image=SimpleUploadedFile("family.png", png.getvalue(), "image/png"),
        caption_en="Family photo",
    )
    return seed_visit


@pytest.fixture
def internal_items(seed_visit):
    """The seed meeting with what only staff may print (`?internal=1`): a gift's
    value and notes, the meeting's internal notes. Each text is in SECRETS."""
    from decimal import Decimal

    from visits.models import Meeting

    meeting = seed_visit.meetings.get()
    gift = meeting.gifts.first()
    gift.value, gift.currency, gift.internal_notes = Decimal("4321.00"), "TRY", "Kept in cabinet 7"
    gift.save()
    Meeting.objects.filter(pk=meeting.pk).update(internal_notes="Follow up on the airport")
    return meeting


# Modules whose checks do not depend on the database (the words of rendered
# pages and PDFs): CI runs them in the SQLite suite only, to keep within its
# time (.ci/run, marker "one_database").
ONE_DATABASE_MODULES = {
    "test_turkish",
    "test_printing",
    "test_meta_descriptions",
    "test_wording",
    "test_i18n",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.module.__name__.rpartition(".")[2] in ONE_DATABASE_MODULES:
            item.add_marker(pytest.mark.one_database)
