import itertools
import math
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wirausaha.allocation.optimizer import (
    EARTH_RADIUS_KM,
    SCALE,
    Alternative,
    Cohort,
    Params,
    Person,
    describe_unplaced,
    great_circle_km,
    sectors_match,
    solve,
)

KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180


def at(x_km: float, y_km: float = 0.0) -> tuple[float, float]:
    # Near (0, 0) a degree is KM_PER_DEGREE along both axes, so small layouts can be drawn in km.
    # Along the equator (y = 0) the great-circle distance is exactly |dx|.
    return y_km / KM_PER_DEGREE, x_km / KM_PER_DEGREE


def person(id_: str, x_km: float, y_km: float = 0.0, sector: str | None = None) -> Person:
    return Person(id_, *at(x_km, y_km), sector)


def cohort(id_: str, x_km: float, y_km: float = 0.0, seats: int = 1, sector: str | None = None) -> Cohort:
    return Cohort(id_, *at(x_km, y_km), seats, sector)


def unit_cost(p: Person, c: Cohort, params: Params) -> int:
    km = great_circle_km(p.lat, p.lng, c.lat, c.lng)
    return round((km + (0 if sectors_match(p.sector, c.sector) else params.sector_mismatch_km)) * SCALE)


def reachable(p: Person, c: Cohort, params: Params) -> bool:
    return c.seats > 0 and great_circle_km(p.lat, p.lng, c.lat, c.lng) <= params.max_km


def brute_force(people, cohorts, params, *, k: int | None = None) -> tuple[int, int]:
    """(placed, total unit cost) of the lexicographic optimum, by trying every assignment. With `k`,
    each person may use only their k cheapest cohorts: the pruned graph's own optimum."""
    options = []
    for p in people:
        mine = sorted((unit_cost(p, c, params), i) for i, c in enumerate(cohorts) if reachable(p, c, params))
        options.append([None, *(i for _, i in mine[:k])])
    best = (0, 0)
    for choice in itertools.product(*options):
        load = Counter(i for i in choice if i is not None)
        if any(load[i] > cohorts[i].seats for i in load):
            continue
        cost = sum(
            unit_cost(p, cohorts[i], params) for p, i in zip(people, choice, strict=True) if i is not None
        )
        placed = sum(load.values())
        if (placed, -cost) > (best[0], -best[1]):
            best = (placed, cost)
    return best


def total_unit_cost(solution) -> int:
    return sum(round(e.cost * SCALE) for e in solution.explanations.values())


def check_feasible(solution, people, cohorts, params) -> None:
    by_id = {c.id: c for c in cohorts}
    load = Counter(solution.assignments.values())
    assert all(load[c] <= by_id[c].seats for c in load)
    assert set(solution.assignments) | set(solution.unplaced) == {p.id for p in people}
    assert not set(solution.assignments) & set(solution.unplaced)
    for p in people:
        if p.id in solution.assignments:
            assert (
                great_circle_km(
                    p.lat, p.lng, by_id[solution.assignments[p.id]].lat, by_id[solution.assignments[p.id]].lng
                )
                <= params.max_km
            )
            continue
        within = [c for c in cohorts if reachable(p, c, params)]
        if solution.unplaced[p.id] == "no_cohort_within_max_km":
            assert not within
        else:
            assert solution.unplaced[p.id] == "all_reachable_cohorts_full"
            assert within
            assert all(load[c.id] == c.seats for c in within)


# Sectors


@pytest.mark.parametrize(
    ("a", "b", "match"),
    [
        ("10", "107", True),
        ("107", "10", True),
        ("107", "107", True),
        ("1", "10792", True),
        ("10", "11", False),
        ("107", "108", False),
        ("47", "107", False),
        (" 10 ", "107", True),
        ("c", "C", True),
        ("C", "10", False),  # a kategori letter matches only itself, not its divisions
        (None, "107", True),  # no stated interest is never penalised
        ("", "107", True),
        ("10", None, True),  # nor is a general course
        ("10", "  ", True),
        (None, None, True),
    ],
)
def test_sectors_match_when_one_kbli_code_is_a_prefix_of_the_other(a, b, match):
    assert sectors_match(a, b) is match


@pytest.mark.parametrize(
    ("penalty", "chosen"),
    [
        (25.0, "B"),  # A: 10 km + 25 = 35 against B: 20 km in the right sector
        (5.0, "A"),  # A: 10 km + 5 = 15 against 20
        (0.0, "A"),
    ],
)
def test_sector_mismatch_costs_its_penalty_in_km(penalty, chosen):
    people = [person("p", 0, sector="10")]
    cohorts = [cohort("A", 10, sector="47"), cohort("B", -20, sector="107")]

    solution = solve(people, cohorts, params=Params(max_km=75, sector_mismatch_km=penalty))

    assert solution.assignments == {"p": chosen}
    explanation = solution.explanations["p"]
    assert explanation.sector_match is (chosen == "B")
    assert explanation.cost == pytest.approx(explanation.distance_km + (0 if chosen == "B" else penalty))


# Small instances with a known optimum


def test_optimum_places_everyone_where_nearest_first_leaves_someone_out():
    # Nearest first gives p1 the seat in A (5 km); p2 can reach nothing else (B is 90 km away).
    people = [person("p1", 0), person("p2", 60)]
    cohorts = [cohort("A", 5), cohort("B", -30)]

    solution = solve(people, cohorts, params=Params(max_km=75))

    assert solution.assignments == {"p1": "B", "p2": "A"}
    assert solution.unplaced == {}
    assert solution.total_km == pytest.approx(30 + 55)


def test_placing_one_more_person_beats_any_saving():
    # Sending p1 to B costs 74 km plus a 10,000 km-equivalent sector penalty instead of 1 km to A,
    # and it is still the optimum because otherwise p2 has no seat.
    people = [person("p1", 0, sector="10"), person("p2", 3, sector="10")]
    cohorts = [cohort("A", 1, sector="10"), cohort("B", -74, sector="47")]

    solution = solve(people, cohorts, params=Params(max_km=75, sector_mismatch_km=10_000))

    assert solution.assignments == {"p1": "B", "p2": "A"}
    assert solution.total_cost == pytest.approx(74 + 10_000 + 2)
    assert solution.total_km == pytest.approx(76)


@pytest.mark.parametrize(
    ("distance_km", "placed"),
    [(74.999, True), (75.001, False), (0.0, True)],
)
def test_max_km_is_inclusive(distance_km, placed):
    solution = solve([person("p", 0)], [cohort("A", distance_km)], params=Params(max_km=75))

    assert (solution.placed == 1) is placed
    if not placed:
        assert solution.unplaced == {"p": "no_cohort_within_max_km"}


def test_seats_are_never_used_twice():
    people = [person(f"p{i}", 0) for i in range(5)]
    cohorts = [cohort("A", 1, seats=2), cohort("B", 2, seats=1), cohort("C", 100, seats=10)]

    solution = solve(people, cohorts, params=Params(max_km=75))

    assert Counter(solution.assignments.values()) == {"A": 2, "B": 1}
    # The five are alike, so which two wait is a tie the solver breaks.
    assert list(solution.unplaced.values()) == ["all_reachable_cohorts_full"] * 2


def test_cohorts_without_seats_are_ignored():
    solution = solve([person("p", 0)], [cohort("A", 1, seats=0)], params=Params(max_km=75))

    assert solution.unplaced == {"p": "no_cohort_within_max_km"}


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        ("no_cohort_within_max_km", "no cohort within 75 km"),
        ("all_reachable_cohorts_full", "every cohort within 75 km is full"),
    ],
)
def test_unplaced_reasons_have_english_texts(reason, text):
    assert describe_unplaced(reason, max_km=75.0) == text


def test_an_empty_wave_places_nobody():
    assert solve([], [cohort("A", 0)], params=Params(max_km=75)).placed == 0
    solution = solve([person("p", 0)], [], params=Params(max_km=75))
    assert solution.unplaced == {"p": "no_cohort_within_max_km"}


@pytest.mark.parametrize(
    ("where", "centre"),
    [
        ((0.0, 179.9), (0.0, -179.9)),  # across the antimeridian
        ((-8.0, -179.95), (-8.1, 179.95)),
        ((89.9, 0.0), (89.9, 180.0)),  # across the north pole
        ((-89.95, 45.0), (-89.95, -135.0)),
    ],
)
def test_cohorts_across_the_antimeridian_and_the_poles_are_found(where, centre):
    solution = solve(
        [Person("p", *where)], [Cohort("A", *centre, 1)], params=Params(max_km=30, candidate_k=1)
    )

    assert solution.assignments == {"p": "A"}
    assert solution.total_km == pytest.approx(great_circle_km(*where, *centre))


# Explanations


def test_explanation_names_a_cheaper_cohort_as_full():
    people = [person("p1", 0), person("p2", 60)]
    cohorts = [cohort("A", 5), cohort("B", -30)]

    solution = solve(people, cohorts, params=Params(max_km=75))

    p1 = solution.explanations["p1"]
    assert (p1.cohort_id, p1.distance_km, p1.sector_match) == ("B", pytest.approx(30), True)
    cohort_id, distance_km, cost, why_not = p1.next_best
    assert (cohort_id, distance_km, cost, why_not) == ("A", pytest.approx(5), pytest.approx(5), "full")
    # B is 90 km from p2, beyond reach: there is no alternative.
    assert solution.explanations["p2"].next_best is None


@pytest.mark.parametrize(
    ("second_at", "why_not"),
    [(-10.0, "costlier"), (-5.0, "equal_cost")],
)
def test_explanation_names_the_next_best_cohort(second_at, why_not):
    solution = solve([person("p", 0)], [cohort("A", 5), cohort("B", second_at)], params=Params(max_km=75))

    assert solution.explanations["p"].next_best == Alternative(
        "B", pytest.approx(abs(second_at)), pytest.approx(abs(second_at)), why_not
    )


# Pruning is proven, and widened when it would lose the optimum


def test_pruning_widens_when_the_nearest_cohorts_would_leave_someone_out():
    # Both people have A as their only candidate at k=1, so one of them would be left out.
    people = [person("p1", 0), person("p2", 60)]
    cohorts = [cohort("A", 5), cohort("B", -30)]
    params = Params(max_km=75, candidate_k=1)
    assert brute_force(people, cohorts, params, k=1)[0] == 1

    solution = solve(people, cohorts, params=params)

    assert solution.widened
    assert solution.pruned_k == 2
    assert (solution.placed, total_unit_cost(solution)) == brute_force(people, cohorts, params)


def test_pruning_widens_when_the_nearest_cohorts_would_cost_more():
    # At k=2 everyone is placed, but p1 takes A or C, the only seats p2 and p3 can use apart from
    # their far-away X and Y. B, p1's third choice at 1.1 km, frees them both.
    people = [person("p1", 0, 0), person("p2", 8, 5), person("p3", -8, 5)]
    cohorts = [
        cohort("A", 1, 0),
        cohort("C", -1.05, 0),
        cohort("B", 0, -1.1),
        cohort("X", 8, 14.5),
        cohort("Y", -8, 14.5),
    ]
    params = Params(max_km=10, candidate_k=2)
    pruned, full = brute_force(people, cohorts, params, k=2), brute_force(people, cohorts, params)
    assert pruned[0] == full[0] == 3
    assert pruned[1] > full[1]

    solution = solve(people, cohorts, params=params)

    assert solution.widened
    assert solution.assignments == {"p1": "B", "p2": "A", "p3": "C"}
    assert (solution.placed, total_unit_cost(solution)) == full


def test_pruning_that_loses_nothing_is_not_widened():
    people = [person(f"p{i}", i) for i in range(4)]
    cohorts = [cohort(f"c{i}", i + 0.5, seats=2) for i in range(6)]

    solution = solve(people, cohorts, params=Params(max_km=75, candidate_k=1))

    assert not solution.widened
    assert (solution.pruned_k, solution.rounds, solution.arcs) == (1, 1, 4)


sectors = st.sampled_from([None, "10", "107", "108", "47", "471", "56"])


@st.composite
def instances(draw, *, max_people: int, max_cohorts: int, max_seats: int):
    # A 40 km x 40 km box, so most pairs are within reach and seats are contested.
    place = st.tuples(st.floats(0, 40), st.floats(0, 40))
    people = [
        person(f"p{i}", *draw(place), sector=draw(sectors)) for i in range(draw(st.integers(0, max_people)))
    ]
    cohorts = [
        cohort(f"c{i}", *draw(place), seats=draw(st.integers(0, max_seats)), sector=draw(sectors))
        for i in range(draw(st.integers(0, max_cohorts)))
    ]
    params = Params(max_km=draw(st.floats(3, 45)), sector_mismatch_km=draw(st.sampled_from([0.0, 5.0, 30.0])))
    return people, cohorts, params


@settings(max_examples=150, deadline=None)
@given(instances(max_people=60, max_cohorts=15, max_seats=4), st.integers(1, 3))
def test_pruned_solve_reaches_the_unpruned_optimum(instance, k):
    people, cohorts, params = instance

    pruned = solve(people, cohorts, params=Params(params.max_km, params.sector_mismatch_km, candidate_k=k))
    full = solve(people, cohorts, params=Params(params.max_km, params.sector_mismatch_km, candidate_k=None))

    check_feasible(pruned, people, cohorts, params)
    check_feasible(full, people, cohorts, params)
    assert pruned.placed == full.placed
    assert total_unit_cost(pruned) == total_unit_cost(full)
    assert pruned.total_cost == pytest.approx(full.total_cost, abs=0.001 * max(1, full.placed))


@settings(max_examples=150, deadline=None)
@given(instances(max_people=6, max_cohorts=3, max_seats=2), st.integers(1, 2))
def test_solve_matches_an_exhaustive_search(instance, k):
    people, cohorts, params = instance

    solution = solve(people, cohorts, params=Params(params.max_km, params.sector_mismatch_km, candidate_k=k))

    check_feasible(solution, people, cohorts, params)
    assert (solution.placed, total_unit_cost(solution)) == brute_force(people, cohorts, params)
    for explanation in solution.explanations.values():
        if explanation.next_best is not None and explanation.next_best.why_not == "full":
            assert explanation.next_best.cost < explanation.cost
            assert Counter(solution.assignments.values())[explanation.next_best.cohort_id] == next(
                c.seats for c in cohorts if c.id == explanation.next_best.cohort_id
            )


# The same input gives the same answer


def scattered(seed: int, people_count: int, cohort_count: int) -> tuple[list[Person], list[Cohort]]:
    # An 80 km square with more people than seats, and several cohorts at some centres.
    rng = random.Random(seed)
    people = [
        person(f"p{i}", rng.uniform(0, 80), rng.uniform(0, 80), rng.choice([None, "10", "47"]))
        for i in range(people_count)
    ]
    centres = [(rng.uniform(0, 80), rng.uniform(0, 80)) for _ in range(cohort_count // 2)]
    cohorts = [
        cohort(
            f"c{j}", *rng.choice(centres), seats=rng.randint(1, 8), sector=rng.choice([None, "107", "471"])
        )
        for j in range(cohort_count)
    ]
    return people, cohorts


def test_the_same_input_gives_the_same_placement_and_explanations():
    people, cohorts = scattered(7, 600, 60)
    params = Params(max_km=25, sector_mismatch_km=10, candidate_k=2)

    first, second = solve(people, cohorts, params=params), solve(people, cohorts, params=params)

    assert first.widened
    assert first.assignments == second.assignments
    assert first.explanations == second.explanations
    assert first.unplaced == second.unplaced


def test_the_order_of_the_input_changes_neither_how_many_are_placed_nor_the_cost():
    people, cohorts = scattered(8, 600, 60)
    params = Params(max_km=25, sector_mismatch_km=10, candidate_k=2)
    rng = random.Random(1)

    given = solve(people, cohorts, params=params)
    shuffled = solve(rng.sample(people, len(people)), rng.sample(cohorts, len(cohorts)), params=params)

    assert shuffled.placed == given.placed
    assert total_unit_cost(shuffled) == total_unit_cost(given)
    assert Counter(shuffled.unplaced.values()) == Counter(given.unplaced.values())


def test_people_at_one_place_take_the_nearer_seats_in_their_given_order_and_the_rest_wait():
    # Forty people of one village (one district centroid, one interest) and two cohorts of 16.
    village = [person(f"p{i:02d}", 0.0) for i in range(40)]
    near, far = cohort("near", 5.0, seats=16), cohort("far", 20.0, seats=16)

    solution = solve(village, [far, near], params=Params(max_km=30))

    assert [solution.assignments.get(p.id) for p in village] == ["near"] * 16 + ["far"] * 16 + [None] * 8
    assert solution.unplaced == {f"p{i}": "all_reachable_cohorts_full" for i in range(32, 40)}
    assert solution.total_km == pytest.approx(16 * 5.0 + 16 * 20.0)
    assert solution.explanations["p00"].next_best == Alternative(
        "far", pytest.approx(20.0), pytest.approx(20.0), "costlier"
    )
    assert solution.explanations["p31"].next_best == Alternative(
        "near", pytest.approx(5.0), pytest.approx(5.0), "full"
    )
    assert solution.arcs == 2  # one arc per cohort for the whole village
