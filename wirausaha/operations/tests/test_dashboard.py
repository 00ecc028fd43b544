import pytest
from django_tasks_db.models import DBTaskResult

from wirausaha.common.models import AuditEvent
from wirausaha.operations.actions import beat
from wirausaha.operations.models import WorkerKind

from .support import failed_task

pytestmark = pytest.mark.django_db


def test_the_operations_page_shows_workers_queue_failed_tasks_and_no_backup_yet(client, national_admin):
    beat(worker_id="host-1", kind=WorkerKind.TASKS)
    failed_task(error="wirausaha.documents.errors.DrawingFailed")
    client.force_login(national_admin)
    page = client.get("/operasi/").content.decode()
    assert "<h1>Operasi</h1>" in page
    assert "host-1" in page and "Pekerja tugas" in page and "hidup" in page
    assert "run_import" in page and "DrawingFailed" in page and "Antrekan lagi" in page
    assert "Belum ada cadangan" in page


def test_other_roles_get_the_same_404_as_a_missing_page(client, jabar_officer, auditor):
    for user in (jabar_officer, auditor):
        client.force_login(user)
        assert client.get("/operasi/").status_code == 404
        task = failed_task()
        assert client.post(f"/operasi/tugas/{task.pk}/ulang/").status_code == 404
        assert DBTaskResult.objects.get(pk=task.pk).status == "FAILED"


def test_queueing_a_failed_task_again_is_audited_and_done_once(client, national_admin):
    task = failed_task()
    client.force_login(national_admin)
    response = client.post(f"/operasi/tugas/{task.pk}/ulang/", follow=True)
    assert "Tugas sudah diantrekan lagi." in response.content.decode()
    task.refresh_from_db()
    assert task.status == "READY" and task.exception_class_path == "" and task.finished_at is None
    assert task.args_kwargs == {"args": [1], "kwargs": {}}
    event = AuditEvent.objects.get(verb="operations.task_retried")
    assert event.actor == national_admin and event.target_id == str(task.pk)
    again = client.post(f"/operasi/tugas/{task.pk}/ulang/", follow=True)
    assert "Tugas ini tidak gagal" in again.content.decode()
    assert AuditEvent.objects.filter(verb="operations.task_retried").count() == 1
