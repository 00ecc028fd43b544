"""The result: who takes which seat, why (distance, sector fit, cost and the next best cohort), and
why each person left out was left out."""

import math

import numpy as np

from .arrays import _Arcs, _concatenate, _ranges, _rank
from .problem import _Problem
from .records import EARTH_RADIUS_KM, Alternative, Explanation, Solution


def solution_of(problem: _Problem, arcs: _Arcs, flow: np.ndarray, *, pruned: bool, rounds: int) -> Solution:
    # Each group's people take its seats in input order, the cheapest cohort first.
    own = arcs.take(flow > 0)
    amount = flow[flow > 0]
    order = np.lexsort((own.cohort, own.cost, own.person))
    own, amount = own.take(order), amount[order]
    own_cost = problem.costs(own.person, own.cohort, own.km)
    row = np.repeat(np.arange(len(own.person)), amount)
    member = problem.members[problem.starts[own.person[row]] + _rank(own.person[row])]
    row = row[np.argsort(member)]
    member.sort()

    # Next best: the cheapest cohort other than the arc's own, among the group's two cheapest.
    two = _two_cheapest(problem, np.unique(own.person))
    begin = np.searchsorted(two.person, own.person)
    end = np.searchsorted(two.person, own.person, side="right")
    first_is_own = two.cohort[np.minimum(begin, max(len(two.cohort) - 1, 0))] == own.cohort
    at = np.where((begin < end) & ~first_is_own, begin, begin + 1)
    at = np.where(at < end, at, -1)
    two_cost = problem.costs(two.person, two.cohort, two.km)
    match = problem.match[problem.psector[own.person], problem.csector[own.cohort]].tolist()
    remote = problem.remote(own.person, own.cohort, own.km).tolist()
    cohort_ids = problem.cohort_ids
    reasons = []
    rows = zip(
        own.cohort.tolist(),
        own.km.tolist(),
        own_cost.tolist(),
        own.cost.tolist(),
        match,
        at.tolist(),
        remote,
        strict=True,
    )
    for cohort, km, cost, unit_cost, sector_match, other, by_remote in rows:
        next_best = None
        if other >= 0:
            other_cost = int(two.cost[other])
            why_not = (
                "costlier" if other_cost > unit_cost else "equal_cost" if other_cost == unit_cost else "full"
            )
            next_best = Alternative(
                cohort_ids[two.cohort[other]],
                float(two.km[other]),
                float(two_cost[other]),
                why_not,
            )
        reasons.append(Explanation(cohort_ids[cohort], km, sector_match, cost, next_best, by_remote))
    ids = problem.ids
    explanations = {ids[p]: reasons[r] for p, r in zip(member.tolist(), row.tolist(), strict=True)}
    assignments = {person: explanation.cohort_id for person, explanation in explanations.items()}

    # At the optimum a free seat within reach would have taken an unplaced person.
    placed = np.bincount(own.person, weights=amount, minlength=problem.n).astype(np.int64)
    left = np.flatnonzero(placed < problem.size)
    reachable = np.zeros(problem.n, bool)
    reachable[arcs.person] = True
    unknown = left[~reachable[left]]
    reachable[unknown] = _any_within_reach(problem, unknown)
    which, position = _ranges(problem.starts[left] + placed[left], problem.starts[left + 1])
    person = problem.members[position]
    reason = np.where(reachable[left[which]], "all_reachable_cohorts_full", "no_cohort_within_max_km")
    order = np.argsort(person)
    unplaced = dict(zip([ids[p] for p in person[order].tolist()], reason[order].tolist(), strict=True))
    most = np.bincount(arcs.person).max(initial=0) if len(arcs.person) else 0
    return Solution(
        assignments=assignments,
        unplaced=unplaced,
        explanations=explanations,
        total_km=math.fsum(np.repeat(own.km, amount).tolist()),
        total_cost=math.fsum(np.repeat(own_cost, amount).tolist()),
        seconds=0.0,
        arcs=len(arcs.person),
        pruned_k=int(most) if pruned else None,
        widened=rounds > 1,
        rounds=rounds,
    )


def _two_cheapest(problem: _Problem, people: np.ndarray) -> _Arcs:
    # From the lists the first round computed, where they hold two or more, else afresh.
    known_people, known, k = problem.known
    if k < 2:
        return problem.cheapest(people, 2)
    have = np.isin(people, known_people)
    reused = known.take(np.isin(known.person, people[have]) & (_rank(known.person) < 2))
    arcs = _concatenate([reused, problem.cheapest(people[~have], 2)])
    return arcs.take(np.lexsort((arcs.cohort, arcs.cost, arcs.person)))


def _any_within_reach(problem: _Problem, people: np.ndarray) -> np.ndarray:
    # Whether each given person has a centre within max_km: first the grid cells that lie wholly
    # within max_km of a centre, then the rest one by one.
    result = np.zeros(len(people), bool)
    if not len(people) or not problem.centres:
        return result
    if problem.cremote.any() and problem.premote[people].any():
        # A remote_ok person reaches every remote cohort; the others are looked up below.
        remote = problem.premote[people]
        result[remote] = True
        result[~remote] = _any_within_reach(problem, people[~remote])
        return result
    if len(people) < 4 * problem.centres:
        return np.isin(people, _concatenate(problem.near_people(people, problem.max_km)).person)
    angle = min(problem.max_km / EARTH_RADIUS_KM, math.pi)
    chord = 2 * EARTH_RADIUS_KM * math.sin(angle / 2) * (1 - 1e-9) - 1e-6
    result = problem.people_grid.covered(problem.cxyz, np.full(problem.centres, chord))[people]
    rest = people[~result]
    result[~result] = np.isin(rest, _concatenate(problem.near_people(rest, problem.max_km)).person)
    return result
