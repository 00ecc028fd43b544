"""Reads of the operations page: national admins only (anyone else gets the same 404 as a page
that does not exist)."""

from django.db.models import Count
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.common.errors import NotFound

from .models import Backup
from .readiness import queue_state, uses_database_queue, workers


def runs_operations(user) -> bool:
    return getattr(user, "role", None) == Role.NATIONAL_ADMIN


def overview_for(user) -> dict:
    if not runs_operations(user):
        raise NotFound()
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    waiting, lag = queue_state(now)
    by_status = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {
        "workers": workers(now),
        "database_queue": uses_database_queue(),
        "waiting": waiting,
        "lag_seconds": lag,
        "running": by_status.get("RUNNING", 0),
        "failed": by_status.get("FAILED", 0),
        "last_backup": Backup.objects.order_by("-finished_at").first(),
    }


def failed_tasks_for(user):
    if not runs_operations(user):
        raise NotFound()
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.failed()
        .only("id", "task_path", "finished_at", "exception_class_path", "enqueued_at")
        .order_by("-finished_at", "id")
    )
