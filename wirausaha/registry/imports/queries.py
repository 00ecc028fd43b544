"""Who may import, the import jobs a user may see, and the file of a job's refused rows."""

import codecs
import csv
import io
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from wirausaha.accounts.models import REGION_ROLES, Role, User
from wirausaha.common.spreadsheets import safe_cell, safe_row

from ..models import ImportJob
from .reading import normalise_header, read_table, without_control_characters

ERROR_COLUMN = "kesalahan"


def may_import(user: User | None) -> bool:
    """National admins and labour-office officers with a scope region import layoff lists."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.role == Role.NATIONAL_ADMIN or (user.role in REGION_ROLES and bool(user.scope_region_id))


def may_apply(job: ImportJob) -> bool:
    """A checked file with valid rows is applied; so is one whose writing failed (a failed apply
    wrote nothing, the writes being all or nothing): it is checked and written again."""
    if job.status == ImportJob.Status.CHECKED:
        return job.dry_run and job.valid > 0
    return job.status == ImportJob.Status.FAILED and not job.dry_run


def import_jobs_visible_to(user: User) -> QuerySet[ImportJob]:
    """An import job is seen by whoever uploaded it, and by national admins."""
    if not may_import(user):
        return ImportJob.objects.none()
    jobs = ImportJob.objects.select_related("created_by")
    return jobs if user.role == Role.NATIONAL_ADMIN else jobs.filter(created_by=user)


def get_import_job_for(user: User, job_id: int) -> ImportJob:
    """One import job, or 404 when missing or not the user's (the two look the same)."""
    return get_object_or_404(import_jobs_visible_to(user), pk=job_id)


def error_file(job: ImportJob) -> bytes:
    """The rows that were not imported, with the file's own columns and a `kesalahan` column saying
    what to fix: CSV separated by `;`, UTF-8 with a BOM so that Excel opens it right. Fixed and
    uploaded again, it imports like the original (the extra column is ignored)."""
    problems: dict[int, list[str]] = defaultdict(list)
    for error in job.errors:
        if not error.get("warning"):
            problems[error["row"]].append(f"{error['column']}: {error['message']}")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    with job.file.open("rb") as file, read_table(file) as table:
        keep = [
            index for index, header in enumerate(table.headers) if normalise_header(header) != ERROR_COLUMN
        ]
        nik_index = next((column.index for column in table.columns if column.field == "nik"), None)
        writer.writerow(safe_row([table.headers[index] for index in keep] + [ERROR_COLUMN]))
        for number, cells in table.raw_rows():
            if number in problems:
                writer.writerow(
                    [_for_excel(cells[index], is_nik=index == nik_index) for index in keep]
                    + [safe_cell("; ".join(problems[number]))]
                )
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def _for_excel(value: Any, *, is_nik: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = without_control_characters(str(value))
    if is_nik and text.isdigit():
        # ="…" keeps all 16 digits when Excel opens the file; the importer reads it back as text.
        return f'="{text}"'
    # Never a formula (CSV injection); the importer ignores a leading apostrophe.
    return safe_cell(text)
