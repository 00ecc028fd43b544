"""Fault test: the real task worker (`manage.py db_worker`) is killed (SIGKILL) while it writes a
large import. Nothing of the file is in the registry, the job is failed with a plain reason once
its heartbeat is older than STALE_JOB_SECONDS, and applying it again writes every row.

PostgreSQL only: the test watches the worker's open transaction in pg_stat_activity to kill it in
the middle of the writes, and SQLite's one writer would make the test's own reads wait on it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tasks_db.models import DBTaskResult

from wirausaha.accounts.models import Role
from wirausaha.registry.imports.actions import apply_import_job, create_import_job, fail_if_stale
from wirausaha.registry.imports.tasks import run_import_job
from wirausaha.registry.models import ImportJob, Participant
from wirausaha.registry.tests.imports.support import csv_bytes, row
from wirausaha.testing import make_user

ROOT = Path(__file__).resolve().parents[4]
ROWS = 4_000
STALE = 2  # seconds: the test's stale limit, the worker's too

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: the worker's open transaction is watched in pg_stat_activity.",
    ),
    pytest.mark.django_db(transaction=True),
]


def start_worker(tmp_path: Path) -> subprocess.Popen:
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
            f"/{database['NAME']}"
        ),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MEDIA_ROOT": str(tmp_path),
        "STALE_JOB_SECONDS": str(STALE),
        "VAR_DIR": str(tmp_path),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def writing_backends() -> int:
    """Other sessions in a transaction that has inserted participants (the import's writes)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND query ILIKE %s",
            ["%registry_participant%"],
        )
        return cursor.fetchone()[0]


def other_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        return cursor.fetchone()[0]


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def test_a_killed_worker_leaves_nothing_written_and_the_import_is_applied_again(
    reference_regions, tmp_path, settings
):
    settings.STALE_JOB_SECONDS = STALE
    settings.MEDIA_ROOT = str(tmp_path)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    officer = make_user("bekasi", Role.REGENCY_OFFICER, region="32.16")
    data = csv_bytes(*(row(serial) for serial in range(1, ROWS + 1)))
    job = create_import_job(upload=SimpleUploadedFile("daftar.csv", data), dry_run=False, by=officer)
    result = run_import_job.enqueue(job_id=job.pk)

    worker = start_worker(tmp_path)
    try:
        wait_for(lambda: writing_backends() > 0 or worker.poll() is not None, 120, "the import's writes")
        assert worker.poll() is None, "the worker ended before it wrote"
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
    # PostgreSQL rolls the cut-off transaction back once it notices the client is gone.
    wait_for(lambda: other_backends() == 0, 30, "the killed worker's sessions to end")

    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING  # what the page showed for ever before
    assert not Participant.objects.exists()
    time.sleep(STALE + 0.5)
    job = fail_if_stale(job)  # someone looks at the job
    assert job.status == ImportJob.Status.FAILED
    assert "Nothing was written" in job.failure or "Tidak ada data yang disimpan" in job.failure
    assert DBTaskResult.objects.get(pk=result.id).status == "FAILED"
    assert not Participant.objects.exists()

    job = apply_import_job(job, by=officer)
    run_import_job.enqueue(job_id=job.pk)
    worker = start_worker(tmp_path)
    try:
        wait_for(
            lambda: (
                ImportJob.objects.get(pk=job.pk).status
                not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)
            ),
            180,
            "the import applied again",
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(10)
    job.refresh_from_db()
    assert (job.status, job.created, job.failure) == (ImportJob.Status.APPLIED, ROWS, "")
    assert Participant.objects.count() == ROWS
