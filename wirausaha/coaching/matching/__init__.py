"""Assign graduates to counselors, exactly, with the placement optimizer
(`wirausaha.allocation.optimizer`: a min-cost max-flow with its optimality proof; no second solver).

Objective, in this order: assign as many graduates as possible, then minimise the total cost in
km-equivalents. A pair is allowed when the great-circle distance (sphere of radius 6371.0088 km)
from the graduate's district to the counselor's base is at most `max_km` (cost: the distance), or
when the graduate accepts remote coaching and the counselor coaches remotely (cost: `remote_km`);
a pair that is both costs the smaller (a tie counts as in person). `sector_mismatch_km` is added when
none of the counselor's sectors matches the graduate's (a match: one code is a prefix of the other;
a graduate with no sector matches every counselor). A counselor takes at most `capacity` graduates
(the caseload capacity left). A counselor with `"in_person": false` (default true) does not coach in
person: they only get remote pairs (modes.py).

Graduates are the optimizer's people and counselors its cohorts (capacity as seats, their sectors as
a tuple, `remote` flags on both sides). Pure: no Django import.
"""

from typing import Any

from wirausaha.allocation.optimizer import solve

from .explain import UNASSIGNED_REASONS, explanations_of
from .modes import apart
from .reading import DEFAULT_TEXT, ROOT, AssignmentInputError, problem, read_instance, read_modes


def assign(instance: Any) -> dict[str, Any]:
    """Solve an instance ({"max_km", "remote_km", "sector_mismatch_km", "graduates", "counselors"},
    see the package docstring) and return {"assigned", "unassigned", "total_cost", "total_km"
    (travelled by those coached in person), "seconds", "assignments": {graduate: counselor},
    "unassigned_reasons": {graduate: code}, "explanations": {graduate: {...}}}.
    Raises AssignmentInputError naming every bad field."""
    graduates, counselors, params, remote_only = read_modes(instance)
    solution = solve(graduates, apart(graduates, counselors, params, remote_only), params=params)
    return {
        "assigned": solution.placed,
        "unassigned": len(solution.unplaced),
        "total_cost": round(solution.total_cost, 3),
        "total_km": round(sum(e.distance_km for e in solution.explanations.values() if not e.remote), 3),
        "seconds": round(solution.seconds, 3),
        "assignments": dict(solution.assignments),
        "unassigned_reasons": {g: UNASSIGNED_REASONS[reason] for g, reason in solution.unplaced.items()},
        "explanations": explanations_of(solution, graduates, counselors, params, remote_only),
    }


__all__ = [
    "DEFAULT_TEXT",
    "ROOT",
    "UNASSIGNED_REASONS",
    "AssignmentInputError",
    "assign",
    "problem",
    "read_instance",
]
