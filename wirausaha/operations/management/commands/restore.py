from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wirausaha.operations.actions import restore_backup
from wirausaha.operations.backups.manifest import BackupError


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup DIR` into the configured PostgreSQL database, which must be "
        "empty (create a new one), and its uploaded files into MEDIA_ROOT. Every file's checksum is "
        "checked before anything is written; the database is restored in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", type=Path, help="a folder written by `backup`")

    def handle(self, *, folder: Path, **options) -> str:
        try:
            restored = restore_backup(folder=folder)
        except BackupError as error:
            raise CommandError(str(error)) from None
        return (
            f"Restored the backup of {restored.created_at}: {restored.tables} tables, "
            f"{restored.files} uploaded files. Run `manage.py migrate` if this release is newer than "
            "the backup."
        )
