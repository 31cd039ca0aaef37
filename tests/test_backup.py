"""`manage.py backup` and `restore`: a round trip gives the same records,
pages and files."""

import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from PIL import Image

from visits.models import Photo

pytestmark = pytest.mark.django_db

VISIT = "/en/visits/2021/turkistan-municipality-delegation-visits-tdbb/"


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """The flush and the restore recreate the content types inside the test's
    transaction, which is rolled back: forget the ids they cached, or later
    tests write admin log entries pointing at content types that never were."""
    from django.contrib.contenttypes.models import ContentType

    yield
    ContentType.objects.clear_cache()


def counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in ("portal", "municipalities", "visits", "auth")
        and model._meta.label != "auth.Permission"
    }


def media_files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_round_trip_gives_the_same_records_pages_and_files(
    client, seed_visit, settings, tmp_path
):
    raw = io.BytesIO()
    Image.new("RGB", (60, 40), "teal").save(raw, "JPEG")
    Photo.objects.create(
        meeting=seed_visit.meetings.get(),
        caption_en="Family photo",
        image=SimpleUploadedFile("family.jpg", raw.getvalue()),
    )
    before_counts, before_files = counts(), media_files(settings.MEDIA_ROOT)
    before_page = client.get(VISIT).content
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    if connection.vendor == "postgresql":
        # Inside the test's transaction: check deferred keys now, so that the
        # flush's TRUNCATE finds no pending trigger events.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    for file in settings.MEDIA_ROOT.rglob("*"):
        if file.is_file():
            file.unlink()
    assert client.get(VISIT).status_code == 404

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored" in out.getvalue()
    assert counts() == before_counts
    assert media_files(settings.MEDIA_ROOT) == before_files
    assert client.get(VISIT).content == before_page


def test_restore_refuses_a_database_that_is_not_empty(seed_visit, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_the_archive_is_readable_by_its_owner_only(seed_visit, tmp_path):
    """It holds password hashes: mode 0600, also when it replaces an older file."""
    fresh, existing = tmp_path / "fresh.tar.gz", tmp_path / "existing.tar.gz"
    existing.write_bytes(b"old")
    existing.chmod(0o644)
    for archive in (fresh, existing):
        call_command("backup", output=str(archive), stdout=io.StringIO())
        assert archive.stat().st_mode & 0o777 == 0o600, archive.name
