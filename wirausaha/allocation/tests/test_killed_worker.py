"""Fault test (issue #25): the real task worker (`manage.py db_worker`) is killed (SIGKILL) during an
allocation run's work. The solve and the placements are written in the request that proposes and
confirms the run (one transaction each); what runs in the worker is telling the placed participants
their class (`notify_placements`), so the worker is killed while it tells them. Then: the batches
told are told whole (message and mark together), the rest untold; the sweep
(`manage.py sweep_stale_jobs`) fails the killed task's row and queues the telling again; a new
worker tells the rest; nobody is placed or told twice.

PostgreSQL only: the test watches the worker's open transaction in pg_stat_activity to kill it in
the middle of a batch, and SQLite's one writer would make the test's own reads wait on it."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wirausaha.accounts.models import Role, User
from wirausaha.allocation import messages
from wirausaha.allocation.actions import confirm_run, propose_run
from wirausaha.allocation.models import AllocationRun, Placement
from wirausaha.allocation.tasks import notify_placements
from wirausaha.allocation.tests.test_actions import TARUMAJAYA, centre, cohort
from wirausaha.notifications.models import Message
from wirausaha.programs.models import EnrolmentEvent, EnrolmentState
from wirausaha.registry.consent import CONSENT_VERSION
from wirausaha.registry.models import Participant, Sex
from wirausaha.registry.nik import build_nik
from wirausaha.testing import make_selected_wave

ROOT = Path(__file__).resolve().parents[3]
PEOPLE = 2_000  # four batches of messages.TELL_BATCH
STALE = 2  # seconds: the test's stale limit, the worker's and the sweep's too

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: the worker's open transaction is watched in pg_stat_activity.",
    ),
    pytest.mark.django_db(transaction=True),
]


def environment(tmp_path: Path) -> dict[str, str]:
    database = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
            f"/{database['NAME']}"
        ),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "NOTIFICATION_ADAPTER": "wirausaha.notifications.adapters.LogAdapter",
        "MEDIA_ROOT": str(tmp_path),
        "STALE_JOB_SECONDS": str(STALE),
        "VAR_DIR": str(tmp_path),
    }


def start_worker(tmp_path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"],
        cwd=ROOT,
        env=environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(10)


def telling_backends() -> int:
    """Other sessions in a transaction that is writing messages (a batch being told)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND query ILIKE %s",
            ["%notifications_message%"],
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


def crowd(count: int) -> list[Participant]:
    """`count` participants in Tarumajaya, each with an account (only they are told)."""
    users = User.objects.bulk_create(
        User(username=f"peserta{serial}", role=Role.PARTICIPANT) for serial in range(count)
    )
    born, now = date(1979, 1, 2), timezone.now()
    return Participant.objects.bulk_create(
        Participant(
            nik=build_nik(district="32.16.01", birth_date=born, sex=Sex.MALE, serial=serial + 1),
            full_name=f"Peserta {serial}",
            birth_place="Bekasi",
            birth_date=born,
            sex=Sex.MALE,
            phone="+6281234567890",
            domicile_id=TARUMAJAYA,
            business_interest_sector_id="10",
            user=user,
            layoff_date=date(2025, 3, 1),
            consent_version=CONSENT_VERSION,
            consent_at=now,
        )
        for serial, user in enumerate(users)
    )


def told() -> int:
    return Placement.objects.filter(notified_at__isnull=False).count()


def notify_rows():
    return DBTaskResult.objects.filter(task_path=notify_placements.module_path)


def test_a_worker_killed_while_telling_a_run_is_resumed_and_nobody_is_placed_or_told_twice(
    reference_regions, tmp_path, settings
):
    settings.STALE_JOB_SECONDS = STALE
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    cohort(centre("BLK Bekasi"), PEOPLE)
    wave = make_selected_wave("PHK-2025-9", participants=crowd(PEOPLE), quotas={"32": PEOPLE})
    run = confirm_run(propose_run(wave=wave, by=None).run, by=None)  # its telling is queued
    assert run.placed == PEOPLE
    assert notify_rows().get().status == "READY"

    worker = start_worker(tmp_path)
    try:
        # A batch told, the next one being written.
        wait_for(
            lambda: (0 < told() < PEOPLE and telling_backends() > 0) or worker.poll() is not None,
            120,
            "the worker inside a second batch",
        )
        assert worker.poll() is None, "the worker ended before it was killed"
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
    # PostgreSQL rolls the cut-off batch back once it notices the client is gone.
    wait_for(lambda: other_backends() == 0, 30, "the killed worker's sessions to end")

    # Nothing half-written: whole batches told (message and mark in one transaction), the rest not.
    first = told()
    assert 0 < first < PEOPLE and first % messages.TELL_BATCH == 0
    assert Message.objects.count() == first
    assert set(Message.objects.values_list("recipient_id", flat=True)) == set(
        Placement.objects.filter(notified_at__isnull=False).values_list(
            "enrolment__participant__user_id", flat=True
        )
    )
    run.refresh_from_db()
    assert run.notify_heartbeat_at is not None  # the telling is still owed
    assert notify_rows().get().status == "RUNNING"  # the worker holding it is gone

    time.sleep(STALE + 0.5)
    started = time.monotonic()
    swept = subprocess.run(
        [sys.executable, "manage.py", "sweep_stale_jobs"],
        cwd=ROOT,
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert swept.returncode == 0, swept.stderr
    assert "1 placement notices queued again" in swept.stdout, swept.stdout
    print(f"sweep: {time.monotonic() - started:.1f}s")
    # A clear state: the killed task's row failed, a new one queued.
    assert sorted(notify_rows().values_list("status", flat=True)) == ["FAILED", "READY"]
    assert Message.objects.count() == first  # the sweep tells nobody itself

    worker = start_worker(tmp_path)
    try:
        wait_for(
            lambda: (
                AllocationRun.objects.filter(pk=run.pk, notify_heartbeat_at__isnull=True).exists()
                and not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()
            ),
            300,
            "the rest told and every message delivered",
        )
    finally:
        stop(worker)

    assert told() == PEOPLE
    recipients = Counter(Message.objects.values_list("recipient_id", flat=True))
    assert len(recipients) == PEOPLE and set(recipients.values()) == {1}  # everyone told, once
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.SENT}
    assert sorted(notify_rows().values_list("status", flat=True)) == ["FAILED", "SUCCESSFUL"]
    # Nobody placed twice: one placement each, one move to `placed` each.
    assert not Placement.objects.values("enrolment").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert wave.enrolments.filter(state=EnrolmentState.PLACED).count() == PEOPLE
    moves = EnrolmentEvent.objects.filter(to_state=EnrolmentState.PLACED)
    assert moves.count() == PEOPLE
    assert moves.values("enrolment").distinct().count() == PEOPLE
