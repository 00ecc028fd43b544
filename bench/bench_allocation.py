"""Placement of one wave: 10,000 participants into about 4,000 cohorts of 16 seats (64,000 seats),
max 75 km, 25 km-equivalents for a sector mismatch. People and cohorts are drawn around the real
regency centroids, weighted by population and spread over each regency's area.

Compares `solve` with pruned candidates (proven optimal, widened when needed) against the same
solver on the full reachable graph, and against a naive greedy: each person, in random order, takes
the cheapest cohort with a free seat. Then the same with 700 cohorts (11,200 seats), where seats are
contested and pruning has to widen. Each method runs in its own process, which regenerates the
instance, so the peak RSS is the method's own.

`BENCH_ALLOCATION_PEOPLE` and `BENCH_ALLOCATION_COHORTS` change the sizes. Seeded: every run
generates the same instance.
"""

import csv
import json
import math
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from wirausaha.allocation.optimizer import (
    EARTH_RADIUS_KM,
    Cohort,
    Params,
    Person,
    great_circle_km,
    sectors_match,
    solve,
)

ROOT = Path(__file__).resolve().parent.parent
REGENCIES = ROOT / "wirausaha" / "reference" / "data" / "wilayah_kabupaten_kota.csv"
PEOPLE = int(os.environ.get("BENCH_ALLOCATION_PEOPLE", "10000"))
COHORTS = int(os.environ.get("BENCH_ALLOCATION_COHORTS", "4000"))
TIGHT_COHORTS = COHORTS * 7 // 40  # 700 cohorts: 11,200 seats for 10,000 people, unevenly spread
SEATS = 16
MAX_KM = 75.0
PENALTY_KM = 25.0
SEED = 20250301
# Business interests (KBLI divisions) and course sectors (KBLI groups); a course in 107 suits an
# interest in 10. One participant in ten states no interest.
INTERESTS = ["10", "47", "56", "13", "96", "01", "14", "45", None]
COURSES = ["107", "471", "561", "131", "960", "011", "141", "452", "108", "477"]


def regencies() -> list[tuple[float, float, float, int]]:
    with REGENCIES.open(newline="", encoding="utf-8") as handle:
        return [
            (float(row["lat"]), float(row["lng"]), float(row["area_km2"]), int(row["population_total"]))
            for row in csv.DictReader(handle)
        ]


def spread(rng: random.Random, places, count: int) -> list[tuple[float, float]]:
    """Points around population-weighted regency centroids, uniform on a disc of the regency's area."""
    weights = [place[3] for place in places]
    points = []
    for lat, lng, area, _ in rng.choices(places, weights=weights, k=count):
        radius = math.sqrt(area / math.pi) * math.sqrt(rng.random())
        angle = rng.uniform(0, 2 * math.pi)
        dlat = math.degrees(radius * math.cos(angle) / EARTH_RADIUS_KM)
        dlng = math.degrees(radius * math.sin(angle) / EARTH_RADIUS_KM) / math.cos(math.radians(lat))
        points.append((lat + dlat, lng + dlng))
    return points


def instance(cohort_count: int) -> tuple[list[Person], list[Cohort]]:
    rng = random.Random(SEED)
    places = regencies()
    people = [
        Person(f"p{i}", lat, lng, rng.choice(INTERESTS))
        for i, (lat, lng) in enumerate(spread(rng, places, PEOPLE))
    ]
    cohorts = [
        Cohort(f"c{i}", lat, lng, SEATS, rng.choice(COURSES))
        for i, (lat, lng) in enumerate(spread(rng, places, cohort_count))
    ]
    return people, cohorts


def greedy(people: list[Person], cohorts: list[Cohort]) -> dict:
    """Each person in turn takes the cheapest cohort with a free seat within MAX_KM."""
    cell = 0.25
    grid: dict[tuple[int, int], list[int]] = {}
    for index, cohort in enumerate(cohorts):
        grid.setdefault((math.floor(cohort.lat / cell), math.floor(cohort.lng / cell)), []).append(index)
    reach = math.degrees(MAX_KM / EARTH_RADIUS_KM)
    free = [cohort.seats for cohort in cohorts]
    placed, total_km, total_cost, arcs = 0, 0.0, 0.0, 0
    for person in random.Random(SEED + 1).sample(people, len(people)):
        half = reach / math.cos(math.radians(person.lat))
        options = []
        for i in range(math.floor((person.lat - reach) / cell), math.floor((person.lat + reach) / cell) + 1):
            for j in range(
                math.floor((person.lng - half) / cell), math.floor((person.lng + half) / cell) + 1
            ):
                for c in grid.get((i, j), ()):
                    cohort = cohorts[c]
                    km = great_circle_km(person.lat, person.lng, cohort.lat, cohort.lng)
                    if km <= MAX_KM:
                        penalty = 0.0 if sectors_match(person.sector, cohort.sector) else PENALTY_KM
                        options.append((km + penalty, c, km))
        arcs += len(options)
        best = min((option for option in options if free[option[1]]), default=None)
        if best is not None:
            free[best[1]] -= 1
            placed += 1
            total_km += best[2]
            total_cost += best[0]
    return {"arcs": arcs, "placed": placed, "total_km": total_km, "total_cost": total_cost, "note": ""}


def optimal(people: list[Person], cohorts: list[Cohort], k: int | None) -> dict:
    solution = solve(
        people, cohorts, params=Params(max_km=MAX_KM, sector_mismatch_km=PENALTY_KM, candidate_k=k)
    )
    note = f"k {k} -> {solution.pruned_k}, {solution.rounds} round(s)" if k else "full graph"
    return {
        "arcs": solution.arcs,
        "placed": solution.placed,
        "total_km": solution.total_km,
        "total_cost": solution.total_cost,
        "note": note,
        "unplaced": dict(sorted(Counter(solution.unplaced.values()).items())),
    }


def child(method: str, cohort_count: int, k: int | None) -> None:
    """Run one method on a freshly generated instance and print its measurements as JSON."""
    people, cohorts = instance(cohort_count)
    base_mb = memory_mb("VmRSS")
    started = time.perf_counter()
    result = greedy(people, cohorts) if method == "greedy" else optimal(people, cohorts, k)
    result["seconds"] = time.perf_counter() - started
    result["base_mb"] = base_mb
    result["peak_mb"] = memory_mb("VmHWM")
    print(json.dumps(result))


def in_child(method: str, cohort_count: int, k: int | None = None) -> dict:
    code = f"from bench.bench_allocation import child; child({method!r}, {cohort_count}, {k})"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def memory_mb(field: str) -> float:
    # VmHWM is the peak resident set, VmRSS the current one (Linux).
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    print(
        f"allocation: {PEOPLE:,} people; cohorts of {SEATS} seats; max {MAX_KM:g} km; sector mismatch "
        f"{PENALTY_KM:g} km; each method in its own process ({os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at the start)"
    )
    print("peak MB: the process's peak RSS, including Python, OR-Tools and the instance (base MB)")
    for cohort_count, title in ((COHORTS, "as specified"), (TIGHT_COHORTS, "contended")):
        runs = [
            ("solve, pruned k=2", in_child("solve", cohort_count, 2)),
            ("solve, pruned k=4 (default)", in_child("solve", cohort_count, 4)),
            ("solve, pruned k=8", in_child("solve", cohort_count, 8)),
            ("baseline: solve, full reachable graph", in_child("solve", cohort_count, None)),
            ("baseline: greedy, nearest free cohort", in_child("greedy", cohort_count)),
        ]
        print()
        print(f"{cohort_count:,} cohorts = {cohort_count * SEATS:,} seats for {PEOPLE:,} people ({title})")
        header = (
            f"{'method':<38} {'people':>7} {'cohorts':>7} {'arcs':>10} {'seconds':>8} {'placed':>7} "
            f"{'total km':>10} {'total cost':>10} {'peak MB':>7} {'base MB':>7}  note"
        )
        print(header)
        print("-" * len(header))
        for name, run in runs:
            print(
                f"{name:<38} {PEOPLE:>7,} {cohort_count:>7,} {run['arcs']:>10,} {run['seconds']:>8.2f} "
                f"{run['placed']:>7,} {run['total_km']:>10,.1f} {run['total_cost']:>10,.1f} "
                f"{run['peak_mb']:>7,.0f} {run['base_mb']:>7,.0f}  {run['note']}"
            )
        full = runs[3][1]
        for name, run in runs[:3]:
            same = run["placed"] == full["placed"] and abs(
                run["total_cost"] - full["total_cost"]
            ) <= 0.001 * max(1, run["placed"])
            print(f"  {name}: same optimum as the full graph: {'yes' if same else 'NO'}")
        print(f"  unplaced at the optimum, by reason: {full['unplaced']}")
        greedy_run = runs[4][1]
        print(
            f"  greedy: {full['placed'] - greedy_run['placed']:,} fewer placed, "
            f"{greedy_run['total_km'] - full['total_km']:+,.1f} km and "
            f"{greedy_run['total_cost'] - full['total_cost']:+,.1f} cost against the optimum"
        )
