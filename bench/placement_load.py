"""One step of the placement benchmark, run in its own process on the database named by
DATABASE_URL, so that each step's peak memory is its own: `python -m bench.placement_load STEP`
prints one line of JSON with seconds, counts and peak memory (MB, the maximum RSS).

Steps, in order, on one fresh database:
- `build` (not timed for the table): migrate, the reference data (regions and KBLI, as
  `load_reference`), the 21 Kemnaker centres and the synthetic demo centres (about 4,330), the
  course catalogue, COHORTS cohorts of 16 seats inside the wave's training window (2 to 6 at a
  government centre, 1 to 4 at a BLK Komunitas, spread over the window's Mondays), PEOPLE
  participants on real village codes (provinces weighted as in the selection benchmark), most
  with a business interest from a few KBLI codes, each `selected` in one wave in status `selected`;
  and a second wave with a SAMPLE of them `selected`, for the naive baseline;
- `solve`: the optimizer alone, on what `placement_inputs` reads for the wave (the read is timed
  apart, the solve without any database access);
- `allocate`: `python manage.py allocate --wave CODE --json` as a child process, wall time from
  its start to its exit; its peak memory is the child's (RUSAGE_CHILDREN);
- `confirm`: `confirm_run` of that run (every placed enrolment to `placed`, the other runs
  discarded, the notification task queued);
- `naive`: the baseline on the second wave: its placements solved (not timed), then written the
  obvious way, one `Placement.objects.create` and one `transition` per row, in one transaction.
"""

import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from bench.selection_load import places

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = int(os.environ.get("BENCH_PLACEMENT_PEOPLE", "100000"))
COHORTS = int(os.environ.get("BENCH_PLACEMENT_COHORTS", "11000"))
SAMPLE = int(os.environ.get("BENCH_PLACEMENT_SAMPLE", "2000"))
WAVE = "BENCH-P-2026-1"
NAIVE_WAVE = "BENCH-P-2026-N"
WINDOW = (date(2026, 1, 5), date(2026, 6, 26))
SEED = 20260105
# Business interests: KBLI subclasses and divisions near the catalogue's courses, and none.
INTERESTS = ["10710", "10794", "56210", "47", "96", "13", "14", "01", "45", None]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _wave(programme, code: str, target: int):
    from wirausaha.programs.models import Wave

    return Wave.objects.create(
        programme=programme,
        code=code,
        name=code,
        opens_on=date(2025, 10, 1),
        closes_on=date(2025, 10, 31),
        selection_date=date(2025, 11, 10),
        training_starts_on=WINDOW[0],
        training_ends_on=WINDOW[1],
        target=target,
        status=Wave.Status.SELECTED,
        seed_source="Lotto 2025-11-09: 01 07 19 22 38 41",
    )


def _cohorts(rng: random.Random) -> int:
    from wirausaha.centres.catalogue import COURSES
    from wirausaha.centres.models import Cohort, Course, TrainingCentre
    from wirausaha.centres.synthetic import GOVERNMENT_KINDS, add_weekdays, cohort_code, training_days

    courses = list(
        Course.objects.order_by("code").values_list("pk", "code", "technical_jp", "entrepreneurship_jp")
    )
    community = {row[0] for row in COURSES if row[6]}
    centres = list(TrainingCentre.objects.order_by("pk").values_list("pk", "kind"))
    counts = [rng.randint(2, 6) if kind in GOVERNMENT_KINDS else rng.randint(1, 4) for _, kind in centres]
    # Scale to COHORTS, keeping each centre's share.
    scale = COHORTS / sum(counts)
    counts = [max(0, round(n * scale)) for n in counts]
    while sum(counts) > COHORTS:
        pick = rng.randrange(len(counts))
        counts[pick] -= 1 if counts[pick] > 0 else 0
    while sum(counts) < COHORTS:
        counts[rng.randrange(len(counts))] += 1
    mondays = [WINDOW[0] + timedelta(weeks=w) for w in range(0, 14, 2)]
    rows = []
    for (centre_id, kind), count in zip(centres, counts, strict=True):
        offers = [c for c in courses if kind in GOVERNMENT_KINDS or c[1] in community]
        for number in range(1, count + 1):
            course_id, _code, technical, business = rng.choice(offers)
            starts = rng.choice(mondays)
            ends = add_weekdays(starts, training_days(technical + business))
            if ends > WINDOW[1]:
                starts = mondays[0]
                ends = add_weekdays(starts, training_days(technical + business))
            rows.append(
                Cohort(
                    centre_id=centre_id,
                    course_id=course_id,
                    code=cohort_code(centre_id, number),
                    starts_on=starts,
                    ends_on=ends,
                    seats=16,
                    status=Cohort.Status.PLANNED,
                )
            )
    Cohort.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def build() -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from wirausaha.centres.loaders import load_courses, load_demo_centres, load_kemnaker_centres
    from wirausaha.centres.models import TrainingCentre
    from wirausaha.programs.actions import pseudonym_for
    from wirausaha.programs.models import Enrolment, EnrolmentState, Programme
    from wirausaha.registry.consent import CONSENT_VERSION
    from wirausaha.registry.models import Participant, Source, Verification
    from wirausaha.registry.nik import build_nik

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_reference", verbosity=0, stdout=quiet)
    load_kemnaker_centres()
    load_demo_centres()
    load_courses()
    rng = random.Random(SEED)
    cohorts = _cohorts(rng)

    provinces, weights, villages = places(rng)
    serials: Counter = Counter()
    consent_at = timezone.now()
    people = []
    for i, province in enumerate(rng.choices(provinces, weights, k=PEOPLE)):
        village = rng.choice(villages[province])
        sex = rng.choice("MF")
        birth = date(1966, 1, 1) + timedelta(days=rng.randrange(40 * 365))
        key = (village[:8], birth, sex)
        serials[key] += 1
        people.append(
            Participant(
                nik=build_nik(district=village[:8], birth_date=birth, sex=sex, serial=serials[key]),
                full_name=f"Peserta Uji {i:06d}",
                birth_date=birth,
                sex=sex,
                domicile_id=village,
                layoff_date=date(2025, 9, 1) - timedelta(days=rng.randrange(300)),
                business_interest_sector_id=rng.choice(INTERESTS),
                consent_version=CONSENT_VERSION,
                consent_at=consent_at,
                verification=Verification.VERIFIED,
                source=Source.IMPORT,
                is_synthetic=True,
            )
        )
        if len(people) == 20_000 or i == PEOPLE - 1:
            with transaction.atomic():
                Participant.objects.bulk_create(people, batch_size=2000)
            people = []

    programme = Programme.objects.create(code="BENCH-P", name="Placement benchmark programme")
    ids = list(Participant.objects.order_by("pk").values_list("pk", flat=True))
    for code, chosen in ((WAVE, ids), (NAIVE_WAVE, random.Random(SEED).sample(ids, min(SAMPLE, len(ids))))):
        wave = _wave(programme, code, len(chosen))
        with transaction.atomic():
            Enrolment.objects.bulk_create(
                [
                    Enrolment(
                        wave=wave,
                        participant_id=pk,
                        pseudonym=pseudonym_for(wave, pk),
                        state=EnrolmentState.SELECTED,
                        lottery_outcome="S",
                    )
                    for pk in chosen
                ],
                batch_size=2000,
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "build_s": time.perf_counter() - started,
        "people": PEOPLE,
        "centres": TrainingCentre.objects.count(),
        "cohorts": cohorts,
    }


def solve() -> dict:
    from wirausaha.allocation import optimizer
    from wirausaha.allocation.actions import (
        DEFAULT_MAX_KM,
        DEFAULT_SECTOR_MISMATCH_KM,
        placement_inputs,
    )
    from wirausaha.programs.models import Wave

    wave = Wave.objects.get(code=WAVE)
    started = time.perf_counter()
    inputs = placement_inputs(wave)
    read_s = time.perf_counter() - started
    params = optimizer.Params(max_km=DEFAULT_MAX_KM, sector_mismatch_km=DEFAULT_SECTOR_MISMATCH_KM)
    started = time.perf_counter()
    solution = optimizer.solve(inputs.people, inputs.cohorts, params=params)
    seconds = time.perf_counter() - started
    return {
        "read_s": read_s,
        "seconds": seconds,
        "solver_s": solution.seconds,
        "people": len(inputs.people) + len(inputs.no_location),
        "no_location": len(inputs.no_location),
        "cohorts": len(inputs.cohorts),
        "seats": sum(c.seats for c in inputs.cohorts),
        "placed": solution.placed,
        "rounds": solution.rounds,
        "mean_km": solution.total_km / max(solution.placed, 1),
    }


def confirm() -> dict:
    from wirausaha.allocation.actions import confirm_run
    from wirausaha.allocation.models import AllocationRun
    from wirausaha.programs.models import EnrolmentState

    run = AllocationRun.objects.filter(wave__code=WAVE, status=AllocationRun.Status.PROPOSED).latest("pk")
    started = time.perf_counter()
    run = confirm_run(run, by=None)
    seconds = time.perf_counter() - started
    placed = run.wave.enrolments.filter(state=EnrolmentState.PLACED).count()
    assert placed == run.placed, (placed, run.placed)
    return {"seconds": seconds, "placed": placed, "status": run.status}


def naive() -> dict:
    """The obvious per-row writes of a solved run, the way a first version would be written."""
    from django.db import transaction

    from wirausaha.allocation import optimizer
    from wirausaha.allocation.actions import DEFAULT_MAX_KM, DEFAULT_SECTOR_MISMATCH_KM, placement_inputs
    from wirausaha.allocation.models import AllocationRun, Placement
    from wirausaha.programs.actions import transition
    from wirausaha.programs.models import Enrolment, EnrolmentState, Wave

    wave = Wave.objects.get(code=NAIVE_WAVE)
    inputs = placement_inputs(wave)
    params = optimizer.Params(max_km=DEFAULT_MAX_KM, sector_mismatch_km=DEFAULT_SECTOR_MISMATCH_KM)
    solution = optimizer.solve(inputs.people, inputs.cohorts, params=params)
    started = time.perf_counter()
    with transaction.atomic():
        run = AllocationRun.objects.create(
            wave=wave,
            status=AllocationRun.Status.CONFIRMED,
            max_km=params.max_km,
            sector_mismatch_km=params.sector_mismatch_km,
            people=len(inputs.people),
        )
        for person in inputs.people:
            explanation = solution.explanations.get(person.id)
            if explanation is None:
                Placement.objects.create(
                    run=run, enrolment_id=person.id, unplaced_reason=solution.unplaced[person.id]
                )
                continue
            next_best = explanation.next_best
            Placement.objects.create(
                run=run,
                enrolment_id=person.id,
                cohort_id=explanation.cohort_id,
                distance_km=explanation.distance_km,
                sector_match=explanation.sector_match,
                cost=explanation.cost,
                next_best_cohort_id=next_best.cohort_id if next_best else None,
                next_best_km=next_best.distance_km if next_best else None,
                next_best_cost=next_best.cost if next_best else None,
                next_best_why_not=next_best.why_not if next_best else "",
            )
            enrolment = Enrolment.objects.get(pk=person.id)
            transition(enrolment, EnrolmentState.PLACED, by=None, reason="placed")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": len(inputs.people), "placed": solution.placed}


def main(step: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    import django

    if step == "allocate":
        # The child runs first, so that this process's own Django does not count in its peak.
        result = _allocate_then_read()
    else:
        django.setup()
        result = {"build": build, "solve": solve, "confirm": confirm, "naive": naive}[step]()
    result["peak_mb"] = result.pop("child_peak_mb", None) or peak_mb()
    print(json.dumps(result))


def _allocate_then_read() -> dict:
    import django

    command = [sys.executable, "manage.py", "allocate", "--wave", WAVE, "--json"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if done.returncode:
        raise RuntimeError(f"allocate failed:\n{done.stderr[-3000:]}")
    printed = json.loads(done.stdout.strip().splitlines()[-1])
    django.setup()
    from wirausaha.allocation.models import AllocationRun

    run = AllocationRun.objects.get(pk=printed["run"])
    return {
        "seconds": wall,
        "run": run.pk,
        "total_s": run.total_seconds,
        "solve_s": run.solve_seconds,
        "rounds": run.rounds,
        "widened": run.widened,
        "people": run.people,
        "placed": run.placed,
        "unplaced": run.unplaced,
        "reasons": printed["unplaced_reasons"],
        "mean_km": run.mean_km,
        "cohorts": run.cohorts,
        "seats": run.seats,
        "child_peak_mb": child_mb,
    }


if __name__ == "__main__":
    main(sys.argv[1])
