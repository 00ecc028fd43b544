"""An import whose worker stopped (killed, timed out, cut off) is failed with a plain reason once its
heartbeat is older than STALE_JOB_SECONDS, by the sweep or by whoever looks at it, and is applied
again. Its writes were one transaction: nothing of it is in the registry."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from wirausaha.common.models import AuditEvent
from wirausaha.registry.imports import heartbeat, run
from wirausaha.registry.imports.actions import apply_import_job, create_import_job, fail_stale_imports
from wirausaha.registry.models import ImportJob, Participant
from wirausaha.registry.tests.imports.support import csv_bytes, row

# The reason is stored in the programme's language.
STOPPED = (
    "Proses latar berhenti sebelum impor selesai. Tidak ada data yang disimpan: terapkan berkas ini lagi."
)


def checked_job(by, rows=3) -> ImportJob:
    data = csv_bytes(*(row(serial) for serial in range(1, rows + 1)))
    job = create_import_job(upload=SimpleUploadedFile("daftar.csv", data), dry_run=True, by=by)
    return run.run_import(job)


def stuck_applying(job: ImportJob, *, beat_seconds_ago: float) -> ImportJob:
    """What a killed worker leaves: the job RUNNING, its last heartbeat long ago."""
    beat = timezone.now() - timedelta(seconds=beat_seconds_ago)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, dry_run=False, heartbeat_at=beat, updated_at=beat
    )
    job.refresh_from_db()
    return job


def test_a_job_without_heartbeat_is_failed_with_a_plain_reason_and_applied_again(bekasi_officer, settings):
    settings.STALE_JOB_SECONDS = 60
    job = stuck_applying(checked_job(bekasi_officer), beat_seconds_ago=61)

    assert fail_stale_imports() == 1

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.failure == STOPPED
    assert AuditEvent.objects.filter(verb="participant.import_stopped", target_id=str(job.pk)).count() == 1
    assert fail_stale_imports() == 0  # once
    job = run.run_import(apply_import_job(job, by=bekasi_officer))
    assert job.status == ImportJob.Status.APPLIED and job.created == 3
    assert Participant.objects.count() == 3


def test_a_job_with_a_recent_heartbeat_is_left_running(bekasi_officer, settings):
    settings.STALE_JOB_SECONDS = 60
    job = stuck_applying(checked_job(bekasi_officer), beat_seconds_ago=30)

    assert fail_stale_imports() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING


def test_the_job_page_fails_a_stale_job_when_someone_looks(client, bekasi_officer, settings):
    settings.STALE_JOB_SECONDS = 60
    job = stuck_applying(checked_job(bekasi_officer), beat_seconds_ago=120)
    client.force_login(bekasi_officer)

    page = client.get(f"/peserta/impor/{job.pk}/").content.decode()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "terapkan berkas ini lagi" in page  # the reason, in Indonesian
    assert f"/peserta/impor/{job.pk}/terapkan/" in page  # and the way to apply it again
    response = client.post(f"/peserta/impor/{job.pk}/terapkan/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLIED and Participant.objects.count() == 3


def test_the_sweep_command_fails_stale_imports(bekasi_officer, settings):
    settings.STALE_JOB_SECONDS = 60
    job = stuck_applying(checked_job(bekasi_officer), beat_seconds_ago=61)

    assert "1 imports failed" in call_command("sweep_stale_jobs")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED


def test_a_worker_whose_job_was_failed_meanwhile_writes_nothing(bekasi_officer, monkeypatch):
    # The worker was only slow: the sweep failed its job while it wrote. Its commit would
    # contradict "nothing was written", so its writes roll back and the job stays failed.
    job = checked_job(bekasi_officer)
    job = apply_import_job(job, by=bekasi_officer)
    check = run._check

    def swept_while_working(*args, **kwargs):
        fields = check(*args, **kwargs)
        # What the sweep does, from its own connection, before the writes' commit.
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, failure=STOPPED)
        return fields

    monkeypatch.setattr(run, "_check", swept_while_working)

    job = run.run_import(job)

    assert job.status == ImportJob.Status.FAILED and job.failure == STOPPED
    assert not Participant.objects.exists()
    assert not AuditEvent.objects.filter(verb="participant.imported").exists()


def test_the_worker_beats_while_it_writes(bekasi_officer, monkeypatch):
    job = apply_import_job(checked_job(bekasi_officer), by=bekasi_officer)
    beats = []
    monkeypatch.setattr(heartbeat.Heartbeat, "beat", lambda self: beats.append(self.job_id))

    job = run.run_import(job)

    assert job.status == ImportJob.Status.APPLIED and beats == [job.pk]
    assert job.heartbeat_at is not None
