"""The readiness rules at their boundaries, read from the seeded product data (no figure is typed
here: each boundary is the product's own ceiling, floor or threshold, plus or minus one rupiah)."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from wirausaha.finance.data import product_rows
from wirausaha.finance.readiness import (
    MISSING_CODES,
    Applicant,
    Terms,
    assess,
    business_old_enough,
    months_before,
    terms_on,
)

ROWS = {row["code"]: row for row in product_rows()}
ON = date(2026, 12, 1)
ALL_DOCUMENTS = frozenset({"ektp", "kk", "nib", "bank_account", "npwp"})


def terms(code: str) -> Terms:
    row = ROWS[code]
    return Terms(
        code=code,
        kind=row["kind"],
        min_amount=row["min_amount"],
        max_amount=row["max_amount"],
        in_force_from=row["in_force_from"],
        in_force_until=row["in_force_until"],
        min_business_months=row["min_business_months"],
        business_age_exempt_evidence=frozenset(row["business_age_exempt_evidence"]),
        npwp_above=row["npwp_above"],
        needs_plan=row["needs_plan"],
        required_documents=frozenset(row["required_documents"]),
        min_new_workers=row["min_new_workers"],
    )


SUPER, MIKRO, KECIL = terms("kur_super_mikro"), terms("kur_mikro"), terms("kur_kecil")
PEMULA, LANJUTAN = terms("tkm_pemula"), terms("tkm_lanjutan")
OLD_ENOUGH = months_before(ON, MIKRO.min_business_months)


def applicant(of: Terms, amount: int, **changes) -> Applicant:
    base = Applicant(
        id="a1",
        product=of.code,
        amount=amount,
        business_started=OLD_ENOUGH,
        documents=ALL_DOCUMENTS,
        plan_approved=True,
        evidence=frozenset(),
        new_workers=of.min_new_workers,
    )
    return replace(base, **changes)


CASES = [
    # (name, terms, applicant, missing)
    ("super mikro at its ceiling is ready", SUPER, applicant(SUPER, SUPER.max_amount), ()),
    (
        "super mikro one rupiah above its ceiling",
        SUPER,
        applicant(SUPER, SUPER.max_amount + 1),
        ("amount_above_ceiling",),
    ),
    (
        "mikro at its floor (ceiling of super mikro + 1) is ready",
        MIKRO,
        applicant(MIKRO, SUPER.max_amount + 1),
        (),
    ),
    (
        "mikro at the super mikro ceiling is below its floor",
        MIKRO,
        applicant(MIKRO, SUPER.max_amount),
        ("amount_below_floor",),
    ),
    (
        "mikro at the NPWP threshold needs no NPWP",
        MIKRO,
        applicant(MIKRO, MIKRO.npwp_above, documents=ALL_DOCUMENTS - {"npwp"}),
        (),
    ),
    (
        "mikro one rupiah above the NPWP threshold needs an NPWP",
        MIKRO,
        applicant(MIKRO, MIKRO.npwp_above + 1, documents=ALL_DOCUMENTS - {"npwp"}),
        ("npwp",),
    ),
    ("mikro at its ceiling is ready", MIKRO, applicant(MIKRO, MIKRO.max_amount), ()),
    (
        "mikro one rupiah above its ceiling",
        MIKRO,
        applicant(MIKRO, MIKRO.max_amount + 1),
        ("amount_above_ceiling",),
    ),
    ("kecil at its floor is ready", KECIL, applicant(KECIL, MIKRO.max_amount + 1), ()),
    ("kecil at its ceiling is ready", KECIL, applicant(KECIL, KECIL.max_amount), ()),
    ("kecil above its ceiling", KECIL, applicant(KECIL, KECIL.max_amount + 1), ("amount_above_ceiling",)),
    (
        "kecil always needs an NPWP",
        KECIL,
        applicant(KECIL, KECIL.min_amount, documents=ALL_DOCUMENTS - {"npwp"}),
        ("npwp",),
    ),
    (
        "super mikro needs no NPWP",
        SUPER,
        applicant(SUPER, SUPER.max_amount, documents=ALL_DOCUMENTS - {"npwp"}),
        (),
    ),
    (
        "a business started six months earlier to the day is old enough",
        MIKRO,
        applicant(MIKRO, MIKRO.min_amount, business_started=date(2026, 6, 1)),
        (),
    ),
    (
        "six months less a day is too young for mikro",
        MIKRO,
        applicant(MIKRO, MIKRO.min_amount, business_started=date(2026, 6, 2)),
        ("business_age",),
    ),
    (
        "no business start date is too young",
        MIKRO,
        applicant(MIKRO, MIKRO.min_amount, business_started=None),
        ("business_age",),
    ),
    (
        "mentoring does not exempt mikro from the business age",
        MIKRO,
        applicant(
            MIKRO, MIKRO.min_amount, business_started=date(2026, 6, 2), evidence=frozenset({"mentoring"})
        ),
        ("business_age",),
    ),
    (
        "six months less a day without evidence is too young for super mikro",
        SUPER,
        applicant(SUPER, SUPER.max_amount, business_started=date(2026, 6, 2)),
        ("business_age",),
    ),
    *[
        (
            f"super mikro for a new business with {evidence}",
            SUPER,
            applicant(SUPER, SUPER.max_amount, business_started=ON, evidence=frozenset({evidence})),
            (),
        )
        for evidence in ("mentoring", "training", "business_group", "family_business")
    ],
    (
        "super mikro with no business yet but mentoring",
        SUPER,
        applicant(SUPER, SUPER.max_amount, business_started=None, evidence=frozenset({"mentoring"})),
        (),
    ),
    (
        "an SKU stands for the NIB",
        SUPER,
        applicant(SUPER, 1, documents=frozenset({"ektp", "kk", "sku", "bank_account"})),
        (),
    ),
    (
        "every document missing, sorted",
        SUPER,
        applicant(SUPER, SUPER.max_amount, documents=frozenset(), plan_approved=False),
        ("bank_account", "ektp", "kk", "nib_or_sku", "plan_approved"),
    ),
    (
        "the day before the product is in force",
        SUPER,
        applicant(SUPER, 1, business_started=date(2020, 1, 1)),
        ("product_not_in_force",),
    ),
    ("tkm lanjutan with one new worker", LANJUTAN, applicant(LANJUTAN, LANJUTAN.max_amount), ()),
    (
        "tkm lanjutan without a new worker",
        LANJUTAN,
        applicant(LANJUTAN, LANJUTAN.max_amount, new_workers=LANJUTAN.min_new_workers - 1),
        ("new_workers",),
    ),
    (
        "tkm pemula needs no business age",
        PEMULA,
        applicant(PEMULA, PEMULA.max_amount, business_started=None),
        (),
    ),
    (
        "no product (unknown code)",
        None,
        applicant(SUPER, 1, product="kur_khayalan"),
        ("product_not_in_force",),
    ),
]


@pytest.mark.parametrize(("name", "product", "person", "missing"), CASES, ids=[case[0] for case in CASES])
def test_readiness_at_each_boundary(name, product, person, missing):
    on = product.in_force_from - timedelta(days=1) if name.startswith("the day before") else ON
    verdict = assess(person, product, on)
    assert verdict.missing == missing
    assert verdict.ready is (not missing)
    assert set(verdict.missing) <= set(MISSING_CODES)


def test_a_product_closed_the_day_before_is_out_of_force_and_the_rest_is_still_checked():
    closed = replace(SUPER, in_force_until=ON - timedelta(days=1))
    verdict = assess(applicant(SUPER, SUPER.max_amount + 1), closed, ON)
    assert verdict.missing == ("amount_above_ceiling", "product_not_in_force")
    assert assess(
        applicant(SUPER, 1, business_started=date(2020, 1, 1)), closed, ON - timedelta(days=1)
    ).ready


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 12, 1), 6, date(2026, 6, 1)),
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
        (date(2028, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 3, 15), 6, date(2025, 9, 15)),
        (date(2026, 1, 31), 1, date(2025, 12, 31)),
    ],
)
def test_months_before_is_the_same_day_or_the_end_of_a_shorter_month(day, months, expected):
    assert months_before(day, months) == expected


def test_business_age_of_zero_months_needs_no_start_date():
    assert business_old_enough(None, 0, ON)


def test_the_version_in_force_is_chosen_and_otherwise_the_latest_started():
    old = replace(
        SUPER,
        in_force_from=date(2023, 1, 1),
        in_force_until=date(2026, 1, 4),
        max_amount=SUPER.max_amount - 1,
    )
    assert terms_on([SUPER, old], date(2025, 6, 1)) is old
    assert terms_on([old, SUPER], ON) is SUPER
    assert terms_on([old], ON) is old  # closed: the verdict says product_not_in_force
    assert terms_on([SUPER], date(2020, 1, 1)) is SUPER
    assert terms_on([], ON) is None
