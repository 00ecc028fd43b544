"""One measurement of `bench_allocation` in its own process, so that its peak memory is its own:
`python -m bench.allocation_load METHOD PEOPLE` prints one line of JSON.

The instance: about 4,330 training centres (330 government BLK with 2 to 6 cohorts each, 4,000 BLK
Komunitas with 1 to 4) and the participants, each drawn around a real regency centroid, weighted by
its population and spread uniformly over a disc of the regency's area. Every cohort has 16 seats
and a course sector; one participant in nine states no business interest. The centres are the same
for every number of participants. Seeded: every run generates the same instance.
"""

import csv
import json
import math
import os
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

from wirausaha.allocation.instance import solution_json
from wirausaha.allocation.optimizer import (
    EARTH_RADIUS_KM,
    SCALE,
    Cohort,
    Params,
    Person,
    great_circle_km,
    sectors_match,
    solve,
)

ROOT = Path(__file__).resolve().parent.parent
REGENCIES = ROOT / "wirausaha" / "reference" / "data" / "wilayah_kabupaten_kota.csv"
GOVERNMENT = 330
KOMUNITAS = int(os.environ.get("BENCH_ALLOCATION_KOMUNITAS", "4000"))
SEATS = 16
MAX_KM = 75.0
PENALTY_KM = 25.0
SEED = 20250301
# Business interests (KBLI divisions) and course sectors (KBLI groups): a course in 107 suits an
# interest in 10.
INTERESTS = ["10", "47", "56", "13", "96", "01", "14", "45", None]
COURSES = ["107", "471", "561", "131", "960", "011", "141", "452", "108", "477"]
PARAMS = Params(max_km=MAX_KM, sector_mismatch_km=PENALTY_KM)


def regencies() -> np.ndarray:
    with REGENCIES.open(newline="", encoding="utf-8") as handle:
        rows = [
            (float(row["lat"]), float(row["lng"]), float(row["area_km2"]), float(row["population_total"]))
            for row in csv.DictReader(handle)
        ]
    return np.array(rows)


def spread(rng: np.random.Generator, places: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Points around population-weighted regency centroids, uniform on a disc of the regency's area."""
    lat, lng, area, population = places.T
    chosen = rng.choice(len(places), size=count, p=population / population.sum())
    radius = np.sqrt(area[chosen] / math.pi) * np.sqrt(rng.random(count))
    angle = rng.random(count) * 2 * math.pi
    dlat = np.degrees(radius * np.cos(angle) / EARTH_RADIUS_KM)
    dlng = np.degrees(radius * np.sin(angle) / EARTH_RADIUS_KM) / np.cos(np.radians(lat[chosen]))
    return lat[chosen] + dlat, lng[chosen] + dlng


def instance(people_count: int) -> tuple[list[Person], list[Cohort]]:
    places = regencies()
    rng = np.random.default_rng(SEED)
    centres = GOVERNMENT + KOMUNITAS
    lat, lng = spread(rng, places, centres)
    runs = np.where(np.arange(centres) < GOVERNMENT, rng.integers(2, 7, centres), rng.integers(1, 5, centres))
    course = rng.integers(0, len(COURSES), int(runs.sum())).tolist()
    cohorts = []
    for centre, (centre_lat, centre_lng, count) in enumerate(
        zip(lat.tolist(), lng.tolist(), runs.tolist(), strict=True)
    ):
        for run in range(count):
            cohorts.append(
                Cohort(f"c{centre}-{run}", centre_lat, centre_lng, SEATS, COURSES[course[len(cohorts)]])
            )
    rng = np.random.default_rng([SEED, people_count])
    lat, lng = spread(rng, places, people_count)
    interest = rng.integers(0, len(INTERESTS), people_count).tolist()
    people = [
        Person(f"p{i}", a, b, INTERESTS[s])
        for i, (a, b, s) in enumerate(zip(lat.tolist(), lng.tolist(), interest, strict=True))
    ]
    return people, cohorts


def cost_of(person: Person, cohort: Cohort) -> tuple[float, float]:
    km = great_circle_km(person.lat, person.lng, cohort.lat, cohort.lng)
    return km, km + (0.0 if sectors_match(person.sector, cohort.sector) else PENALTY_KM)


def xyz(lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    lat, lng = np.radians(lat), np.radians(lng)
    return EARTH_RADIUS_KM * np.column_stack(
        [np.cos(lat) * np.cos(lng), np.cos(lat) * np.sin(lng), np.sin(lat)]
    )


def greedy(people: list[Person], cohorts: list[Cohort]) -> dict:
    """The baseline: each person, in a random order, takes the cheapest cohort that still has a free
    seat within MAX_KM (distance plus the sector penalty), or none. Exact for that rule: per course
    sector, a k-d tree of the cohorts with free seats gives each person's nearest one; the trees are
    rebuilt per batch of people, and a person whose choice filled up meanwhile asks again for as
    many nearest as have filled since."""
    from scipy.spatial import cKDTree

    order = random.Random(SEED + 1).sample(range(len(people)), len(people))
    points = xyz(np.array([p.lat for p in people]), np.array([p.lng for p in people]))
    places = xyz(np.array([c.lat for c in cohorts]), np.array([c.lng for c in cohorts]))
    sectors = sorted({c.sector for c in cohorts})
    sector_of = np.array([sectors.index(c.sector) for c in cohorts])
    penalty = {
        (interest, s): 0.0 if sectors_match(interest, sector) else PENALTY_KM
        for interest in INTERESTS
        for s, sector in enumerate(sectors)
    }
    reach = 2 * EARTH_RADIUS_KM * math.sin(MAX_KM / (2 * EARTH_RADIUS_KM)) * (1 + 1e-9)
    free = np.array([c.seats for c in cohorts])
    placed, total_km, total_cost = 0, 0.0, 0.0

    def nearest(trees, members, point, interest, skip) -> tuple[float, int]:
        # The cheapest free cohort for one person, asking each tree for `skip` + 1 neighbours.
        best = (math.inf, -1)
        for s, tree in enumerate(trees):
            if tree is None:
                continue
            k = min(skip + 1, tree.n)
            distance, found = tree.query(point, k=k, distance_upper_bound=reach)
            for d, j in zip(np.atleast_1d(distance), np.atleast_1d(found), strict=True):
                if math.isfinite(d) and free[members[s][j]] > 0:
                    best = min(
                        best,
                        (
                            2 * EARTH_RADIUS_KM * math.asin(d / (2 * EARTH_RADIUS_KM))
                            + penalty[(interest, s)],
                            members[s][j],
                        ),
                    )
                    break
        return best

    batch = 8192
    for start in range(0, len(order), batch):
        ids = np.array(order[start : start + batch])
        members = [np.flatnonzero((sector_of == s) & (free > 0)) for s in range(len(sectors))]
        trees = [cKDTree(places[m]) if len(m) else None for m in members]
        best_cost = np.full(len(ids), math.inf)
        best = np.full(len(ids), -1)
        interest = [people[i].sector for i in ids.tolist()]
        for s, tree in enumerate(trees):
            if tree is None:
                continue
            distance, found = tree.query(points[ids], k=1, distance_upper_bound=reach)
            ok = np.isfinite(distance)
            km = (
                2
                * EARTH_RADIUS_KM
                * np.arcsin(np.minimum(1.0, np.where(ok, distance, 0) / (2 * EARTH_RADIUS_KM)))
            )
            cost = km + np.array([penalty[(i, s)] for i in interest])
            better = ok & (cost < best_cost)
            best_cost[better] = cost[better]
            best[better] = members[s][found[better]]
        filled = 0
        for row, person in enumerate(ids.tolist()):
            cohort = int(best[row])
            if cohort >= 0 and free[cohort] == 0:
                cohort = nearest(trees, members, points[person], interest[row], filled)[1]
            if cohort < 0:
                continue
            km, cost = cost_of(people[person], cohorts[cohort])
            if km > MAX_KM:
                continue
            free[cohort] -= 1
            filled += free[cohort] == 0
            placed += 1
            total_km += km
            total_cost += cost
    return {"placed": placed, "total_km": total_km, "total_cost": total_cost}


def flow_graph(people: list[Person], cohorts: list[Cohort], assignments: dict, nearest: int = 4) -> dict:
    """A person -> cohort graph with the same optimum as the full one: each person's `nearest`
    cohorts within reach plus the optimal assignment's arcs (it contains an optimal solution, and
    no part of the full graph can do better). Costs in metres, as the solver rounds them."""
    from scipy.spatial import cKDTree

    points = xyz(np.array([p.lat for p in people]), np.array([p.lng for p in people]))
    tree = cKDTree(xyz(np.array([c.lat for c in cohorts]), np.array([c.lng for c in cohorts])))
    _, found = tree.query(points, k=nearest)
    index = {c.id: j for j, c in enumerate(cohorts)}
    arcs = {}
    for i, person in enumerate(people):
        for j in found[i].tolist():
            km, cost = cost_of(person, cohorts[j])
            if km <= MAX_KM:
                arcs[(i, j)] = round(cost * SCALE)
        if person.id in assignments:
            j = index[assignments[person.id]]
            arcs[(i, j)] = round(cost_of(person, cohorts[j])[1] * SCALE)
    return arcs


def full_graph(people: list[Person], cohorts: list[Cohort]) -> dict:
    """Every person -> cohort arc within MAX_KM."""
    from scipy.spatial import cKDTree

    points = xyz(np.array([p.lat for p in people]), np.array([p.lng for p in people]))
    tree = cKDTree(xyz(np.array([c.lat for c in cohorts]), np.array([c.lng for c in cohorts])))
    reach = 2 * EARTH_RADIUS_KM * math.sin(MAX_KM / (2 * EARTH_RADIUS_KM)) * (1 + 1e-9)
    arcs = {}
    for i, found in enumerate(tree.query_ball_point(points, reach)):
        for j in found:
            km, cost = cost_of(people[i], cohorts[j])
            if km <= MAX_KM:
                arcs[(i, j)] = round(cost * SCALE)
    return arcs


def networkx_flow(arcs: dict, cohorts: list[Cohort], announce=None) -> tuple[float, int, int]:
    # `announce` is called when the graph is built, just before the flow starts.
    import networkx

    graph = networkx.DiGraph()
    graph.add_edges_from((("p", i), ("c", j), {"capacity": 1, "weight": w}) for (i, j), w in arcs.items())
    graph.add_edges_from(("s", ("p", i), {"capacity": 1, "weight": 0}) for i in {i for i, _ in arcs})
    graph.add_edges_from(
        (("c", j), "t", {"capacity": cohorts[j].seats, "weight": 0}) for j in {j for _, j in arcs}
    )
    if announce:
        announce()
    started = time.perf_counter()
    flow = networkx.max_flow_min_cost(graph, "s", "t")
    seconds = time.perf_counter() - started
    return seconds, sum(flow["s"].values()), networkx.cost_of_flow(graph, flow)


def ortools_flow(arcs: dict, cohorts: list[Cohort]) -> tuple[float, int, int]:
    # OR-Tools on the same graph in one call, as networkx gets it (the solver splits it into parts).
    from ortools.graph.python import min_cost_flow

    pairs = np.array(list(arcs), dtype=np.int64).reshape(-1, 2)
    people, person = np.unique(pairs[:, 0], return_inverse=True)
    n, m = len(people), len(cohorts)
    started = time.perf_counter()
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([person + 1, np.zeros(n, np.int64), n + 1 + np.arange(m)]),
        np.concatenate([n + 1 + pairs[:, 1], np.arange(1, n + 1), np.full(m, n + m + 1)]),
        np.concatenate([np.ones(len(pairs) + n, np.int64), [c.seats for c in cohorts]]),
        np.concatenate([np.array(list(arcs.values()), np.int64), np.zeros(n + m, np.int64)]),
    )
    flow.set_nodes_supplies(np.array([0, n + m + 1]), np.array([n, -n]))
    flow.solve_max_flow_with_min_cost()
    return time.perf_counter() - started, flow.maximum_flow(), flow.optimal_cost()


def measure(method: str, people_count: int) -> dict:
    started = time.perf_counter()
    people, cohorts = instance(people_count)
    result = {
        "build": time.perf_counter() - started,
        "cohorts": len(cohorts),
        "seats": sum(c.seats for c in cohorts),
        "base_mb": memory_mb("VmRSS"),
    }
    if method in ("solve", "full", "networkx"):
        params = PARAMS if method != "full" else Params(MAX_KM, PENALTY_KM, candidate_k=None)
        solution = solve(people, cohorts, params=params)
        started = time.perf_counter()
        written = json.dumps(solution_json(solution, details=True), ensure_ascii=False)
        result["write"] = time.perf_counter() - started
        result["write_mb"] = len(written.encode()) / 2**20
        del written
        reasons: dict[str, int] = {}
        for reason in solution.unplaced.values():
            reasons[reason] = reasons.get(reason, 0) + 1
        result |= {
            "solve": solution.seconds,
            "timings": solution.timings,
            "placed": solution.placed,
            "total_km": solution.total_km,
            "total_cost": solution.total_cost,
            "unit_cost": sum(round(e.cost * SCALE) for e in solution.explanations.values()),
            "arcs": solution.arcs,
            "rounds": solution.rounds,
            "unplaced": reasons,
        }
        if method == "networkx":
            arcs = flow_graph(people, cohorts, solution.assignments)
            result["graph_arcs"] = len(arcs)
            result["ortools"] = ortools_flow(arcs, cohorts)
            result["networkx"] = networkx_flow(arcs, cohorts)
    elif method == "networkx_full":
        arcs = full_graph(people, cohorts)
        result["graph_arcs"] = len(arcs)

        def announce() -> None:
            # When the flow started (CLOCK_MONOTONIC, the same in every process), in case it does not
            # finish.
            print(json.dumps(result | {"flow_started": time.monotonic()}), flush=True)

        result["networkx"] = networkx_flow(arcs, cohorts, announce)
    elif method == "greedy":
        started = time.perf_counter()
        result |= greedy(people, cohorts)
        result["solve"] = time.perf_counter() - started
    else:
        raise SystemExit(f"unknown method {method!r}")
    result["peak_mb"] = memory_mb("VmHWM")
    return result


def memory_mb(field: str) -> float:
    # VmHWM is the peak resident set, VmRSS the current one (Linux).
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], int(sys.argv[2]))))
