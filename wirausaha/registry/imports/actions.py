"""What can happen to an import job: it is created from an upload, applied after a dry run, and
started (a small file at once, a large one through the background worker, which calls run.py)."""

import os
import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.errors import PermissionDenied

from ..errors import ImportRefused, WrongState
from ..models import ImportJob
from .queries import may_import
from .reading import FileProblem, read_table
from .run import run_import
from .tasks import run_import_job

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
INLINE_ROWS = 2_000  # smaller files run in the request; larger ones in the background worker


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
    if job.status != ImportJob.Status.CHECKED or not job.dry_run:
        raise WrongState(_("Only a checked file can be applied, and only once."))
    if not job.valid:
        raise WrongState(_("No row of this file is valid: there is nothing to write."))
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
