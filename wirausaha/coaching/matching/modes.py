"""Counselors who do not coach in person get only remote pairs, with the optimizer as it is.

The optimizer allows a pair in person when the distance is at most max_km. A remote-only counselor is
therefore handed to it at a stand-in place farther than max_km from every graduate: every pair with
them is then remote (remote_km, for remote_ok graduates only) or not allowed, and all other pairs
keep their costs, so the exact solution and its proof are those of the real problem. The reported
distances are the real ones again (explain.py). Pure: no Django import."""

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from wirausaha.allocation.optimizer import EARTH_RADIUS_KM, Cohort, Params, Person

from .reading import AssignmentInputError, problem


def _unit(lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    lat, lng = np.radians(lat), np.radians(lng)
    return np.stack([np.cos(lat) * np.cos(lng), np.cos(lat) * np.sin(lng), np.sin(lat)], axis=-1)


def _nearest_km(point: np.ndarray, people: np.ndarray) -> float:
    # Great-circle km from the point to the nearest of the people (unit vectors).
    if not len(people):
        return np.inf
    return float(EARTH_RADIUS_KM * np.arccos(np.clip(people @ point, -1.0, 1.0)).min())


def stand_in_place(graduates: Sequence[Person], max_km: float) -> tuple[float, float] | None:
    """A place farther than max_km from every graduate, or None when there is none to be found."""
    people = _unit(np.array([g.lat for g in graduates], float), np.array([g.lng for g in graduates], float))
    if not len(people):
        return (0.0, 0.0)
    candidates = []
    middle = people.sum(axis=0)
    if np.linalg.norm(middle) > 1e-9:
        candidates.append(-middle / np.linalg.norm(middle))
    candidates.extend(-people[:: max(1, len(people) // 64)])
    margin = max_km * (1 + 1e-9) + 1e-3  # the optimizer's test is km <= max_km
    best, far = None, -1.0
    for point in candidates:
        distance = _nearest_km(point, people)
        if distance > far:
            best, far = point, distance
    if best is None or far <= margin:
        return None
    return float(np.degrees(np.arcsin(np.clip(best[2], -1, 1)))), float(
        np.degrees(np.arctan2(best[1], best[0]))
    )


def apart(
    graduates: Sequence[Person], counselors: Sequence[Cohort], params: Params, remote_only: frozenset
) -> list[Cohort]:
    """The counselors as the optimizer gets them: the remote-only ones at a stand-in place (see the
    module); raises AssignmentInputError when max_km reaches everywhere."""
    if not any(c.id in remote_only for c in counselors):
        return list(counselors)
    place = stand_in_place(graduates, params.max_km)
    if place is None:
        first = next(i for i, c in enumerate(counselors) if c.id in remote_only)
        raise AssignmentInputError(
            [
                problem(
                    f"counselors[{first}].in_person", "remote_only_beyond_reach", max_km=f"{params.max_km:g}"
                )
            ]
        )
    lat, lng = place
    return [replace(c, lat=lat, lng=lng) if c.id in remote_only else c for c in counselors]
