"""Top k matches both ways without an all-pairs loop.

Businesses are grouped by KBLI division (the first two digits, which a match must share) and, inside
a division, sorted by region code: the businesses of a region prefix are one contiguous run found by
two binary searches. Capacity and certificates (as a bit mask of the kinds valid on the matching date)
are then checked, and the score computed, for the whole run at once with numpy. Listings are grouped
by division and by each region prefix they serve, so a business finds its listings by looking up each
prefix of its own code. Pure: no Django import."""

from bisect import bisect_left
from collections import defaultdict
from datetime import date

import numpy as np

from .model import CERTIFICATE_KINDS, Demand, Offer
from .rules import passes
from .score import WEIGHTS, Weights, explain, scores

_BIT = {kind: 1 << position for position, kind in enumerate(CERTIFICATE_KINDS)}
_AFTER = "\U0010ffff"


def mask(kinds) -> int:
    value = 0
    for kind in kinds:
        value |= _BIT[kind]
    return value


class _Division:
    """The businesses of one KBLI division, sorted by region code, as parallel arrays."""

    def __init__(self, offers: list[Offer], on: date, rank: dict[str, int]) -> None:
        offers = sorted(offers, key=lambda o: (o.region, o.id))
        self.offers = offers
        self.regions = [o.region for o in offers]
        self.kbli = np.array([int(o.kbli) for o in offers], dtype=np.int64)
        self.capacity = np.array([o.capacity_per_month for o in offers], dtype=np.int64)
        self.certificates = np.array([mask(o.valid_kinds(on)) for o in offers], dtype=np.int64)
        nan = float("nan")
        self.lat = np.array([nan if o.lat is None else o.lat for o in offers], dtype=np.float64)
        self.lng = np.array([nan if o.lng is None else o.lng for o in offers], dtype=np.float64)
        self.price = np.array([nan if o.price is None else o.price for o in offers], dtype=np.float64)
        self.rank = np.array([rank[o.id] for o in offers], dtype=np.int64)

    def candidates(self, demand: Demand) -> np.ndarray:
        """Positions of the businesses that pass every hard rule (the division is already shared)."""
        if demand.regions:
            runs = []
            for prefix in demand.regions:
                low = bisect_left(self.regions, prefix)
                high = bisect_left(self.regions, prefix + _AFTER, low)
                if high > low:
                    runs.append(np.arange(low, high))
            if not runs:
                return np.zeros(0, dtype=np.int64)
            found = runs[0] if len(runs) == 1 else np.unique(np.concatenate(runs))
        else:
            found = np.arange(len(self.offers))
        required = mask(demand.requires)
        keep = (self.capacity[found] >= demand.min_per_supplier) & (
            self.certificates[found] & required == required
        )
        return found[keep]


class BusinessIndex:
    """Businesses for a listing: `top(demand, k)`."""

    def __init__(self, offers: list[Offer], on: date, weights: Weights = WEIGHTS) -> None:
        self.on = on
        self.weights = weights
        rank = {identifier: position for position, identifier in enumerate(sorted(o.id for o in offers))}
        grouped: dict[str, list[Offer]] = defaultdict(list)
        for offer in offers:
            grouped[offer.kbli[:2]].append(offer)
        self.divisions = {code: _Division(group, on, rank) for code, group in grouped.items()}

    def top(self, demand: Demand, k: int) -> list[tuple[Offer, float, list[dict]]]:
        """The k best businesses passing the hard rules, best first (ties by business id), each with its
        score and reasons."""
        division = self.divisions.get(demand.division)
        if division is None or k <= 0:
            return []
        found = division.candidates(demand)
        if not len(found):
            return []
        value = scores(
            demand,
            division.kbli[found],
            division.capacity[found],
            division.lat[found],
            division.lng[found],
            division.price[found],
            self.weights,
        )
        if len(found) > k:
            # Every business scoring at least the k-th best stays, so ties at the cut are decided by id.
            threshold = np.partition(value, len(value) - k)[len(value) - k]
            keep = np.flatnonzero(value >= threshold)
            found, value = found[keep], value[keep]
        order = np.lexsort((division.rank[found], -value))[:k]
        return [
            (division.offers[i], float(v), explain(division.offers[i], demand, self.weights)[1])
            for i, v in zip(found[order].tolist(), value[order].tolist(), strict=True)
        ]


class ListingIndex:
    """Listings for a business: `top(offer, k)`."""

    def __init__(self, demands: list[Demand], on: date, weights: Weights = WEIGHTS) -> None:
        self.on = on
        self.weights = weights
        self.by_prefix: dict[tuple[str, str], list[Demand]] = defaultdict(list)
        for demand in demands:
            for prefix in set(demand.regions) or {""}:
                self.by_prefix[(demand.division, prefix)].append(demand)

    def top(self, offer: Offer, k: int) -> list[tuple[Demand, float, list[dict]]]:
        """The k best listings the business passes the hard rules of, best first (ties by listing id)."""
        division = offer.kbli[:2]
        seen: dict[str, Demand] = {}
        for length in range(len(offer.region) + 1):
            for demand in self.by_prefix.get((division, offer.region[:length]), ()):
                seen.setdefault(demand.id, demand)
        found = []
        for demand in seen.values():
            if passes(offer, demand, self.on):
                score, reasons = explain(offer, demand, self.weights)
                found.append((demand, score, reasons))
        found.sort(key=lambda item: (-item[1], item[0].id))
        return found[:k] if k > 0 else []
