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
