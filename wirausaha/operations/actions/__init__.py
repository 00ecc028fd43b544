"""Every write of the operations app. Heartbeats are machine writes, many a minute: not audited."""

from .backups import make_backup, restore_backup
from .heartbeats import beat, prune_heartbeats, stopped
from .retention import apply_retention, apply_retention_when_due
from .tasks import retry_failed_task

__all__ = [
    "apply_retention",
    "apply_retention_when_due",
    "beat",
    "make_backup",
    "prune_heartbeats",
    "restore_backup",
    "retry_failed_task",
    "stopped",
]
