"""Media in an S3-compatible bucket (django-storages), against a real S3 HTTP
endpoint: moto's server on a local port, with nothing of ours mocked.

The storage is configured by the same function the settings use when
AWS_STORAGE_BUCKET_NAME is set (`config.settings._s3_media`), pointed at the
local endpoint; each test gets a bucket of its own. The settings tests at the
end need no endpoint.
"""

import html
import io
import json
import logging
import os
import re
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from PIL import Image

from config import settings as project_settings
from tests.admin_forms import form_data
from tests.test_backup import counts
from visits import pdf
from visits.models import Photo

ROOT = Path(__file__).resolve().parent.parent
VISIT = "/en/visits/2021/turkistan-municipality-delegation-visits-tdbb/"
KEY, SECRET, REGION = "test-access-key", "test-secret-key", "us-east-1"
# Every variable the media settings read, cleared before each test sets its own.
S3_VARIABLES = (
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_QUERYSTRING_AUTH",
    "AWS_QUERYSTRING_EXPIRE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_LOCATION",
)


def needs_pdf(test):
    """A test that makes a PDF: skipped where WeasyPrint cannot run, and run
    with the static files as production serves them (hashed names, collected)."""
    skip = pytest.mark.skipif(not pdf.available(), reason=pdf.unavailable_reason())
    return pytest.mark.production_static(skip(test))


# --- the endpoint and a bucket ----------------------------------------------------


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free local port, for this module's tests."""
    moto_server = pytest.importorskip(
        "moto.server", reason="moto[server] is not installed (pip install -r requirements-dev.txt)"
    )
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def use_s3_environment(monkeypatch, **variables):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A new, private bucket at the endpoint, made the "default" storage the
    way the settings do it."""
    import boto3

    name = f"visits-media-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=KEY,
        aws_secret_access_key=SECRET,
    )
    client.create_bucket(Bucket=name)
    use_s3_environment(
        monkeypatch,
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID=KEY,
        AWS_SECRET_ACCESS_KEY=SECRET,
    )
    storage, origins = project_settings._s3_media(name)
    # Django resets `default_storage`, which every media field holds, when
    # STORAGES changes (django.test.signals.storages_changed).
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    settings.MEDIA_ORIGINS = origins
    return SimpleNamespace(
        name=name,
        client=client,
        endpoint=s3_endpoint,
        expire=storage["OPTIONS"]["querystring_expire"],
    )


def objects(bucket):
    """{key: bytes} of everything in the bucket, read with boto3 directly."""
    listing = bucket.client.list_objects_v2(Bucket=bucket.name).get("Contents", [])
    return {
        item["Key"]: bucket.client.get_object(Bucket=bucket.name, Key=item["Key"])["Body"].read()
        for item in listing
    }


def local_media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def jpeg(size=(120, 80), color="teal", exif=None):
    raw = io.BytesIO()
    Image.new("RGB", size, color).save(raw, "JPEG", **({"exif": exif} if exif else {}))
    return raw.getvalue()


def add_photo(meeting, name="family.jpg", **image):
    return Photo.objects.create(
        meeting=meeting, caption_en="Family photo", image=SimpleUploadedFile(name, jpeg(**image))
    )


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


# --- uploads ------------------------------------------------------------------------


def test_a_photo_uploaded_in_the_admin_lands_in_the_bucket_with_its_thumbnail(
    superuser_client, seed_visit, bucket, settings
):
    exif = Image.Exif()
    exif[0x0112] = 6  # shot on its side
    exif.get_ifd(0x8825)[2] = (41.0, 0.0, 0.0)  # a GPS latitude
    meeting = seed_visit.meetings.get()
    url = reverse("admin:visits_meeting_change", args=[meeting.pk])
    data = form_data(superuser_client.get(url))
    data.update(
        {
            "photos-TOTAL_FORMS": ["1"],
            "photos-0-order": ["1"],
            "photos-0-caption_en": ["Family photo"],
            "photos-0-meeting": [str(meeting.pk)],
            "photos-0-image": SimpleUploadedFile("family.jpg", jpeg(exif=exif)),
        }
    )
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content[:2000]

    photo = meeting.photos.get()
    stored = objects(bucket)
    assert set(stored) == {photo.image.name, photo.thumbnail.name}
    assert photo.image.name.startswith("photos/")
    assert photo.thumbnail.name.startswith("photos/thumbs/")
    image = Image.open(io.BytesIO(stored[photo.image.name]))
    assert image.size == (80, 120)  # turned upright
    assert not image.getexif()  # no location
    thumbnail = Image.open(io.BytesIO(stored[photo.thumbnail.name]))
    assert thumbnail.format == "JPEG"
    assert thumbnail.size == (80, 120)  # small already: not enlarged
    assert local_media_files(settings) == []


def test_a_second_file_of_the_same_name_never_replaces_the_first(seed_visit, bucket):
    meeting = seed_visit.meetings.get()
    first = add_photo(meeting, color="red")
    second = add_photo(meeting, color="blue")
    assert first.image.name != second.image.name
    stored = objects(bucket)
    assert stored[first.image.name] != stored[second.image.name]
    assert len(stored) == 4  # two images, two thumbnails


# --- pages ----------------------------------------------------------------------------


def test_the_visit_page_shows_photos_by_signed_addresses_that_expire(
    client, seed_visit, bucket, settings
):
    photo = add_photo(seed_visit.meetings.get())
    page = client.get(VISIT)
    assert page.status_code == 200
    gallery = re.findall(r'<a href="([^"]+)"><img src="([^"]+)"', page.text)
    assert len(gallery) == 1
    links, images = [[html.unescape(address)] for address in gallery[0]]

    for address, name in ((images[0], photo.thumbnail.name), (links[0], photo.image.name)):
        parts = urlsplit(address)
        assert [f"{parts.scheme}://{parts.netloc}"] == settings.MEDIA_ORIGINS == [bucket.endpoint]
        assert parts.path == f"/{bucket.name}/{name}"
        query = parse_qs(parts.query)
        assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
        assert query["X-Amz-Expires"] == [str(bucket.expire)]
        assert query["X-Amz-Signature"]
        # The signed address works; the same address unsigned does not.
        assert get(address) == objects(bucket)[name]
        with pytest.raises(urllib.error.HTTPError) as refused:
            get(f"{bucket.endpoint}{parts.path}")
        assert refused.value.code == 403


@needs_pdf
@pytest.mark.parametrize("store", ["local disk", "S3"])
def test_the_summary_pdf_embeds_the_photo_read_through_the_storage(
    client, seed_visit, store, request, monkeypatch
):
    from pypdf import PdfReader

    if store == "S3":
        request.getfixturevalue("bucket")
    meeting = seed_visit.meetings.get()
    add_photo(meeting, size=(90, 60), color=(0, 128, 128))

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF fetched something over HTTP")

    monkeypatch.setattr(urllib.request.HTTPHandler, "http_open", no_network)
    monkeypatch.setattr(urllib.request.HTTPSHandler, "https_open", no_network)
    response = client.get(f"/en/meetings/{meeting.pk}/summary.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    # (Pages share their resources, so each lists the one photo.)
    embedded = [image.image for page in reader.pages for image in page.images]
    photos = [im for im in embedded if im.size == (90, 60)]
    assert photos, [im.size for im in embedded]
    red, green, blue = photos[0].convert("RGB").getpixel((45, 30))
    assert red < 40 and 100 < green < 160 and 100 < blue < 160


def test_the_pdf_reads_only_media_addresses_of_the_storage(seed_visit, bucket):
    photo = add_photo(seed_visit.meetings.get())
    address = photo.image.url
    assert address.startswith(f"{bucket.endpoint}/{bucket.name}/photos/")
    assert pdf._read_page_file(address) == (photo.image.name, objects(bucket)[photo.image.name])
    path = urlsplit(address).path
    for foreign in (
        f"http://elsewhere.example{path}",
        f"{bucket.endpoint}/another-bucket/{photo.image.name}",
        f"{bucket.endpoint}/{bucket.name}/photos/../../etc/passwd",
        f"{pdf.BASE_URL}media/{photo.image.name}",  # the local address, not this storage's
    ):
        assert pdf._read_page_file(foreign) is None, foreign


# --- backup and restore ---------------------------------------------------------------


def test_backup_and_restore_carry_the_media_through_the_bucket(
    client, seed_visit, bucket, settings, tmp_path
):
    from municipalities.models import Protocol

    photo = add_photo(seed_visit.meetings.get())
    protocol = Protocol.objects.first()
    protocol.document = SimpleUploadedFile("protocol.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n")
    protocol.save()
    before_counts, before_files = counts(), objects(bucket)
    assert len(before_files) == 3  # the photo, its thumbnail, the protocol

    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert "3 media files" in out.getvalue()
    with tarfile.open(archive) as tar:
        archived = {
            m.name.removeprefix("media/"): tar.extractfile(m).read()
            for m in tar.getmembers()
            if m.name.startswith("media/")
        }
    assert archived == before_files

    if connection.vendor == "postgresql":
        # Inside the test's transaction: check deferred keys now, so that the
        # flush's TRUNCATE finds no pending trigger events.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    # One file gone, one changed behind the portal's back: both come back as they were.
    bucket.client.delete_object(Bucket=bucket.name, Key=photo.image.name)
    bucket.client.put_object(Bucket=bucket.name, Key=photo.thumbnail.name, Body=b"changed")
    assert client.get(VISIT).status_code == 404

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "3 media files" in out.getvalue()
    assert counts() == before_counts
    assert objects(bucket) == before_files
    page = client.get(VISIT).text
    assert f"/{bucket.name}/{photo.thumbnail.name}?" in page
    assert local_media_files(settings) == []


# --- settings: the environment selects the storage ------------------------------------


def start(**variables):
    """Load the settings and the storage in a fresh interpreter, as a server would,
    and say what was chosen."""
    code = (
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.files.storage import default_storage, storages\n"
        "storage = storages['default']\n"
        "print(json.dumps({\n"
        "    'backend': settings.STORAGES['default']['BACKEND'],\n"
        "    'options': settings.STORAGES['default'].get('OPTIONS', {}),\n"
        "    'staticfiles': settings.STORAGES['staticfiles']['BACKEND'],\n"
        "    'origins': settings.MEDIA_ORIGINS,\n"
        "    'img_src': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'],\n"
        "    'class': type(storage).__module__ + '.' + type(storage).__name__,\n"
        "    'url': default_storage.url('photos/2021/11/family photo.jpg'),\n"
        "    'attributes': {name: getattr(storage, name, None) for name in (\n"
        "        'bucket_name', 'endpoint_url', 'region_name', 'addressing_style',\n"
        "        'querystring_auth', 'querystring_expire', 'file_overwrite', 'access_key')},\n"
        "}))\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in S3_VARIABLES and not k.startswith(("DEBUG", "PAGE_CACHE"))
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="true", **variables)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_media_is_on_local_disk_unless_a_bucket_is_named():
    chosen = start()
    assert chosen["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert chosen["origins"] == []
    assert chosen["img_src"] == ["'self'"]
    assert chosen["url"] == "/media/photos/2021/11/family%20photo.jpg"


def test_a_bucket_in_the_environment_selects_s3_with_its_options():
    chosen = start(
        AWS_STORAGE_BUCKET_NAME="visits-media",
        AWS_S3_ENDPOINT_URL="https://minio.example.org:9000",
        AWS_S3_REGION_NAME="eu-central-1",
        AWS_ACCESS_KEY_ID="minio-user",
        AWS_SECRET_ACCESS_KEY="minio-secret",
    )
    assert chosen["class"] == "storages.backends.s3.S3Storage"
    assert chosen["staticfiles"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert chosen["attributes"] == {
        "bucket_name": "visits-media",
        "endpoint_url": "https://minio.example.org:9000",
        "region_name": "eu-central-1",
        "addressing_style": "path",  # the default with an endpoint
        "querystring_auth": True,  # private bucket, signed addresses
        "querystring_expire": 600 + 3600,  # an hour past the default page cache
        "file_overwrite": False,
        "access_key": "minio-user",
    }
    assert chosen["origins"] == ["https://minio.example.org:9000"]
    # Pages may show images from there, and only images.
    assert chosen["img_src"] == ["'self'", "https://minio.example.org:9000"]
    url = urlsplit(chosen["url"])
    assert f"{url.scheme}://{url.netloc}" == "https://minio.example.org:9000"
    assert url.path == "/visits-media/photos/2021/11/family%20photo.jpg"
    assert "X-Amz-Signature=" in url.query
    assert "X-Amz-Expires=4200" in url.query


@pytest.mark.parametrize(
    ("variables", "origin"),
    [
        # Cloudflare R2 with virtual-hosted addresses
        (
            {
                "AWS_S3_ENDPOINT_URL": "https://0123abcd.r2.cloudflarestorage.com",
                "AWS_S3_REGION_NAME": "auto",
                "AWS_S3_ADDRESSING_STYLE": "virtual",
            },
            "https://visits-media.0123abcd.r2.cloudflarestorage.com",
        ),
        # MinIO on a local port: path-style by default
        ({"AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}, "http://127.0.0.1:9000"),
        # AWS itself, by region
        (
            {"AWS_S3_REGION_NAME": "eu-central-1"},
            "https://visits-media.s3.eu-central-1.amazonaws.com",
        ),
        # A public bucket behind its own domain, said to be public on purpose
        (
            {
                "AWS_S3_REGION_NAME": "eu-central-1",
                "AWS_S3_CUSTOM_DOMAIN": "media.visits.example.org",
                "AWS_QUERYSTRING_AUTH": "false",
            },
            "https://media.visits.example.org",
        ),
    ],
)
def test_media_origins_are_where_the_storage_points(monkeypatch, variables, origin):
    from storages.backends.s3 import S3Storage

    use_s3_environment(
        monkeypatch, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=SECRET, **variables
    )
    storage, origins = project_settings._s3_media("visits-media")
    assert origins == [origin]
    url = urlsplit(S3Storage(**storage["OPTIONS"]).url("photos/family.jpg"))
    assert [f"{url.scheme}://{url.netloc}"] == origins


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({}, "AWS_S3_REGION_NAME is required on AWS"),
        ({"AWS_S3_ENDPOINT_URL": "minio:9000"}, "is not an http(s):// address"),
        (
            {"AWS_S3_REGION_NAME": "eu-central-1", "AWS_S3_ADDRESSING_STYLE": "auto"},
            "must be 'path' or 'virtual'",
        ),
        (
            {"AWS_S3_REGION_NAME": "eu-central-1", "AWS_ACCESS_KEY_ID": KEY},
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together",
        ),
        (
            {"AWS_S3_REGION_NAME": "eu-central-1", "AWS_S3_CUSTOM_DOMAIN": "media.example.org"},
            "unsigned addresses that anyone can guess",
        ),
        (
            {"AWS_S3_REGION_NAME": "eu-central-1", "AWS_QUERYSTRING_EXPIRE": "900"},
            "must last at least 1500 seconds",
        ),
        (
            {"AWS_S3_REGION_NAME": "eu-central-1", "AWS_QUERYSTRING_EXPIRE": "700000"},
            "S3 signs for at most 604800",
        ),
    ],
)
def test_nonsense_in_the_media_settings_is_refused(monkeypatch, variables, message):
    monkeypatch.setattr(project_settings, "PAGE_CACHE_SECONDS", 600)
    use_s3_environment(monkeypatch, **variables)
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        project_settings._s3_media("visits-media")


def test_signed_addresses_outlive_the_page_cache_by_default(monkeypatch):
    monkeypatch.setattr(project_settings, "PAGE_CACHE_SECONDS", 7200)
    use_s3_environment(monkeypatch, AWS_S3_REGION_NAME="eu-central-1")
    storage, _origins = project_settings._s3_media("visits-media")
    assert storage["OPTIONS"]["querystring_expire"] == 7200 + 3600
