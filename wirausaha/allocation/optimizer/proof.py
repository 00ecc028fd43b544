"""The optimality check: shortest-path potentials of the residual graph (what a seat is worth, what
a group would lose), and the left-out arcs that break them. None left means the part of the graph
solved is optimal for the whole (see the package docstring)."""

import numpy as np

from .arrays import _NO_ARCS, _Arcs, _concatenate, _merge, _ranges, _rank
from .flow import _capacity
from .problem import _ADDED_PER_SEAT, _MIN_ADDED, _Problem
from .records import SCALE


def failing_arcs(problem: _Problem, arcs: _Arcs, worth: np.ndarray, surplus: np.ndarray) -> _Arcs:
    """The left-out arcs (p, c) with cost + surplus(p) < worth(c), the most negative few per
    person and per cohort; none means the flow is optimal for the full graph."""
    # A failing arc's distance is below worth(c) - surplus(p) metres. Surplus is never negative,
    # and no arc costs more than T, so a person with a surplus above T fails only on cohorts
    # worth more than T: a seat that, through a chain of moves, takes someone off the waiting list.
    known = arcs.person * problem.m + arcs.cohort
    top = problem.largest_cost
    lowest = np.iinfo(np.int64).min
    centre_worth = np.full(problem.centres, lowest)
    np.maximum.at(centre_worth, problem.centre_of, worth)
    found = [_NO_ARCS]
    # People with a surplus up to T, from each cohort's side: within worth(c).
    low = np.flatnonzero(surplus <= top)
    centres = np.flatnonzero(centre_worth > 0)
    if len(low) and len(centres):
        radius = centre_worth[centres] / SCALE + 1e-6
        for candidates in problem.near_centres(centres, radius, low):
            found.append(_most_failing(problem, candidates, worth, surplus, known))
    # The others from their own side: within the largest worth near them less their surplus.
    high = np.flatnonzero(surplus > top)
    precious = np.full(problem.centres, lowest)
    np.maximum.at(precious, problem.centre_of, np.where(worth > top, worth, lowest))
    if len(high) and (precious > lowest).any():
        nearby = problem.centre_grid.largest_near(precious, problem.people_grid, problem.max_km)
        bound = (nearby[problem.people_grid.cell_of[high]] - surplus[high]) / SCALE + 1e-6
        high, bound = high[bound > 1e-6], bound[bound > 1e-6]
        for candidates in problem.near_people(high, bound):
            found.append(_most_failing(problem, candidates, worth, surplus, known))
    found += _remote_failing(problem, arcs, worth, surplus, known)
    return _merge(problem.m, _most_failing(problem, _concatenate(found), worth, surplus, known))


def _remote_failing(
    problem: _Problem, arcs: _Arcs, worth: np.ndarray, surplus: np.ndarray, known: np.ndarray
) -> list[_Arcs]:
    # A remote pair's cost does not grow with the distance, so its failing arcs are found by cost:
    # for each business interest and remote cohort c, the remote option costs the same r for every
    # remote_ok person with that interest, and (p, c) fails when surplus(p) < worth(c) - r (or when
    # its trip is cheaper still, a smaller cost). With those people sorted by surplus the failing
    # ones are a prefix; its first `limit + arcs already in the graph` hold the most failing arcs
    # left out, or all of them. The rest of the residual graph is the spatial search's.
    people, cohorts = problem.remote_people(), problem.remote_cohorts()
    if not len(people) or not len(cohorts):
        return []
    classes = problem.psector[people]
    order = np.lexsort((surplus[people], classes))
    people, classes = people[order], classes[order]
    bounds = np.flatnonzero(np.r_[True, classes[1:] != classes[:-1], True])
    position = np.full(problem.m, -1, np.int64)
    position[cohorts] = np.arange(len(cohorts))
    inside = problem.premote[arcs.person] & (position[arcs.cohort] >= 0)
    limit = np.maximum(_MIN_ADDED, _ADDED_PER_SEAT * problem.seats[cohorts])
    found = []
    for start, stop in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        members, sector = people[start:stop], classes[start]
        cost = np.rint(
            (problem.remote_km + problem.penalty[sector, problem.csector[cohorts]]) * SCALE
        ).astype(np.int64)
        failing = np.searchsorted(surplus[members], worth[cohorts] - cost, side="left")
        mine = inside & (problem.psector[arcs.person] == sector)
        in_graph = np.bincount(position[arcs.cohort[mine]], minlength=len(cohorts))
        which, at = _ranges(np.zeros(len(cohorts), np.int64), np.minimum(failing, limit + in_graph))
        if len(which):
            candidates = problem.remote_arcs_of(members[at], cohorts[which])
            found.append(_most_failing(problem, candidates, worth, surplus, known))
    return found


def _most_failing(
    problem: _Problem, candidates: _Arcs, worth: np.ndarray, surplus: np.ndarray, known: np.ndarray
) -> _Arcs:
    # The left-out arcs with the most negative reduced costs, a few per person, then a few per
    # seat. The check runs again after the flow, with the potentials they change. (Applied per
    # chunk and again to the union, so memory stays bounded.) Arcs in the graph (`known`, sorted
    # keys) go first: a used arc of a person split over cohorts can have a negative reduced cost
    # and must not take a left-out arc's place.
    reduced = candidates.cost + surplus[candidates.person] - worth[candidates.cohort]
    fails = reduced < 0
    candidates, reduced = candidates.take(fails), reduced[fails]
    if len(known):
        key = candidates.person * problem.m + candidates.cohort
        out = known[np.minimum(np.searchsorted(known, key), len(known) - 1)] != key
        candidates, reduced = candidates.take(out), reduced[out]
    order = np.lexsort((candidates.cohort, reduced, candidates.person))
    candidates, reduced = candidates.take(order), reduced[order]
    keep = _rank(candidates.person) < problem.added_per_person[candidates.person]
    candidates, reduced = candidates.take(keep), reduced[keep]
    order = np.lexsort((candidates.person, reduced, candidates.cohort))
    candidates = candidates.take(order)
    limit = np.maximum(_MIN_ADDED, _ADDED_PER_SEAT * problem.seats)
    return candidates.take(_rank(candidates.cohort) < limit[candidates.cohort])


def _seat_values(
    arcs: _Arcs, flow: np.ndarray, seats: np.ndarray, size: np.ndarray, largest_cost: int
) -> tuple[np.ndarray, np.ndarray]:
    """Shortest-path potentials of the residual graph, as worth(c) = d(c) - d(source) per cohort and
    surplus(g) = d(g) - d(source) per group (0 for groups unplaced or left out). Most groups are
    folded into the cohort nodes: a group wholly placed in one cohort has only one way in, the reverse
    of its arc, so d(g) = d(that cohort) - cost; an unplaced group's only way in is from the source.
    A group split over cohorts, or partly placed, keeps a node of its own."""
    m, n = len(seats), len(size)
    source, sink = m, m + 1
    used = flow > 0
    placed = np.bincount(arcs.person, weights=flow, minlength=n).astype(np.int64)
    whole = (np.bincount(arcs.person[used], minlength=n) == 1) & (placed == size)
    split = (placed > 0) & ~whole
    node = np.full(n, -1, np.int64)
    node[split] = m + 2 + np.arange(int(split.sum()))
    own = np.full(n, -1, np.int64)
    own_cost = np.zeros(n, np.int64)
    mine = used & whole[arcs.person]
    own[arcs.person[mine]] = arcs.cohort[mine]
    own_cost[arcs.person[mine]] = arcs.cost[mine]
    load = np.bincount(arcs.cohort, weights=flow, minlength=m).astype(np.int64)
    spare, busy = np.flatnonzero(load < seats), np.flatnonzero(load > 0)
    ahead = arcs.take(flow < _capacity(arcs, size, seats))
    tail = np.where(split[ahead.person], node[ahead.person], own[ahead.person])
    back = arcs.take(used)
    splits = np.flatnonzero(split)
    partly = splits[placed[splits] < size[splits]]
    # M outweighs every possible sum of costs, so one more person placed beats any saving.
    big_m = (int(size.sum()) + 1) * (largest_cost + 1)
    arc_list = [
        # An arc with room: from the group's node, else from the source if the group is unplaced,
        # else from its cohort (through the reverse of its own arc).
        (np.where(tail >= 0, tail, source), ahead.cohort, ahead.cost - own_cost[ahead.person]),
        # The reverse of a used arc, to the group's node, or folded with the group's arc to the source.
        (back.cohort, np.where(whole[back.person], source, node[back.person]), -back.cost),
        (node[splits], np.full(len(splits), source), np.zeros(len(splits), np.int64)),
        (np.full(len(partly), source), node[partly], np.zeros(len(partly), np.int64)),
        (spare, np.full(len(spare), sink), np.zeros(len(spare), np.int64)),
        (np.full(len(busy), sink), busy, np.zeros(len(busy), np.int64)),
        (np.array([sink]), np.array([source]), np.array([-big_m])),
    ]
    if used.any():
        arc_list.append((np.array([source]), np.array([sink]), np.array([big_m])))
    tails, heads, weights = (np.concatenate(column) for column in zip(*arc_list, strict=True))
    distance = _shortest_paths(tails, heads, weights, m + 2 + len(splits))
    worth = distance[:m] - distance[source]
    surplus = np.zeros(n, np.int64)
    wholly = np.flatnonzero(whole)
    surplus[wholly] = worth[own[wholly]] - own_cost[wholly]
    surplus[splits] = distance[node[splits]] - distance[source]
    return worth, surplus


def _shortest_paths(tails: np.ndarray, heads: np.ndarray, weights: np.ndarray, count: int) -> np.ndarray:
    # Bellman-Ford from a virtual root joined to every node by a 0-cost arc, relaxing in each round
    # only the arcs out of nodes that changed in the round before. Without a negative cycle every
    # shortest path has fewer arcs than there are nodes, so a change in round `count` means a cycle.
    key = tails * count + heads
    order = np.lexsort((weights, key))
    key, weights = key[order], weights[order]
    first = np.r_[True, key[1:] != key[:-1]]  # of parallel arcs only the cheapest matters
    key, weights = key[first], weights[first]
    tails, heads = key // count, key % count
    starts = np.searchsorted(tails, np.arange(count + 1))
    distance = np.zeros(count, np.int64)
    active = np.arange(count)
    for _ in range(count + 1):
        _, arc = _ranges(starts[active], starts[active + 1])
        candidate = distance[tails[arc]] + weights[arc]
        better = candidate < distance[heads[arc]]
        if not better.any():
            return distance
        np.minimum.at(distance, heads[arc][better], candidate[better])
        active = np.unique(heads[arc][better])
    raise RuntimeError("the min-cost flow is not optimal: a negative residual cycle remains")
