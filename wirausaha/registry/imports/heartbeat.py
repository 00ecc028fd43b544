"""A running job's sign of life, written from a connection of its own.

An import writes its rows in one transaction, so a heartbeat written on the same connection would
stay invisible until the end (and would vanish with a rollback). A small thread holds a second
database connection (Django's connections are per thread) and touches the job's `heartbeat_at`
whenever the worker reports progress, at most every few seconds. The thread only writes when told
to: a worker stuck in one statement, or killed, stops beating, and the job becomes stale.
"""

import logging
import threading
import time
from types import TracebackType

from django.conf import settings
from django.db import connections
from django.utils import timezone

from ..models import ImportJob

logger = logging.getLogger(__name__)


def beat_every() -> float:
    """Seconds between beats: a quarter of the stale limit, and at least once every 15 s."""
    return max(0.2, min(15.0, settings.STALE_JOB_SECONDS / 4))


class Heartbeat:
    """`with Heartbeat(job_id) as heart: … heart.beat() …`: each `beat()` asks the thread to touch
    the job (skipped when the last touch is recent); it never waits for the database."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.every = beat_every()
        self._last = 0.0
        self._wanted = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=f"import-{job_id}-heartbeat", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stopping = True
        self._wanted.set()
        self._thread.join()

    def beat(self) -> None:
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            self._wanted.set()

    def _run(self) -> None:
        try:
            while True:
                self._wanted.wait()
                self._wanted.clear()
                if self._stopping:
                    return
                try:
                    ImportJob.objects.filter(pk=self.job_id, status=ImportJob.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # a missed beat is no failure: SQLite refuses it during the writes
                    logger.debug("Import job %s: heartbeat not written", self.job_id, exc_info=True)
        finally:
            connections.close_all()
