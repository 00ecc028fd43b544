"""Backups (PostgreSQL dump in custom format plus the uploaded files, with a manifest of SHA-256
checksums) and their restore into an empty database."""

import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wirausaha.common.audit import record_event

from ..backups import postgres
from ..backups.manifest import DATABASE_FILE, FILES_DIR, BackupError, check_backup, sha256_of, write_manifest
from ..models import Backup


def _uploads(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def make_backup(*, folder: Path, by=None) -> Backup:
    """Writes a backup into `folder` (new, or empty): database.dump, files/ and manifest.json last.
    A backup that fails leaves no folder behind (or an empty one it was given)."""
    database = postgres.require_postgresql()
    folder = folder.resolve()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupError(f"{folder} exists and is not empty: give a new folder for each backup.")
    created = not folder.exists()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        postgres.dump(database, folder / DATABASE_FILE)
        media_root = Path(settings.MEDIA_ROOT)
        total = 0
        files = _uploads(media_root)
        for source in files:
            target = folder / FILES_DIR / source.relative_to(media_root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            total += source.stat().st_size
        finished = timezone.now()
        checksum = write_manifest(
            folder,
            {
                "created_at": finished.isoformat(),
                "database": {"name": database["NAME"], "server_version": postgres.server_version()},
                "uploads": {"count": len(files), "bytes": total},
            },
        )
    except BaseException:
        shutil.rmtree(folder) if created else [_remove(p) for p in folder.iterdir()]
        raise
    return _record_backup(
        by=by,
        location=str(folder),
        finished_at=finished,
        database_bytes=(folder / DATABASE_FILE).stat().st_size,
        file_count=len(files),
        file_bytes=total,
        manifest_sha256=checksum,
    )


def _remove(path: Path) -> None:
    shutil.rmtree(path) if path.is_dir() else path.unlink()


@transaction.atomic
def _record_backup(*, by, **fields) -> Backup:
    backup = Backup.objects.create(**fields)
    record_event(
        by,
        "operations.backed_up",
        backup,
        changes={"files": [None, fields["file_count"]], "database_bytes": [None, fields["database_bytes"]]},
    )
    return backup


@dataclass
class Restored:
    tables: int
    files: int
    created_at: str


def restore_backup(*, folder: Path, by=None) -> Restored:
    """Restores a backup into the configured database, which must be empty (no table at all), and
    its files into MEDIA_ROOT. Every checksum is verified before anything is written; the
    database is restored in one transaction, so a failure leaves it empty."""
    database = postgres.require_postgresql()
    checked = check_backup(folder.resolve())
    tables = postgres.user_tables()
    if tables:
        raise BackupError(
            f"The database {database['NAME']} is not empty ({len(tables)} tables, e.g. {tables[0]}): "
            "restore only into a new, empty database (createdb NAME, then DATABASE_URL pointing at it)."
        )
    media_root = Path(settings.MEDIA_ROOT)
    source_root = folder.resolve() / FILES_DIR
    for name in checked.uploads:
        existing = media_root / name
        if existing.exists() and sha256_of(existing) != sha256_of(source_root / name):
            raise BackupError(
                f"MEDIA_ROOT already holds a different {name}: restore the files into an empty folder."
            )
    postgres.restore(database, checked.database)
    for name in checked.uploads:
        target = media_root / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source_root / name, target)
    restored = Restored(
        tables=len(postgres.user_tables()),
        files=len(checked.uploads),
        created_at=checked.manifest["created_at"],
    )
    _record_restore(by=by, folder=folder, restored=restored)
    return restored


@transaction.atomic
def _record_restore(*, by, folder: Path, restored: Restored) -> None:
    record_event(
        by,
        "operations.restored",
        reason=f"{folder.resolve()} ({restored.created_at})",
        changes={"tables": [None, restored.tables], "files": [None, restored.files]},
    )
