"""Is an application for a financing product ready, and what is missing? Pure: no Django, no database.

Every figure (ceilings, floors, the NPWP threshold, the months of business, the evidence that
exempts a new business) comes from the product's `Terms`, which are dated data seeded from
`finance/data/products.json`; this module only applies them.

Missing codes (one per item, sorted in the verdict):
  ektp, kk, nib_or_sku, npwp, bank_account  documents the product requires and the applicant lacks
  plan_approved                             the product needs an approved business plan
  business_age                              the business is younger than the product's minimum
  amount_above_ceiling, amount_below_floor  the amount is outside the product's range
  product_not_in_force                      the product is unknown or not in force on the date
  new_workers                               fewer new workers than the product needs (TKM Lanjutan)
"""

import calendar
from dataclasses import dataclass, field
from datetime import date

# Document codes an applicant may hold; "nib" or "sku" satisfies the readiness code "nib_or_sku".
DOCUMENT_CODES = ("ektp", "kk", "nib", "sku", "npwp", "bank_account")
EVIDENCE_CODES = ("mentoring", "training", "business_group", "family_business")
KINDS = ("kur", "grant", "equipment")

MISSING_CODES = (
    "amount_above_ceiling",
    "amount_below_floor",
    "bank_account",
    "business_age",
    "ektp",
    "kk",
    "new_workers",
    "nib_or_sku",
    "npwp",
    "plan_approved",
    "product_not_in_force",
)

# A required document code -> the applicant's document codes any one of which satisfies it.
SATISFIED_BY = {"nib_or_sku": frozenset({"nib", "sku"})}


@dataclass(frozen=True)
class Terms:
    code: str
    kind: str
    min_amount: int
    max_amount: int
    in_force_from: date
    in_force_until: date | None
    min_business_months: int = 0
    business_age_exempt_evidence: frozenset[str] = frozenset()
    npwp_above: int | None = None
    needs_plan: bool = False
    required_documents: frozenset[str] = frozenset()
    min_new_workers: int = 0

    def in_force_on(self, on: date) -> bool:
        return self.in_force_from <= on and (self.in_force_until is None or on <= self.in_force_until)


@dataclass(frozen=True)
class Applicant:
    id: str
    product: str
    amount: int
    business_started: date | None
    documents: frozenset[str]
    plan_approved: bool
    evidence: frozenset[str] = field(default_factory=frozenset)
    new_workers: int = 0


@dataclass(frozen=True)
class Verdict:
    ready: bool
    missing: tuple[str, ...]


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier; when that month is shorter, its last day (31 Aug -> 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def business_old_enough(started: date | None, months: int, on: date) -> bool:
    """Started on or before the same day `months` earlier."""
    if months <= 0:
        return True
    return started is not None and started <= months_before(on, months)


def assess(applicant: Applicant, terms: Terms | None, on: date) -> Verdict:
    """The readiness of one application on a date. `terms` is None when the product is unknown."""
    if terms is None:
        return Verdict(ready=False, missing=("product_not_in_force",))
    missing: set[str] = set()
    if not terms.in_force_on(on):
        missing.add("product_not_in_force")
    if applicant.amount > terms.max_amount:
        missing.add("amount_above_ceiling")
    if applicant.amount < terms.min_amount:
        missing.add("amount_below_floor")
    for required in terms.required_documents:
        if not (SATISFIED_BY.get(required, frozenset({required})) & applicant.documents):
            missing.add(required)
    if (
        terms.npwp_above is not None
        and applicant.amount > terms.npwp_above
        and "npwp" not in applicant.documents
    ):
        missing.add("npwp")
    if terms.needs_plan and not applicant.plan_approved:
        missing.add("plan_approved")
    if not business_old_enough(applicant.business_started, terms.min_business_months, on) and not (
        terms.business_age_exempt_evidence & applicant.evidence
    ):
        missing.add("business_age")
    if applicant.new_workers < terms.min_new_workers:
        missing.add("new_workers")
    ordered = tuple(sorted(missing))
    return Verdict(ready=not ordered, missing=ordered)


def assess_many(applicants, terms_by_code: dict[str, Terms], on: date) -> list[Verdict]:
    """`assess` for many applicants; `terms_by_code` holds the version in force on `on` per code."""
    return [assess(applicant, terms_by_code.get(applicant.product), on) for applicant in applicants]


def terms_on(versions, on: date) -> Terms | None:
    """Of one product's versions, the one in force on `on`; when none is, the latest that started
    before it (else the earliest), so the verdict says `product_not_in_force` and still checks the rest."""
    versions = sorted(versions, key=lambda terms: terms.in_force_from)
    if not versions:
        return None
    for terms in versions:
        if terms.in_force_on(on):
            return terms
    started = [terms for terms in versions if terms.in_force_from <= on]
    return started[-1] if started else versions[0]


# Reading an instance file (the `kur_readiness` command, the API's readiness check). Each problem is
# {"field": "applicants[0].amount", "code", "message"} with the default Indonesian text.
MAX_RUPIAH = 10**15
MAX_APPLICANTS = 1_000_000
MAX_WORKERS = 10**6
APPLICANT_FIELDS = (
    "id",
    "product",
    "amount",
    "business_started",
    "documents",
    "plan_approved",
    "evidence",
    "new_workers",
)
TEXT = {
    "not_an_object": "Harus berupa objek (pasangan nama dan nilai).",
    "not_a_list": "Harus berupa daftar.",
    "required": "Wajib diisi.",
    "unknown_field": "Kolom tidak dikenal; yang diterima: {expected}.",
    "not_a_date": "Harus tanggal dengan bentuk TTTT-BB-HH, misalnya 2026-12-01.",
    "not_text": "Harus berupa teks yang tidak kosong (paling panjang 100 huruf).",
    "duplicate_id": "Nomor pemohon ini sudah dipakai di baris lain.",
    "unknown_product": "Produk tidak dikenal; yang dikenal: {expected}.",
    "not_whole_rupiah": "Harus rupiah utuh (bilangan bulat), tanpa sen.",
    "not_positive": "Harus lebih dari nol.",
    "too_large": "Terlalu besar; paling banyak {limit}.",
    "not_whole_number": "Harus bilangan bulat tidak negatif.",
    "not_a_boolean": "Harus true atau false.",
    "unknown_code": "Kode tidak dikenal: {value}; yang dikenal: {expected}.",
    "too_many": "Terlalu banyak pemohon; paling banyak {limit}.",
}


def problem(field: str, code: str, **params) -> dict:
    return {"field": field, "code": code, "params": params, "message": TEXT[code].format(**params)}


class InstanceError(ValueError):
    """The instance cannot be assessed; `errors` lists each problem
    ({"field", "code", "params", "message"})."""

    def __init__(self, errors: list[dict]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))


def _date(value) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _codes(value, allowed: tuple[str, ...], field: str, errors: list[dict]) -> frozenset[str]:
    if not isinstance(value, list):
        errors.append(problem(field, "not_a_list"))
        return frozenset()
    codes = set()
    for index, code in enumerate(value):
        if not isinstance(code, str) or code not in allowed:
            shown = code if isinstance(code, str) else repr(code)
            errors.append(
                problem(f"{field}[{index}]", "unknown_code", value=shown[:40], expected=", ".join(allowed))
            )
        else:
            codes.add(code)
    return frozenset(codes)


def read_applicant(item, field: str, products: frozenset[str], errors: list[dict]) -> Applicant | None:
    """One applicant of an instance, or None (its problems appended to `errors`)."""
    if not isinstance(item, dict):
        errors.append(problem(field, "not_an_object"))
        return None
    before = len(errors)
    for key in item:
        if key not in APPLICANT_FIELDS:
            errors.append(
                problem(f"{field}.{str(key)[:40]}", "unknown_field", expected=", ".join(APPLICANT_FIELDS))
            )
    for key in ("id", "product", "amount"):
        if key not in item:
            errors.append(problem(f"{field}.{key}", "required"))
    ident = item.get("id")
    if "id" in item and not (isinstance(ident, str) and ident.strip() and len(ident) <= 100):
        errors.append(problem(f"{field}.id", "not_text"))
    product = item.get("product")
    if "product" in item and product not in products:
        errors.append(problem(f"{field}.product", "unknown_product", expected=", ".join(sorted(products))))
    amount = item.get("amount")
    if "amount" in item:
        if not _whole(amount):
            errors.append(problem(f"{field}.amount", "not_whole_rupiah"))
        elif amount <= 0:
            errors.append(problem(f"{field}.amount", "not_positive"))
        elif amount > MAX_RUPIAH:
            errors.append(problem(f"{field}.amount", "too_large", limit=f"{MAX_RUPIAH:,}".replace(",", ".")))
    started = None
    if item.get("business_started") is not None:
        started = _date(item["business_started"])
        if started is None:
            errors.append(problem(f"{field}.business_started", "not_a_date"))
    documents = _codes(item.get("documents", []), DOCUMENT_CODES, f"{field}.documents", errors)
    evidence = _codes(item.get("evidence", []), EVIDENCE_CODES, f"{field}.evidence", errors)
    plan = item.get("plan_approved", False)
    if not isinstance(plan, bool):
        errors.append(problem(f"{field}.plan_approved", "not_a_boolean"))
    workers = item.get("new_workers", 0)
    if not _whole(workers) or workers < 0 or workers > MAX_WORKERS:
        errors.append(problem(f"{field}.new_workers", "not_whole_number"))
    if len(errors) > before:
        return None
    return Applicant(
        id=ident,
        product=product,
        amount=amount,
        business_started=started,
        documents=documents,
        plan_approved=plan,
        evidence=evidence,
        new_workers=workers,
    )


def read_instance(data, products: frozenset[str]) -> tuple[date, list[Applicant]]:
    """The date and applicants of an instance {"date": "2026-12-01", "applicants": [...]}; `products`
    are the product codes known. Raises InstanceError naming every problem found."""
    errors: list[dict] = []
    if not isinstance(data, dict):
        raise InstanceError([problem("input", "not_an_object")])
    for key in data:
        if key not in ("date", "applicants"):
            errors.append(problem(str(key)[:40], "unknown_field", expected="date, applicants"))
    on = _date(data.get("date"))
    if "date" not in data:
        errors.append(problem("date", "required"))
    elif on is None:
        errors.append(problem("date", "not_a_date"))
    items = data.get("applicants")
    applicants: list[Applicant] = []
    if "applicants" not in data:
        errors.append(problem("applicants", "required"))
    elif not isinstance(items, list):
        errors.append(problem("applicants", "not_a_list"))
    elif len(items) > MAX_APPLICANTS:
        errors.append(problem("applicants", "too_many", limit=f"{MAX_APPLICANTS:,}".replace(",", ".")))
    else:
        seen: set[str] = set()
        for index, item in enumerate(items):
            applicant = read_applicant(item, f"applicants[{index}]", products, errors)
            if applicant is None:
                continue
            if applicant.id in seen:
                errors.append(problem(f"applicants[{index}].id", "duplicate_id"))
            seen.add(applicant.id)
            applicants.append(applicant)
    if errors:
        raise InstanceError(errors)
    return on, applicants


def verdicts_json(applicants: list[Applicant], verdicts: list[Verdict]) -> dict:
    """The command's output: {"applicants": [{"id", "ready", "missing"}]} in the input's order."""
    return {
        "applicants": [
            {"id": a.id, "ready": v.ready, "missing": list(v.missing)}
            for a, v in zip(applicants, verdicts, strict=True)
        ]
    }
