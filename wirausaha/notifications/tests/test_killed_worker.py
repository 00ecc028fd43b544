"""No duplicate send when a worker stops mid-send: the gateway took the message but the worker died
before marking it sent. The sweep queues it again and the new try carries the same idempotency key,
so the gateway answers it as the one it already has. The first test builds that state in the
database; the second (PostgreSQL) kills a real `manage.py db_worker` with SIGKILL while the gateway
holds its request."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from wirausaha.notifications.actions import choose_channels, notify
from wirausaha.notifications.adapters import SmsGatewayAdapter
from wirausaha.notifications.models import Channel, ChannelConsent, Message

from .support import sweep

ROOT = Path(__file__).resolve().parents[3]
STALE = 2


def test_a_message_taken_by_the_gateway_before_its_worker_died_is_not_delivered_twice(
    gateway, siti, settings, django_capture_on_commit_callbacks
):
    settings.STALE_JOB_SECONDS = 60
    choose_channels(siti, chosen={Channel.SMS}, source=ChannelConsent.Source.OWN_PAGE)
    with django_capture_on_commit_callbacks(execute=False):
        message = notify(siti, subject="Kelas", body="Kelas Anda.")
    # The dead worker: it claimed the message and handed it to the gateway, then stopped.
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENDING, claimed_at=timezone.now() - timedelta(seconds=61)
    )
    message.refresh_from_db()
    SmsGatewayAdapter().send(message)

    assert sweep(django_capture_on_commit_callbacks) == 1

    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert len(gateway.delivered) == 1  # delivered once
    assert gateway.keys[str(message.key)] == 2  # the second try was recognised by its key


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: a real worker process.")
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_the_gateway_holds_its_request_sends_nothing_twice(
    gateway, siti, settings, tmp_path
):
    settings.STALE_JOB_SECONDS = STALE
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    choose_channels(siti, chosen={Channel.SMS}, source=ChannelConsent.Source.OWN_PAGE)
    gateway.script = ["slow"]
    gateway.slow_seconds = 30
    message = notify(siti, subject="Kelas", body="Kelas Anda.")  # autocommit: its task is queued
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SMS_GATEWAY_URL": settings.SMS_GATEWAY_URL,
        "NOTIFICATION_TIMEOUT_SECONDS": "60",
        "STALE_JOB_SECONDS": str(STALE),
        "VAR_DIR": str(tmp_path),
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: gateway.requests == 1, 60, "the worker's request at the gateway")
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
    message.refresh_from_db()
    assert message.status == Message.Status.SENDING  # taken by the gateway, never marked sent

    gateway.script = []
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
    }
    time.sleep(STALE + 0.5)
    from wirausaha.notifications.actions import requeue_stale_messages

    assert requeue_stale_messages() == 1  # queued again, and delivered by the immediate backend

    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert len(gateway.delivered) == 1 and gateway.keys[str(message.key)] == 2
