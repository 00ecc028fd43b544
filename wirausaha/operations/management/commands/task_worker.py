import logging
import os
import threading

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from wirausaha.operations.actions import beat, stopped
from wirausaha.operations.models import WorkerKind

logger = logging.getLogger(__name__)


class Heartbeat(threading.Thread):
    """Writes the worker's heartbeat every `every` seconds, from its own database connection, while
    the worker runs tasks (a long import included)."""

    def __init__(self, worker_id: str, every: float):
        super().__init__(name="heartbeat", daemon=True)
        self.worker_id, self.every = worker_id, every
        self.started_at = timezone.now()
        self.halt = threading.Event()

    def run(self) -> None:
        try:
            while not self.halt.is_set():
                try:
                    beat(worker_id=self.worker_id, kind=WorkerKind.TASKS, started_at=self.started_at)
                except Exception:  # the database is away for a moment: the next beat tries again
                    logger.exception("Writing the worker's heartbeat failed")
                    connection.close()
                self.halt.wait(self.every)
        finally:
            connection.close()


class Command(DbWorkerCommand):
    help = (
        "Run the database task worker (django_tasks_db's db_worker, same options) and write its "
        "heartbeat every HEARTBEAT_SECONDS (default 10), which /api/v1/ready and the operations "
        "page read. Run one or more beside the web server."
    )

    def handle(self, *args, worker_id: str, **options) -> None:
        if options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloader's parent only watches the files; its child runs (and beats) instead.
            return super().handle(*args, worker_id=worker_id, **options)
        heartbeat = Heartbeat(worker_id, settings.HEARTBEAT_SECONDS)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.halt.set()
            heartbeat.join(timeout=5)
            try:
                stopped(worker_id=worker_id)
            except Exception:
                logger.exception("Recording the worker's stop failed")
