"""Why each graduate got their counselor: in person at a distance or remote, the sector fit, the
cost, and the next-best counselor with why not ("full": cheaper but its caseload is taken,
"equal_cost", "costlier": farther or a worse fit, "not_allowed": the nearest other counselor is
beyond max_km and no remote option joins them). Pure: no Django import."""

from collections.abc import Sequence
from typing import Any

import numpy as np

from wirausaha.allocation.optimizer import EARTH_RADIUS_KM, Cohort, Params, Person, Solution, great_circle_km

UNASSIGNED_REASONS = {
    "no_cohort_within_max_km": "no_counselor_within_reach",
    "all_reachable_cohorts_full": "all_reachable_counselors_full",
}
# Graduates per block when looking for the nearest other counselor (memory: block x counselors).
_BLOCK = 512


def explanations_of(
    solution: Solution,
    graduates: Sequence[Person],
    counselors: Sequence[Cohort],
    params: Params,
    remote_only: frozenset = frozenset(),
) -> dict[Any, dict[str, Any]]:
    """{graduate id: {"counselor", "mode", "distance_km", "sector_match", "cost", "next_best"}} for
    every assigned graduate; next_best is {"counselor", "mode", "distance_km", "cost", "why_not"} or
    None when there is no other counselor at all. `counselors` are at their real places: the
    distances to the `remote_only` ones (solved at a stand-in place, modes.py) are measured again."""
    by_id = {c.id: c for c in counselors}
    graduate_of = {g.id: g for g in graduates}

    def km(graduate_id, counselor_id, solved: float) -> float:
        if counselor_id not in remote_only:
            return solved
        g, c = graduate_of[graduate_id], by_id[counselor_id]
        return great_circle_km(g.lat, g.lng, c.lat, c.lng)

    result: dict[Any, dict[str, Any]] = {}
    lonely = []
    for graduate_id, e in solution.explanations.items():
        alternative = e.next_best
        next_best = None
        if alternative is not None:
            other = by_id[alternative.cohort_id]
            next_best = {
                "counselor": alternative.cohort_id,
                "mode": "remote"
                if alternative.cohort_id in remote_only
                else _mode(graduate_of[graduate_id], other, alternative.distance_km, params),
                "distance_km": round(km(graduate_id, alternative.cohort_id, alternative.distance_km), 3),
                "cost": round(alternative.cost, 3),
                "why_not": alternative.why_not,
            }
        else:
            lonely.append(graduate_id)
        result[graduate_id] = {
            "counselor": e.cohort_id,
            "mode": "remote" if e.remote else "in_person",
            "distance_km": round(km(graduate_id, e.cohort_id, e.distance_km), 3),
            "sector_match": e.sector_match,
            "cost": round(e.cost, 3),
            "next_best": next_best,
        }
    nearest_others = _nearest_others(lonely, graduate_of, solution, counselors, params, remote_only)
    for graduate_id, nearest in nearest_others.items():
        result[graduate_id]["next_best"] = nearest
    return result


def _mode(graduate: Person, counselor: Cohort, km: float, params: Params) -> str:
    remote = params.remote_km is not None and graduate.remote_ok and counselor.remote
    return "remote" if remote and (km > params.max_km or params.remote_km < km) else "in_person"


def _nearest_others(
    lonely: list,
    graduate_of: dict,
    solution: Solution,
    counselors: Sequence[Cohort],
    params: Params,
    remote_only: frozenset,
) -> dict[Any, dict[str, Any] | None]:
    # The graduates with no other allowed counselor with room: the nearest other counselor, which is
    # either out of reach ("not_allowed") or has no capacity left at all ("full").
    if not lonely:
        return {}
    lat = np.radians([c.lat for c in counselors])
    lng = np.radians([c.lng for c in counselors])
    index = {c.id: i for i, c in enumerate(counselors)}
    found: dict[Any, dict[str, Any] | None] = {}
    for start in range(0, len(lonely), _BLOCK):
        block = lonely[start : start + _BLOCK]
        glat = np.radians([graduate_of[g].lat for g in block])[:, None]
        glng = np.radians([graduate_of[g].lng for g in block])[:, None]
        a = np.sin((lat - glat) / 2) ** 2 + np.cos(glat) * np.cos(lat) * np.sin((lng - glng) / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))
        own = np.array([index[solution.assignments[g]] for g in block])
        km[np.arange(len(block)), own] = np.inf
        nearest = np.argmin(km, axis=1) if km.shape[1] else np.zeros(len(block), int)
        for row, graduate_id in enumerate(block):
            distance = float(km[row, nearest[row]]) if km.shape[1] else np.inf
            if not np.isfinite(distance):
                found[graduate_id] = None
                continue
            other = counselors[int(nearest[row])]
            allowed = (distance <= params.max_km and other.id not in remote_only) or (
                params.remote_km is not None and graduate_of[graduate_id].remote_ok and other.remote
            )
            found[graduate_id] = {
                "counselor": other.id,
                "mode": None,
                "distance_km": round(distance, 3),
                "cost": None,
                "why_not": "full" if allowed else "not_allowed",
            }
    return found
