"""The solve: the first arcs, then rounds of flow and optimality check until nothing fails."""

import time
from collections.abc import Sequence
from dataclasses import replace

from .arrays import _merge
from .explanations import solution_of
from .flow import _Flow
from .problem import _Problem
from .proof import _seat_values, failing_arcs
from .records import Cohort, Params, Person, Solution, _check


def solve(people: Sequence[Person], cohorts: Sequence[Cohort], *, params: Params) -> Solution:
    """Assign each person at most one seat: place as many people as possible, then minimise total
    cost, never sending anyone further than `params.max_km`. The result is proven optimal even though
    only part of the graph is solved (see the package docstring). Cohorts with 0 seats are ignored.
    Raises ValueError for duplicate ids, coordinates off the globe, a sector that is not a string,
    or a negative or fractional seat count."""
    clock = _Clock()
    columns = _check(people, cohorts)
    remote_ok = [bool(p.remote_ok) for p in people]
    problem = _Problem(columns, [c for c in cohorts if c.seats > 0], params, remote_ok)
    k = params.candidate_k
    arcs = problem.all_arcs() if k is None else problem.first_arcs(k)
    solver = _Flow(problem.seats, problem.size)
    rounds = 0
    while True:
        rounds += 1
        clock.lap("candidates" if rounds == 1 else "proof")
        flow = solver.solve(arcs)
        clock.lap("flow")
        if k is None:
            break
        worth, surplus = _seat_values(arcs, flow, problem.seats, problem.size, problem.largest_cost)
        missing = failing_arcs(problem, arcs, worth, surplus)
        if not len(missing.person):
            break
        arcs = _merge(problem.m, arcs, missing)
    clock.lap("proof")
    solution = solution_of(problem, arcs, flow, pruned=k is not None, rounds=rounds)
    clock.lap("explanations")
    return replace(solution, seconds=sum(clock.laps.values()), timings=clock.laps)


class _Clock:
    def __init__(self) -> None:
        self.laps = {"candidates": 0.0, "flow": 0.0, "proof": 0.0, "explanations": 0.0}
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] += now - self.last
        self.last = now
