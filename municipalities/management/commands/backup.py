import io
import json
import os
import posixpath
import tarfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

# Rebuilt by `migrate` on any database; dumping them would only clash.
# The home page's tallies (visits.VisitTally) are not records: the restore
# counts them afresh from the visits.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "visits.visittally"]


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz) of every record (JSON, natural keys) and every "
        "media file. `manage.py restore ARCHIVE` loads it into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Archive to write (default: backup-YYYYmmdd-HHMMSS.tar.gz here).",
        )

    def handle(self, *args, output=None, **options):
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        path = Path(output or f"backup-{stamp}.tar.gz")
        data = io.StringIO()
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            natural_primary=True,
            indent=None,
            stdout=data,
        )
        records = data.getvalue().encode()
        # Media is read through the storage, so local disk and an S3 bucket alike.
        names = sorted(media_names(default_storage))
        manifest = {
            "made": timezone.now().isoformat(),
            "records": len(json.loads(records)),
            "media_files": len(names),
        }
        # It holds password hashes: readable by its owner only, from the first byte.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)  # an existing file keeps its mode through os.open
        with (
            os.fdopen(descriptor, "wb") as out,
            tarfile.open(fileobj=out, mode="w:gz") as archive,
        ):
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            _add_bytes(archive, "records.json", records)
            for name in names:
                with default_storage.open(name, "rb") as file:
                    _add_bytes(archive, f"media/{name}", file.read())
        self.stdout.write(
            f"Wrote {path}: {manifest['records']} records, {manifest['media_files']} media files."
        )


def media_names(storage, folder=""):
    """The name of every file in `storage`, folders walked with listdir()."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # local disk: no media folder yet
        return
    for name in files:
        yield posixpath.join(folder, name)
    for sub in folders:
        yield from media_names(storage, posixpath.join(folder, sub))


def _add_bytes(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))
