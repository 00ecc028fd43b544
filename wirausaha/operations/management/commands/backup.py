from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wirausaha.operations.actions import make_backup
from wirausaha.operations.backups.manifest import BackupError


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database (pg_dump, custom format) and the uploaded files (MEDIA_ROOT) "
        "into DIR, a new or empty folder, with manifest.json listing every file's SHA-256. Restore "
        "with `restore DIR` into an empty database. PostgreSQL only."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", type=Path, help="a new or empty folder")

    def handle(self, *, folder: Path, **options) -> str:
        try:
            backup = make_backup(folder=folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        return (
            f"Backup written to {backup.location}: database {backup.database_bytes} bytes, "
            f"{backup.file_count} uploaded files ({backup.file_bytes} bytes), manifest SHA-256 "
            f"{backup.manifest_sha256}"
        )
