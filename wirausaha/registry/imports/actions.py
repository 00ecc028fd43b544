"""What can happen to an import job: it is created from an upload, applied after a dry run, and
started (a small file at once, a large one through the background worker, which calls run.py)."""

import logging
import os
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from wirausaha.accounts.models import User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import PermissionDenied

from ..errors import ImportRefused, WrongState
from ..models import ImportJob
from .queries import may_apply, may_import
from .reading import FileProblem, read_table
from .run import run_import
from .tasks import run_import_job

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
INLINE_ROWS = 2_000  # smaller files run in the request; larger ones in the background worker

logger = logging.getLogger(__name__)


@transaction.atomic
def create_import_job(*, upload, dry_run: bool, by: User) -> ImportJob:
    """Store an uploaded layoff list privately and queue it. Refuses an empty, too large or
    unreadable file, or one without the required columns, before anything is stored."""
    if not may_import(by):
        raise PermissionDenied(_("You may not import participants."))
    if not upload.size:
        raise ImportRefused({"file": _("The file is empty.")})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ImportRefused(
            {
                "file": _("The file is larger than %(size)d MB: split it into smaller files.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            }
        )
    try:
        with read_table(upload) as table:
            kind, estimate = table.kind, table.estimated_rows
    except FileProblem as problem:
        raise ImportRefused({"file": problem.message}) from None
    upload.seek(0)
    job = ImportJob(
        created_by=by,
        original_name=os.path.basename(upload.name or "")[:200],
        dry_run=dry_run,
        # A workbook that does not state its size: guess from the bytes (about 50 per zipped row).
        total_rows=estimate if estimate is not None else upload.size // 50,
    )
    # The stored name never contains the uploader's file name, which may hold personal data.
    job.file.save(f"{uuid.uuid4().hex}.{kind}", upload, save=False)
    job.save()
    return job


@transaction.atomic
def apply_import_job(job: ImportJob, *, by: User) -> ImportJob:
    """After a dry run, the uploader writes the file's valid rows: the job is queued again."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.created_by_id != by.pk or not may_import(by):
        raise PermissionDenied(_("Only the person who uploaded the file can apply it."))
    # A checked file, or one whose writing failed (all or nothing: it wrote nothing) and is tried again.
    if not may_apply(job):
        if job.status == ImportJob.Status.CHECKED and not job.valid:
            raise WrongState(_("No row of this file is valid: there is nothing to write."))
        raise WrongState(_("Only a checked file can be applied, and only once."))
    job.dry_run = False
    job.status = ImportJob.Status.QUEUED
    job.processed_rows = 0
    job.finished_at = None
    job.save(update_fields=["dry_run", "status", "processed_rows", "finished_at", "updated_at"])
    return job


def start_import(job: ImportJob) -> None:
    """Run a queued job: a small file now, a large one in the background worker."""
    # A db_worker may not be running (in development it is a separate `make worker`): a file under
    # 2,000 rows takes a few seconds at most, so it runs here, in the request, instead of queueing.
    # The estimate is the file's own claim (a workbook's stated size, a count of line breaks), so
    # a file that turns out longer stops after INLINE_ROWS rows and goes to the worker whole.
    if job.total_rows < INLINE_ROWS:
        job = run_import(job, row_limit=INLINE_ROWS)
        if job.status != ImportJob.Status.QUEUED:
            return
    transaction.on_commit(lambda: run_import_job.enqueue(job_id=job.pk))


def _stale(now) -> Q:
    cutoff = now - timedelta(seconds=settings.STALE_JOB_SECONDS)
    return Q(status=ImportJob.Status.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, updated_at__lt=cutoff)
    )


def fail_stale_imports(*, job_id: int | None = None) -> int:
    """Fail the running imports whose worker stopped (killed, timed out, cut off from the database):
    no heartbeat for settings.STALE_JOB_SECONDS. Their writes were one transaction, so nothing
    was written; the uploader applies the file again. Returns how many were failed. Each is failed
    with a conditional UPDATE: a worker that comes back finds its job taken and rolls back."""
    now = timezone.now()
    stale = ImportJob.objects.filter(_stale(now))
    if job_id is not None:
        stale = stale.filter(pk=job_id)
    failed = 0
    for job in stale.only("pk", "dry_run"):
        reason = (
            _("The worker stopped before the check finished. Nothing was written: upload the file again.")
            if job.dry_run
            else _(
                "The worker stopped before the import finished. Nothing was written: apply the file again."
            )
        )
        with transaction.atomic():
            if not ImportJob.objects.filter(_stale(now), pk=job.pk).update(
                status=ImportJob.Status.FAILED, failure=reason, finished_at=now, updated_at=now
            ):
                continue
            # Its task row would stay RUNNING for ever: the worker that held it is gone.
            DBTaskResult.objects.filter(
                status=TaskResultStatus.RUNNING,
                task_path=run_import_job.module_path,
                args_kwargs__kwargs__job_id=job.pk,
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="wirausaha.registry.imports.WorkerStopped",
                traceback="The worker stopped (no heartbeat).",
            )
            record_event(None, "participant.import_stopped", job, reason="no heartbeat")
        failed += 1
    return failed


def fail_if_stale(job: ImportJob) -> ImportJob:
    """A page looking at a running job fails it first when its worker stopped (see above). A
    database that cannot take the write now (SQLite while the import writes) leaves it for later."""
    if job.status != ImportJob.Status.RUNNING:
        return job
    try:
        if fail_stale_imports(job_id=job.pk):
            job.refresh_from_db()
    except DatabaseError:
        logger.warning("Import job %s: the stale check could not write", job.pk)
    return job
