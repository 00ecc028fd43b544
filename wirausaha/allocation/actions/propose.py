"""Proposing a run: the wave's placement problem read from the database, solved exactly and stored
with every person's explanation for review."""

import time
from collections import Counter
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import record_event
from wirausaha.common.statistics import refresh_statistics
from wirausaha.programs.models import Enrolment, Wave

from .. import optimizer
from ..models import AllocationRun, Placement
from ..queries import cohorts_in_window, locate, seated_counts
from .rules import (
    DEFAULT_MAX_KM,
    DEFAULT_SECTOR_MISMATCH_KM,
    AllocationError,
    S,
    _check_wave,
    _params,
    _require_allocator,
)
from .summary import refresh_summary


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
        refresh_summary(run)
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
# Rows per INSERT on SQLite: 12 parameters each stays below its 32,766.
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
    # Each row with its person's regency, read from the enrolments of the wave in one query.
    regencies = dict(Enrolment.objects.filter(wave_id=run.wave_id).values_list("pk", "regency_code"))
    rows = [(*row, regencies.get(row[0], "")) for row in rows]
    fields = [meta.get_field(name) for name in (*PLACEMENT_COLUMNS, "regency_code")]
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
            refresh_statistics(Placement, rows=len(rows))
            return
        width = len(fields)
        for start in range(0, len(rows), VALUES_BATCH):
            chunk = rows[start : start + VALUES_BATCH]
            values = ", ".join(["(%s, " + ", ".join(["%s"] * width) + ", '')"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values}",
                [value for row in chunk for value in (run.pk, *row)],
            )
