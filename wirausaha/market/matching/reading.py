"""Read and check a matching instance: every problem is named by its field path ("businesses[3].kbli")
with a code and a default Indonesian text. Pure: no Django import."""

import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from wirausaha.common.listed import listed_objects, unknown_fields

from .model import CERTIFICATE_KINDS, Demand, Offer

ROOT = "instance"
MAX_K = 1_000_000
MAX_AMOUNT = 10**15

_TOP = ("date", "businesses", "listings")
_BUSINESS = ("id", "kbli", "region", "lat", "lng", "capacity_per_month", "certificates", "price")
_CERTIFICATE = ("kind", "valid_until")
_LISTING = (
    "id",
    "kbli",
    "regions",
    "min_per_supplier",
    "volume_per_month",
    "requires",
    "price_min",
    "price_max",
    "lat",
    "lng",
)
_KBLI = re.compile(r"^[0-9]{5}$")
_REGION = re.compile(r"^[0-9]{2}(\.[0-9]+)*$")

DEFAULT_TEXT = {
    "invalid_json": "Berkas bukan JSON yang sah: {detail}.",
    "unreadable": "Berkas tidak dapat dibaca: {detail}.",
    "not_an_object": "Harus berupa objek (pasangan nama dan nilai).",
    "not_a_list": "Harus berupa daftar.",
    "required": "Wajib diisi.",
    "unknown_field": "Kolom tidak dikenal; yang diterima: {expected}.",
    "not_a_date": "Harus tanggal dengan format TTTT-BB-HH, misalnya 2026-12-01.",
    "not_a_number": "Harus berupa angka.",
    "out_of_range": "Harus angka antara {low} dan {high}.",
    "not_whole": "Harus bilangan bulat antara {low} dan {high}.",
    "bad_id": "Harus berupa teks yang tidak kosong.",
    "duplicate_id": "{value} sudah dipakai oleh {other}.",
    "not_kbli": 'Harus kode KBLI lima angka (teks), misalnya "10792".',
    "not_region": 'Harus kode wilayah Kemendagri (teks), misalnya "32" atau "32.16".',
    "not_a_kind": "Jenis sertifikat tidak dikenal; yang diterima: {expected}.",
    "price_order": "Harga terendah tidak boleh melebihi harga tertinggi ({high}).",
    "k": "Harus bilangan bulat antara 1 dan {high}.",
}


def problem(field: str, code: str, **params: Any) -> dict[str, Any]:
    """One problem as plain data: {"field", "code", "params", "message"} with the default text."""
    return {"field": field, "code": code, "params": params, "message": DEFAULT_TEXT[code].format(**params)}


class MatchingInputError(ValueError):
    """The instance cannot be matched; `errors` lists every problem as {"field", "code", "params",
    "message"}."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


def read_instance(data: Any) -> tuple[date, list[Offer], list[Demand]]:
    """The matching date, the businesses' offers and the listings; or MatchingInputError."""
    reader = _Reader()
    result = reader.instance(data)
    if reader.errors or result is None:
        raise MatchingInputError(reader.errors)
    return result


def check_k(k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise MatchingInputError([problem("k", "k", high=MAX_K)])
    return k


def _is_whole(value: Any) -> bool:
    return not isinstance(value, bool) and (
        isinstance(value, int) or (isinstance(value, float) and math.isfinite(value) and value.is_integer())
    )


class _Reader:
    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []

    def fail(self, field: str, code: str, **params: Any) -> None:
        self.errors.append(problem(field, code, **params))

    def instance(self, data: Any) -> tuple[date, list[Offer], list[Demand]] | None:
        if not isinstance(data, Mapping):
            self.fail(ROOT, "not_an_object")
            return None
        self.unknown(data, _TOP, "")
        on = self.date(data, "date", "date", required=True)
        offers = [self.offer(item, path) for item, path in self.items(data, "businesses", _BUSINESS)]
        demands = [self.demand(item, path) for item, path in self.items(data, "listings", _LISTING)]
        if self.errors or on is None:
            return None
        return on, offers, demands

    def offer(self, item: Mapping, path: str) -> Offer | None:
        kbli = self.kbli(item, path)
        region = item.get("region")
        if not isinstance(region, str) or not _REGION.match(region):
            self.fail(f"{path}.region", "required" if region is None else "not_region")
        capacity = self.whole(item, "capacity_per_month", f"{path}.capacity_per_month", required=True)
        certificates = []
        listed = item.get("certificates", [])
        if not isinstance(listed, list):
            self.fail(f"{path}.certificates", "not_a_list")
            listed = []
        for index, certificate in enumerate(listed):
            where = f"{path}.certificates[{index}]"
            if not isinstance(certificate, Mapping):
                self.fail(where, "not_an_object")
                continue
            self.unknown(certificate, _CERTIFICATE, f"{where}.")
            kind = self.kind(certificate.get("kind"), f"{where}.kind")
            until = self.date(certificate, "valid_until", f"{where}.valid_until")
            certificates.append((kind, until))
        lat, lng = self.place(item, path)
        price = self.whole(item, "price", f"{path}.price")
        if self.errors:
            return None
        return Offer(item["id"], kbli, region, capacity, tuple(certificates), lat, lng, price)

    def demand(self, item: Mapping, path: str) -> Demand | None:
        kbli = self.kbli(item, path)
        regions = item.get("regions", [])
        if not isinstance(regions, list):
            self.fail(f"{path}.regions", "not_a_list")
            regions = []
        for index, region in enumerate(regions):
            if not isinstance(region, str) or not _REGION.match(region):
                self.fail(f"{path}.regions[{index}]", "not_region")
        least = self.whole(item, "min_per_supplier", f"{path}.min_per_supplier")
        volume = self.whole(item, "volume_per_month", f"{path}.volume_per_month")
        requires = item.get("requires", [])
        if not isinstance(requires, list):
            self.fail(f"{path}.requires", "not_a_list")
            requires = []
        kinds = [self.kind(kind, f"{path}.requires[{index}]") for index, kind in enumerate(requires)]
        low = self.whole(item, "price_min", f"{path}.price_min")
        high = self.whole(item, "price_max", f"{path}.price_max")
        if low is not None and high is not None and low > high:
            self.fail(f"{path}.price_min", "price_order", high=high)
        lat, lng = self.place(item, path)
        if self.errors:
            return None
        return Demand(
            item["id"], kbli, tuple(regions), least or 0, frozenset(kinds), volume, low, high, lat, lng
        )

    def items(self, data: Mapping, name: str, fields: tuple[str, ...]) -> list[tuple[Mapping, str]]:
        return [(item, path) for item, path, _clean in listed_objects(data, name, fields, self.fail)]

    def kbli(self, item: Mapping, path: str) -> str | None:
        value = item.get("kbli")
        if value is None:
            self.fail(f"{path}.kbli", "required")
        elif not isinstance(value, str) or not _KBLI.match(value):
            self.fail(f"{path}.kbli", "not_kbli")
        else:
            return value
        return None

    def kind(self, value: Any, path: str) -> str | None:
        if value not in CERTIFICATE_KINDS:
            self.fail(path, "not_a_kind", expected=", ".join(CERTIFICATE_KINDS))
            return None
        return value

    def date(self, data: Mapping, key: str, path: str, *, required: bool = False) -> date | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(path, "required")
            return None
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            self.fail(path, "not_a_date")
            return None

    def whole(self, data: Mapping, key: str, path: str, *, required: bool = False) -> int | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(path, "required")
            return None
        if not _is_whole(value) or not 0 <= value <= MAX_AMOUNT:
            self.fail(path, "not_whole", low=0, high=MAX_AMOUNT)
            return None
        return int(value)

    def place(self, item: Mapping, path: str) -> tuple[float | None, float | None]:
        lat = self.number(item, "lat", f"{path}.lat", -90, 90)
        lng = self.number(item, "lng", f"{path}.lng", -180, 180)
        return lat, lng

    def number(self, data: Mapping, key: str, path: str, low: float, high: float) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.fail(path, "not_a_number")
            return None
        if not low <= value <= high:
            self.fail(path, "out_of_range", low=f"{low:g}", high=f"{high:g}")
            return None
        return float(value)

    def unknown(self, data: Mapping, fields: tuple[str, ...], prefix: str) -> None:
        unknown_fields(data, fields, prefix, self.fail)
