import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wirausaha.accounts.models import Role
from wirausaha.common.models import AuditEvent
from wirausaha.operations.actions import apply_retention, apply_retention_when_due
from wirausaha.operations.models import RetentionPeriod, RetentionRun
from wirausaha.operations.stale import sweep
from wirausaha.registry.models import ImportJob, Participant
from wirausaha.testing import make_participant, make_user

from .support import failed_task

pytestmark = pytest.mark.django_db
NIK = "3216014508850003"


def imported(by, *, days_ago: int) -> ImportJob:
    job = ImportJob.objects.create(
        created_by=by,
        file=ContentFile(f"nik,nama\n{NIK},Siti\n".encode(), name="phk.csv"),
        original_name="phk.csv",
        dry_run=False,
        status=ImportJob.Status.APPLIED,
        total_rows=120,
        processed_rows=120,
        valid=119,
        invalid=1,
        created=119,
        errors=[{"row": 7, "column": "nik", "message": f"NIK {NIK} sudah terdaftar"}],
    )
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=days_ago))
    job.refresh_from_db()
    return job


def test_retention_removes_old_layoff_lists_and_task_results_and_keeps_the_counts(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    officer = make_user("bekasi.impor", Role.REGENCY_OFFICER, region="32.16")
    make_participant("Siti Aminah")
    old, recent = imported(officer, days_ago=120), imported(officer, days_ago=10)
    old_path, recent_path = tmp_path / old.file.name, tmp_path / recent.file.name
    assert old_path.exists() and NIK in old_path.read_text()
    stale_task, fresh_task = failed_task(), failed_task()
    DBTaskResult.objects.filter(pk=stale_task.pk).update(finished_at=timezone.now() - timedelta(days=45))
    people_before = Participant.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        run = apply_retention()

    assert run.results == {"import_files": 1, "task_results": 1}
    old.refresh_from_db()
    assert not old_path.exists() and old.file.name == "" and old.errors == []
    assert (old.total_rows, old.valid, old.invalid, old.created) == (120, 119, 1, 119)  # the counts stay
    recent.refresh_from_db()
    assert recent_path.exists() and recent.errors  # inside its period
    assert not DBTaskResult.objects.filter(pk=stale_task.pk).exists()
    assert DBTaskResult.objects.filter(pk=fresh_task.pk).exists()
    assert Participant.objects.count() == people_before
    event = AuditEvent.objects.get(verb="operations.retention_applied")
    assert event.changes == {"import_files": [None, 1], "task_results": [None, 1]}


def test_the_periods_are_data(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    officer = make_user("bekasi.impor", Role.REGENCY_OFFICER, region="32.16")
    job = imported(officer, days_ago=10)
    RetentionPeriod.objects.filter(kind="import_files").update(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_retention().results["import_files"] == 1
    job.refresh_from_db()
    assert job.errors == []


def test_the_sweep_applies_retention_once_a_day(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # On PostgreSQL, tests that run a real worker commit its sweep's run: start from "never ran".
    RetentionRun.objects.all().delete()
    assert sweep()["records past retention"] == 0
    assert RetentionRun.objects.count() == 1
    sweep()
    assert RetentionRun.objects.count() == 1  # not again within the day
    assert apply_retention_when_due(now=timezone.now() + timedelta(days=1, minutes=1)) == 0
    assert RetentionRun.objects.count() == 2


def test_the_command_applies_the_periods_now(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    RetentionRun.objects.all().delete()  # a real worker's committed run, as above
    call_command("apply_retention", stdout=io.StringIO())
    # Other tests in the same database may leave finished tasks behind: what counts here is that
    # the run happened and says what it did for each kind of record (the tests above check each).
    results = RetentionRun.objects.get().results
    assert set(results) == {"import_files", "task_results"}
    assert all(isinstance(count, int) and count >= 0 for count in results.values())
