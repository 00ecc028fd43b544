"""OR-Tools' maximum flow of minimum cost, solved one connected part of the graph at a time."""

import numpy as np
from ortools.graph.python import min_cost_flow

from .arrays import _Arcs


class _Flow:
    # OR-Tools on each connected component of the graph: much faster than on the whole at once
    # (a region's people and cohorts rarely reach the next region's), and a component whose arcs did
    # not change since the last round keeps its flow.

    def __init__(self, seats: np.ndarray, size: np.ndarray) -> None:
        self.seats = seats
        self.size = size
        self.keys = np.zeros(0, np.int64)
        self.flow = np.zeros(0, np.int64)

    def solve(self, arcs: _Arcs) -> np.ndarray:
        """How many people each arc carries, in a maximum flow of minimum cost."""
        m = len(self.seats)
        keys = arcs.person * m + arcs.cohort
        component = _components(arcs, m)[arcs.cohort]
        flow = np.zeros(len(keys), np.int64)
        # The arcs solved last round, and the components that gained an arc since.
        position = np.minimum(np.searchsorted(self.keys, keys), max(len(self.keys) - 1, 0))
        known = self.keys[position] == keys if len(self.keys) else np.zeros(len(keys), bool)
        flow[known] = self.flow[position[known]]
        stale = np.zeros(m, bool)
        stale[component[~known]] = True
        todo = np.flatnonzero(stale[component])
        todo = todo[np.argsort(component[todo], kind="stable")]
        # Small components go together, so a round makes few calls.
        bounds = np.flatnonzero(np.r_[True, component[todo][1:] != component[todo][:-1], True])
        start = 0
        for stop in bounds[1:]:
            if stop - start >= _BATCH or stop == bounds[-1]:
                part = todo[start:stop]
                flow[part] = self._solve(arcs.take(part))
                start = stop
        self.keys, self.flow = keys, flow
        return flow

    def _solve(self, arcs: _Arcs) -> np.ndarray:
        if not len(arcs.person):
            return np.zeros(0, np.int64)
        people, person = np.unique(arcs.person, return_inverse=True)
        cohorts, cohort = np.unique(arcs.cohort, return_inverse=True)
        n, m = len(people), len(cohorts)
        source, sink = 0, n + m + 1
        tails = np.concatenate([person + 1, np.zeros(n, np.int64), n + 1 + np.arange(m)])
        heads = np.concatenate([n + 1 + cohort, np.arange(1, n + 1), np.full(m, sink)])
        capacities = np.concatenate(
            [_capacity(arcs, self.size, self.seats), self.size[people], self.seats[cohorts]]
        )
        costs = np.concatenate([arcs.cost, np.zeros(n + m, np.int64)])
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
        supply = int(self.size[people].sum())
        flow.set_nodes_supplies(np.array([source, sink]), np.array([supply, -supply]))
        status = flow.solve_max_flow_with_min_cost()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"OR-Tools min-cost flow ended with status {status}")
        return flow.flows(np.arange(len(person)))


def _capacity(arcs: _Arcs, size: np.ndarray, seats: np.ndarray) -> np.ndarray:
    # A group -> cohort arc carries at most the group's people and the cohort's seats.
    return np.minimum(size[arcs.person], seats[arcs.cohort])


_BATCH = 20_000  # arcs per OR-Tools call, at least: components are packed up to this size


def _components(arcs: _Arcs, cohorts: int) -> np.ndarray:
    # A label per cohort, shared by the cohorts that people's arcs connect: join each person's cohorts
    # to their first (hook the larger label to the smaller, then follow labels to their roots).
    first = np.r_[True, arcs.person[1:] != arcs.person[:-1]] if len(arcs.person) else np.zeros(0, bool)
    head = arcs.cohort[np.maximum.accumulate(np.where(first, np.arange(len(first)), 0))]
    a, b = head[~first], arcs.cohort[~first]
    label = np.arange(cohorts)
    while True:
        la, lb = label[a], label[b]
        low = np.minimum(la, lb)
        hooked = label.copy()
        np.minimum.at(hooked, la, low)
        np.minimum.at(hooked, lb, low)
        while True:
            deeper = hooked[hooked]
            if (deeper == hooked).all():
                break
            hooked = deeper
        if (hooked == label).all():
            return label
        label = hooked
