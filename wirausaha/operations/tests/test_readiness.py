from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wirausaha.operations.actions import beat, stopped
from wirausaha.operations.models import WorkerHeartbeat, WorkerKind
from wirausaha.operations.stale import sweep

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def both_kinds_required(settings):
    """As in production (the test run itself asks for none: no worker runs beside it)."""
    settings.READY_WORKER_KINDS = ["tasks", "sweeper"]


def both_workers_beat():
    beat(worker_id="tasks-1", kind=WorkerKind.TASKS)
    sweep()  # the duplicate loop's sweep of stale jobs beats for it


def queue_task(*, waited: timedelta):
    row = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="wirausaha.registry.tasks.run_import",
        backend_name="default",
        run_after=timezone.now() - waited,
    )
    DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=timezone.now() - waited)


def test_ready_when_the_database_answers_and_both_kinds_of_worker_beat(client):
    both_workers_beat()
    response = client.get("/api/v1/ready")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["ready"] is True and body["database"] is True and body["problems"] == []
    assert body["replica"] is None  # none configured (test_replica checks one)
    assert {worker["kind"] for worker in body["workers"]} == {"tasks", "sweeper"}
    assert all(worker["alive"] for worker in body["workers"])


def test_not_ready_without_a_live_task_worker(client):
    sweep()
    response = client.get("/api/v1/ready")
    assert response.status_code == 503
    assert response.json()["problems"] == ["no live tasks worker"]


def test_a_worker_silent_too_long_or_stopped_is_not_alive(client, settings):
    both_workers_beat()
    WorkerHeartbeat.objects.filter(kind=WorkerKind.TASKS).update(
        beat_at=timezone.now() - timedelta(seconds=settings.HEARTBEAT_STALE_SECONDS + 1)
    )
    assert client.get("/api/v1/ready").status_code == 503
    beat(worker_id="tasks-1", kind=WorkerKind.TASKS)
    assert client.get("/api/v1/ready").status_code == 200
    stopped(worker_id="tasks-1")
    body = client.get("/api/v1/ready").json()
    assert body["problems"] == ["no live tasks worker"]
    assert [w["stopped"] for w in body["workers"] if w["kind"] == "tasks"] == [True]


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_queue_falling_behind_makes_it_not_ready(client, settings):
    both_workers_beat()
    queue_task(waited=timedelta(seconds=30))
    body = client.get("/api/v1/ready").json()
    assert body["ready"] is True and body["queued_tasks"] == 1 and 29 <= body["queue_lag_seconds"] <= 60
    queue_task(waited=timedelta(seconds=settings.READY_MAX_QUEUE_LAG_SECONDS + 60))
    response = client.get("/api/v1/ready")
    assert response.status_code == 503
    assert response.json()["queued_tasks"] == 2
    assert response.json()["problems"][0].startswith("task queue lag")


def test_worker_kinds_required_are_a_setting(client, settings):
    settings.READY_WORKER_KINDS = []
    assert client.get("/api/v1/ready").status_code == 200


def test_processes_silent_for_a_day_are_forgotten_by_the_sweep():
    beat(worker_id="gone", kind=WorkerKind.TASKS)
    WorkerHeartbeat.objects.filter(worker_id="gone").update(beat_at=timezone.now() - timedelta(days=2))
    assert sweep()["forgotten workers"] == 1
    assert list(WorkerHeartbeat.objects.values_list("kind", flat=True)) == ["sweeper"]


def test_health_stays_the_liveness_check_without_workers(client):
    assert client.get("/api/v1/health").status_code == 200
