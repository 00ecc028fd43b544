"""Read and check a scheduling instance: every problem is named by its field path ("parties[2].side")
with a code and a default Indonesian text. Pure: no Django import."""

from collections.abc import Mapping
from typing import Any

from .model import SIDES, Instance, Party, weights_of

ROOT = "instance"
MAX_SLOTS = 200
MAX_TABLES = 10_000

_TOP = ("slots", "tables", "parties", "requests")
_PARTY = ("id", "side", "unavailable")
_REQUEST = ("from", "to")

DEFAULT_TEXT = {
    "invalid_json": "Berkas bukan JSON yang sah: {detail}.",
    "unreadable": "Berkas tidak dapat dibaca: {detail}.",
    "not_an_object": "Harus berupa objek (pasangan nama dan nilai).",
    "not_a_list": "Harus berupa daftar.",
    "required": "Wajib diisi.",
    "unknown_field": "Kolom tidak dikenal; yang diterima: {expected}.",
    "not_whole": "Harus bilangan bulat antara {low} dan {high}.",
    "bad_id": "Harus berupa teks yang tidak kosong.",
    "duplicate_id": "{value} sudah dipakai oleh {other}.",
    "not_a_side": 'Harus "business" (usaha) atau "buyer" (pembeli).',
    "not_a_slot": "Harus nomor sesi antara 0 dan {high}.",
    "unknown_party": "{value} tidak ada di daftar peserta.",
    "same_side": "Permintaan harus antara usaha dan pembeli, bukan sesama {side}.",
    "duplicate_request": "Permintaan yang sama sudah ada di {other}.",
    "time_limit": "Batas waktu harus angka lebih dari 0 dan paling lama {high} detik.",
}


def problem(field: str, code: str, **params: Any) -> dict[str, Any]:
    return {"field": field, "code": code, "params": params, "message": DEFAULT_TEXT[code].format(**params)}


class ScheduleInputError(ValueError):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


def _whole(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def read_instance(data: Any) -> Instance:
    """The instance, or ScheduleInputError naming every problem."""
    errors: list[dict[str, Any]] = []

    def fail(field: str, code: str, **params: Any) -> None:
        errors.append(problem(field, code, **params))

    if not isinstance(data, Mapping):
        raise ScheduleInputError([problem(ROOT, "not_an_object")])
    for key in data:
        if key not in _TOP:
            fail(key, "unknown_field", expected=", ".join(_TOP))
    counts = {}
    for key, high in (("slots", MAX_SLOTS), ("tables", MAX_TABLES)):
        if key not in data:
            fail(key, "required")
        elif not _whole(data[key], 0, high):
            fail(key, "not_whole", low=0, high=high)
        else:
            counts[key] = data[key]
    slots = counts.get("slots", MAX_SLOTS)
    parties: dict[str, Party] = {}
    where: dict[str, str] = {}
    for index, item in _items(data, "parties", fail):
        path = f"parties[{index}]"
        _unknown(item, _PARTY, f"{path}.", fail)
        identifier, side = item.get("id"), item.get("side")
        if not isinstance(identifier, str) or not identifier.strip():
            fail(f"{path}.id", "bad_id")
            identifier = None
        elif identifier in where:
            fail(f"{path}.id", "duplicate_id", value=identifier, other=where[identifier])
            identifier = None
        if side not in SIDES:
            fail(f"{path}.side", "not_a_side")
        unavailable = item.get("unavailable", [])
        if not isinstance(unavailable, list):
            fail(f"{path}.unavailable", "not_a_list")
            unavailable = []
        for position, slot in enumerate(unavailable):
            if not _whole(slot, 0, max(slots - 1, 0)):
                fail(f"{path}.unavailable[{position}]", "not_a_slot", high=max(slots - 1, 0))
        if identifier is not None:
            where[identifier] = path
            if side in SIDES:
                parties[identifier] = Party(
                    identifier, side, frozenset(s for s in unavailable if _whole(s, 0, slots))
                )
    requests = []
    seen: dict[tuple[str, str], str] = {}
    for index, item in _items(data, "requests", fail):
        path = f"requests[{index}]"
        _unknown(item, _REQUEST, f"{path}.", fail)
        ends = []
        for key in _REQUEST:
            value = item.get(key)
            if value is None:
                fail(f"{path}.{key}", "required")
            elif not isinstance(value, str) or value not in where:
                fail(f"{path}.{key}", "unknown_party", value=str(value)[:60])
            else:
                ends.append(value)
        if len(ends) != 2 or not all(end in parties for end in ends):
            continue
        source, target = ends
        if parties[source].side == parties[target].side:
            fail(path, "same_side", side="usaha" if parties[source].side == "business" else "pembeli")
        elif (source, target) in seen:
            fail(path, "duplicate_request", other=seen[(source, target)])
        else:
            seen[(source, target)] = path
            requests.append((source, target))
    if errors:
        raise ScheduleInputError(errors)
    return Instance(counts["slots"], counts["tables"], parties, weights_of(requests, parties))


def _items(data: Mapping, name: str, fail) -> list[tuple[int, Mapping]]:
    if name not in data:
        fail(name, "required")
        return []
    items = data[name]
    if not isinstance(items, list):
        fail(name, "not_a_list")
        return []
    found = []
    for index, item in enumerate(items):
        if isinstance(item, Mapping):
            found.append((index, item))
        else:
            fail(f"{name}[{index}]", "not_an_object")
    return found


def _unknown(item: Mapping, fields: tuple[str, ...], prefix: str, fail) -> None:
    for key in item:
        if key not in fields:
            fail(f"{prefix}{key}", "unknown_field", expected=", ".join(fields))
