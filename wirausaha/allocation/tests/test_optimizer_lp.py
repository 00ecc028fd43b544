"""The optimizer against an independent exact solver: SciPy's linear programming (HiGHS).

The placement LP has a variable x[p, c] in [0, 1] for each person and each cohort within max_km, at
most one seat per person and at most `seats` people per cohort. Its constraint matrix is totally
unimodular, so the LP optimum is integral. The lexicographic objective is solved in two stages:
first the most people placed, then, with that count fixed, the least total cost in whole metres.
"""

import math
import random
from collections import Counter

import numpy as np
import pytest
from scipy.optimize import linprog
from scipy.sparse import coo_array

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

KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180
INTERESTS = [None, "10", "47", "56", "01"]
COURSES = [None, "107", "108", "471", "561", "011", "96"]


def unit_cost(p: Person, c: Cohort, params: Params) -> int:
    km = great_circle_km(p.lat, p.lng, c.lat, c.lng)
    return round((km + (0 if sectors_match(p.sector, c.sector) else params.sector_mismatch_km)) * SCALE)


def reachable(p: Person, c: Cohort, params: Params) -> bool:
    return c.seats > 0 and great_circle_km(p.lat, p.lng, c.lat, c.lng) <= params.max_km


def lp_optimum(people, cohorts, params) -> tuple[int, int]:
    """(placed, total cost in metres) of the lexicographic optimum, by HiGHS."""
    pairs = [(i, j) for i, p in enumerate(people) for j, c in enumerate(cohorts) if reachable(p, c, params)]
    if not pairs:
        return 0, 0
    rows, cols = np.array(pairs).T
    count = len(pairs)
    # Rows 0..n-1: one seat per person; rows n..n+m-1: a cohort's seats.
    matrix = coo_array(
        (np.ones(2 * count), (np.r_[rows, len(people) + cols], np.r_[np.arange(count), np.arange(count)])),
        shape=(len(people) + len(cohorts), count),
    )
    limits = np.r_[np.ones(len(people)), [c.seats for c in cohorts]]
    most = linprog(-np.ones(count), A_ub=matrix, b_ub=limits, bounds=(0, 1), method="highs")
    assert most.status == 0, most.message
    placed = round(-most.fun)
    costs = np.array([unit_cost(people[i], cohorts[j], params) for i, j in pairs], float)
    cheapest = linprog(
        costs,
        A_ub=matrix,
        b_ub=limits,
        A_eq=np.ones((1, count)),
        b_eq=[placed],
        bounds=(0, 1),
        method="highs",
    )
    assert cheapest.status == 0, cheapest.message
    assert np.allclose(cheapest.x, np.round(cheapest.x), atol=1e-6)  # integral, as unimodularity says
    return placed, round(cheapest.fun)


def at(rng: random.Random, x_km: float, y_km: float, origin: tuple[float, float]) -> tuple[float, float]:
    lat = origin[0] + y_km / KM_PER_DEGREE
    lng = origin[1] + x_km / (KM_PER_DEGREE * math.cos(math.radians(lat)))
    return lat, (lng + 180) % 360 - 180


def random_instance(seed: int) -> tuple[list[Person], list[Cohort], Params]:
    """People and cohorts in a box of a few tens of km, sometimes in two far-apart towns, near the
    antimeridian now and then. Some people share a spot, some cohorts share a centre, and some
    positions lie on a whole-km lattice, so that ties are common."""
    rng = random.Random(seed)
    origin = rng.choice([(-6.2, 106.8), (0.0, 0.0), (-8.5, 179.9), (3.6, 98.7)])
    size = rng.choice([10, 25, 40])
    towns = [origin] if rng.random() < 0.7 else [origin, (origin[0] + 3, origin[1] - 3)]
    lattice = rng.random() < 0.3

    def spot() -> tuple[float, float]:
        x, y = rng.uniform(0, size), rng.uniform(0, size)
        if lattice:
            x, y = round(x), round(y)
        return at(rng, x, y, rng.choice(towns))

    people_spots = [spot() for _ in range(rng.randint(1, 25))]
    people = [
        Person(f"p{i}", *rng.choice(people_spots), rng.choice(INTERESTS)) for i in range(rng.randint(0, 60))
    ]
    centres = [spot() for _ in range(rng.randint(1, 8))]
    cohorts = [
        Cohort(f"c{j}", *rng.choice(centres), rng.randint(0, 5), rng.choice(COURSES))
        for j in range(rng.randint(0, 16))
    ]
    params = Params(
        max_km=rng.choice([3.0, 8.0, 15.0, 30.0, 60.0]),
        sector_mismatch_km=rng.choice([0.0, 5.0, 30.0]),
        candidate_k=rng.choice([1, 2, 4, None]),
    )
    return people, cohorts, params


def check_solution(solution, people, cohorts, params) -> None:
    """Capacities, reach and reasons hold, and each explanation is right."""
    by_id = {c.id: c for c in cohorts}
    load = Counter(solution.assignments.values())
    assert all(load[c] <= by_id[c].seats for c in load)
    assert set(solution.assignments) | set(solution.unplaced) == {p.id for p in people}
    assert not set(solution.assignments) & set(solution.unplaced)
    for p in people:
        within = [c for c in cohorts if reachable(p, c, params)]
        if p.id in solution.unplaced:
            if within:
                assert solution.unplaced[p.id] == "all_reachable_cohorts_full"
                assert all(load[c.id] == c.seats for c in within)
            else:
                assert solution.unplaced[p.id] == "no_cohort_within_max_km"
            continue
        own = by_id[solution.assignments[p.id]]
        assert own in within
        explanation = solution.explanations[p.id]
        assert explanation.cohort_id == own.id
        assert explanation.distance_km == pytest.approx(great_circle_km(p.lat, p.lng, own.lat, own.lng))
        assert explanation.sector_match is sectors_match(p.sector, own.sector)
        assert round(explanation.cost * SCALE) == unit_cost(p, own, params)
        others = [c for c in within if c.id != own.id]
        if not others:
            assert explanation.next_best is None
            continue
        cheapest = min(unit_cost(p, c, params) for c in others)
        alternative = explanation.next_best
        assert alternative is not None
        other = by_id[alternative.cohort_id]
        assert other in others
        assert round(alternative.cost * SCALE) == unit_cost(p, other, params) == cheapest
        own_cost = unit_cost(p, own, params)
        expected = "full" if cheapest < own_cost else "equal_cost" if cheapest == own_cost else "costlier"
        assert alternative.why_not == expected
        if expected == "full":
            # A cheaper cohort with a free seat would have lowered the optimum.
            assert load[other.id] == other.seats


def assert_optimal(people, cohorts, params) -> None:
    """The solver's count and rounded cost equal the LP optimum's, and the solution checks out."""
    solution = solve(people, cohorts, params=params)
    assert (
        solution.placed,
        sum(round(e.cost * SCALE) for e in solution.explanations.values()),
    ) == lp_optimum(people, cohorts, params)
    check_solution(solution, people, cohorts, params)


@pytest.mark.parametrize("seed", range(200))
def test_solve_matches_linear_programming_on_random_instances(seed):
    people, cohorts, params = random_instance(seed)

    solution = solve(people, cohorts, params=params)

    placed, cost = lp_optimum(people, cohorts, params)
    assert solution.placed == placed
    assert sum(round(e.cost * SCALE) for e in solution.explanations.values()) == cost
    # The reported total adds unrounded costs: within half a metre per person of the rounded sum.
    assert abs(solution.total_cost - cost / SCALE) <= 0.0005 * solution.placed + 1e-9
    check_solution(solution, people, cohorts, params)


def worldwide_instance(seed: int) -> tuple[list[Person], list[Cohort], Params]:
    """Points anywhere on the globe, a fifth of them at or next to a pole and a fifth on the
    antimeridian, with a reach from 10 m to more than half the Earth's circumference."""
    rng = random.Random(seed)

    def spot() -> tuple[float, float]:
        draw = rng.random()
        if draw < 0.2:
            return rng.choice([-90.0, -89.99, 89.99, 90.0]), rng.uniform(-180, 180)
        if draw < 0.4:
            return rng.uniform(-60, 60), rng.choice([-180.0, -179.999, 179.999, 180.0])
        return rng.uniform(-90, 90), rng.uniform(-180, 180)

    people = [Person(f"p{i}", *spot(), rng.choice(INTERESTS)) for i in range(rng.randint(0, 40))]
    cohorts = [
        Cohort(f"c{j}", *spot(), rng.randint(0, 3), rng.choice(COURSES)) for j in range(rng.randint(0, 12))
    ]
    params = Params(
        max_km=rng.choice([0.01, 500.0, 5000.0, 20000.0, 30000.0]),
        sector_mismatch_km=rng.choice([0.0, 100.0]),
        candidate_k=rng.choice([1, 2, None]),
    )
    return people, cohorts, params


@pytest.mark.parametrize("seed", range(60))
def test_solve_matches_linear_programming_anywhere_on_the_globe(seed):
    people, cohorts, params = worldwide_instance(seed)

    assert_optimal(people, cohorts, params)


def contested_instance(seed: int, people_count: int, cohort_count: int) -> tuple[list, list, Params]:
    # More people than seats in a 60 km box: pruning has to widen, over several rounds.
    rng = random.Random(seed)
    people = [
        Person(
            f"p{i}", *at(rng, rng.uniform(0, 60), rng.uniform(0, 60), (-6.9, 107.6)), rng.choice(INTERESTS)
        )
        for i in range(people_count)
    ]
    cohorts = [
        Cohort(
            f"c{j}",
            *at(rng, rng.uniform(0, 60), rng.uniform(0, 60), (-6.9, 107.6)),
            rng.randint(1, 6),
            rng.choice(COURSES),
        )
        for j in range(cohort_count)
    ]
    return people, cohorts, Params(max_km=20, sector_mismatch_km=15, candidate_k=2)


@pytest.mark.parametrize(("seed", "people_count", "cohort_count"), [(1, 400, 40), (2, 150, 60), (3, 600, 25)])
def test_solve_matches_linear_programming_on_larger_contested_instances(seed, people_count, cohort_count):
    people, cohorts, params = contested_instance(seed, people_count, cohort_count)

    assert_optimal(people, cohorts, params)


def crowded_instance(seed: int) -> tuple[list, list, Params]:
    # Whole villages at a few district centroids, as the database gives them: groups of people who
    # cost the same everywhere, often more of them than one cohort has seats, so that the flow splits
    # a group over cohorts and leaves part of it waiting.
    rng = random.Random(seed)
    districts = [
        at(rng, rng.uniform(0, 50), rng.uniform(0, 50), (-6.9, 107.6)) for _ in range(rng.randint(1, 6))
    ]
    people = [
        Person(f"p{i}", *rng.choice(districts), rng.choice(INTERESTS[:3]))
        for i in range(rng.randint(10, 150))
    ]
    centres = [
        at(rng, rng.uniform(0, 50), rng.uniform(0, 50), (-6.9, 107.6)) for _ in range(rng.randint(1, 8))
    ]
    cohorts = [
        Cohort(f"c{j}", *rng.choice(centres), rng.randint(1, 16), rng.choice(COURSES))
        for j in range(rng.randint(1, 14))
    ]
    params = Params(
        max_km=rng.choice([10.0, 25.0, 40.0]),
        sector_mismatch_km=rng.choice([0.0, 10.0]),
        candidate_k=rng.choice([1, 2, 4]),
    )
    return people, cohorts, params


@pytest.mark.parametrize("seed", range(80))
def test_solve_matches_linear_programming_when_many_people_share_a_place(seed):
    people, cohorts, params = crowded_instance(seed)

    assert_optimal(people, cohorts, params)
