"""Read and check an assignment instance: every problem is named by its field path
("graduates[3].lat") with a code and a default Indonesian text. Pure: no Django import."""

import math
from collections.abc import Mapping
from typing import Any

from wirausaha.allocation.optimizer import DEFAULT_CANDIDATE_K, MAX_PENALTY_KM, Cohort, Params, Person
from wirausaha.common.listed import listed_objects, unknown_fields

MAX_CAPACITY = 1_000_000
ROOT = "instance"

_TOP = ("max_km", "remote_km", "sector_mismatch_km", "candidate_k", "graduates", "counselors")
_GRADUATE = ("id", "lat", "lng", "sector", "remote_ok")
_COUNSELOR = ("id", "lat", "lng", "sectors", "capacity", "remote", "in_person")

DEFAULT_TEXT = {
    "invalid_json": "Berkas bukan JSON yang sah: {detail}.",
    "unreadable": "Berkas tidak dapat dibaca: {detail}.",
    "not_an_object": "Harus berupa objek (pasangan nama dan nilai).",
    "not_a_list": "Harus berupa daftar.",
    "required": "Wajib diisi.",
    "unknown_field": "Kolom tidak dikenal; yang diterima: {expected}.",
    "not_a_number": "Harus berupa angka.",
    "out_of_range": "Harus angka antara {low} dan {high}.",
    "not_above_zero": "Harus angka lebih dari 0 (paling banyak {high}).",
    "not_whole": "Harus bilangan bulat antara {low} dan {high}.",
    "candidate_k": "Harus bilangan bulat paling sedikit 1, atau null.",
    "bad_id": "Harus berupa teks yang tidak kosong.",
    "duplicate_id": "{value} sudah dipakai oleh {other}.",
    "not_a_sector": "Harus berupa kode KBLI (teks), atau null.",
    "not_sectors": "Harus berupa daftar kode KBLI (teks).",
    "not_a_boolean": "Harus true atau false.",
    "remote_only_beyond_reach": (
        "Dengan max_km {max_km} setiap tempat di bumi terjangkau tatap muka, jadi pendamping yang hanya "
        "mendampingi jarak jauh tidak dapat dibatasi pada pasangan jarak jauh; pakai max_km yang lebih kecil."
    ),
}


def problem(field: str, code: str, **params: Any) -> dict[str, Any]:
    """One problem as plain data: {"field", "code", "params", "message"} with the default text."""
    return {"field": field, "code": code, "params": params, "message": DEFAULT_TEXT[code].format(**params)}


class AssignmentInputError(ValueError):
    """The instance cannot be solved; `errors` lists every problem as {"field", "code", "params",
    "message"}, e.g. {"field": "graduates[3].lat", "code": "out_of_range", ...}."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


def read_instance(data: Any) -> tuple[list[Person], list[Cohort], Params]:
    """Graduates as optimizer people, counselors as optimizer cohorts (capacity as seats, their
    sectors as a tuple), and the parameters; or AssignmentInputError naming every problem."""
    graduates, counselors, params, _remote_only = read_modes(data)
    return graduates, counselors, params


def read_modes(data: Any) -> tuple[list[Person], list[Cohort], Params, frozenset]:
    """read_instance, and the ids of the counselors who do not coach in person (`"in_person":
    false`; default true): they may only get remote pairs."""
    reader = _Reader()
    result = reader.instance(data)
    if reader.errors or result is None:
        raise AssignmentInputError(reader.errors)
    counselors = data["counselors"]
    remote_only = frozenset(item["id"] for item in counselors if item.get("in_person", True) is False)
    return (*result, remote_only)


class _Reader:
    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []

    def fail(self, field: str, code: str, **params: Any) -> None:
        self.errors.append(problem(field, code, **params))

    def instance(self, data: Any) -> tuple[list[Person], list[Cohort], Params] | None:
        if not isinstance(data, Mapping):
            self.fail(ROOT, "not_an_object")
            return None
        self.unknown(data, _TOP, "")
        max_km = self.number(data, "max_km", "max_km", 0, MAX_PENALTY_KM, required=True, above_low=True)
        remote_km = self.number(data, "remote_km", "remote_km", 0, MAX_PENALTY_KM)
        penalty = self.number(data, "sector_mismatch_km", "sector_mismatch_km", 0, MAX_PENALTY_KM)
        k = data.get("candidate_k", DEFAULT_CANDIDATE_K)
        if k is not None and not (_is_whole(k) and 1 <= k <= 1000):
            self.fail("candidate_k", "candidate_k")
        graduates = [
            Person(item["id"], item["lat"], item["lng"], item.get("sector"), item.get("remote_ok", False))
            for item in self.items(data, "graduates", _GRADUATE)
        ]
        counselors = [
            Cohort(
                item["id"],
                item["lat"],
                item["lng"],
                int(item["capacity"]),
                tuple(item.get("sectors", ())),
                item.get("remote", False),
            )
            for item in self.items(data, "counselors", _COUNSELOR)
        ]
        if self.errors or max_km is None:
            return None
        params = Params(
            max_km=max_km,
            sector_mismatch_km=penalty or 0.0,
            candidate_k=None if k is None else int(k),
            remote_km=remote_km,
        )
        return graduates, counselors, params

    def items(self, data: Mapping, name: str, fields: tuple[str, ...]) -> list[Mapping]:
        valid = []
        for item, path, clean in listed_objects(data, name, fields, self.fail):
            before = len(self.errors)
            self.number(item, "lat", f"{path}.lat", -90, 90, required=True)
            self.number(item, "lng", f"{path}.lng", -180, 180, required=True)
            if "sector" in fields:
                sector = item.get("sector")
                if sector is not None and not isinstance(sector, str):
                    self.fail(f"{path}.sector", "not_a_sector")
                self.boolean(item, "remote_ok", f"{path}.remote_ok")
            else:
                sectors = item.get("sectors", [])
                if not isinstance(sectors, list) or not all(isinstance(code, str) for code in sectors):
                    self.fail(f"{path}.sectors", "not_sectors")
                capacity = item.get("capacity")
                if "capacity" not in item:
                    self.fail(f"{path}.capacity", "required")
                elif not (_is_whole(capacity) and 0 <= capacity <= MAX_CAPACITY):
                    self.fail(f"{path}.capacity", "not_whole", low=0, high=MAX_CAPACITY)
                self.boolean(item, "remote", f"{path}.remote")
                self.boolean(item, "in_person", f"{path}.in_person")
            if clean and len(self.errors) == before:
                valid.append(item)
        return valid

    def number(
        self,
        data: Mapping,
        key: str,
        path: str,
        low: float,
        high: float,
        *,
        required: bool = False,
        above_low: bool = False,
    ) -> float | None:
        if key not in data or (data[key] is None and not required):
            if required:
                self.fail(path, "required")
            return None
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.fail(path, "not_a_number")
            return None
        if above_low and not low < value <= high:
            self.fail(path, "not_above_zero", high=f"{high:g}")
            return None
        if not low <= value <= high:
            self.fail(path, "out_of_range", low=f"{low:g}", high=f"{high:g}")
            return None
        return float(value)

    def boolean(self, data: Mapping, key: str, path: str) -> None:
        if key in data and not isinstance(data[key], bool):
            self.fail(path, "not_a_boolean")

    def unknown(self, data: Mapping, fields: tuple[str, ...], prefix: str) -> None:
        unknown_fields(data, fields, prefix, self.fail)


def _is_whole(value: Any) -> bool:
    # 16.0 is accepted as 16: some tools write every number as a float.
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (
        isinstance(value, float) and math.isfinite(value) and value.is_integer()
    )
