"""Read a standalone placement instance (JSON) and write a solution in the command's JSON shape.

An instance looks like this:

    {"max_km": 75, "sector_mismatch_km": 25,
     "participants": [{"id": "p1", "lat": -6.24, "lng": 107.0, "sector": "10"}],
     "cohorts": [{"id": "c1", "lat": -6.28, "lng": 106.97, "seats": 16, "sector": "107"}]}

`sector_mismatch_km` may be left out (0), and so may `candidate_k` (4; null means no pruning).
`sector` may be left out or null, and then it never costs a penalty. Unknown fields are refused,
so a misspelt optional field cannot silently fall back to its default.
"""

import json
import math
from collections.abc import Mapping
from typing import Any

from wirausaha.allocation.optimizer import (
    DEFAULT_CANDIDATE_K,
    MAX_PENALTY_KM,
    Cohort,
    Params,
    Person,
    Solution,
)

_TOP = ("max_km", "sector_mismatch_km", "candidate_k", "participants", "cohorts")
_PARTICIPANT = ("id", "lat", "lng", "sector")
_COHORT = ("id", "lat", "lng", "seats", "sector")
_MAX_PROBLEMS = 20


class InstanceError(ValueError):
    """The instance cannot be solved. `problems` lists each one as "path: message", for example
    "participants[3].lat: must be a number between -90 and 90"."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def load_instance(source: str | bytes | Mapping[str, Any]) -> tuple[list[Person], list[Cohort], Params]:
    """Read an instance from JSON text or an already parsed mapping. Raises InstanceError naming
    every problem found (up to 20): missing or unknown fields, values of the wrong type or out of
    range, duplicate ids."""
    if isinstance(source, str | bytes | bytearray):
        try:
            source = json.loads(source)
        except json.JSONDecodeError as exc:
            raise InstanceError(
                [f"instance: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
            ) from exc
        except UnicodeDecodeError as exc:
            raise InstanceError([f"instance: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from exc
    reader = _Reader()
    people, cohorts, params = reader.instance(source)
    if reader.problems or params is None:
        shown = reader.problems[:_MAX_PROBLEMS]
        if len(reader.problems) > _MAX_PROBLEMS:
            shown.append(f"… and {len(reader.problems) - _MAX_PROBLEMS} more problems")
        raise InstanceError(shown)
    return people, cohorts, params


def solution_json(solution: Solution, *, details: bool = False) -> dict[str, Any]:
    """The command's output: {"placed", "unplaced", "total_km", "total_cost", "seconds",
    "assignments"}, with km, cost and seconds rounded to 3 decimals. With `details`, also
    "unplaced_reasons" (id -> reason code) and "explanations" (id -> the cohort's distance, sector
    fit and cost, and the next best cohort with why it was not chosen)."""
    result: dict[str, Any] = {
        "placed": solution.placed,
        "unplaced": len(solution.unplaced),
        "total_km": round(solution.total_km, 3),
        "total_cost": round(solution.total_cost, 3),
        "seconds": round(solution.seconds, 3),
        "assignments": dict(solution.assignments),
    }
    if details:
        result["unplaced_reasons"] = dict(solution.unplaced)
        result["explanations"] = {
            person: {
                "cohort": e.cohort_id,
                "distance_km": round(e.distance_km, 3),
                "sector_match": e.sector_match,
                "cost": round(e.cost, 3),
                "next_best": None
                if e.next_best is None
                else {
                    "cohort": e.next_best.cohort_id,
                    "distance_km": round(e.next_best.distance_km, 3),
                    "cost": round(e.next_best.cost, 3),
                    "why_not": e.next_best.why_not,
                },
            }
            for person, e in solution.explanations.items()
        }
    return result


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def instance(self, data: Any) -> tuple[list[Person], list[Cohort], Params | None]:
        if not isinstance(data, Mapping):
            self.problems.append("instance: must be a JSON object")
            return [], [], None
        self._unknown(data, _TOP, "")
        max_km = self._number(data, "max_km", "max_km", low=0, low_open=True, required=True)
        penalty = self._number(data, "sector_mismatch_km", "sector_mismatch_km", low=0, high=MAX_PENALTY_KM)
        k = data.get("candidate_k", DEFAULT_CANDIDATE_K)
        if k is not None and not (_is_whole(k) and k >= 1):
            self.problems.append("candidate_k: must be a whole number of at least 1, or null")
        people = [
            Person(item["id"], item["lat"], item["lng"], item.get("sector"))
            for item in self._items(data, "participants", _PARTICIPANT)
        ]
        cohorts = [
            Cohort(item["id"], item["lat"], item["lng"], int(item["seats"]), item.get("sector"))
            for item in self._items(data, "cohorts", _COHORT)
        ]
        if self.problems:
            return people, cohorts, None
        return (
            people,
            cohorts,
            Params(
                max_km=max_km, sector_mismatch_km=penalty or 0.0, candidate_k=None if k is None else int(k)
            ),
        )

    def _items(self, data: Mapping, name: str, fields: tuple[str, ...]) -> list[dict[str, Any]]:
        if name not in data:
            self.problems.append(f"{name}: required (a list, possibly empty)")
            return []
        items = data[name]
        if not isinstance(items, list):
            self.problems.append(f"{name}: must be a list")
            return []
        valid = []
        first_seen: dict[str, int] = {}
        for index, item in enumerate(items):
            path = f"{name}[{index}]"
            if not isinstance(item, Mapping):
                self.problems.append(f"{path}: must be an object")
                continue
            before = len(self.problems)
            self._unknown(item, fields, f"{path}.")
            identifier = item.get("id")
            if not isinstance(identifier, str) or not identifier.strip():
                self.problems.append(f"{path}.id: must be a non-empty string")
            elif identifier in first_seen:
                self.problems.append(
                    f"{path}.id: {identifier!r} is already the id of {name}[{first_seen[identifier]}]"
                )
            else:
                first_seen[identifier] = index
            self._number(item, "lat", f"{path}.lat", low=-90, high=90, required=True)
            self._number(item, "lng", f"{path}.lng", low=-180, high=180, required=True)
            if "seats" in fields and not (_is_whole(item.get("seats")) and item["seats"] >= 0):
                self.problems.append(f"{path}.seats: must be a whole number of at least 0")
            sector = item.get("sector")
            if sector is not None and not isinstance(sector, str):
                self.problems.append(f"{path}.sector: must be a KBLI code as a string, or null")
            if len(self.problems) == before:
                valid.append(item)
        return valid

    def _number(
        self,
        data: Mapping,
        key: str,
        path: str,
        *,
        low: float,
        high: float | None = None,
        low_open: bool = False,
        required: bool = False,
    ) -> float | None:
        if key not in data:
            if required:
                self.problems.append(f"{path}: required")
            return None
        value = data[key]
        ok = (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and (value > low if low_open else value >= low)
            and (high is None or value <= high)
        )
        if not ok:
            if high is None:
                self.problems.append(
                    f"{path}: must be a number {'above' if low_open else 'of at least'} {low:g}"
                )
            else:
                self.problems.append(f"{path}: must be a number between {low:g} and {high:g}")
            return None
        return float(value)

    def _unknown(self, data: Mapping, fields: tuple[str, ...], prefix: str) -> None:
        for key in data:
            if key not in fields:
                self.problems.append(f"{prefix}{key}: unknown field (expected {', '.join(fields)})")


def _is_whole(value: Any) -> bool:
    # 16.0 is accepted as 16: some tools write every number as a float.
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
