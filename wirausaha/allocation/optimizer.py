"""Place a wave's selected participants into cohort seats, exactly.

The objective is lexicographic: first place as many people as possible, then minimise the total
cost over the people placed. A person's cost for a cohort is the great-circle km from their district
centroid to the centre, plus `sector_mismatch_km` when the course's sector does not match their
business interest. Hard limits: a seat is used once, a person gets at most one seat, and nobody is
sent further than `max_km`. The caller passes only cohorts in the wave's date window.

This is a maximum flow of minimum cost: source -> person (capacity 1) -> cohort (capacity 1, the
cost) -> sink (capacity seats), solved with OR-Tools' `solve_max_flow_with_min_cost`. People at the
same place with the same business interest cost the same for every cohort, so they are one node:
source -> group (capacity: its people) -> cohort (capacity: its people, at most the seats). A wave's
people live at district centroids, so 100,000 of them are about 14,000 groups; every optimal flow of
groups hands out to people as an optimal placement, and below "person" means such a group. OR-Tools
needs integer costs, so each cost is rounded to the metre (`SCALE`). The solution is exactly optimal
for the rounded costs. The reported totals add up the unrounded floats, so they differ from the
true float optimum by at most one metre per person placed.

The full graph has an arc for every person and every cohort within `max_km`: for a million people
that is hundreds of millions of arcs. The solver works on a part of it and then proves that the
part's optimum is the optimum of the whole. Add an arc sink -> source of cost -M, where
M = (people + 1) * (largest cost + 1). A flow is then lexicographically optimal exactly when it is a
minimum-cost circulation, which holds exactly when node potentials d exist with
cost(u, v) + d(u) - d(v) >= 0 on every arc of the residual graph. Shortest-path distances from a
virtual root are such potentials for the part's residual graph (computed here, independently of
OR-Tools; if the graph has a negative cycle, OR-Tools was wrong and RuntimeError is raised). The
arcs left out are the only other residual arcs of the full graph, all of them unused, and so is the
source -> person arc of each person left out entirely, whose potential is then d(source). So the
part's optimum is the full optimum when every left-out arc (p, c) has cost(p, c) + d(p) - d(c) >= 0.

The check is cheap. Write worth(c) = d(c) - d(source), what one more seat in cohort c is worth to
the flow, and surplus(p) = d(p) - d(source), which is never negative (a placed person's residual arc
back to the source costs 0; an unplaced person's is 0; a group partly placed has both). A left-out
arc fails only when cost(p, c) < worth(c) - surplus(p), and a cost is never below the distance.
People with a surplus up to T, the largest cost an arc can have, are looked up around each cohort
within worth(c) km: for a full cohort in a crowded region that is a few km. A person with a surplus
above T can only fail on cohorts worth more than T, and is looked up around themself within the
largest such worth near them less their surplus: about the km to their own cohort. The failing arcs
with the most negative reduced cost are added (a few per person, more for a big group, and a few per
seat) and the problem solved again (`widened`). Each round adds arcs the part did not have, so the
rounds end.

The part to start from: a quick greedy fill (cheapest pairs first) estimates worth(c). Each cohort
the greedy filled gets the people within its estimate (plus a margin), and each person the greedy
placed in a cohort with seats to spare gets their `candidate_k` cheapest cohorts. People far from
every seat they could win are never put into the graph, which is what makes a million people fast.
OR-Tools then solves each connected part of the graph on its own (they share only the source and
the sink, so together their optima are the optimum of the whole part), and only the parts that
gained arcs are solved again in the next round.
"""

import math
import time
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import NamedTuple

import numpy as np
from ortools.graph.python import min_cost_flow

EARTH_RADIUS_KM = 6371.0088
SCALE = 1000
DEFAULT_CANDIDATE_K = 4
MAX_PENALTY_KM = 100_000.0

_REASON_TEXT = {
    "no_cohort_within_max_km": "no cohort within {max_km} km",
    "all_reachable_cohorts_full": "every cohort within {max_km} km is full",
}

# The greedy's estimate of what a full cohort's seat is worth is widened by this share before the
# first round: a little more now saves a round later.
_ESTIMATE_SHARE = 0.25
# A round adds at most this many failing arcs per seat of a cohort, and at least _MIN_ADDED; and per
# person at most candidate_k.
_ADDED_PER_SEAT = 2
_MIN_ADDED = 8
# ... counting a group of people as one person per this many of them.
_GROUP_SHARE = 8
# Radius queries expand at most this many candidate pairs at once, to bound memory.
_CHUNK = 4_000_000


@dataclass(frozen=True, slots=True)
class Person:
    """A participant to place: their district centroid (degrees) and business interest (KBLI)."""

    id: Hashable
    lat: float
    lng: float
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Cohort:
    """A cohort in the wave's date window: its centre (degrees), free seats and course sector (KBLI)."""

    id: Hashable
    lat: float
    lng: float
    seats: int
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Params:
    """`max_km` is the longest trip allowed, inclusive. `sector_mismatch_km` is added to the cost when
    the sectors differ. `candidate_k` is how many cheapest cohorts a person placed by the first
    estimate starts with; None means every cohort within reach for everyone (no pruning)."""

    max_km: float
    sector_mismatch_km: float = 0.0
    candidate_k: int | None = DEFAULT_CANDIDATE_K

    def __post_init__(self) -> None:
        if not _is_number(self.max_km) or self.max_km <= 0:
            raise ValueError(f"max_km must be a number above 0, got {self.max_km!r}")
        if not _is_number(self.sector_mismatch_km) or not 0 <= self.sector_mismatch_km <= MAX_PENALTY_KM:
            raise ValueError(
                f"sector_mismatch_km must be a number from 0 to {MAX_PENALTY_KM:g}, "
                f"got {self.sector_mismatch_km!r}"
            )
        k = self.candidate_k
        if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
            raise ValueError(f"candidate_k must be a whole number of at least 1 or None, got {k!r}")


class Alternative(NamedTuple):
    """The cheapest other cohort within reach. `why_not` is "full" when it is cheaper but others took
    its seats, "equal_cost" for a tie, and "costlier" otherwise."""

    cohort_id: Hashable
    distance_km: float
    cost: float
    why_not: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a placed person got their cohort: its distance, sector fit and cost, and the next best."""

    cohort_id: Hashable
    distance_km: float
    sector_match: bool
    cost: float
    next_best: Alternative | None


@dataclass(frozen=True)
class Solution:
    """Who goes where and why. Each unplaced person has a reason code:
    "no_cohort_within_max_km" or "all_reachable_cohorts_full". `arcs` counts the group -> cohort
    arcs in the last graph solved (people at one place with one interest are a group; see the module
    docstring). `pruned_k` is the most arcs any one group had in it (None
    without pruning), and `rounds` counts how often the flow was solved; `widened` means more than
    once. Totals add up unrounded km over the people placed. `timings` splits `seconds` into
    "candidates" (reading the input and the first arcs), "flow" (OR-Tools), "proof" (potentials and
    the search for failing arcs) and "explanations"."""

    assignments: dict[Hashable, Hashable]
    unplaced: dict[Hashable, str]
    explanations: dict[Hashable, Explanation]
    total_km: float
    total_cost: float
    seconds: float
    arcs: int
    pruned_k: int | None
    widened: bool
    rounds: int
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def placed(self) -> int:
        return len(self.assignments)


def great_circle_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Haversine distance in km between two points given in degrees, on a sphere of radius
    EARTH_RADIUS_KM."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def sectors_match(a: str | None, b: str | None) -> bool:
    """KBLI sectors match when one code is a prefix of the other ("10" and "107"). Leading and
    trailing whitespace and letter case are ignored. A missing or blank sector on either side counts
    as a match: no stated interest, or a general course, is never penalised."""
    a = (a or "").strip().upper()
    b = (b or "").strip().upper()
    return not a or not b or a.startswith(b) or b.startswith(a)


def describe_unplaced(reason: str, *, max_km: float) -> str:
    """English text for an unplaced reason code, e.g. "no cohort within 75 km"; interfaces translate
    by code."""
    return _REASON_TEXT[reason].format(max_km=f"{max_km:g}")


def solve(people: Sequence[Person], cohorts: Sequence[Cohort], *, params: Params) -> Solution:
    """Assign each person at most one seat: place as many people as possible, then minimise total
    cost, never sending anyone further than `params.max_km`. The result is proven optimal even though
    only part of the graph is solved (see the module docstring). Cohorts with 0 seats are ignored.
    Raises ValueError for duplicate ids, coordinates off the globe, a sector that is not a string,
    or a negative or fractional seat count."""
    clock = _Clock()
    columns = _check(people, cohorts)
    problem = _Problem(columns, [c for c in cohorts if c.seats > 0], params)
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
        missing = problem.failing_arcs(arcs, worth, surplus)
        if not len(missing.person):
            break
        arcs = _merge(problem.m, arcs, missing)
    clock.lap("proof")
    solution = problem.solution(arcs, flow, pruned=k is not None, rounds=rounds)
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


class _Arcs(NamedTuple):
    # Person -> cohort arcs; after _merge sorted by person then cohort, without duplicates.
    person: np.ndarray
    cohort: np.ndarray
    km: np.ndarray
    cost: np.ndarray  # the rounded cost in metres (int64)

    def take(self, which: np.ndarray) -> "_Arcs":
        return _Arcs(self.person[which], self.cohort[which], self.km[which], self.cost[which])


_NO_ARCS = _Arcs(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int64))


def _merge(cohorts: int, *parts: _Arcs) -> _Arcs:
    arcs = _Arcs(*(np.concatenate(column) for column in zip(_NO_ARCS, *parts, strict=True)))
    key = arcs.person * cohorts + arcs.cohort
    order = np.argsort(key)
    key = key[order]
    return arcs.take(order[np.r_[True, key[1:] != key[:-1]]] if len(key) else order)


class _Columns(NamedTuple):
    # The people's fields as lists, read once.
    ids: list
    lat: list
    lng: list
    sector: list


class _Problem:
    # Groups of interchangeable people and open cohorts as arrays; cohorts at the same place share one
    # centre. From here on a "person" number is a group's: the arrays describe groups.

    def __init__(self, columns: _Columns, cohorts: Sequence[Cohort], params: Params) -> None:
        self.ids = columns.ids
        self.cohort_ids = [c.id for c in cohorts]
        self.params = params
        self.max_km = params.max_km
        self.m = len(cohorts)
        self.seats = np.array([c.seats for c in cohorts], np.int64)

        person_sectors = list(dict.fromkeys(columns.sector))
        index = {sector: i for i, sector in enumerate(person_sectors)}
        lat, lng = np.array(columns.lat, float), np.array(columns.lng, float)
        sector = np.array([index[sector] for sector in columns.sector], np.int64)
        # People at the same place with the same business interest cost the same everywhere, so
        # the flow needs them only as one node whose supply is their number: a district's hundreds
        # of people are one node with one arc per cohort. Groups are numbered by their first member;
        # members[starts[g]:starts[g + 1]] are group g's people in input order.
        self.group_of, first = _groups(lat, lng, sector)
        self.n = len(first)
        self.size = np.bincount(self.group_of, minlength=self.n).astype(np.int64)
        self.members = np.argsort(self.group_of, kind="stable")
        self.starts = np.r_[0, np.cumsum(self.size)]
        self.plat, self.plng, self.psector = lat[first], lng[first], sector[first]
        self.prad = np.radians(self.plat)
        self.pcos = np.cos(self.prad)

        places: dict[tuple[float, float], int] = {}
        self.centre_of = np.array([places.setdefault((c.lat, c.lng), len(places)) for c in cohorts], np.int64)
        self.centres = len(places)
        where = np.array(list(places), float).reshape(-1, 2)
        self.clat, self.clng = where[:, 0], where[:, 1]
        self.crad = np.radians(self.clat)
        self.ccos = np.cos(self.crad)
        # The cohorts of centre i: by_centre[centre_starts[i]:centre_starts[i + 1]].
        self.by_centre = np.argsort(self.centre_of, kind="stable")
        self.centre_starts = np.searchsorted(self.centre_of[self.by_centre], np.arange(self.centres + 1))
        cohort_sectors = list(dict.fromkeys(c.sector for c in cohorts))
        index = {sector: i for i, sector in enumerate(cohort_sectors)}
        self.csector = np.array([index[c.sector] for c in cohorts], np.int64)
        self.match = np.array(
            [[sectors_match(a, b) for b in cohort_sectors] for a in person_sectors], bool
        ).reshape(len(person_sectors), len(cohort_sectors))
        self.penalty = np.where(self.match, 0.0, float(params.sector_mismatch_km))
        self.largest_cost = round((params.max_km + params.sector_mismatch_km) * SCALE)
        # A round adds up to k failing arcs per group, and more for a group too big for k cohorts.
        k = params.candidate_k or 1
        self._added_per_person = k * -(-self.size // _GROUP_SHARE)
        # The people whose `count` cheapest cohorts are known: (people, their arcs, count).
        self._known: tuple[np.ndarray, _Arcs, int] = (np.zeros(0, np.int64), _NO_ARCS, 0)

        # Eight cells across max_km for the people, four for the centres. The grids are in three
        # dimensions, so a radius query needs no special case at the poles or the antimeridian.
        self.pxyz = _xyz(self.prad, np.radians(self.plng), self.pcos)
        self.cxyz = _xyz(self.crad, np.radians(self.clng), self.ccos)
        self.people_grid = _Grid(self.pxyz, params.max_km / 8)
        self.centre_grid = _Grid(self.cxyz, params.max_km / 4)

    # Distances, costs and radius queries

    def km(self, person: np.ndarray, centre: np.ndarray) -> np.ndarray:
        # Vectorised great_circle_km, written the same way so that the two agree.
        a = (
            np.sin((self.crad[centre] - self.prad[person]) / 2) ** 2
            + self.pcos[person]
            * self.ccos[centre]
            * np.sin(np.radians(self.clng[centre] - self.plng[person]) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))

    def costs(self, person: np.ndarray, cohort: np.ndarray, km: np.ndarray) -> np.ndarray:
        return km + self.penalty[self.psector[person], self.csector[cohort]]

    def arcs(self, person: np.ndarray, centre: np.ndarray, km: np.ndarray) -> _Arcs:
        # Each (person, centre) pair becomes one arc per cohort of the centre.
        which, position = _ranges(self.centre_starts[centre], self.centre_starts[centre + 1])
        person, cohort, km = person[which], self.by_centre[position], km[which]
        cost = np.rint(self.costs(person, cohort, km) * SCALE).astype(np.int64)
        return _Arcs(person, cohort, km, cost)

    def near_centres(
        self, centres: np.ndarray, radius_km: np.ndarray, among: np.ndarray | None = None
    ) -> Iterator[_Arcs]:
        # The arcs to the cohorts of each centre from the people within radius_km of it (and within
        # max_km), in chunks; only from `among` (sorted person numbers) when given.
        radius_km = np.minimum(radius_km, self.max_km)
        chord = _chord(radius_km)
        grid = self.people_grid if among is None else _Grid(self.pxyz[among], self.people_grid.cell)
        for query, person in grid.near(self.cxyz[centres], chord):
            if among is not None:
                person = among[person]
            centre = centres[query]
            # The straight-line distance first: it is cheap and drops the cube's corners.
            close = _within_chord(self.pxyz[person], self.cxyz[centre], chord[query])
            query, person, centre = query[close], person[close], centre[close]
            km = self.km(person, centre)
            inside = km <= radius_km[query]
            yield self.arcs(person[inside], centre[inside], km[inside])

    def near_people(self, people: np.ndarray, radius_km: float | np.ndarray) -> Iterator[_Arcs]:
        # The arcs from each given person to the cohorts within radius_km (and within max_km), in
        # chunks.
        distance = np.minimum(np.broadcast_to(radius_km, people.shape), self.max_km)
        chord = _chord(distance)
        for query, centre in self.centre_grid.near(self.pxyz[people], chord):
            person = people[query]
            close = _within_chord(self.pxyz[person], self.cxyz[centre], chord[query])
            query, person, centre = query[close], person[close], centre[close]
            km = self.km(person, centre)
            inside = km <= distance[query]
            yield self.arcs(person[inside], centre[inside], km[inside])

    # The arcs of the first round

    def all_arcs(self) -> _Arcs:
        centres = np.arange(self.centres)
        return _merge(self.m, *self.near_centres(centres, np.full(self.centres, self.max_km)))

    def first_arcs(self, k: int) -> _Arcs:
        grants, _, free = self._greedy()
        parts = [grants]
        # Each cohort the greedy filled: the people within its estimate of a seat's worth.
        full = (free == 0) & (np.bincount(grants.cohort, minlength=self.m) > 0)
        if full.any():
            estimate = np.zeros(self.m, np.int64)
            np.maximum.at(estimate, grants.cohort, grants.cost)
            reach = np.where(full, np.ceil(estimate * (1 + _ESTIMATE_SHARE)), -1).astype(np.int64)
            parts += self._within(reach)
        # Each person the greedy placed in a cohort with seats to spare: their k cheapest.
        spare = np.unique(grants.person[~full[grants.cohort]])
        if len(spare):
            self._known = (spare, self.cheapest(spare, k), k)
            parts.append(self._known[1])
        return _merge(self.m, *parts)

    def _within(self, reach: np.ndarray) -> list[_Arcs]:
        # The arcs (p, c) that cost at most reach[c] metres, for each cohort with reach >= 0.
        centre_reach = np.full(self.centres, -1, np.int64)
        np.maximum.at(centre_reach, self.centre_of, reach)
        centres = np.flatnonzero(centre_reach >= 0)
        return [
            arcs.take(arcs.cost <= reach[arcs.cohort])
            for arcs in self.near_centres(centres, (centre_reach[centres] + 1) / SCALE)
        ]

    def _greedy(self) -> tuple[_Arcs, np.ndarray, np.ndarray]:
        # Cheapest pairs first, in bands of cost that double: each group with people still waiting
        # asks for its cheapest cohort with a free seat, and a cohort asked for more seats than it has
        # gives them to the cheapest. Only an estimate: the flow decides. Returns the arcs that got
        # seats, how many each got, and the seats left.
        waiting = self.size.copy()
        free = self.seats.copy()
        grants, amounts = [_NO_ARCS], [np.zeros(0, np.int64)]
        top = self.max_km + float(self.params.sector_mismatch_km)
        band = self.max_km / 64
        while True:
            open_centres = np.flatnonzero(np.bincount(self.centre_of, weights=free, minlength=self.centres))
            groups = np.flatnonzero(waiting > 0)
            if not len(open_centres) or not len(groups):
                break
            # From whichever side has fewer to look around.
            if len(groups) < 4 * len(open_centres) and len(groups) < self.n // 2:
                found = self.near_people(groups, band)
            else:
                among = None if len(groups) > self.n // 2 else groups
                found = self.near_centres(open_centres, np.full(len(open_centres), band), among)
            pairs = [
                arcs.take((arcs.cost <= band * SCALE) & (free[arcs.cohort] > 0) & (waiting[arcs.person] > 0))
                for arcs in found
            ]
            granted, amount = _fill(_merge(self.m, *pairs), waiting, free)
            grants.append(granted)
            amounts.append(amount)
            if band >= top:
                break
            band = min(top, band * 2)
        return _concatenate(grants), np.concatenate(amounts), free

    def cheapest(self, people: np.ndarray, count: int) -> _Arcs:
        """Each given person's `count` cheapest cohorts within reach (fewer if fewer are in reach),
        exactly, sorted by person then cost; ties go to the cohort given first."""
        parts = [_NO_ARCS]
        radius = self.max_km / 8
        while len(people):
            arcs = _concatenate(self.near_people(people, radius))
            last = radius >= self.max_km
            if not last:
                # Any cohort not found is further than the radius, so it costs more than these.
                arcs = arcs.take(self.costs(arcs.person, arcs.cohort, arcs.km) < radius)
            arcs = arcs.take(np.lexsort((arcs.cohort, arcs.cost, arcs.person)))
            arcs = arcs.take(_rank(arcs.person) < count)
            found = np.bincount(np.searchsorted(people, arcs.person), minlength=len(people))
            done = np.ones(len(people), bool) if last else found >= count
            parts.append(arcs.take(done[np.searchsorted(people, arcs.person)]))
            people = people[~done]
            radius *= 2
        arcs = _Arcs(*(np.concatenate(column) for column in zip(*parts, strict=True)))
        return arcs.take(np.lexsort((arcs.cohort, arcs.cost, arcs.person)))

    # The optimality check

    def failing_arcs(self, arcs: _Arcs, worth: np.ndarray, surplus: np.ndarray) -> _Arcs:
        """The left-out arcs (p, c) with cost + surplus(p) < worth(c), the most negative few per
        person and per cohort; none means the flow is optimal for the full graph."""
        # A failing arc's distance is below worth(c) - surplus(p) metres. Surplus is never negative,
        # and no arc costs more than T, so a person with a surplus above T fails only on cohorts
        # worth more than T: a seat that, through a chain of moves, takes someone off the waiting list.
        known = arcs.person * self.m + arcs.cohort
        top = self.largest_cost
        lowest = np.iinfo(np.int64).min
        centre_worth = np.full(self.centres, lowest)
        np.maximum.at(centre_worth, self.centre_of, worth)
        found = [_NO_ARCS]
        # People with a surplus up to T, from each cohort's side: within worth(c).
        low = np.flatnonzero(surplus <= top)
        centres = np.flatnonzero(centre_worth > 0)
        if len(low) and len(centres):
            radius = centre_worth[centres] / SCALE + 1e-6
            for candidates in self.near_centres(centres, radius, low):
                found.append(self._most_failing(candidates, worth, surplus, known))
        # The others from their own side: within the largest worth near them less their surplus.
        high = np.flatnonzero(surplus > top)
        precious = np.full(self.centres, lowest)
        np.maximum.at(precious, self.centre_of, np.where(worth > top, worth, lowest))
        if len(high) and (precious > lowest).any():
            nearby = self.centre_grid.largest_near(precious, self.people_grid, self.max_km)
            bound = (nearby[self.people_grid.cell_of[high]] - surplus[high]) / SCALE + 1e-6
            high, bound = high[bound > 1e-6], bound[bound > 1e-6]
            for candidates in self.near_people(high, bound):
                found.append(self._most_failing(candidates, worth, surplus, known))
        return _merge(self.m, self._most_failing(_concatenate(found), worth, surplus, known))

    def _most_failing(
        self, candidates: _Arcs, worth: np.ndarray, surplus: np.ndarray, known: np.ndarray
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
            key = candidates.person * self.m + candidates.cohort
            out = known[np.minimum(np.searchsorted(known, key), len(known) - 1)] != key
            candidates, reduced = candidates.take(out), reduced[out]
        order = np.lexsort((candidates.cohort, reduced, candidates.person))
        candidates, reduced = candidates.take(order), reduced[order]
        keep = _rank(candidates.person) < self._added_per_person[candidates.person]
        candidates, reduced = candidates.take(keep), reduced[keep]
        order = np.lexsort((candidates.person, reduced, candidates.cohort))
        candidates = candidates.take(order)
        limit = np.maximum(_MIN_ADDED, _ADDED_PER_SEAT * self.seats)
        return candidates.take(_rank(candidates.cohort) < limit[candidates.cohort])

    # The result

    def solution(self, arcs: _Arcs, flow: np.ndarray, *, pruned: bool, rounds: int) -> Solution:
        # Each group's people take its seats in input order, the cheapest cohort first.
        own = arcs.take(flow > 0)
        amount = flow[flow > 0]
        order = np.lexsort((own.cohort, own.cost, own.person))
        own, amount = own.take(order), amount[order]
        own_cost = self.costs(own.person, own.cohort, own.km)
        row = np.repeat(np.arange(len(own.person)), amount)
        member = self.members[self.starts[own.person[row]] + _rank(own.person[row])]
        row = row[np.argsort(member)]
        member.sort()

        # Next best: the cheapest cohort other than the arc's own, among the group's two cheapest.
        two = self._two_cheapest(np.unique(own.person))
        begin = np.searchsorted(two.person, own.person)
        end = np.searchsorted(two.person, own.person, side="right")
        first_is_own = two.cohort[np.minimum(begin, max(len(two.cohort) - 1, 0))] == own.cohort
        at = np.where((begin < end) & ~first_is_own, begin, begin + 1)
        at = np.where(at < end, at, -1)
        two_cost = self.costs(two.person, two.cohort, two.km)
        match = self.match[self.psector[own.person], self.csector[own.cohort]].tolist()
        cohort_ids = self.cohort_ids
        reasons = []
        rows = zip(
            own.cohort.tolist(),
            own.km.tolist(),
            own_cost.tolist(),
            own.cost.tolist(),
            match,
            at.tolist(),
            strict=True,
        )
        for cohort, km, cost, unit_cost, sector_match, other in rows:
            next_best = None
            if other >= 0:
                other_cost = int(two.cost[other])
                why_not = (
                    "costlier"
                    if other_cost > unit_cost
                    else "equal_cost"
                    if other_cost == unit_cost
                    else "full"
                )
                next_best = Alternative(
                    cohort_ids[two.cohort[other]], float(two.km[other]), float(two_cost[other]), why_not
                )
            reasons.append(Explanation(cohort_ids[cohort], km, sector_match, cost, next_best))
        ids = self.ids
        explanations = {ids[p]: reasons[r] for p, r in zip(member.tolist(), row.tolist(), strict=True)}
        assignments = {person: explanation.cohort_id for person, explanation in explanations.items()}

        # At the optimum a free seat within reach would have taken an unplaced person.
        placed = np.bincount(own.person, weights=amount, minlength=self.n).astype(np.int64)
        left = np.flatnonzero(placed < self.size)
        reachable = np.zeros(self.n, bool)
        reachable[arcs.person] = True
        unknown = left[~reachable[left]]
        reachable[unknown] = self._any_within_reach(unknown)
        which, position = _ranges(self.starts[left] + placed[left], self.starts[left + 1])
        person = self.members[position]
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

    def _two_cheapest(self, people: np.ndarray) -> _Arcs:
        # From the lists the first round computed, where they hold two or more, else afresh.
        known_people, known, k = self._known
        if k < 2:
            return self.cheapest(people, 2)
        have = np.isin(people, known_people)
        reused = known.take(np.isin(known.person, people[have]) & (_rank(known.person) < 2))
        arcs = _concatenate([reused, self.cheapest(people[~have], 2)])
        return arcs.take(np.lexsort((arcs.cohort, arcs.cost, arcs.person)))

    def _any_within_reach(self, people: np.ndarray) -> np.ndarray:
        # Whether each given person has a centre within max_km: first the grid cells that lie wholly
        # within max_km of a centre, then the rest one by one.
        result = np.zeros(len(people), bool)
        if not len(people) or not self.centres:
            return result
        if len(people) < 4 * self.centres:
            return np.isin(people, _concatenate(self.near_people(people, self.max_km)).person)
        angle = min(self.max_km / EARTH_RADIUS_KM, math.pi)
        chord = 2 * EARTH_RADIUS_KM * math.sin(angle / 2) * (1 - 1e-9) - 1e-6
        result = self.people_grid.covered(self.cxyz, np.full(self.centres, chord))[people]
        rest = people[~result]
        result[~result] = np.isin(rest, _concatenate(self.near_people(rest, self.max_km)).person)
        return result


def _fill(pairs: _Arcs, waiting: np.ndarray, free: np.ndarray) -> tuple[_Arcs, np.ndarray]:
    # The greedy's rounds within one band: every group still waiting asks its cheapest cohort with a
    # free seat for all its people; each cohort gives its seats to the cheapest askers first. Each
    # round fills a cohort or seats all its askers, so the rounds end. Returns the arcs granted and
    # how many seats each got; `waiting` and `free` are updated.
    pairs = pairs.take(np.lexsort((pairs.cohort, pairs.person, pairs.cost)))
    grants, amounts = [_NO_ARCS], [np.zeros(0, np.int64)]
    while len(pairs.person):
        _, first = np.unique(pairs.person, return_index=True)
        first.sort()  # back in cost order
        asked, want = pairs.cohort[first], waiting[pairs.person[first]]
        by_cohort = np.argsort(asked, kind="stable")
        # The seats the cheaper askers of the same cohort want first.
        total = np.cumsum(want[by_cohort])
        begins = np.flatnonzero(np.r_[True, asked[by_cohort][1:] != asked[by_cohort][:-1]])
        before = np.empty(len(first), np.int64)
        before[by_cohort] = (
            total
            - want[by_cohort]
            - np.repeat(total[begins] - want[by_cohort][begins], np.diff(np.r_[begins, len(first)]))
        )
        grant = np.clip(free[asked] - before, 0, want)
        got = grant > 0
        grants.append(pairs.take(first[got]))
        amounts.append(grant[got])
        waiting[pairs.person[first[got]]] -= grant[got]
        np.subtract.at(free, asked[got], grant[got])
        pairs = pairs.take((waiting[pairs.person] > 0) & (free[pairs.cohort] > 0))
    return _concatenate(grants), np.concatenate(amounts)


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


class _Grid:
    # Points on the sphere, as 3D coordinates in km, bucketed into cubes of `cell` km.

    def __init__(self, xyz: np.ndarray, cell: float) -> None:
        # At least 1/2**20 of the globe per cell, so that cell numbers fit in 64 bits.
        self.cell = max(cell, 2 * EARTH_RADIUS_KM / 2**20)
        self.offset = math.ceil(EARTH_RADIUS_KM / self.cell) + 1
        self.side = 2 * self.offset + 1
        cells = np.floor(xyz / self.cell).astype(np.int64) + self.offset
        ids = (cells[:, 0] * self.side + cells[:, 1]) * self.side + cells[:, 2]
        self.order = np.argsort(ids, kind="stable")
        self.ids = ids[self.order]
        # The occupied cells, and the cell number of each point.
        first = np.r_[True, self.ids[1:] != self.ids[:-1]] if len(ids) else np.zeros(0, bool)
        self.cell_ids = self.ids[first]
        self.cell_of = np.empty(len(ids), np.int64)
        self.cell_of[self.order] = np.cumsum(first) - 1

    def _columns(self, xyz: np.ndarray, chord: np.ndarray) -> Iterator[tuple[np.ndarray, ...]]:
        # The (x, y) columns of cells that each query's ball touches, with the query's first and
        # last z cell: (query, column id, first z, last z), in chunks of queries.
        low = np.floor((xyz - chord[:, None]) / self.cell).astype(np.int64) + self.offset
        high = np.floor((xyz + chord[:, None]) / self.cell).astype(np.int64) + self.offset
        low, high = np.clip(low, 0, self.side - 1), np.clip(high, 0, self.side - 1)
        wide = high[:, 1] - low[:, 1] + 1
        columns = (high[:, 0] - low[:, 0] + 1) * wide
        total = np.cumsum(columns)
        start = 0
        while start < len(xyz):
            before = total[start - 1] if start else 0
            stop = max(start + 1, int(np.searchsorted(total, before + _CHUNK, "right")))
            query, step = _ranges(np.zeros(stop - start, np.int64), columns[start:stop])
            query += start
            x, y = low[query, 0] + step // wide[query], low[query, 1] + step % wide[query]
            yield query, x, y, low[query, 2], high[query, 2]
            start = stop

    def near(self, xyz: np.ndarray, chord: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(query, point) for the points in the cells that each query's ball touches, in chunks; the
        caller filters by the exact distance."""
        for query, x, y, z_low, z_high in self._columns(xyz, chord):
            column = (x * self.side + y) * self.side
            begin = np.searchsorted(self.ids, column + z_low, "left")
            end = np.searchsorted(self.ids, column + z_high, "right")
            some = end > begin
            query, begin, end = query[some], begin[some], end[some]
            if not len(query):
                continue
            sizes = np.cumsum(end - begin)
            cuts = np.searchsorted(sizes, np.arange(_CHUNK, int(sizes[-1]), _CHUNK), "right")
            for part in np.split(np.arange(len(query)), cuts):
                if len(part):
                    which, position = _ranges(begin[part], end[part])
                    yield query[part][which], self.order[position]

    def largest_near(self, values: np.ndarray, other: "_Grid", km: float) -> np.ndarray:
        """For each cell of the `other` grid, the largest value among this grid's points within `km`
        of any point of the cell, or more (from whole cells: a bound, not the exact value)."""
        result = np.full(len(other.cell_ids), np.iinfo(np.int64).min)
        if not len(self.ids):
            return result
        firsts = np.flatnonzero(np.r_[True, self.ids[1:] != self.ids[:-1]])
        cell_ids = self.ids[firsts]
        cell_max = np.r_[np.maximum.reduceat(values[self.order], firsts), result[:1]]
        # Around the middle of each of the other grid's cells, the radius plus half its diagonal.
        side = other.side
        cells = np.column_stack(
            [other.cell_ids // side**2, other.cell_ids // side % side, other.cell_ids % side]
        )
        middle = (cells - other.offset + 0.5) * other.cell
        chord = _chord(np.full(len(middle), km)) + other.cell * math.sqrt(3) / 2
        for query, x, y, z_low, z_high in self._columns(middle, chord):
            column = (x * self.side + y) * self.side
            begin = np.searchsorted(cell_ids, column + z_low, "left")
            end = np.searchsorted(cell_ids, column + z_high, "right")
            some = end > begin
            bounds = np.column_stack([begin[some], end[some]]).ravel()
            if len(bounds):
                np.maximum.at(result, query[some], np.maximum.reduceat(cell_max, bounds)[::2])
        return result

    def covered(self, xyz: np.ndarray, chord: np.ndarray) -> np.ndarray:
        """Whether each point lies in a cell that is wholly inside one of the balls."""
        marks = np.zeros(len(self.ids) + 1, np.int64)
        for query, x, y, _, _ in self._columns(xyz, chord):
            centre = xyz[query] / self.cell + self.offset  # in cell units
            dx = np.maximum(np.abs(x - centre[:, 0]), np.abs(x + 1 - centre[:, 0]))
            dy = np.maximum(np.abs(y - centre[:, 1]), np.abs(y + 1 - centre[:, 1]))
            room = (chord[query] / self.cell) ** 2 - dx**2 - dy**2
            reach = np.sqrt(np.maximum(room, 0))
            # The cells z with z >= centre - reach and z + 1 <= centre + reach, in the grid (a number
            # past its edge would fall into the next column).
            z_low = np.maximum(np.ceil(centre[:, 2] - reach).astype(np.int64), 0)
            z_high = np.minimum(np.floor(centre[:, 2] + reach).astype(np.int64) - 1, self.side - 1)
            ok = (room >= 0) & (z_high >= z_low)
            column = (x[ok] * self.side + y[ok]) * self.side
            np.add.at(marks, np.searchsorted(self.ids, column + z_low[ok], "left"), 1)
            np.add.at(marks, np.searchsorted(self.ids, column + z_high[ok], "right"), -1)
        inside = np.zeros(len(self.ids), bool)
        inside[self.order] = np.cumsum(marks[:-1]) > 0
        return inside


def _xyz(lat: np.ndarray, lng: np.ndarray, cos_lat: np.ndarray) -> np.ndarray:
    return EARTH_RADIUS_KM * np.column_stack([cos_lat * np.cos(lng), cos_lat * np.sin(lng), np.sin(lat)])


def _chord(km: np.ndarray) -> np.ndarray:
    # The straight-line length of a great-circle arc, widened by a hair so that rounding never
    # leaves a point out; callers filter by the exact distance.
    angle = np.minimum(np.asarray(km, float) / EARTH_RADIUS_KM, math.pi)
    return 2 * EARTH_RADIUS_KM * np.sin(angle / 2) * (1 + 1e-9) + 1e-6


def _groups(*keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Rows equal in every key form a group. Returns each row's group and each group's first row;
    # groups are numbered in the order of their first rows.
    rows = len(keys[0])
    order = np.lexsort((np.arange(rows), *reversed(keys)))
    changed = np.zeros(rows, bool)
    changed[:1] = True
    for key in keys:
        ordered = key[order]
        changed[1:] |= ordered[1:] != ordered[:-1]
    label = np.cumsum(changed) - 1
    first = order[changed]
    by_first = np.argsort(first, kind="stable")
    number = np.empty(len(first), np.int64)
    number[by_first] = np.arange(len(first))
    group = np.empty(rows, np.int64)
    group[order] = number[label]
    return group, first[by_first]


def _concatenate(parts: Iterable[_Arcs]) -> _Arcs:
    return _Arcs(*(np.concatenate(column) for column in zip(_NO_ARCS, *parts, strict=True)))


def _within_chord(a: np.ndarray, b: np.ndarray, chord: np.ndarray) -> np.ndarray:
    difference = a - b
    return np.einsum("ij,ij->i", difference, difference) <= chord**2


def _ranges(starts: np.ndarray, stops: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # For the ranges [start, stop): the number of the range of each element, and the element.
    counts = np.maximum(stops - starts, 0)
    which = np.repeat(np.arange(len(counts)), counts)
    if not len(which):
        return which, which.copy()
    offsets = np.cumsum(counts) - counts
    return which, np.arange(len(which)) - offsets[which] + np.asarray(starts)[which]


def _rank(sorted_keys: np.ndarray) -> np.ndarray:
    # 0, 1, 2, ... within each run of equal keys.
    if not len(sorted_keys):
        return np.zeros(0, np.int64)
    index = np.arange(len(sorted_keys))
    starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    return index - np.maximum.accumulate(np.where(starts, index, 0))


def _check(people: Sequence[Person], cohorts: Sequence[Cohort]) -> _Columns:
    # The people's fields, read once, after checking both sides a column at a time; on any doubt
    # the loop below names the first problem.
    columns = _Columns(*(list(map(attrgetter(name), people)) for name in _FIELDS))
    if _columns_valid(columns) and _columns_valid(
        _Columns(*(list(map(attrgetter(name), cohorts)) for name in _FIELDS))
    ):
        seats = [c.seats for c in cohorts]
        if set(map(type, seats)) <= {int} and min(seats, default=0) >= 0:
            return columns
    for kind, items in (("person", people), ("cohort", cohorts)):
        seen: set[Hashable] = set()
        for item in items:
            if item.id in seen:
                raise ValueError(f"{kind} id {item.id!r} appears more than once")
            seen.add(item.id)
            if not (_is_number(item.lat) and -90 <= item.lat <= 90):
                raise ValueError(f"{kind} {item.id!r}: lat must be a number between -90 and 90")
            if not (_is_number(item.lng) and -180 <= item.lng <= 180):
                raise ValueError(f"{kind} {item.id!r}: lng must be a number between -180 and 180")
            if item.sector is not None and not isinstance(item.sector, str):
                raise ValueError(f"{kind} {item.id!r}: sector must be a KBLI code as a string, or None")
    for cohort in cohorts:
        if isinstance(cohort.seats, bool) or not isinstance(cohort.seats, int) or cohort.seats < 0:
            raise ValueError(f"cohort {cohort.id!r}: seats must be a whole number of at least 0")
    return columns


_FIELDS = ("id", "lat", "lng", "sector")


def _columns_valid(columns: _Columns) -> bool:
    if len(set(columns.ids)) != len(columns.ids):
        return False
    for values, low, high in ((columns.lat, -90, 90), (columns.lng, -180, 180)):
        if not set(map(type, values)) <= {int, float}:
            return False
        array = np.array(values, float)
        if not (
            np.isfinite(array).all() and array.min(initial=low) >= low and array.max(initial=high) <= high
        ):
            return False
    return set(map(type, columns.sector)) <= {str, type(None)}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
