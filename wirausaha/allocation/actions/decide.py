"""Deciding on a run: confirming it (the wave's placement, or merged into it after a confirmation)
or discarding it."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from wirausaha.accounts.models import User
from wirausaha.centres.models import Cohort
from wirausaha.common.audit import record_event
from wirausaha.programs.actions import bulk_transition, follow_training
from wirausaha.programs.models import Wave

from ..models import AllocationRun, Placement
from ..queries import cohorts_in_window, proposed_counts, seated_counts
from ..tasks import notify_placements
from .rules import BATCH, CapacityConflict, RunStateError, S, _check_wave, _require_allocator
from .summary import refresh_summary


def _locked_run(run: AllocationRun) -> AllocationRun:
    locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != AllocationRun.Status.PROPOSED:
        raise RunStateError(
            _("Run #%(run)s is “%(status)s”: only a proposed run can be confirmed or discarded.")
            % {"run": locked.pk, "status": locked.get_status_display()}
        )
    return locked


def _lock_cohorts(ids) -> list[int]:
    return list(
        Cohort.objects.select_for_update()
        .filter(pk__in=list(ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def confirm_run(run: AllocationRun, *, by: User | None) -> AllocationRun:
    """Make a proposed run the wave's placement: its placed enrolments (those still `selected`) move
    to `placed` and are told their class, the wave's other proposals are discarded. Refused when a
    cohort no longer has the seats the run gives out (taken meanwhile, or cancelled): propose again.
    After an earlier confirmation the run's placements are added to the confirmed run (see above)."""
    _require_allocator(by)
    wave = Wave.objects.select_for_update().get(pk=run.wave_id)
    run = _locked_run(run)
    _check_wave(wave)
    confirmed = (
        AllocationRun.objects.select_for_update()
        .filter(wave=wave, status=AllocationRun.Status.CONFIRMED)
        .first()
    )
    waiting = run.placements.filter(enrolment__state=S.SELECTED)
    if confirmed is not None:
        # The rows the merge replaces, locked before the cohorts.
        list(
            confirmed.placements.select_for_update()
            .filter(enrolment_id__in=waiting.values("enrolment_id"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    counts = proposed_counts(run)
    locked = _lock_cohorts(counts)
    seats = dict(cohorts_in_window(wave).filter(pk__in=locked).values_list("pk", "seats"))
    taken = seated_counts(locked)
    short = sorted(pk for pk, n in counts.items() if pk not in seats or taken.get(pk, 0) + n > seats[pk])
    if short:
        codes = ", ".join(Cohort.objects.filter(pk__in=short).order_by("code").values_list("code", flat=True))
        raise CapacityConflict(
            _(
                "These classes no longer have the seats this run gives out (taken meanwhile, or no "
                "longer open): %(codes)s. Propose a new run."
            )
            % {"codes": codes}
        )
    placed_ids = list(waiting.filter(cohort__isnull=False).values_list("enrolment_id", flat=True))
    now = timezone.now()
    changes = {"status": [run.status, AllocationRun.Status.CONFIRMED]}
    if confirmed is None:
        run.status = AllocationRun.Status.CONFIRMED
    else:
        merged = _merge(into=confirmed, rows=list(waiting))
        refresh_summary(confirmed)
        run.status = AllocationRun.Status.MERGED
        changes = {"status": [AllocationRun.Status.PROPOSED, run.status], "merged_into": [None, confirmed.pk]}
        changes["rows_merged"] = [0, merged]
    run.decided_at, run.decided_by = now, by
    run.save(update_fields=["status", "decided_at", "decided_by"])
    moved = bulk_transition(
        {S.SELECTED: placed_ids},
        S.PLACED,
        by=by,
        reason=_("placed by allocation run #%(run)s") % {"run": run.pk},
    )
    discarded = (
        AllocationRun.objects.filter(wave=wave, status=AllocationRun.Status.PROPOSED)
        .exclude(pk=run.pk)
        .update(status=AllocationRun.Status.DISCARDED, decided_at=now, decided_by=by)
    )
    record_event(
        by,
        "allocation.confirmed",
        run,
        changes={**changes, "placed": [0, moved], "discarded": [0, discarded]},
    )
    follow_training([wave.pk], by=by)
    run_id = run.pk
    # Its participants are now to be told: the heartbeat says so until they all are.
    AllocationRun.objects.filter(pk=run_id).update(notify_heartbeat_at=now)
    transaction.on_commit(lambda: _enqueue_notifications(run_id))
    return run


def _merge(*, into: AllocationRun, rows: list[Placement]) -> int:
    """Copy a follow-up run's rows into the confirmed run, replacing the rows of the same people
    (unplaced, or taken out by hand: the audit trail keeps those)."""
    ids = [row.enrolment_id for row in rows]
    for start in range(0, len(ids), BATCH):
        into.placements.filter(enrolment_id__in=ids[start : start + BATCH]).delete()
    for row in rows:
        row.pk = None
        row.run = into
    Placement.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _enqueue_notifications(run_id: int) -> None:
    notify_placements.enqueue(run_id=run_id)


@transaction.atomic
def discard_run(run: AllocationRun, *, by: User | None, reason: str = "") -> AllocationRun:
    """Set a proposed run aside; nothing it proposed happens."""
    _require_allocator(by)
    run = _locked_run(run)
    run.status = AllocationRun.Status.DISCARDED
    run.decided_at, run.decided_by = timezone.now(), by
    run.save(update_fields=["status", "decided_at", "decided_by"])
    record_event(
        by,
        "allocation.discarded",
        run,
        reason=reason,
        changes={"status": [AllocationRun.Status.PROPOSED, AllocationRun.Status.DISCARDED]},
    )
    return run


def resume_stale_notifications() -> int:
    """Queue again the telling of confirmed runs whose worker stopped part-way (their heartbeat is
    older than settings.STALE_JOB_SECONDS): the participants already told are not told again.
    Returns how many runs were queued again."""
    cutoff = timezone.now() - timedelta(seconds=settings.STALE_JOB_SECONDS)
    resumed = 0
    for run_id in AllocationRun.objects.filter(notify_heartbeat_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            # Touched, so that the next sweep waits for this task before queueing another.
            if AllocationRun.objects.filter(pk=run_id, notify_heartbeat_at__lt=cutoff).update(
                notify_heartbeat_at=timezone.now()
            ):
                # The task row of the worker that stopped would stay RUNNING for ever: it is failed,
                # so the run's telling shows one failed task and the one queued again.
                DBTaskResult.objects.filter(
                    status=TaskResultStatus.RUNNING,
                    task_path=notify_placements.module_path,
                    args_kwargs__kwargs__run_id=run_id,
                ).update(
                    status=TaskResultStatus.FAILED,
                    finished_at=timezone.now(),
                    exception_class_path="wirausaha.allocation.WorkerStopped",
                    traceback="The worker stopped (no heartbeat).",
                )
                transaction.on_commit(lambda run_id=run_id: _enqueue_notifications(run_id))
                resumed += 1
    return resumed
