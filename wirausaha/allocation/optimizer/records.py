"""The records going in and out of the optimizer (who is placed, where, within which limits, and
the answer with its explanations), the distance and sector rules they are judged by, and the checks
on the input. Pure: no Django import."""

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

import numpy as np

EARTH_RADIUS_KM = 6371.0088
SCALE = 1000
DEFAULT_CANDIDATE_K = 4
MAX_PENALTY_KM = 100_000.0

_REASON_TEXT = {
    "no_cohort_within_max_km": "no cohort within {max_km} km",
    "all_reachable_cohorts_full": "every cohort within {max_km} km is full",
}

# The greedy's estimate of what a full cohort's seat is worth is widened by this share before the


@dataclass(frozen=True, slots=True)
class Person:
    """A participant to place: their district centroid (degrees) and business interest (KBLI).
    `remote_ok`: they accept a remote option (a counselor coaching remotely) at `Params.remote_km`."""

    id: Hashable
    lat: float
    lng: float
    sector: str | None = None
    remote_ok: bool = False


@dataclass(frozen=True, slots=True)
class Cohort:
    """A cohort in the wave's date window: its centre (degrees), free seats and course sector (KBLI).
    The sector may also be a tuple of codes (a counselor's sectors): it matches when any code does,
    and an empty tuple matches no stated interest. `remote`: it can also be taken remotely, by
    people with `remote_ok`, at `Params.remote_km` from anywhere."""

    id: Hashable
    lat: float
    lng: float
    seats: int
    sector: str | tuple[str, ...] | None = None
    remote: bool = False


@dataclass(frozen=True, slots=True)
class Params:
    """`max_km` is the longest trip allowed, inclusive. `sector_mismatch_km` is added to the cost when
    the sectors differ. `candidate_k` is how many cheapest cohorts a person placed by the first
    estimate starts with; None means every cohort within reach for everyone (no pruning).
    `remote_km` is the cost of a remote pair (a `remote_ok` person and a `remote` cohort) at any
    distance; a pair that is also within `max_km` costs the smaller. None: nothing is remote."""

    max_km: float
    sector_mismatch_km: float = 0.0
    candidate_k: int | None = DEFAULT_CANDIDATE_K
    remote_km: float | None = None

    def __post_init__(self) -> None:
        if not _is_number(self.max_km) or self.max_km <= 0:
            raise ValueError(f"max_km must be a number above 0, got {self.max_km!r}")
        if not _is_number(self.sector_mismatch_km) or not 0 <= self.sector_mismatch_km <= MAX_PENALTY_KM:
            raise ValueError(
                f"sector_mismatch_km must be a number from 0 to {MAX_PENALTY_KM:g}, "
                f"got {self.sector_mismatch_km!r}"
            )
        remote = self.remote_km
        if remote is not None and (not _is_number(remote) or not 0 <= remote <= MAX_PENALTY_KM):
            raise ValueError(
                f"remote_km must be a number from 0 to {MAX_PENALTY_KM:g} or None, got {remote!r}"
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
    remote: bool = False


@dataclass(frozen=True)
class Solution:
    """Who goes where and why. Each unplaced person has a reason code:
    "no_cohort_within_max_km" or "all_reachable_cohorts_full". `arcs` counts the group -> cohort
    arcs in the last graph solved (people at one place with one interest are a group; see the package
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


def sector_fits(person: str | None, cohort: str | tuple[str, ...] | None) -> bool:
    """`sectors_match` against a cohort's sector, or against any of a tuple of sectors (a counselor's).
    A person with no stated interest fits everywhere; an empty tuple fits only them."""
    if isinstance(cohort, tuple):
        return not (person or "").strip() or any(sectors_match(person, code) for code in cohort)
    return sectors_match(person, cohort)


def describe_unplaced(reason: str, *, max_km: float) -> str:
    """English text for an unplaced reason code, e.g. "no cohort within 75 km"; interfaces translate
    by code."""
    return _REASON_TEXT[reason].format(max_km=f"{max_km:g}")


class _Columns(NamedTuple):
    # The people's fields as lists, read once.
    ids: list
    lat: list
    lng: list
    sector: list


def _check(people: Sequence[Person], cohorts: Sequence[Cohort]) -> _Columns:
    # The people's fields, read once, after checking both sides a column at a time; on any doubt
    # the loop below names the first problem.
    columns = _Columns(*(list(map(attrgetter(name), people)) for name in _FIELDS))
    cohort_columns = _Columns(*(list(map(attrgetter(name), cohorts)) for name in _FIELDS))
    if (
        _columns_valid(columns)
        and _columns_valid(cohort_columns._replace(sector=[]))
        and all(_cohort_sector_valid(sector) for sector in cohort_columns.sector)
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
            if kind == "person" and item.sector is not None and not isinstance(item.sector, str):
                raise ValueError(f"{kind} {item.id!r}: sector must be a KBLI code as a string, or None")
            if kind == "cohort" and not _cohort_sector_valid(item.sector):
                raise ValueError(
                    f"{kind} {item.id!r}: sector must be a KBLI code as a string, a tuple of them, or None"
                )
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


def _cohort_sector_valid(sector: object) -> bool:
    if isinstance(sector, tuple):
        return all(isinstance(code, str) for code in sector)
    return sector is None or isinstance(sector, str)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
