"""A backup's manifest: every file in the backup folder with its size and SHA-256, written last
and checked first. No Django import."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifest.json"
DATABASE_FILE = "database.dump"
FILES_DIR = "files"
FORMAT = 1


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why, for an administrator."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def describe(folder: Path, names: list[str]) -> list[dict]:
    return [
        {"path": name, "bytes": (folder / name).stat().st_size, "sha256": sha256_of(folder / name)}
        for name in sorted(names)
    ]


def write_manifest(folder: Path, details: dict) -> str:
    """Writes manifest.json listing every file now in `folder`; returns the manifest's SHA-256."""
    names = [
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST
    ]
    manifest = {"format": FORMAT, **details, "files": describe(folder, names)}
    path = folder / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return sha256_of(path)


@dataclass
class Checked:
    manifest: dict
    database: Path
    uploads: list[str]  # paths under files/, relative to it


def check_backup(folder: Path) -> Checked:
    """Reads the manifest and checks every file it lists against its size and checksum, and that no
    file was added; raises BackupError naming the first problem found."""
    path = folder / MANIFEST
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a folder.")
    if not path.is_file():
        raise BackupError(f"{folder} has no {MANIFEST}: not a backup, or one that did not finish.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{MANIFEST} cannot be read: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} is not a backup manifest of format {FORMAT}.")
    listed = {}
    for entry in manifest.get("files", []):
        listed[entry["path"]] = entry
    if DATABASE_FILE not in listed:
        raise BackupError(f"The manifest lists no {DATABASE_FILE}.")
    present = {
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST
    }
    if missing := sorted(set(listed) - present):
        raise BackupError(f"{len(missing)} file(s) listed in the manifest are missing, e.g. {missing[0]}.")
    if extra := sorted(present - set(listed)):
        raise BackupError(f"{len(extra)} file(s) are not in the manifest, e.g. {extra[0]}.")
    for name, entry in sorted(listed.items()):
        file = folder / name
        if file.stat().st_size != entry["bytes"] or sha256_of(file) != entry["sha256"]:
            raise BackupError(f"{name} does not match its checksum in the manifest: the backup is damaged.")
    uploads = sorted(
        name.removeprefix(f"{FILES_DIR}/") for name in listed if name.startswith(f"{FILES_DIR}/")
    )
    return Checked(manifest=manifest, database=folder / DATABASE_FILE, uploads=uploads)
