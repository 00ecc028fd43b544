"""Place a wave's selected participants into cohort seats, exactly.

The objective is lexicographic: first place as many people as possible, then minimise the total
cost over the people placed. A person's cost for a cohort is the great-circle km from their district
centroid to the centre, plus `sector_mismatch_km` when the course's sector does not match their
business interest. Hard limits: a seat is used once, a person gets at most one seat, and nobody is
sent further than `max_km`. The caller passes only cohorts in the wave's date window.

This is a maximum flow of minimum cost: source -> person (capacity 1) -> cohort (capacity 1, the
cost) -> sink (capacity seats), solved with OR-Tools' `solve_max_flow_with_min_cost`. OR-Tools
needs integer costs, so each cost is rounded to the metre (`SCALE`). The solution is exactly optimal
for the rounded costs. The reported totals add up the unrounded floats, so they differ from the
true float optimum by at most one metre per person placed.

Candidate arcs are pruned to each person's `candidate_k` cheapest cohorts within `max_km`, and the
result is then proven optimal for the full graph, as follows. Add an arc sink -> source of cost -M,
where M = (people + 1) * (largest cost + 1). A flow is then lexicographically optimal exactly when
it is a minimum-cost circulation, which holds exactly when node potentials d exist with
cost(u, v) + d(u) - d(v) >= 0 on every arc of the residual graph. Shortest-path distances from a
virtual root are such potentials for the pruned residual graph; if it has a negative cycle, OR-Tools
was wrong and RuntimeError is raised. The pruned-away arcs are the only other residual arcs, all of
them unused. So the pruned optimum is the full optimum when, for every pruned arc (p, c),
cost(p, c) + d(p) - d(c) >= 0. The check is cheap: cost(p, c) is at least the cost of p's first
pruned cohort and d(c) <= max d, so only people whose first pruned cost is below max d - d(p) have
their nearby cohorts enumerated. If any arc fails, the `candidate_k` of each person with a failing
arc is doubled and the problem solved again (`widened`). A person whose k covers every cohort within
reach has nothing pruned, so the rounds end.
"""

import math
import time
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from ortools.graph.python import min_cost_flow

EARTH_RADIUS_KM = 6371.0088
SCALE = 1000
DEFAULT_CANDIDATE_K = 4
MAX_PENALTY_KM = 100_000.0

_REASON_TEXT = {
    "no_cohort_within_max_km": "no cohort within {max_km} km",
    "all_reachable_cohorts_full": "every cohort within {max_km} km is full",
}


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
    the sectors differ. `candidate_k` is how many cheapest cohorts each person starts with; None
    means every cohort within reach."""

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
    "no_cohort_within_max_km" or "all_reachable_cohorts_full". `arcs` counts the person -> cohort
    arcs in the last graph solved. `pruned_k` is the largest `candidate_k` anyone ended with (None
    without pruning), and `rounds` counts how often the flow was solved; `widened` means more than
    once. Totals add up unrounded km over the people placed."""

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
    cost, never sending anyone further than `params.max_km`. The result is proven optimal even when
    candidates were pruned (see the module docstring). Cohorts with 0 seats are ignored. Raises
    ValueError for duplicate ids, coordinates off the globe, a sector that is not a string, or a
    negative or fractional seat count."""
    started = time.perf_counter()
    _check(people, cohorts)
    open_cohorts = [c for c in cohorts if c.seats > 0]
    space = _Space(people, open_cohorts, params)

    k = params.candidate_k
    ks = [k] * len(people)
    candidates = space.candidates(ks)
    rounds = 0
    while True:
        rounds += 1
        assigned = _max_flow_min_cost(candidates, space.seats)
        violators = [] if k is None else space.violators(candidates, assigned)
        if not violators:
            break
        # A person whose k covers every cohort they can reach has nothing pruned, so this ends.
        for person in violators:
            ks[person] *= 2
        space.widen(candidates, ks, violators)

    final_k = None if k is None else max(ks, default=k)
    solution = _solution(space, candidates, assigned, k=final_k, widened=rounds > 1, rounds=rounds)
    return replace(solution, seconds=time.perf_counter() - started)


class _Candidate(NamedTuple):
    unit_cost: int
    cohort: int
    distance_km: float
    cost: float
    sector_match: bool


class _Candidates(NamedTuple):
    # Per person: the `k` cheapest cohorts become arcs; `extra` is the next one when it exists. It
    # gives the cheapest cost any pruned arc has, and it is enough to name every placed person's
    # next-best cohort.
    arcs: list[list[_Candidate]]
    extra: list[_Candidate | None]


_Entry = tuple[int, float, float, float, int]  # cohort index, lat and lng in radians, cos lat, sector


class _Rectangle(NamedTuple):
    # Grid rows and columns; columns are not wrapped yet (see _Space._rectangle).
    rows: range
    columns: range
    whole_circle: bool


class _Space:
    # People and cohorts, with the cohorts in a latitude/longitude grid for radius queries.

    def __init__(self, people: Sequence[Person], cohorts: Sequence[Cohort], params: Params) -> None:
        self.people = people
        self.cohorts = cohorts
        self.params = params
        self.seats = [c.seats for c in cohorts]
        self._where = [
            (math.radians(p.lat), math.radians(p.lng), math.cos(math.radians(p.lat))) for p in people
        ]
        self._sectors = list(dict.fromkeys(c.sector for c in cohorts))
        sector_ids = {sector: index for index, sector in enumerate(self._sectors)}
        self._penalty_rows: dict[str | None, list[float]] = {}
        self._matches: dict[tuple[str | None, str | None], bool] = {}
        # Eight cells across max_km: a query at the full radius reads about 17 x 17 cells, the first
        # query (max_km / 8) about 3 x 3. 360 degrees is a whole number of cells, so longitudes wrap
        # cleanly at the antimeridian.
        self._columns = math.ceil(360 / (math.degrees(params.max_km / EARTH_RADIUS_KM) / 8))
        self._cell = 360 / self._columns
        cells: dict[int, dict[int, list[_Entry]]] = {}
        for index, c in enumerate(cohorts):
            lat = math.radians(c.lat)
            row = cells.setdefault(math.floor(c.lat / self._cell), {})
            cell = row.setdefault(math.floor(c.lng / self._cell) % self._columns, [])
            cell.append((index, lat, math.radians(c.lng), math.cos(lat), sector_ids[c.sector]))
        # Per row, the sorted columns that hold cohorts and their cells, so a scan bisects to the
        # cells it needs instead of looking up every empty one (the sea, thinly served regions).
        self._rows = {i: (sorted(row), [row[j] for j in sorted(row)]) for i, row in cells.items()}
        self._reach: dict[int, list[tuple[float, int, float]]] = {}

    def candidates(self, ks: list[int | None]) -> _Candidates:
        candidates = _Candidates([[] for _ in ks], [None for _ in ks])
        self.widen(candidates, ks, range(len(ks)))
        return candidates

    def widen(self, candidates: _Candidates, ks: list[int | None], people: Iterable[int]) -> None:
        for person in people:
            k = ks[person]
            found = self._cheapest(person, None if k is None else k + 1)
            candidates.arcs[person] = found if k is None else found[:k]
            candidates.extra[person] = found[k] if k is not None and len(found) > k else None

    def violators(self, candidates: _Candidates, assigned: list[int]) -> list[int]:
        # The people with a pruned arc of negative reduced cost; none means the flow is optimal.
        potential = self._potentials(candidates, assigned)
        highest = max(potential[: len(self.cohorts)], default=0)
        violators = []
        for person, arcs in enumerate(candidates.arcs):
            first_pruned = candidates.extra[person]
            if first_pruned is None:
                continue
            if assigned[person] < 0:
                own = potential[-2]
            else:
                own = potential[assigned[person]] - _cost_of(arcs, assigned[person])
            bound = highest - own
            if first_pruned.unit_cost >= bound:
                continue
            kept = {a.cohort for a in arcs}
            # A violating arc costs less than `bound`, and a cost is never below the distance.
            radius = bound / SCALE
            if radius >= self.params.max_km:
                found = self._all_reachable(person)
            else:
                found = []
                self._scan(person, self._rectangle(person, radius), None, radius, found)
            if any(
                cohort not in kept and round(cost * SCALE) + own - potential[cohort] < 0
                for cost, cohort, _ in found
            ):
                violators.append(person)
        return violators

    def _potentials(self, candidates: _Candidates, assigned: list[int]) -> list[int]:
        # Shortest-path distances in the residual graph, from a virtual root joined to every node by
        # a 0-cost arc. People are folded into the cohort nodes: an assigned person's only way in is
        # the reverse of their own arc, so d(p) = d(their cohort) - cost, and an unassigned person's
        # only way in is from the source, so d(p) = d(source).
        m = len(self.cohorts)
        source, sink = m, m + 1
        adjacency: list[list[tuple[int, int]]] = [[] for _ in range(m + 2)]
        load = [0] * m
        for person, arcs in enumerate(candidates.arcs):
            cohort = assigned[person]
            if cohort < 0:
                adjacency[source].extend((a.cohort, a.unit_cost) for a in arcs)
                continue
            load[cohort] += 1
            own = _cost_of(arcs, cohort)
            adjacency[cohort].extend((a.cohort, a.unit_cost - own) for a in arcs if a.cohort != cohort)
            adjacency[cohort].append((source, -own))
        for cohort in range(m):
            if load[cohort] < self.seats[cohort]:
                adjacency[cohort].append((sink, 0))
            if load[cohort]:
                adjacency[sink].append((cohort, 0))
        # M outweighs every possible sum of costs, so one more person placed beats any saving. No arc,
        # pruned or not, costs more than max_km plus the penalty.
        largest = round((self.params.max_km + self.params.sector_mismatch_km) * SCALE)
        big_m = (len(candidates.arcs) + 1) * (largest + 1)
        adjacency[sink].append((source, -big_m))
        if sum(load):
            adjacency[source].append((sink, big_m))
        return _shortest_paths(adjacency)

    def _cheapest(self, person: int, want: int | None) -> list[_Candidate]:
        found = self._reach.get(person)
        if found is None:
            found = self._search(person, want)
        sector = self.people[person].sector
        return [
            _Candidate(round(cost * SCALE), c, distance, cost, self._match(sector, self.cohorts[c].sector))
            for cost, c, distance in found[:want]
        ]

    def _search(self, person: int, want: int | None) -> list[tuple[float, int, float]]:
        max_km = self.params.max_km
        radius = max_km if want is None else max_km / 8
        found: list[tuple[float, int, float]] = []
        scanned = None
        while True:
            rectangle = self._rectangle(person, radius)
            if scanned is not None and rectangle.whole_circle and not scanned.whole_circle:
                found, scanned = [], None
            # Everything scanned within max_km is kept, not only what lies within the radius.
            self._scan(person, rectangle, scanned, max_km, found)
            scanned = rectangle
            if radius >= max_km:
                found.sort()
                self._reach[person] = found
                return found
            # Every cohort outside the radius costs more than the radius, so when the `want`
            # cheapest found cost no more than the radius, they are the cheapest of all.
            if want is not None and len(found) >= want:
                found.sort()
                if found[want - 1][0] <= radius:
                    return found
            radius = min(max_km, radius * 2)

    def _all_reachable(self, person: int) -> list[tuple[float, int, float]]:
        # (cost, cohort, km) for every cohort within max_km, cheapest first; kept for later rounds.
        found = self._reach.get(person)
        return self._search(person, None) if found is None else found

    def _rectangle(self, person: int, radius: float) -> _Rectangle:
        # The bounding box of a spherical cap: latitude +- theta, and longitude +- asin(sin theta /
        # cos latitude) unless the cap holds a pole. Widened by a hair so rounding never leaves a
        # cohort out; _scan filters by the exact distance.
        lat, lng, cos_lat = self._where[person]
        theta = radius / EARTH_RADIUS_KM * (1 + 1e-9) + 1e-12
        cell = math.radians(self._cell)
        low, high = lat - theta, lat + theta
        rows = range(
            math.floor(math.degrees(max(low, -math.pi / 2)) / self._cell),
            math.floor(math.degrees(min(high, math.pi / 2)) / self._cell) + 1,
        )
        if low <= -math.pi / 2 or high >= math.pi / 2:
            return _Rectangle(rows, range(self._columns), True)
        half = math.asin(min(1.0, math.sin(theta) / cos_lat))
        columns = range(math.floor((lng - half) / cell), math.floor((lng + half) / cell) + 1)
        if len(columns) >= self._columns:
            return _Rectangle(rows, range(self._columns), True)
        return _Rectangle(rows, columns, False)

    def _scan(
        self,
        person: int,
        rectangle: _Rectangle,
        scanned: _Rectangle | None,
        limit: float,
        found: list[tuple[float, int, float]],
    ) -> None:
        # Appends (cost, cohort, km) for each cohort within `limit` km (and max_km) in the
        # rectangle's cells, skipping the cells of `scanned`, a smaller rectangle around the same
        # person.
        lat, lng, cos_lat = self._where[person]
        penalties = self._penalties(self.people[person].sector)
        limit = min(limit, self.params.max_km)
        diameter = 2 * EARTH_RADIUS_KM
        # The haversine of the limit, so most cohorts out of reach are dropped before asin and sqrt.
        half_angle = limit / diameter
        most = math.sin(half_angle) ** 2 * (1 + 1e-9) if half_angle < math.pi / 2 else 2.0
        sin, asin, sqrt = math.sin, math.asin, math.sqrt
        first, last = rectangle.columns.start, rectangle.columns.stop - 1
        whole_rows = _wrapped(self._columns, [(first, last)])
        if scanned is None:
            skip_rows, ring_rows = range(0), whole_rows
        else:
            skip_rows = scanned.rows
            inner = scanned.columns
            ring_rows = _wrapped(self._columns, [(first, inner.start - 1), (inner.stop, last)])
        rows = self._rows
        for i in rectangle.rows:
            row = rows.get(i)
            if row is None:
                continue
            columns, cells = row
            for low, high in ring_rows if i in skip_rows else whole_rows:
                for cell in cells[bisect_left(columns, low) : bisect_right(columns, high)]:
                    for c, c_lat, c_lng, c_cos, c_sector in cell:
                        a = sin((c_lat - lat) / 2) ** 2 + cos_lat * c_cos * sin((c_lng - lng) / 2) ** 2
                        if a > most:
                            continue
                        distance = diameter * asin(sqrt(min(1.0, a)))
                        if distance <= limit:
                            found.append((distance + penalties[c_sector], c, distance))

    def _penalties(self, sector: str | None) -> list[float]:
        row = self._penalty_rows.get(sector)
        if row is None:
            penalty = self.params.sector_mismatch_km
            row = [0.0 if self._match(sector, other) else penalty for other in self._sectors]
            self._penalty_rows[sector] = row
        return row

    def _match(self, a: str | None, b: str | None) -> bool:
        match = self._matches.get((a, b))
        if match is None:
            match = self._matches[(a, b)] = sectors_match(a, b)
        return match


def _wrapped(count: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # Unwrapped column spans (first, last), each shorter than the circle, as spans of 0..count-1.
    wrapped = []
    for first, last in spans:
        if first > last:
            continue
        low = first % count
        high = low + last - first
        if high < count:
            wrapped.append((low, high))
        else:
            wrapped += [(low, count - 1), (0, high - count)]
    return wrapped


def _max_flow_min_cost(candidates: _Candidates, seats: list[int]) -> list[int]:
    # The cohort index each person gets, or -1.
    people = [p for p, arcs in enumerate(candidates.arcs) if arcs]
    assigned = [-1] * len(candidates.arcs)
    if not people:
        return assigned
    n, m = len(people), len(seats)
    source, sink = 0, n + m + 1
    tails: list[int] = []
    heads: list[int] = []
    costs: list[int] = []
    for node, person in enumerate(people, start=1):
        for arc in candidates.arcs[person]:
            tails.append(node)
            heads.append(n + 1 + arc.cohort)
            costs.append(arc.unit_cost)
    arc_count = len(tails)
    tails += [source] * n + [n + 1 + c for c in range(m)]
    heads += list(range(1, n + 1)) + [sink] * m
    capacities = [1] * (arc_count + n) + seats
    costs += [0] * (n + m)

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_nodes_supplies([source, sink], [n, -n])
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow ended with status {status}")
    used = flow.flows(list(range(arc_count))).tolist()
    for arc, units in enumerate(used):
        if units:
            assigned[people[tails[arc] - 1]] = heads[arc] - n - 1
    return assigned


def _shortest_paths(adjacency: list[list[tuple[int, int]]]) -> list[int]:
    # Bellman-Ford with a FIFO queue, every node starting at 0. A shortest path with as many arcs
    # as there are nodes repeats a node, so the graph has a negative cycle.
    count = len(adjacency)
    distance = [0] * count
    arcs_on_path = [0] * count
    queued = [True] * count
    queue = deque(range(count))
    while queue:
        u = queue.popleft()
        queued[u] = False
        du = distance[u]
        for v, cost in adjacency[u]:
            if du + cost < distance[v]:
                distance[v] = du + cost
                arcs_on_path[v] = arcs_on_path[u] + 1
                if arcs_on_path[v] >= count:
                    raise RuntimeError("the min-cost flow is not optimal: a negative residual cycle remains")
                if not queued[v]:
                    queued[v] = True
                    queue.append(v)
    return distance


def _cost_of(arcs: list[_Candidate], cohort: int) -> int:
    return next(a.unit_cost for a in arcs if a.cohort == cohort)


def _solution(
    space: _Space,
    candidates: _Candidates,
    assigned: list[int],
    *,
    k: int | None,
    widened: bool,
    rounds: int,
) -> Solution:
    assignments: dict[Hashable, Hashable] = {}
    unplaced: dict[Hashable, str] = {}
    explanations: dict[Hashable, Explanation] = {}
    total_km = total_cost = 0.0
    for index, person in enumerate(space.people):
        arcs = candidates.arcs[index]
        cohort = assigned[index]
        if cohort < 0:
            # At the optimum a free seat within reach would have taken this person.
            unplaced[person.id] = "all_reachable_cohorts_full" if arcs else "no_cohort_within_max_km"
            continue
        own = next(a for a in arcs if a.cohort == cohort)
        assignments[person.id] = space.cohorts[cohort].id
        total_km += own.distance_km
        total_cost += own.cost
        explanations[person.id] = Explanation(
            cohort_id=space.cohorts[cohort].id,
            distance_km=own.distance_km,
            sector_match=own.sector_match,
            cost=own.cost,
            next_best=_next_best(space, own, [*arcs, candidates.extra[index]]),
        )
    return Solution(
        assignments=assignments,
        unplaced=unplaced,
        explanations=explanations,
        total_km=total_km,
        total_cost=total_cost,
        seconds=0.0,
        arcs=sum(len(arcs) for arcs in candidates.arcs),
        pruned_k=k,
        widened=widened,
        rounds=rounds,
    )


def _next_best(space: _Space, own: _Candidate, options: list[_Candidate | None]) -> Alternative | None:
    other = next((c for c in options if c is not None and c.cohort != own.cohort), None)
    if other is None:
        return None
    # A cheaper cohort with a free seat would have lowered the optimum, so a cheaper one is full.
    if other.unit_cost < own.unit_cost:
        why_not = "full"
    elif other.unit_cost == own.unit_cost:
        why_not = "equal_cost"
    else:
        why_not = "costlier"
    return Alternative(space.cohorts[other.cohort].id, other.distance_km, other.cost, why_not)


def _check(people: Sequence[Person], cohorts: Sequence[Cohort]) -> None:
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


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
