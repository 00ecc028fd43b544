from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from ninja import Router, Schema, Status

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
