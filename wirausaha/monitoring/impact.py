"""The programme's effect estimated from its lottery (pure: no Django).

Everyone the lottery selected is compared with everyone it waitlisted, by assignment (whatever they
did afterwards), within the lottery's strata. For each outcome (`operating` as 0/1, `income`), among
the respondents of a follow-up round:

- per stratum and arm: the mean and the sample variance (n - 1 in the denominator);
- a stratum is used only when each arm has at least 2 respondents; the others are listed in
  `dropped_strata`;
- effect = sum over used strata of w_s * (mean_selected,s - mean_waitlisted,s), where w_s is the
  stratum's people assigned (respondents or not, both arms) divided by the same sum over used strata;
- standard error = sqrt(sum of w_s^2 * (var_selected,s / n_selected,s + var_waitlisted,s / n_waitlisted,s));
- 95 % interval = effect +/- 1.96 * standard error.

Response rates are respondents / assigned over all rows, per arm; `attrition_warning` is true when
they differ by more than 10 percentage points.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

ROOT = "rows"
ARMS = ("selected", "waitlisted")
OUTCOMES = ("operating", "income")
MIN_RESPONDENTS_PER_ARM = 2
Z_95 = 1.96
ATTRITION_GAP = 0.10

DEFAULT_TEXT = {
    "unreadable": "Berkas tidak dapat dibaca: {detail}.",
    "invalid_json": "Bukan JSON yang sah: {detail}.",
    "not_object": 'Masukan harus berupa objek JSON dengan kunci "rows".',
    "not_list": '"rows" harus berupa daftar baris.',
    "row_not_object": "Setiap baris harus berupa objek.",
    "required": "Wajib diisi.",
    "not_text": "Harus berupa teks yang tidak kosong.",
    "bad_arm": 'Harus "selected" atau "waitlisted".',
    "not_bool": "Harus true atau false.",
    "not_number": "Harus berupa angka.",
}


def problem(field: str, code: str, **params: Any) -> dict[str, Any]:
    """One problem as plain data: {"field", "code", "params", "message"} with the default text."""
    return {"field": field, "code": code, "params": params, "message": DEFAULT_TEXT[code].format(**params)}


class ImpactInputError(ValueError):
    """The rows cannot be used; `errors` lists each problem (see `problem`)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


@dataclass(frozen=True)
class Row:
    """One person assigned by the lottery: their stratum, arm, and (when they answered) outcomes."""

    stratum: str
    arm: str
    responded: bool
    operating: bool | None = None
    income: float | None = None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def read_rows(data: Any) -> list[Row]:
    """The rows of {"rows": [...]} checked; ImpactInputError naming every bad field otherwise.
    `operating` and `income` are required of respondents only."""
    if not isinstance(data, dict):
        raise ImpactInputError([problem("input", "not_object")])
    raw = data.get(ROOT)
    if not isinstance(raw, list):
        raise ImpactInputError([problem(ROOT, "not_list")])
    rows: list[Row] = []
    errors: list[dict[str, Any]] = []
    for i, item in enumerate(raw):
        where = f"{ROOT}[{i}]"
        if not isinstance(item, dict):
            errors.append(problem(where, "row_not_object"))
            continue
        found = len(errors)
        stratum, arm, responded = item.get("stratum"), item.get("arm"), item.get("responded")
        if not isinstance(stratum, str) or not stratum.strip():
            errors.append(problem(f"{where}.stratum", "not_text"))
        if arm not in ARMS:
            errors.append(problem(f"{where}.arm", "bad_arm"))
        if not isinstance(responded, bool):
            errors.append(problem(f"{where}.responded", "not_bool"))
        operating, income = item.get("operating"), item.get("income")
        if responded is True:
            if operating is None:
                errors.append(problem(f"{where}.operating", "required"))
            elif not isinstance(operating, bool):
                errors.append(problem(f"{where}.operating", "not_bool"))
            if income is None:
                errors.append(problem(f"{where}.income", "required"))
            elif not _is_number(income):
                errors.append(problem(f"{where}.income", "not_number"))
        if len(errors) == found:
            rows.append(
                Row(
                    stratum=stratum,
                    arm=arm,
                    responded=responded,
                    operating=operating if responded else None,
                    income=income if responded else None,
                )
            )
    if errors:
        raise ImpactInputError(errors)
    return rows


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def sample_variance(values: list[float]) -> float:
    """Sum of squared deviations over n - 1 (needs at least 2 values)."""
    m = mean(values)
    return sum((v - m) ** 2 for v in values) / (len(values) - 1)


def _value(row: Row, outcome: str) -> float:
    return (1.0 if row.operating else 0.0) if outcome == "operating" else float(row.income)


def estimate(rows: list[Row]) -> dict[str, Any]:
    """The estimate for every outcome, the response rates and the dropped strata (see the module)."""
    assigned: dict[str, int] = defaultdict(int)
    answers: dict[tuple[str, str], list[Row]] = defaultdict(list)
    per_arm_assigned = dict.fromkeys(ARMS, 0)
    per_arm_responded = dict.fromkeys(ARMS, 0)
    for row in rows:
        assigned[row.stratum] += 1
        per_arm_assigned[row.arm] += 1
        if row.responded:
            per_arm_responded[row.arm] += 1
            answers[(row.stratum, row.arm)].append(row)

    used = sorted(
        s for s in assigned if all(len(answers[(s, arm)]) >= MIN_RESPONDENTS_PER_ARM for arm in ARMS)
    )
    dropped = sorted(set(assigned) - set(used))
    total = sum(assigned[s] for s in used)

    result: dict[str, Any] = {}
    for outcome in OUTCOMES:
        effect = 0.0
        variance = 0.0
        for s in used:
            w = assigned[s] / total
            sel = [_value(r, outcome) for r in answers[(s, "selected")]]
            wait = [_value(r, outcome) for r in answers[(s, "waitlisted")]]
            effect += w * (mean(sel) - mean(wait))
            variance += w * w * (sample_variance(sel) / len(sel) + sample_variance(wait) / len(wait))
        n_sel = sum(len(answers[(s, "selected")]) for s in used)
        n_wait = sum(len(answers[(s, "waitlisted")]) for s in used)
        if used:
            se = math.sqrt(variance)
            result[outcome] = {
                "effect": effect,
                "se": se,
                "ci_low": effect - Z_95 * se,
                "ci_high": effect + Z_95 * se,
                "n_selected": n_sel,
                "n_waitlisted": n_wait,
            }
        else:
            result[outcome] = {
                "effect": None,
                "se": None,
                "ci_low": None,
                "ci_high": None,
                "n_selected": 0,
                "n_waitlisted": 0,
            }

    rates = {
        arm: (per_arm_responded[arm] / per_arm_assigned[arm] if per_arm_assigned[arm] else None)
        for arm in ARMS
    }
    result["response_rate_selected"] = rates["selected"]
    result["response_rate_waitlisted"] = rates["waitlisted"]
    result["attrition_warning"] = (
        None not in rates.values() and abs(rates["selected"] - rates["waitlisted"]) > ATTRITION_GAP + 1e-12
    )
    result["dropped_strata"] = dropped
    # Denominators, so a page can show them with the rates.
    result["assigned_selected"] = per_arm_assigned["selected"]
    result["assigned_waitlisted"] = per_arm_assigned["waitlisted"]
    result["responded_selected"] = per_arm_responded["selected"]
    result["responded_waitlisted"] = per_arm_responded["waitlisted"]
    return result


def compute(data: Any) -> dict[str, Any]:
    """read_rows then estimate: the command's --instance path."""
    return estimate(read_rows(data))
