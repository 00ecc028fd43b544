"""The exact schedule with OR-Tools CP-SAT.

Tables are interchangeable, so the model only chooses a slot for each asked-for pair: a 0/1 variable
per pair and per slot in which both sides are available. At most one slot per pair; at most one
meeting per party per slot; at most `tables` meetings per slot. Maximise the total weight. Tables are
numbered afterwards inside each slot. The greedy schedule is given as a hint, so a schedule is found
even when the time limit stops the search early; the result is checked before it is returned.
Pure: no Django import."""

import time
from collections import defaultdict

from ortools.sat.python import cp_model

from .check import InvalidSchedule, at_tables, violations, weight_of
from .greedy import first_free_slot
from .model import Instance, Schedule


def solve(instance: Instance, *, time_limit: float = 30.0, workers: int = 2) -> Schedule:
    """The heaviest schedule found within `time_limit` seconds; `optimal` when CP-SAT proved it."""
    started = time.perf_counter()
    baseline = first_free_slot(instance)
    model = cp_model.CpModel()
    chosen: dict[tuple[str, str, int], cp_model.IntVar] = {}
    by_pair: dict[tuple[str, str], list] = defaultdict(list)
    by_party_slot: dict[tuple[str, int], list] = defaultdict(list)
    by_slot: dict[int, list] = defaultdict(list)
    for (business, buyer), _weight in sorted(instance.weights.items()):
        for slot in instance.free_slots(business, buyer):
            variable = model.new_bool_var(f"{business}|{buyer}|{slot}")
            chosen[(business, buyer, slot)] = variable
            by_pair[(business, buyer)].append(variable)
            by_party_slot[(business, slot)].append(variable)
            by_party_slot[(buyer, slot)].append(variable)
            by_slot[slot].append(variable)
    for group in (*by_pair.values(), *by_party_slot.values()):
        if len(group) > 1:
            model.add_at_most_one(group)
    for group in by_slot.values():
        if len(group) > instance.tables:
            model.add(sum(group) <= instance.tables)
    if not chosen:
        return Schedule((), 0, True, time.perf_counter() - started, 0)
    model.maximize(sum(instance.weights[(b, u)] * v for (b, u, _s), v in chosen.items()))
    for m in baseline.meetings:
        model.add_hint(chosen[(m.business, m.buyer, m.slot)], 1)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, float(time_limit))
    solver.parameters.num_workers = max(1, workers)
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        meetings = at_tables([key for key, variable in chosen.items() if solver.value(variable)])
        bound = int(solver.best_objective_bound + 1e-6)
    else:
        meetings, bound = (), sum(instance.weights.values())
    weight = weight_of(instance, meetings)
    optimal = status == cp_model.OPTIMAL
    if weight < baseline.weight:
        # The search stopped before it reached the hint's weight: the baseline is the better answer.
        meetings, weight, optimal = baseline.meetings, baseline.weight, False
    broken = violations(instance, meetings)
    if broken:
        raise InvalidSchedule("; ".join(broken))
    return Schedule(meetings, weight, optimal, time.perf_counter() - started, max(bound, weight))
