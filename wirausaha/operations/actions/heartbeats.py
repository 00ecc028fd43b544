import os
import socket
from datetime import timedelta

from django.utils import timezone

from ..models import WorkerHeartbeat

# A process silent for this long is forgotten (it is gone: killed, or its machine replaced).
FORGET_AFTER = timedelta(days=1)


def beat(*, worker_id: str, kind: str, started_at=None) -> None:
    """This process is alive: one UPDATE, or an INSERT the first time."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat_at=now, stopped_at=None)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "kind": kind,
                "host": socket.gethostname()[:100],
                "pid": os.getpid(),
                "started_at": started_at or now,
                "beat_at": now,
                "stopped_at": None,
            },
        )


def stopped(*, worker_id: str) -> None:
    """This process stops on purpose (SIGTERM): shown as stopped, not as silent."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(stopped_at=timezone.now())


def prune_heartbeats() -> int:
    return WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - FORGET_AFTER).delete()[0]
