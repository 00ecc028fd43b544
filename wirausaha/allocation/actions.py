"""What happens to a wave's placement: a run is proposed (solved exactly and stored with each
person's explanation), reviewed, then confirmed or discarded; placements are moved by hand with a
reason. Enrolment states change only through programs.actions.

Re-runs. A wave has at most one confirmed run, whose placements are the wave's seating. Before
confirmation any number of runs may be proposed; confirming one discards the others. After
confirmation a new run places only the enrolments still `selected` (promoted from the waitlist, or
taken out of a cohort by hand) into the seats still free, leaving everyone placed where they are;
confirming it copies its placements into the confirmed run and marks it `merged`.

Who and what. Only a national admin (or the system, from a command) proposes, confirms, discards
and moves: placement crosses provinces, so regional officers and centres only read it (queries.py).
A person counts as living at their district's centroid (else their regency's; with neither they
are unplaced, `no_location`). Their sector is their business interest (KBLI); a person without one
is never penalised, as `optimizer.sectors_match` counts a missing sector as a match. A cohort is
offered when it is planned, at an active centre and inside the wave's training window, with the
seats that confirmed placements of any wave (people still on the roster) leave free.

Locks, always taken in this order so that two requests never deadlock: the wave, the runs,
the placements, the cohorts (by id), the enrolments. A cohort's seats are counted only while its
row is locked, so concurrent confirmations and moves never overfill it.
"""

import time
from collections import Counter
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.centres.models import Cohort
from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError, InvalidInput, PermissionDenied
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.programs.actions import WaveStateError, bulk_transition, follow_training, transition
from wirausaha.programs.models import Enrolment, EnrolmentState, Wave

from . import optimizer
from .models import AllocationRun, Placement
from .queries import (
    PLACING,
    allocates,
    cohorts_in_window,
    locate,
    proposed_counts,
    seated_counts,
)
from .texts import km_limit

S = EnrolmentState
DEFAULT_MAX_KM = 75.0
DEFAULT_SECTOR_MISMATCH_KM = 25.0
# Longer than any trip a participant makes daily to a class; a typo (7500) is refused.
LONGEST_MAX_KM = 2000.0
LARGEST_PENALTY_KM = 2000.0
BATCH = 2000


class AllocationError(DomainError):
    code = "allocation"


class RunStateError(DomainError):
    code = "run_state"


class CapacityConflict(DomainError):
    code = "cohort_full"


def _require_allocator(by: User | None) -> None:
    # None is the system: an operator's command or a task.
    if by is not None and not allocates(by):
        raise PermissionDenied(_("Only a national admin places participants in classes."))


def _check_wave(wave: Wave) -> None:
    if wave.status not in PLACING:
        raise WaveStateError(
            _("Wave %(code)s is “%(status)s”: participants are placed after the draw, until training ends.")
            % {"code": wave.code, "status": wave.get_status_display()}
        )
    if wave.training_starts_on is None or wave.training_ends_on is None:
        raise AllocationError(
            _("Wave %(code)s has no training window: set its training start and end dates first.")
            % {"code": wave.code}
        )


def _params(max_km, sector_mismatch_km, candidate_k) -> optimizer.Params:
    errors = {}
    if not _number(max_km) or not 0 < max_km <= LONGEST_MAX_KM:
        errors["max_km"] = _("Give a distance above 0 and at most %(most)s km.") % {
            "most": km_limit(LONGEST_MAX_KM)
        }
    if not _number(sector_mismatch_km) or not 0 <= sector_mismatch_km <= LARGEST_PENALTY_KM:
        errors["sector_mismatch_km"] = _("Give a penalty from 0 to %(most)s km.") % {
            "most": km_limit(LARGEST_PENALTY_KM)
        }
    if errors:
        raise InvalidInput(errors)
    return optimizer.Params(
        max_km=float(max_km), sector_mismatch_km=float(sector_mismatch_km), candidate_k=candidate_k
    )


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


# Proposing a run -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementInputs:
    """What the solver gets for a wave: people with a location, the enrolments without one, and
    the cohorts in the window with their free seats (cohorts without a free seat are left out)."""

    people: list[optimizer.Person]
    no_location: list[int]
    cohorts: list[optimizer.Cohort]


def placement_inputs(wave: Wave) -> PlacementInputs:
    """Read a wave's placement problem: the `selected` enrolments (id, where they live, business
    interest), in one query, their district centroids in one more, and the cohorts in the wave's
    window with the seats that confirmed placements of any wave leave free, in two."""
    rows = list(
        wave.enrolments.filter(state=S.SELECTED)
        .order_by("pk")
        .values_list("pk", "participant__domicile_id", "participant__business_interest_sector_id")
    )
    points = locate({domicile for _pk, domicile, _sector in rows})
    people, no_location = [], []
    for pk, domicile, sector in rows:
        point = points.get(domicile)
        if point is None:
            no_location.append(pk)
        else:
            people.append(optimizer.Person(pk, point[0], point[1], sector))
    window = cohorts_in_window(wave)
    taken = seated_counts(window.values("pk"))
    cohorts = []
    for pk, seats, lat, lng, sector in window.order_by("pk").values_list(
        "pk", "seats", "centre__latitude", "centre__longitude", "course__sector_id"
    ):
        free = seats - taken.get(pk, 0)
        if free > 0:
            cohorts.append(optimizer.Cohort(pk, lat, lng, free, sector))
    return PlacementInputs(people, no_location, cohorts)


@dataclass(frozen=True)
class Proposal:
    """A proposed run (not saved on a dry run) and how many are unplaced for each reason."""

    run: AllocationRun
    unplaced_reasons: dict[str, int]


def propose_run(
    *,
    wave: Wave,
    by: User | None,
    max_km: float = DEFAULT_MAX_KM,
    sector_mismatch_km: float = DEFAULT_SECTOR_MISMATCH_KM,
    candidate_k: int | None = optimizer.DEFAULT_CANDIDATE_K,
    dry_run: bool = False,
) -> Proposal:
    """Solve the placement of the wave's `selected` enrolments into the free seats of the cohorts
    in its training window, and store the run with every placement and its explanation for review.
    A dry run solves and counts but writes nothing. The solve runs outside any transaction; the
    writes are one transaction."""
    started = time.perf_counter()
    _require_allocator(by)
    wave = Wave.objects.get(pk=wave.pk)
    _check_wave(wave)
    params = _params(max_km, sector_mismatch_km, candidate_k)
    inputs = placement_inputs(wave)
    if not inputs.people and not inputs.no_location:
        raise AllocationError(
            _("Nobody in wave %(code)s is waiting for a place: no enrolment is “selected”.")
            % {"code": wave.code}
        )
    solution = optimizer.solve(inputs.people, inputs.cohorts, params=params)
    reasons = Counter(solution.unplaced.values())
    if inputs.no_location:
        reasons[Placement.Unplaced.NO_LOCATION] = len(inputs.no_location)
    run = AllocationRun(
        wave=wave,
        status=AllocationRun.Status.PROPOSED,
        max_km=params.max_km,
        sector_mismatch_km=params.sector_mismatch_km,
        candidate_k=params.candidate_k,
        people=len(inputs.people) + len(inputs.no_location),
        cohorts=len(inputs.cohorts),
        seats=sum(c.seats for c in inputs.cohorts),
        placed=solution.placed,
        unplaced=sum(reasons.values()),
        total_km=solution.total_km,
        total_cost=solution.total_cost,
        solve_seconds=solution.seconds,
        rounds=solution.rounds,
        widened=solution.widened,
        created_by=by,
    )
    if dry_run:
        run.total_seconds = time.perf_counter() - started
        return Proposal(run, dict(reasons))
    rows = _placement_rows(solution, inputs)
    with transaction.atomic():
        wave = Wave.objects.select_for_update().get(pk=wave.pk)
        _check_wave(wave)
        run.save()
        _insert_placements(run, rows)
        run.total_seconds = time.perf_counter() - started
        run.save(update_fields=["total_seconds"])
        record_event(
            by,
            "allocation.proposed",
            run,
            changes={
                "max_km": [None, run.max_km],
                "sector_mismatch_km": [None, run.sector_mismatch_km],
                "people": [None, run.people],
                "placed": [None, run.placed],
                "unplaced": [None, run.unplaced],
                "total_km": [None, round(run.total_km, 3)],
            },
        )
    return Proposal(run, dict(reasons))


# The columns a solved placement fills, in the order of the tuples `_placement_rows` builds.
PLACEMENT_COLUMNS = (
    "enrolment",
    "cohort",
    "distance_km",
    "sector_match",
    "cost",
    "unplaced_reason",
    "next_best_cohort",
    "next_best_km",
    "next_best_cost",
    "next_best_why_not",
)
# Rows per INSERT on SQLite: 11 parameters each stays below its 32,766.
VALUES_BATCH = 2000


def _placement_rows(solution: optimizer.Solution, inputs: PlacementInputs) -> list[tuple]:
    # Plain tuples, not model instances: building 100,000 Placement objects took longer than the solve.
    rows = []
    explanations, unplaced = solution.explanations, solution.unplaced
    for person in inputs.people:
        explanation = explanations.get(person.id)
        if explanation is None:
            rows.append((person.id, None, None, None, None, unplaced[person.id], None, None, None, ""))
            continue
        next_best = explanation.next_best
        if next_best is None:
            rows.append(
                (
                    person.id,
                    explanation.cohort_id,
                    explanation.distance_km,
                    explanation.sector_match,
                    explanation.cost,
                    "",
                    None,
                    None,
                    None,
                    "",
                )
            )
        else:
            rows.append(
                (
                    person.id,
                    explanation.cohort_id,
                    explanation.distance_km,
                    explanation.sector_match,
                    explanation.cost,
                    "",
                    next_best.cohort_id,
                    next_best.distance_km,
                    next_best.cost,
                    next_best.why_not,
                )
            )
    no_location = Placement.Unplaced.NO_LOCATION.value
    rows += [(pk, None, None, None, None, no_location, None, None, None, "") for pk in inputs.no_location]
    rows.sort()
    return rows


def _insert_placements(run: AllocationRun, rows: list[tuple]) -> None:
    """Write a run's placements in a few INSERTs: on PostgreSQL one array per column (psycopg binds
    each placeholder in Python, which dominated at 100,000 rows), elsewhere batches of VALUES."""
    meta = Placement._meta
    qn = connection.ops.quote_name
    fields = [meta.get_field(name) for name in PLACEMENT_COLUMNS]
    columns = ", ".join(qn(f.column) for f in [meta.get_field("run"), *fields, meta.get_field("move_reason")])
    table = qn(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(
                f"CAST(%s AS {f.rel_db_type(connection) if f.is_relation else f.db_type(connection)}[])"
                for f in fields
            )
            for start in range(0, len(rows), 50_000):
                chunk = rows[start : start + 50_000]
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT %s, v.*, '' FROM unnest({arrays}) AS v",
                    [run.pk, *(list(column) for column in zip(*chunk, strict=True))],
                )
            return
        width = len(fields)
        for start in range(0, len(rows), VALUES_BATCH):
            chunk = rows[start : start + VALUES_BATCH]
            values = ", ".join(["(%s, " + ", ".join(["%s"] * width) + ", '')"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values}",
                [value for row in chunk for value in (run.pk, *row)],
            )


# Deciding on a run -----------------------------------------------------------------------------


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
    from .tasks import notify_placements

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


# Notifications -------------------------------------------------------------------------------


def _class_text(cohort: Cohort) -> dict[str, str]:
    return {
        "cohort": cohort.code,
        "course": cohort.course.title,
        "centre": cohort.centre.name,
        "address": cohort.centre.address or cohort.centre.region.name,
        "starts": date_format(cohort.starts_on, "j F Y"),
        "ends": date_format(cohort.ends_on, "j F Y"),
    }


def placement_message(placement: Placement, *, moved: bool = False) -> tuple[str, str]:
    """Subject and body telling a participant their class, in the interface's default language."""
    with in_recipients_language():
        values = {**_class_text(placement.cohort), "wave": placement.run.wave.code}
        subject = (
            _("Your training class has changed") if moved else _("Your training class in %(wave)s") % values
        )
        body = (
            _(
                "You are now in class %(cohort)s: %(course)s at %(centre)s (%(address)s), "
                "from %(starts)s to %(ends)s."
            )
            if moved
            else _(
                "You are placed in class %(cohort)s: %(course)s at %(centre)s (%(address)s), "
                "from %(starts)s to %(ends)s."
            )
        ) % values
        body += " " + _("Training is free of charge: nobody may ask you for a fee.")
        return subject, body


def notify_placed(run: AllocationRun) -> int:
    """Tell each participant with an account whom `run` placed (and who is still placed) their class."""
    placements = (
        run.placements.filter(
            cohort__isnull=False, enrolment__state=S.PLACED, enrolment__participant__user__isnull=False
        )
        .select_related(
            "run__wave", "cohort__centre__region", "cohort__course", "enrolment__participant__user"
        )
        .order_by("pk")
    )
    sent = 0
    for placement in placements.iterator(chunk_size=BATCH):
        subject, body = placement_message(placement)
        notify(placement.enrolment.participant.user, subject=subject, body=body)
        sent += 1
    return sent


# Manual moves ------------------------------------------------------------------------------------


@transaction.atomic
def move_placement(
    placement: Placement, *, to_cohort: Cohort | None, by: User | None, reason: str
) -> Placement:
    """Move one person by hand: into another cohort, into a cohort when unplaced, or out of their
    cohort (`to_cohort` None). The reason is required and recorded with the before and after. The
    target cohort's row is locked while its seats are counted, so concurrent moves never overfill
    it. In the confirmed run the enrolment follows (placed, or back to selected) and the
    participant is told; in a proposed run only the proposal changes."""
    _require_allocator(by)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput({"reason": _("Say why this person is moved.")})
    run = AllocationRun.objects.select_for_update().select_related("wave").get(pk=placement.run_id)
    if run.status not in (AllocationRun.Status.PROPOSED, AllocationRun.Status.CONFIRMED):
        raise RunStateError(
            _("Run #%(run)s is “%(status)s”: its placements can no longer be moved.")
            % {"run": run.pk, "status": run.get_status_display()}
        )
    _check_wave(run.wave)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    placement.run = run
    enrolment = Enrolment.objects.select_related("participant").get(pk=placement.enrolment_id)
    confirmed = run.status == AllocationRun.Status.CONFIRMED
    movable = [S.SELECTED, S.PLACED] if confirmed else [S.SELECTED]
    if enrolment.state not in movable:
        raise AllocationError(
            _("This enrolment is “%(state)s”: it can no longer be moved.")
            % {"state": S(enrolment.state).label}
        )
    if to_cohort is None and placement.cohort_id is None:
        raise InvalidInput({"cohort": _("This person has no class to be taken out of.")})
    if to_cohort is not None and to_cohort.pk == placement.cohort_id:
        raise InvalidInput({"cohort": _("This person is in this class already.")})

    before = _snapshot(placement)
    if to_cohort is None:
        _take_out(placement, reason=reason)
    else:
        cohort = _seat_in(placement, to_cohort, run=run)
        distance = None
        point = locate([enrolment.participant.domicile_id]).get(enrolment.participant.domicile_id)
        if point is not None:
            distance = optimizer.great_circle_km(
                point[0], point[1], cohort.centre.latitude, cohort.centre.longitude
            )
        match = optimizer.sectors_match(
            enrolment.participant.business_interest_sector_id, cohort.course.sector_id
        )
        placement.cohort = cohort
        placement.distance_km = distance
        placement.sector_match = match
        placement.cost = None if distance is None else distance + (0 if match else run.sector_mismatch_km)
        placement.unplaced_reason = ""
    placement.next_best_cohort = None
    placement.next_best_km = placement.next_best_cost = None
    placement.next_best_why_not = ""
    placement.moved_at, placement.moved_by, placement.move_reason = timezone.now(), by, reason
    placement.save()

    state_before = enrolment.state
    if confirmed:
        if to_cohort is None:
            transition(enrolment, S.SELECTED, by=by, reason=reason)
        elif enrolment.state == S.SELECTED:
            transition(enrolment, S.PLACED, by=by, reason=reason)
    after = _snapshot(placement)
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if enrolment.state != state_before:
        changes["state"] = [state_before, enrolment.state]
    record_event(by, "placement.moved", placement, reason=reason, changes=changes)
    if confirmed and enrolment.participant.user_id:
        _tell_moved(placement, before_code=before["cohort"], user=enrolment.participant.user)
    return placement


def _seat_in(placement: Placement, to_cohort: Cohort, *, run: AllocationRun) -> Cohort:
    # The target row is locked before its seats are counted: a second move into it waits here and
    # then counts this one.
    Cohort.objects.select_for_update().filter(pk=to_cohort.pk).values_list("pk", flat=True).first()
    cohort = (
        cohorts_in_window(run.wave).select_related("centre__region", "course").filter(pk=to_cohort.pk).first()
    )
    if cohort is None:
        raise InvalidInput(
            {
                "cohort": _(
                    "This class is not open to this wave (cancelled, started, or outside its "
                    "training window)."
                )
            }
        )
    taken = seated_counts([cohort.pk]).get(cohort.pk, 0)
    if run.status == AllocationRun.Status.PROPOSED:
        taken += proposed_counts(run, [cohort.pk]).get(cohort.pk, 0)
    if taken >= cohort.seats:
        raise CapacityConflict(
            _("Class %(cohort)s is full (%(seats)s seats).") % {"cohort": cohort.code, "seats": cohort.seats}
        )
    return cohort


def _take_out(placement: Placement, *, reason: str) -> None:
    placement.cohort = None
    placement.distance_km = placement.cost = placement.sector_match = None
    placement.unplaced_reason = Placement.Unplaced.REMOVED


def _snapshot(placement: Placement) -> dict:
    return {
        "cohort": placement.cohort.code if placement.cohort_id else None,
        "distance_km": None if placement.distance_km is None else round(placement.distance_km, 3),
        "unplaced_reason": placement.unplaced_reason or None,
    }


def _tell_moved(placement: Placement, *, before_code: str | None, user) -> None:
    with in_recipients_language():
        if placement.cohort_id is None:
            subject = _("Your training class has been cancelled")
            body = _(
                "Your place in class %(cohort)s has been cancelled. You stay selected: we will tell you "
                "your new class."
            ) % {"cohort": before_code}
        else:
            placement.cohort = Cohort.objects.select_related("centre__region", "course").get(
                pk=placement.cohort_id
            )
            subject, body = placement_message(placement, moved=before_code is not None)
    notify(user, subject=subject, body=body)
