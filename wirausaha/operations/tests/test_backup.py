import hashlib
import io
import json
from datetime import timedelta

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from wirausaha.demo.seed import seed_demo
from wirausaha.operations.backups.manifest import BackupError, check_backup
from wirausaha.operations.models import Backup

from .support import fresh_database, manage, require_postgresql, server_url

AUDIT_SQL = (
    "SELECT id, extract(epoch FROM created_at)::text, actor_label, verb, target_type, target_id, reason, "
    "changes::text FROM common_auditevent WHERE verb <> 'operations.restored' ORDER BY id"
)


def table_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def audit_checksum(cursor) -> str:
    cursor.execute(AUDIT_SQL)
    return hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()


def test_a_backup_of_the_demo_restores_into_a_fresh_database_with_the_same_rows(
    reference_regions, tmp_path, settings
):
    require_postgresql()
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo(participants=10, seed=7, value_in=timedelta(minutes=5))
    (tmp_path / "media" / "imports").mkdir(parents=True)
    (tmp_path / "media" / "imports" / "phk.csv").write_bytes(b"nik,nama\n")
    with connection.cursor() as cursor:
        counts_before = table_counts(cursor)
        audit_before = audit_checksum(cursor)
    assert sum(1 for count in counts_before.values() if count) >= 30, "the demo seed filled too few tables"

    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    checked = check_backup(tmp_path / "backup")
    assert "imports/phk.csv" in checked.uploads
    backup = Backup.objects.get()
    assert backup.file_count == len(checked.uploads) and backup.database_bytes > 0

    with fresh_database("restored") as name:
        env = {"DATABASE_URL": server_url(name), "MEDIA_ROOT": str(tmp_path / "restored-media")}
        done = manage("restore", str(tmp_path / "backup"), env=env)
        assert "Restored the backup" in done.stdout
        with (
            psycopg.connect(server_url(name).replace("postgres://", "postgresql://")) as restored,
            restored.cursor() as cursor,
        ):
            counts_after = table_counts(cursor)
            audit_after = audit_checksum(cursor)
            cursor.execute("SELECT count(*) FROM common_auditevent WHERE verb = 'operations.restored'")
            assert cursor.fetchone()[0] == 1
        counts_after["common_auditevent"] -= 1  # the restore's own event
        assert counts_after == counts_before
        assert audit_after == audit_before
        assert (tmp_path / "restored-media" / "imports" / "phk.csv").read_bytes() == b"nik,nama\n"
        assert len([p for p in (tmp_path / "restored-media").rglob("*") if p.is_file()]) == backup.file_count

        again = manage("restore", str(tmp_path / "backup"), env=env, check=False)
        assert again.returncode == 1
        assert "is not empty" in again.stderr and "restore only into a new, empty database" in again.stderr

    with pytest.raises(CommandError, match="exists and is not empty"):
        call_command("backup", str(tmp_path / "backup"))

    # A damaged backup is refused before anything is written.
    dump = tmp_path / "backup" / "database.dump"
    data = bytearray(dump.read_bytes())
    data[-10] ^= 0xFF
    dump.write_bytes(bytes(data))
    with fresh_database("damaged") as name:
        done = manage(
            "restore", str(tmp_path / "backup"), env={"DATABASE_URL": server_url(name)}, check=False
        )
        assert done.returncode == 1
        assert "database.dump does not match its checksum" in done.stderr
        with psycopg.connect(server_url(name).replace("postgres://", "postgresql://")) as fresh:
            assert (
                fresh.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
            )


@pytest.mark.django_db
def test_on_sqlite_backup_says_it_needs_postgresql(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite answer")
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("backup", str(tmp_path / "b"))
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("restore", str(tmp_path / "b"))
    assert not (tmp_path / "b").exists()


def test_the_manifest_check_names_a_missing_an_extra_and_a_changed_file(tmp_path):
    from wirausaha.operations.backups.manifest import write_manifest

    (tmp_path / "database.dump").write_bytes(b"dump")
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "a.pdf").write_bytes(b"pdf")
    write_manifest(tmp_path, {"created_at": "2026-01-01T00:00:00+00:00"})
    assert check_backup(tmp_path).uploads == ["a.pdf"]
    (tmp_path / "files" / "b.pdf").write_bytes(b"new")
    with pytest.raises(BackupError, match=r"not in the manifest, e\.g\. files/b\.pdf"):
        check_backup(tmp_path)
    (tmp_path / "files" / "b.pdf").unlink()
    (tmp_path / "files" / "a.pdf").write_bytes(b"PDF")
    with pytest.raises(BackupError, match=r"files/a\.pdf does not match its checksum"):
        check_backup(tmp_path)
    (tmp_path / "files" / "a.pdf").unlink()
    with pytest.raises(BackupError, match=r"missing, e\.g\. files/a\.pdf"):
        check_backup(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"format": 99}))
    with pytest.raises(BackupError, match="not a backup manifest"):
        check_backup(tmp_path)
