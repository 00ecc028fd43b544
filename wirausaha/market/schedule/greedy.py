"""The baseline: requests in order of weight (then ids), or in the order they were made, each in the
first slot where both sides are free and a table is left. Valid, not optimal. Pure: no Django import."""

import time

from .check import at_tables, weight_of
from .model import Instance, Schedule


def first_free_slot(instance: Instance, *, by_weight: bool = True) -> Schedule:
    started = time.perf_counter()
    busy: set[tuple[str, int]] = set()
    used = [0] * instance.slots
    placed = []
    pairs = instance.weights.items()
    if by_weight:
        pairs = sorted(pairs, key=lambda item: (-item[1], item[0]))
    for (business, buyer), _weight in pairs:
        for slot in instance.free_slots(business, buyer):
            if used[slot] < instance.tables and (business, slot) not in busy and (buyer, slot) not in busy:
                busy.update({(business, slot), (buyer, slot)})
                used[slot] += 1
                placed.append((business, buyer, slot))
                break
    meetings = at_tables(placed)
    weight = weight_of(instance, meetings)
    return Schedule(meetings, weight, False, time.perf_counter() - started, sum(instance.weights.values()))
