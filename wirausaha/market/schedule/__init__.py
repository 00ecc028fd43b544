"""The meeting schedule of a business-matching event (temu bisnis).

Each meeting is a (business, buyer) pair at least one side asked for, in one slot at one table.
Nobody is in two meetings in a slot or in a slot they marked unavailable; a pair meets at most once;
a table holds one meeting per slot. The schedule maximises the total weight: 2 for a pair both sides
asked for, 1 for a one-sided request. Solved exactly with OR-Tools CP-SAT (solver.py), reporting
whether the optimum was proven; every schedule is checked (check.py) before it is returned. The
greedy first-free-slot schedule (greedy.py) is the baseline. Pure: no Django import.
"""

import math
from typing import Any

from .check import InvalidSchedule, violations
from .greedy import first_free_slot
from .model import BUSINESS, BUYER, MUTUAL, ONE_SIDED, Instance, Meeting, Party, Schedule, weights_of
from .reading import DEFAULT_TEXT, ROOT, ScheduleInputError, problem, read_instance
from .solver import solve

MAX_TIME_LIMIT = 3600.0


def schedule(data: Any, *, time_limit: float = 30.0) -> dict[str, Any]:
    """Schedule an instance ({"slots", "tables", "parties", "requests"}) and return {"weight",
    "optimal", "seconds", "meetings": [{"business", "buyer", "slot", "table"}]}. Raises
    ScheduleInputError naming every bad field."""
    if (
        isinstance(time_limit, bool)
        or not isinstance(time_limit, int | float)
        or not (math.isfinite(time_limit) and 0 < time_limit <= MAX_TIME_LIMIT)
    ):
        raise ScheduleInputError([problem("time_limit", "time_limit", high=f"{MAX_TIME_LIMIT:g}")])
    return solve(read_instance(data), time_limit=time_limit).as_json()


__all__ = [
    "BUSINESS",
    "BUYER",
    "DEFAULT_TEXT",
    "MUTUAL",
    "ONE_SIDED",
    "ROOT",
    "Instance",
    "InvalidSchedule",
    "Meeting",
    "Party",
    "Schedule",
    "ScheduleInputError",
    "first_free_slot",
    "problem",
    "read_instance",
    "schedule",
    "solve",
    "violations",
    "weights_of",
]
