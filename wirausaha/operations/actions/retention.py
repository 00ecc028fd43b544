"""Data retention (UU 27/2022): each kind of record keeps its personal data for its period
(RetentionPeriod, data), then loses it; the counts that reports need are kept. Run once a day by
the stale-job sweep (the duplicate loop), or at once with `manage.py apply_retention`."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from wirausaha.common.audit import record_event

from ..models import RetentionKind, RetentionPeriod, RetentionRun

EVERY = timedelta(days=1)


def _import_files(before) -> int:
    """Layoff lists imported before `before`: the file is deleted and the error list (which quotes
    the rows) emptied; the job's counts (rows, valid, created, updated) stay."""
    from wirausaha.registry.models import ImportJob

    jobs = list(
        ImportJob.objects.select_for_update()
        .filter(finished_at__lt=before)
        .exclude(file="", errors=[])
        .only("pk", "file", "errors")
    )
    names = [job.file.name for job in jobs if job.file]
    storage = ImportJob._meta.get_field("file").storage
    ImportJob.objects.filter(pk__in=[job.pk for job in jobs]).update(file="", errors=[])
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return len(jobs)


def _task_results(before) -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()[0]


APPLY = {RetentionKind.IMPORT_FILES: _import_files, RetentionKind.TASK_RESULTS: _task_results}


@transaction.atomic
def apply_retention(*, by=None, now=None) -> RetentionRun:
    now = now or timezone.now()
    results = {}
    for period in RetentionPeriod.objects.order_by("kind"):
        results[period.kind] = APPLY[period.kind](now - timedelta(days=period.days))
    run = RetentionRun.objects.create(ran_at=now, results=results)
    if by is not None or any(results.values()):  # the daily run that found nothing is only the run row
        changes = {kind: [None, count] for kind, count in results.items()}
        record_event(by, "operations.retention_applied", run, changes=changes)
    return run


def apply_retention_when_due(*, now=None) -> int:
    """Applies the periods when the last run is a day old (or there was none); the records changed."""
    now = now or timezone.now()
    if RetentionRun.objects.filter(ran_at__gt=now - EVERY).exists():
        return 0
    return sum(apply_retention(now=now).results.values())
