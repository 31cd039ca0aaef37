import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from municipalities.signals import records_restored


class Command(BaseCommand):
    help = (
        "Load an archive written by `manage.py backup` into an empty (migrated) "
        "database, and put its media files back."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz that `manage.py backup` wrote.")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such archive: {path}")
        occupied = [
            model._meta.label
            for name in ("portal", "municipalities", "visits")
            for model in apps.get_app_config(name).get_models()
            if model._meta.label != "portal.SiteVersion"
            and not model._meta.label.startswith(("municipalities.Historical", "visits.Historical"))
            and model._meta.label != "municipalities.CooperationField"
            and model._default_manager.exists()
        ]
        if occupied:
            raise CommandError(
                "The database is not empty (it has "
                + ", ".join(occupied[:5])
                + "). Restore into a new database: create it, run `manage.py migrate`, "
                "then restore."
            )
        with tempfile.TemporaryDirectory() as scratch, tarfile.open(path, "r:gz") as tar:
            members = tar.getmembers()
            records = [m for m in members if m.name in ("manifest.json", "records.json")]
            tar.extractall(scratch, members=records, filter="data")
            manifest = json.loads((Path(scratch) / "manifest.json").read_text())
            with transaction.atomic():
                call_command("loaddata", str(Path(scratch) / "records.json"), verbosity=0)
                records_restored.send(sender=self.__class__)
            # Through the storage, so local disk and an S3 bucket alike.
            restored = 0
            for member in members:
                if member.isfile() and member.name.startswith("media/"):
                    put_back(default_storage, member.name.removeprefix("media/"), tar, member)
                    restored += 1
        from portal.pagecache import bump

        bump()
        self.stdout.write(
            f"Restored {manifest['records']} records and {restored} media files "
            f"from a backup made {manifest['made']}."
        )


def put_back(storage, name, tar, member):
    """Store the archive's `member` under `name`, replacing what is there:
    the records name exactly this file."""
    if storage.exists(name):
        storage.delete(name)
    with tar.extractfile(member) as file:
        saved = storage.save(name, ContentFile(file.read(), name=name))
    if saved != name:
        raise CommandError(f"The storage put media/{name} at {saved}; the records expect {name}.")
