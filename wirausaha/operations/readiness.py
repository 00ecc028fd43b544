"""Is this deployment ready for traffic? The database answers, every migration is applied, the task
queue is not falling behind, each kind of background process has shown a sign of life lately, and
the read-only replica answers when one is configured (the dashboard reads it: a replica that is down
would break that page alone, unseen). Read by `GET /api/v1/ready` (503 when not) and the operations
page."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Min
from django.utils import timezone

from .models import WorkerHeartbeat
from .replica import REPLICA


@dataclass
class Worker:
    kind: str
    worker_id: str
    beat_seconds_ago: int
    alive: bool
    stopped: bool


@dataclass
class Readiness:
    database: bool = False
    replica: bool | None = None  # None: no replica configured
    unapplied_migrations: list[str] = field(default_factory=list)
    queued_tasks: int = 0
    queue_lag_seconds: int = 0
    workers: list[Worker] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.problems


def uses_database_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def unapplied_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def queue_state(now) -> tuple[int, int]:
    """(tasks waiting to run now, seconds the oldest of them has waited)."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    state = waiting.aggregate(oldest=Min("enqueued_at"))
    count = waiting.count()
    oldest = state["oldest"]
    return count, max(0, int((now - oldest).total_seconds())) if oldest else 0


def workers(now) -> list[Worker]:
    alive_after = now - timedelta(seconds=settings.HEARTBEAT_STALE_SECONDS)
    return [
        Worker(
            kind=row.kind,
            worker_id=row.worker_id,
            beat_seconds_ago=max(0, int((now - row.beat_at).total_seconds())),
            alive=row.stopped_at is None and row.beat_at >= alive_after,
            stopped=row.stopped_at is not None,
        )
        for row in WorkerHeartbeat.objects.order_by("kind", "-beat_at")
    ]


def replica_answers() -> bool | None:
    """Whether the replica (the database alias `replica`, see replica.py) answers; None without one."""
    if REPLICA not in connections.settings:
        return None
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def readiness() -> Readiness:
    now = timezone.now()
    state = Readiness()
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        state.database = True
        state.unapplied_migrations = unapplied_migrations()
        if state.unapplied_migrations:
            state.problems.append("migrations not applied")
            return state
        if uses_database_queue():
            state.queued_tasks, state.queue_lag_seconds = queue_state(now)
            if state.queue_lag_seconds > settings.READY_MAX_QUEUE_LAG_SECONDS:
                state.problems.append(f"task queue lag {state.queue_lag_seconds} s")
        state.workers = workers(now)
    except DatabaseError:
        state.database = False
        state.problems.append("database unreachable")
        return state
    state.replica = replica_answers()
    if state.replica is False:
        state.problems.append("replica unreachable")
    for kind in settings.READY_WORKER_KINDS:
        if not any(worker.alive for worker in state.workers if worker.kind == kind):
            state.problems.append(f"no live {kind} worker")
    return state
