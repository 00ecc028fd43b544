"""Run by `sweep_stale_jobs`, which the duplicate loop (`scan_duplicates --pending --loop`) calls
every few seconds: that loop's heartbeat, the forgetting of processes long gone, and once a day
the retention periods (actions/retention.py)."""

import os
import socket

from .actions import apply_retention_when_due, beat, prune_heartbeats
from .models import WorkerKind


def sweeper_id() -> str:
    """One id per process: its host and process id."""
    return f"sweeper:{socket.gethostname()[:40]}:{os.getpid()}"


def sweep() -> dict[str, int]:
    beat(worker_id=sweeper_id(), kind=WorkerKind.SWEEPER)
    return {"forgotten workers": prune_heartbeats(), "records past retention": apply_retention_when_due()}
