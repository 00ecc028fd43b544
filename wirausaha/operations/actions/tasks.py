from django.db import transaction
from django.utils.translation import gettext as _

from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput, NotFound

from ..queries import runs_operations


@transaction.atomic
def retry_failed_task(*, by, task_id) -> None:
    """Queues a failed background task again, with the same arguments, to run as soon as a worker
    is free. Only a failed task: one queued again meanwhile, or running, is left alone."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    if not runs_operations(by):
        raise NotFound()
    task = DBTaskResult.objects.select_for_update().filter(pk=task_id).first()
    if task is None:
        raise NotFound()
    if task.status != "FAILED":
        raise InvalidInput({"task": _("This task has not failed (it may have been queued again already).")})
    failure = task.exception_class_path
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="READY",
        run_after=get_date_max(),
        started_at=None,
        finished_at=None,
        exception_class_path="",
        traceback="",
        return_value=None,
    )
    record_event(
        by,
        "operations.task_retried",
        task,
        changes={"status": ["FAILED", "READY"]},
        reason=f"{task.task_path} ({failure})",
    )
