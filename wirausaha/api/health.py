from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from ninja import Field, Router, Schema, Status

from wirausaha.operations.readiness import readiness

router = Router(tags=["health"])


class HealthOut(Schema):
    ok: bool
    database: bool
    unapplied_migrations: list[str]


@router.get("/health", response={200: HealthOut, 503: HealthOut}, auth=None)
def health(request):
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return Status(503, {"ok": False, "database": False, "unapplied_migrations": []})
    unapplied = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    status = 200 if not unapplied else 503
    return Status(status, {"ok": not unapplied, "database": True, "unapplied_migrations": unapplied})


class WorkerOut(Schema):
    kind: str
    beat_seconds_ago: int
    alive: bool
    stopped: bool


class ReadyOut(Schema):
    ready: bool
    database: bool
    replica: bool | None = Field(
        None, description="whether the read-only replica answers; null: none configured"
    )
    unapplied_migrations: list[str]
    queued_tasks: int
    queue_lag_seconds: int
    workers: list[WorkerOut]
    problems: list[str]


@router.get("/ready", response={200: ReadyOut, 503: ReadyOut}, auth=None)
def ready(request):
    """Readiness: the database answers, migrations are applied, the task queue keeps up, a worker
    of each kind (task worker, duplicate loop) has shown a sign of life lately and the replica, when
    one is configured, answers. 503 with the problems otherwise. `/health` stays the liveness
    check."""
    state = readiness()
    body = {
        "ready": state.ready,
        "database": state.database,
        "replica": state.replica,
        "unapplied_migrations": state.unapplied_migrations,
        "queued_tasks": state.queued_tasks,
        "queue_lag_seconds": state.queue_lag_seconds,
        "workers": [vars(worker) for worker in state.workers],
        "problems": state.problems,
    }
    return Status(200 if state.ready else 503, body)
