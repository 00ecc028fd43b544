"""The problem as arrays (groups of interchangeable people, open cohorts and their centres), its
distances and radius queries, and the arcs of the first round: a quick greedy fill and each person's
cheapest cohorts."""

from collections.abc import Iterator, Sequence

import numpy as np

from .arrays import _NO_ARCS, _Arcs, _concatenate, _groups, _merge, _ranges, _rank
from .grid import _chord, _Grid, _within_chord, _xyz
from .records import EARTH_RADIUS_KM, SCALE, Cohort, Params, _Columns, sector_fits

# The greedy's estimate of what a full cohort's seat is worth is widened by this share before the
# first round: a little more now saves a round later.
_ESTIMATE_SHARE = 0.25
# A round adds at most this many failing arcs per seat of a cohort, and at least _MIN_ADDED; and per
# person at most candidate_k.
_ADDED_PER_SEAT = 2
_MIN_ADDED = 8
# ... counting a group of people as one person per this many of them.
_GROUP_SHARE = 8


class _Problem:
    # Groups of interchangeable people and open cohorts as arrays; cohorts at the same place share one
    # centre. From here on a "person" number is a group's: the arrays describe groups.

    def __init__(
        self, columns: _Columns, cohorts: Sequence[Cohort], params: Params, remote_ok: Sequence[bool] = ()
    ) -> None:
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
        remote = np.array(remote_ok, bool) if len(remote_ok) else np.zeros(len(lat), bool)
        # People at the same place with the same business interest cost the same everywhere, so
        # the flow needs them only as one node whose supply is their number: a district's hundreds
        # of people are one node with one arc per cohort. Groups are numbered by their first member;
        # members[starts[g]:starts[g + 1]] are group g's people in input order.
        self.group_of, first = _groups(lat, lng, sector, remote)
        self.n = len(first)
        self.size = np.bincount(self.group_of, minlength=self.n).astype(np.int64)
        self.members = np.argsort(self.group_of, kind="stable")
        self.starts = np.r_[0, np.cumsum(self.size)]
        self.plat, self.plng, self.psector = lat[first], lng[first], sector[first]
        # Remote pairs (a remote_ok group, a remote cohort) cost remote_km at any distance.
        self.remote_km = params.remote_km
        self.premote = remote[first] & (params.remote_km is not None)
        self.cremote = np.array([c.remote for c in cohorts], bool) & (params.remote_km is not None)
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
            [[sector_fits(a, b) for b in cohort_sectors] for a in person_sectors], bool
        ).reshape(len(person_sectors), len(cohort_sectors))
        self.penalty = np.where(self.match, 0.0, float(params.sector_mismatch_km))
        self.largest_cost = round(
            (max(params.max_km, params.remote_km or 0) + params.sector_mismatch_km) * SCALE
        )
        # A round adds up to k failing arcs per group, and more for a group too big for k cohorts.
        k = params.candidate_k or 1
        self.added_per_person = k * -(-self.size // _GROUP_SHARE)
        # The people whose `count` cheapest cohorts are known: (people, their arcs, count).
        self.known: tuple[np.ndarray, _Arcs, int] = (np.zeros(0, np.int64), _NO_ARCS, 0)

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
        # The trip within max_km, or the remote option for a remote pair: the smaller of the two.
        penalty = self.penalty[self.psector[person], self.csector[cohort]]
        if self.remote_km is None:
            return km + penalty
        trip = np.where(km <= self.max_km, km, np.inf)
        remote = np.where(self.premote[person] & self.cremote[cohort], self.remote_km, np.inf)
        return np.minimum(trip, remote) + penalty

    def remote(self, person: np.ndarray, cohort: np.ndarray, km: np.ndarray) -> np.ndarray:
        """Whether each pair's cost is the remote option's (a tie goes to the trip)."""
        if self.remote_km is None:
            return np.zeros(len(person), bool)
        pair = self.premote[person] & self.cremote[cohort]
        return pair & ((km > self.max_km) | (self.remote_km < km))

    def remote_arcs(self, people: np.ndarray, cohorts: np.ndarray) -> _Arcs:
        # Every arc between the given people and cohorts, at its cost (remote or not).
        return self.remote_arcs_of(np.repeat(people, len(cohorts)), np.tile(cohorts, len(people)))

    def remote_arcs_of(self, person: np.ndarray, cohort: np.ndarray) -> _Arcs:
        # The arcs of the given pairs, at their costs.
        km = self.km(person, self.centre_of[cohort])
        return _Arcs(person, cohort, km, np.rint(self.costs(person, cohort, km) * SCALE).astype(np.int64))

    def remote_people(self) -> np.ndarray:
        return np.flatnonzero(self.premote) if self.cremote.any() else np.zeros(0, np.int64)

    def remote_cohorts(self) -> np.ndarray:
        return np.flatnonzero(self.cremote) if self.premote.any() else np.zeros(0, np.int64)

    def cheapest_remote(self, people: np.ndarray, count: int) -> _Arcs:
        # The `count` cheapest remote cohorts of each given person, by the remote option alone (the
        # sector fit decides; ties go to the cohort given first), at the pair's cost.
        people = people[self.premote[people]]
        cohorts = self.remote_cohorts()
        if not len(people) or not len(cohorts):
            return _NO_ARCS
        classes, inverse = np.unique(self.psector[people], return_inverse=True)
        penalty = self.penalty[classes][:, self.csector[cohorts]]
        best = np.argsort(penalty, axis=1, kind="stable")[:, :count]
        person = np.repeat(people, best.shape[1])
        return self.remote_arcs_of(person, cohorts[best[inverse].ravel()])

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
        remote = self.remote_arcs(self.remote_people(), self.remote_cohorts())
        return _merge(self.m, remote, *self.near_centres(centres, np.full(self.centres, self.max_km)))

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
        # Each person the greedy placed in a cohort with seats to spare: their k cheapest; so too each
        # remote_ok person it left waiting (the greedy only looks around people).
        spare = np.unique(grants.person[~full[grants.cohort]])
        placed = np.bincount(grants.person, minlength=self.n) > 0
        spare = np.union1d(spare, np.flatnonzero(self.premote & ~placed)) if self.cremote.any() else spare
        if len(spare):
            self.known = (spare, self.cheapest(spare, k), k)
            parts.append(self.known[1])
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
            # A remote pair's cost does not grow with the distance: each person's `count` cheapest
            # remote cohorts join the ones found around them.
            arcs = _merge(self.m, self.cheapest_remote(people, count), *self.near_people(people, radius))
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
