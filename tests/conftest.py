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


@pytest.fixture
def full_record(seed_visit):
    """The seed, plus the kinds of record its press release has none of."""
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
