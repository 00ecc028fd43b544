"""Read and check the calculator's input: every problem is named by its field path
("months[2].credit_share") with a code, the values the message needs, and a default Indonesian
text. Pure: no Django import."""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# The largest amount of money accepted anywhere, in rupiah (a thousand trillion): far above any
# micro business, low enough that nothing typed by mistake runs away.
MAX_RUPIAH = 10**15
MAX_UNITS = 10**9
MAX_PLAN_MONTHS = 12
MAX_LOAN_MONTHS = 360
# The field path of a problem with the input as a whole (not an object, not JSON).
ROOT = "input"

_TOP_FIELDS = (
    "price_per_unit",
    "variable_cost_per_unit",
    "fixed_costs_per_month",
    "opening_cash",
    "start_up_costs",
    "loan",
    "months",
)
_MONEY_FIELDS = _TOP_FIELDS[:5]
_LOAN_FIELDS = ("principal", "annual_rate", "months")
_MONTH_FIELDS = ("units", "credit_share", "owner_drawings")

# Default texts, Indonesian, by code; {placeholders} come from the error's params.
DEFAULT_TEXT = {
    "invalid_json": "Berkas bukan JSON yang sah: {detail}.",
    "unreadable": "Berkas tidak dapat dibaca: {detail}.",
    "not_an_object": "Harus berupa objek (pasangan nama dan nilai).",
    "not_a_list": "Harus berupa daftar bulan.",
    "required": "Wajib diisi.",
    "unknown_field": "Kolom tidak dikenal; yang diterima: {expected}.",
    "not_a_number": "Harus berupa angka.",
    "not_whole_rupiah": "Harus rupiah utuh, tanpa sen.",
    "not_whole_number": "Harus bilangan bulat.",
    "negative": "Tidak boleh negatif.",
    "too_large": "Terlalu besar; paling banyak {limit_text}.",
    "share_out_of_range": "Harus antara 0 dan 1 (misalnya 0,2 untuk 20%).",
    "rate_out_of_range": "Harus antara 0 dan 1 setahun (misalnya 0,06 untuk 6%).",
    "loan_months_out_of_range": "Harus antara 1 dan {limit_text} bulan.",
    "no_months": "Isi paling sedikit satu bulan.",
    "too_many_months": "Paling banyak {limit_text} bulan.",
    "price_not_above_variable_cost": (
        "Harga jual harus lebih tinggi dari biaya variabel per unit (Rp {variable_cost_text}); "
        "jika tidak, setiap penjualan merugi."
    ),
}


def problem(field: str, code: str, **params: Any) -> dict[str, Any]:
    """One problem as plain data: {"field", "code", "params", "message"} with the default text."""
    shown = {
        **params,
        **{f"{key}_text": grouped(value) for key, value in params.items() if isinstance(value, int)},
    }
    return {"field": field, "code": code, "params": params, "message": DEFAULT_TEXT[code].format(**shown)}


def grouped(value: int) -> str:
    """A whole number with Indonesian thousands dots: 1.000.000."""
    return f"{value:,}".replace(",", ".")


class PlanInputError(ValueError):
    """The input cannot be computed. `errors` lists each problem as
    {"field": "months[2].credit_share", "code": "share_out_of_range", "params": {...}, "message": "..."}
    where `message` is the default Indonesian text."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


@dataclass(frozen=True, slots=True)
class Loan:
    principal: int
    annual_rate: Decimal
    months: int


@dataclass(frozen=True, slots=True)
class Month:
    units: Decimal
    credit_share: Decimal
    owner_drawings: int


@dataclass(frozen=True, slots=True)
class Plan:
    price_per_unit: int
    variable_cost_per_unit: int
    fixed_costs_per_month: int
    opening_cash: int
    start_up_costs: int
    loan: Loan | None
    months: tuple[Month, ...]


def read_plan(data: Any) -> Plan:
    """The checked plan, or PlanInputError listing every problem found."""
    reader = _Reader()
    plan = reader.plan(data)
    if reader.errors or plan is None:
        raise PlanInputError(reader.errors)
    return plan


class _Reader:
    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []

    def fail(self, field: str, code: str, **params: Any) -> None:
        self.errors.append(problem(field, code, **params))

    def plan(self, data: Any) -> Plan | None:
        if not isinstance(data, Mapping):
            self.fail(ROOT, "not_an_object")
            return None
        self.unknown(data, _TOP_FIELDS, "")
        money = {name: self.money(data, name, name) for name in _MONEY_FIELDS}
        price, variable = money["price_per_unit"], money["variable_cost_per_unit"]
        if price is not None and variable is not None and price <= variable:
            self.fail("price_per_unit", "price_not_above_variable_cost", variable_cost=variable)
        loan = self.loan(data.get("loan"))
        months = self.months(data)
        if self.errors:
            return None
        return Plan(**money, loan=loan, months=months)  # type: ignore[arg-type]

    def loan(self, data: Any) -> Loan | None:
        if data is None:
            return None
        if not isinstance(data, Mapping):
            self.fail("loan", "not_an_object")
            return None
        self.unknown(data, _LOAN_FIELDS, "loan.")
        principal = self.money(data, "principal", "loan.principal")
        rate = self.number(data, "annual_rate", "loan.annual_rate", range_code="rate_out_of_range")
        months = self.number(data, "months", "loan.months")
        if months is not None:
            if months != months.to_integral_value():
                self.fail("loan.months", "not_whole_number")
                months = None
            elif not 1 <= months <= MAX_LOAN_MONTHS:
                self.fail("loan.months", "loan_months_out_of_range", limit=MAX_LOAN_MONTHS)
                months = None
        if principal is None or rate is None or months is None:
            return None
        return Loan(principal, rate, int(months))

    def months(self, data: Mapping) -> tuple[Month, ...]:
        if "months" not in data:
            self.fail("months", "required")
            return ()
        items = data["months"]
        if not isinstance(items, list):
            self.fail("months", "not_a_list")
            return ()
        if not items:
            self.fail("months", "no_months")
            return ()
        if len(items) > MAX_PLAN_MONTHS:
            self.fail("months", "too_many_months", limit=MAX_PLAN_MONTHS)
            return ()
        months = []
        for index, item in enumerate(items):
            path = f"months[{index}]"
            if not isinstance(item, Mapping):
                self.fail(path, "not_an_object")
                continue
            self.unknown(item, _MONTH_FIELDS, f"{path}.")
            units = self.number(item, "units", f"{path}.units")
            if units is not None and units > MAX_UNITS:
                self.fail(f"{path}.units", "too_large", limit=MAX_UNITS)
                units = None
            share = self.number(item, "credit_share", f"{path}.credit_share", range_code="share_out_of_range")
            drawings = self.money(item, "owner_drawings", f"{path}.owner_drawings")
            if units is not None and share is not None and drawings is not None:
                months.append(Month(units, share, drawings))
        return tuple(months)

    def number(self, data: Mapping, key: str, path: str, *, range_code: str | None = None) -> Decimal | None:
        # A finite JSON number at least 0, as an exact Decimal (0.2 is read as 2/10, not as the float).
        # A share or a rate out of its range is one problem whichever side it falls on: `range_code`.
        if key not in data:
            self.fail(path, "required")
            return None
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, "not_a_number")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(path, "not_a_number")
            return None
        if range_code is not None and not 0 <= value <= 1:
            self.fail(path, range_code)
            return None
        if value < 0:
            self.fail(path, "negative")
            return None
        if value > MAX_RUPIAH:
            self.fail(path, "too_large", limit=MAX_RUPIAH)
            return None
        return Decimal(value) if isinstance(value, int) else Decimal(repr(value))

    def money(self, data: Mapping, key: str, path: str) -> int | None:
        value = self.number(data, key, path)
        if value is None:
            return None
        if value != value.to_integral_value():
            self.fail(path, "not_whole_rupiah")
            return None
        return int(value)

    def unknown(self, data: Mapping, fields: tuple[str, ...], prefix: str) -> None:
        for key in data:
            if key not in fields:
                self.fail(f"{prefix}{key}", "unknown_field", expected=", ".join(fields))
