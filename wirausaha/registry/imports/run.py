"""Bulk import of layoff lists sent by labour offices: check every row with the shared rules
(validation.py), then write the valid rows in one transaction and report the rest.

A dry run writes nothing but the job's counters and errors. Applying reads the file once to check
it (streaming, with progress) and spools the valid rows to a temporary file; the writes then run
in one transaction with bulk inserts and updates, so a 100,000-row list neither holds 100,000 model
instances in memory nor leaves half a list behind when something fails.
"""

import logging
import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from wirausaha.accounts.models import User
from wirausaha.accounts.scoping import in_region_scope
from wirausaha.common.audit import record_event
from wirausaha.common.statistics import refresh_statistics

from ..actions import (
    FOREIGN_KEYS,
    SELF_EDITABLE,
    ask_for_duplicate_check,
    clean,
    model_values,
    regency_changed,
)
from ..consent import CONSENT_VERSION
from ..errors import ImportConflict
from ..history import record_first_history
from ..models import ImportJob, Participant, Source, Verification
from ..validation import REQUIRED
from .heartbeat import Heartbeat
from .reading import FileProblem, Table, control_character, is_blank, read_table

logger = logging.getLogger(__name__)

CHUNK = 500  # rows checked per query for existing NIKs; also how often the progress bar moves


class TooLargeToRunHere(Exception):
    """The file holds more rows than `row_limit` allowed: it belongs to the background worker."""


class JobTakenAway(Exception):
    """The job stopped being RUNNING while this worker wrote it (it was found stale and failed):
    its writes are rolled back, and the job keeps the state it was given."""


def _in_scope(by: User | None, code: str) -> bool:
    # No acting user is the system (the command run by an operator): nationwide.
    return by is None or in_region_scope(by, code)


@dataclass
class ImportResult:
    rows: int = 0  # data rows read; blank lines do not count
    valid: int = 0
    invalid: int = 0
    created: int = 0
    updated: int = 0  # valid rows of existing participants whose values differ; identical ones are neither
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    file_problem: bool = False
    unchanged_rows: list[int] = field(default_factory=list)  # valid rows identical to the registry

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "valid": self.valid,
            "invalid": self.invalid,
            "created": self.created,
            "updated": self.updated,
            "errors": self.errors,
            "warnings": self.warnings,
        }


# Every field the import may set: what a participant may correct, except what the template has no
# column for (an existing business); as model attribute names (region and sector codes are ids).
IMPORTED = tuple(name for name in SELF_EDITABLE if not name.startswith("existing_business"))
IMPORTED_ATTNAMES = tuple(FOREIGN_KEYS.get(name, name) for name in IMPORTED)


def import_participants(
    *,
    file: IO[bytes],
    dry_run: bool,
    by: User | None,
    job: ImportJob | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    row_limit: int | None = None,
) -> ImportResult:
    """Check a layoff list row by row and, unless `dry_run`, write its valid rows in one transaction.
    A row is refused when it breaks a rule, repeats a NIK of an earlier row, lives outside the
    acting officer's region, or holds a NIK registered to a record the officer may not change.
    A NIK already registered in the officer's region updates that record. `by=None` is the system,
    which works nationwide. Raises `TooLargeToRunHere`, having written nothing, as soon as the file
    turns out to hold more than `row_limit` rows."""
    result = ImportResult()
    try:
        table = read_table(file)
    except FileProblem as problem:
        result.file_problem = True
        result.errors.append(problem.as_error())
        return result
    with table, tempfile.TemporaryFile() as spool:
        result.warnings = list(table.warnings)
        try:
            update_fields = _check(
                table,
                by=by,
                result=result,
                spool=None if dry_run else spool,
                progress=progress,
                row_limit=row_limit,
            )
        except FileProblem as problem:
            # The file broke off part-way: nothing of it is written.
            return ImportResult(file_problem=True, errors=[problem.as_error()], warnings=result.warnings)
        if result.unchanged_rows:
            result.warnings.append(_unchanged_note(result.unchanged_rows, headers=table.columns))
        if not dry_run:
            spool.seek(0)
            _write(spool, by=by, job=job, result=result, update_fields=update_fields)
    return result


def _check(
    table: Table,
    *,
    by: User | None,
    result: ImportResult,
    spool: IO[bytes] | None,
    progress: Callable[[int, int | None], None] | None,
    row_limit: int | None = None,
) -> list[str]:
    """Clean every row; append errors to `result` and the writes of valid rows to `spool` (none in
    a dry run). Returns the fields that updates of existing records set."""
    headers = {column.field: column.header for column in table.columns}
    given_attnames = [FOREIGN_KEYS.get(name, name) for name in headers if name in IMPORTED]
    first_row_of: dict[str, int] = {}
    has_updates = False
    records = table.records()
    while chunk := list(islice(records, CHUNK)):
        checked = []
        for row, raw in chunk:
            result.rows += 1
            if row_limit is not None and result.rows > row_limit:
                raise TooLargeToRunHere
            # A cell with an invisible control character is refused whole, never cleaned silently.
            hidden = {name: found for name, value in raw.items() if (found := control_character(value))}
            # A blank optional cell says nothing: it neither clears nor sets a value.
            given = {
                name: None if name in hidden else value
                for name, value in raw.items()
                if name in REQUIRED or not (is_blank(value) or name in hidden)
            }
            cleaned = clean(given)
            errors = dict(cleaned.errors)
            for name, (position, code) in hidden.items():
                errors[name] = _(
                    "This cell holds an invisible control character (%(code)s) at position "
                    "%(position)d: delete it and upload the file again."
                ) % {"code": code, "position": position}
            nik = cleaned.values.get("nik") if "nik" not in errors else None
            if nik is not None:
                if nik in first_row_of:
                    errors["nik"] = _("The same NIK is in row %(row)d already.") % {"row": first_row_of[nik]}
                else:
                    first_row_of[nik] = row
            domicile = cleaned.values.get("domicile")
            if domicile and "domicile" not in errors and not _in_scope(by, domicile):
                errors["domicile"] = _("This place is outside your area of work.")
            checked.append((row, cleaned, errors))

        niks = [cleaned.values["nik"] for _row, cleaned, errors in checked if not errors]
        existing = {
            current["nik"]: current
            for current in Participant.objects.filter(nik__in=niks).values(
                "pk", "nik", "consent_withdrawn_at", "merged_into_id", "nik_flags", *IMPORTED_ATTNAMES
            )
        }
        creates, updates = [], []
        for row, cleaned, errors in checked:
            current = existing.get(cleaned.values["nik"]) if not errors else None
            if current is not None:
                if not _in_scope(by, current["domicile_id"]):
                    # Said the same way wherever the record is, so a list cannot probe the registry.
                    errors["nik"] = _(
                        "This NIK is registered already, in a record you cannot change. Ask the "
                        "national helpdesk to check it."
                    )
                elif current["consent_withdrawn_at"] is not None:
                    errors["nik"] = _("This person withdrew consent: the record is no longer processed.")
                elif current["merged_into_id"] is not None:
                    errors["nik"] = _(
                        "This NIK belongs to a duplicate record that was merged into another one: "
                        "check the NIK on the person's KTP."
                    )
            if errors:
                result.invalid += 1
                result.errors.extend(
                    {"row": row, "column": headers.get(name, name), "message": str(message)}
                    for name, message in errors.items()
                )
                continue
            result.valid += 1
            values = model_values({name: _plain(value) for name, value in cleaned.values.items()})
            values["nik_flags"] = list(cleaned.nik_flags)
            result.warnings.extend(_flag_notes(row, cleaned.nik_flags, headers))
            if current is None:
                result.created += 1
                creates.append(values)
            else:
                if any(name != "nik" and current[name] != value for name, value in values.items()):
                    result.updated += 1
                    has_updates = True
                    updates.append((current["pk"], values))
                else:
                    result.unchanged_rows.append(row)
        if spool is not None:
            pickle.dump((creates, updates), spool, protocol=pickle.HIGHEST_PROTOCOL)
        if progress is not None:
            progress(result.rows, table.estimated_rows)
    # Updates set the file's columns; a row's blank cells set the record's own values back.
    return [*given_attnames, "nik_flags"] if has_updates else []


# NIK flags a row keeps (it is imported, and an officer checks it), said on the row in the check.
FLAG_NOTES = {
    "birth_date_mismatch": (
        "birth_date",
        lambda: _("The date of birth does not match the NIK; an officer will check it."),
    ),
    "sex_mismatch": ("sex", lambda: _("The sex does not match the NIK; an officer will check it.")),
}
SHOWN_ROWS = 50  # row numbers listed in the note on unchanged rows; the count says the rest


def _flag_notes(row: int, flags: list[str], headers: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "row": row,
            "row_note": True,
            "column": headers.get(FLAG_NOTES[flag][0], FLAG_NOTES[flag][0]),
            "message": FLAG_NOTES[flag][1](),
        }
        for flag in flags
        if flag in FLAG_NOTES
    ]


def _unchanged_note(rows: list[int], *, headers) -> dict[str, Any]:
    nik = next((column.header for column in headers if column.field == "nik"), "nik")
    listed = ", ".join(str(row) for row in rows[:SHOWN_ROWS]) + (" …" if len(rows) > SHOWN_ROWS else "")
    return {
        "row": rows[0],
        "column": nik,
        "message": ngettext(
            "%(count)d valid row is identical to the record already registered with its NIK, so nothing "
            "changes for it (row %(rows)s).",
            "%(count)d valid rows are identical to the records already registered with their NIKs, so "
            "nothing changes for them (rows %(rows)s).",
            len(rows),
        )
        % {"count": len(rows), "rows": listed},
    }


def _plain(value: Any) -> Any:
    # TextChoices members become plain strings, so they pickle small and compare with database values.
    return str(value) if isinstance(value, str) else value


def _spooled(spool: IO[bytes]) -> Iterator[tuple[list, list]]:
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


def _write(
    spool: IO[bytes],
    *,
    by: User | None,
    job: ImportJob | None,
    result: ImportResult,
    update_fields: list[str],
) -> None:
    now = timezone.now()
    reason = f"import {job.pk}" if job is not None else "import"
    # A job run by run_import beats from a second connection while its one transaction writes.
    watched = job is not None and job.status == ImportJob.Status.RUNNING
    try:
        # The heart stops after the commit: its last beat may wait for the job row's lock.
        heartbeat = Heartbeat(job.pk) if watched else nullcontext()
        with heartbeat as heart, _sqlite_page_cache(), transaction.atomic():
            _plan_each_statement_for_its_values()
            moved: list[Participant] = []
            for creates, updates in _spooled(spool):
                if heart is not None:
                    heart.beat()
                if creates:
                    Participant.objects.bulk_create(
                        [
                            Participant(
                                **values,
                                source=Source.IMPORT,
                                # Consent was collected by the labour office on paper when the
                                # worker was listed; the version says so.
                                consent_version=f"{CONSENT_VERSION}/import",
                                consent_at=now,
                            )
                            for values in creates
                        ],
                        batch_size=CHUNK,
                    )
                    record_first_history(
                        (values["nik"] for values in creates), user=by, when=now, reason=reason
                    )
                if updates:
                    participants = Participant.objects.in_bulk([pk for pk, _values in updates])
                    changed = []
                    for pk, values in updates:
                        participant = participants[pk]
                        if (
                            values.get("domicile_id", participant.domicile_id)[:5]
                            != participant.domicile_id[:5]
                        ):
                            moved.append(participant)
                        ask_for_duplicate_check(participant, values)
                        for name, value in values.items():
                            setattr(participant, name, value)
                        participant.updated_at = now
                        # As with any correction: a record sent back for correction is checked again.
                        if participant.verification == Verification.NEEDS_CORRECTION:
                            participant.verification = Verification.PENDING
                        changed.append(participant)
                    bulk_update_with_history(
                        changed,
                        Participant,
                        fields=[*update_fields, "verification", "duplicates_checked_at", "updated_at"],
                        batch_size=CHUNK,
                        default_user=by,
                        default_change_reason=reason,
                        default_date=now,
                    )
            # As a correction does: the later stages' rows of a person whose regency changed
            # follow them to the new office's lists.
            for participant in moved:
                regency_changed.send(sender=Participant, participant=participant)
            record_event(
                by,
                "participant.imported",
                job,
                changes={
                    "rows": [None, result.rows],
                    "created": [None, result.created],
                    "updated": [None, result.updated],
                    "invalid": [None, result.invalid],
                },
            )
            # The writes commit only while the job is still this worker's: one found stale and
            # failed meanwhile says "nothing was written", and so it stays.
            if watched and not ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
                heartbeat_at=timezone.now()
            ):
                raise JobTakenAway
            # A large list changes the registry's shape (a regency's share, the queue's length):
            # the planner learns it now rather than when autovacuum comes round.
            refresh_statistics(Participant, rows=result.created + result.updated)
    except IntegrityError:
        raise ImportConflict(
            _(
                "Someone registered one of these NIKs while the import ran, so nothing was written. "
                "Run the import again."
            )
        ) from None


@contextmanager
def _sqlite_page_cache(kib: int = 128 * 1024) -> Iterator[None]:
    # SQLite's default page cache (2 MB) is far smaller than the indexes a large list inserts into;
    # once they outgrow it, every insert rereads pages and 100,000 rows take twice as long. A
    # bigger cache for this transaction only: memory is taken as pages are used, and given back.
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _plan_each_statement_for_its_values() -> None:
    # The tables grow by up to 100,000 rows while an import writes. A plan PostgreSQL keeps for a
    # prepared statement (settings.DATABASE_PREPARED_STATEMENTS) may have been made while they were
    # nearly empty, and keep scanning them whole: the 100,000-row import took 179 s instead of 39 s.
    # For the rest of this transaction, each execution is planned for its own values.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")


def run_import(job: ImportJob, *, row_limit: int | None = None) -> ImportJob:
    """Check (dry run) or apply a queued job, updating its progress as it goes; ends CHECKED,
    APPLIED or FAILED with the reason. With `row_limit` (a run inside a request), a file that
    turns out longer stops there, writes nothing and is left QUEUED for the background worker."""
    # Claimed with a conditional UPDATE, so two workers never run the same job.
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING,
        processed_rows=0,
        updated_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    job.refresh_from_db()
    if not claimed:
        return job

    guess = job.total_rows

    def progress(processed: int, total: int | None) -> None:
        # A short UPDATE of its own, committed at once, so the progress bar moves.
        # The job's heartbeat too (imports/heartbeat.py beats while the writes run).
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
            processed_rows=processed, total_rows=max(total or guess, processed), heartbeat_at=timezone.now()
        )

    failure = ""
    try:
        with job.file.open("rb") as file:
            result = import_participants(
                file=file,
                dry_run=job.dry_run,
                by=job.created_by,
                job=job,
                progress=progress,
                row_limit=row_limit,
            )
    except TooLargeToRunHere:
        # The estimate was wrong (a workbook's stated size may lie): back in the queue, unstarted.
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.QUEUED,
            processed_rows=0,
            total_rows=max(guess, (row_limit or 0) + 1),
            updated_at=timezone.now(),
        )
        job.refresh_from_db()
        return job
    except JobTakenAway:
        job.refresh_from_db()
        return job
    except ImportConflict as conflict:
        result, failure = ImportResult(), str(conflict)
    except Exception:
        # The log line names the job only: exception texts may quote a row's NIK.
        logger.exception("Import job %s failed", job.pk)
        result = ImportResult()
        failure = _("The import stopped because of an internal error; nothing was written. Try again later.")
    if result.file_problem:
        failure = result.errors[0]["message"]

    # Conditional, like the claim: a job found stale and failed meanwhile keeps its reason.
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
        status=ImportJob.Status.FAILED
        if failure
        else ImportJob.Status.CHECKED
        if job.dry_run
        else ImportJob.Status.APPLIED,
        failure=failure,
        total_rows=result.rows,
        processed_rows=result.rows,
        valid=result.valid,
        invalid=result.invalid,
        created=result.created,
        updated=result.updated,
        errors=[*result.errors, *({**warning, "warning": True} for warning in result.warnings)],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    job.refresh_from_db()
    return job
