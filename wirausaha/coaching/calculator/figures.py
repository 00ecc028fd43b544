"""The figures of a checked plan: margin, break-even, the loan's instalment and the 12-month cash
flow, in whole rupiah rounded half up, computed with integers and Decimals (never float rounding).
Pure: no Django import."""

from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from .reading import Loan, Plan

_ONE = Decimal(1)
_TENTH = Decimal("0.1")
_DIGITS = 80


def rupiah(value: Decimal | int) -> int:
    """Whole rupiah, half up (2.5 -> 3, -2.5 -> -3)."""
    return int(Decimal(value).quantize(_ONE, rounding=ROUND_HALF_UP))


def instalment(loan: Loan | None) -> int:
    """The monthly annuity P*r / (1 - (1+r)^-n) with r the annual rate / 12; P / n at 0 %."""
    if loan is None or loan.principal == 0:
        return 0
    if loan.annual_rate == 0:
        return rupiah(Decimal(loan.principal) / loan.months)
    with localcontext() as context:
        context.prec = _DIGITS
        rate = loan.annual_rate / 12
        return rupiah(loan.principal * rate / (1 - (1 + rate) ** -loan.months))


def figures(plan: Plan) -> dict[str, Any]:
    """Every output figure of a checked plan (see the package docstring for the definitions)."""
    # Enough digits that no product of the accepted inputs is ever rounded before `rupiah` rounds it.
    with localcontext() as context:
        context.prec = _DIGITS
        return _figures(plan)


def _figures(plan: Plan) -> dict[str, Any]:
    price, variable = plan.price_per_unit, plan.variable_cost_per_unit
    contribution = price - variable
    margin = (Decimal(100) * contribution / price).quantize(_TENTH, rounding=ROUND_HALF_UP)
    break_even_units = -(-plan.fixed_costs_per_month // contribution)
    loan = plan.loan
    monthly = instalment(loan)
    loan_months = loan.months if loan else 0
    total_interest = monthly * loan_months - loan.principal if loan else 0

    rows = []
    closing = plan.opening_cash
    credit_before = 0
    earned = 0
    payback_month = None
    for number, month in enumerate(plan.months, start=1):
        revenue = rupiah(month.units * price)
        credit = rupiah(revenue * month.credit_share)
        collected = revenue - credit + credit_before
        variable_costs = rupiah(month.units * variable)
        cash_in = collected + (loan.principal if loan and number == 1 else 0)
        cash_out = (
            variable_costs
            + plan.fixed_costs_per_month
            + month.owner_drawings
            + (plan.start_up_costs if number == 1 else 0)
            + (monthly if number <= loan_months else 0)
        )
        closing += cash_in - cash_out
        earned += collected - variable_costs - plan.fixed_costs_per_month - month.owner_drawings
        if payback_month is None and earned >= plan.start_up_costs:
            payback_month = number
        rows.append({"month": number, "cash_in": cash_in, "cash_out": cash_out, "closing": closing})
        credit_before = credit
    lowest = min(row["closing"] for row in rows)
    return {
        "gross_margin_pct": float(margin),
        "break_even_units_per_month": break_even_units,
        "break_even_revenue_per_month": break_even_units * price,
        "instalment": monthly,
        "total_interest": total_interest,
        "lowest_balance": lowest,
        "funding_gap": max(0, -lowest),
        "payback_month": payback_month,
        "receivable_at_end": credit_before,
        "months": rows,
    }
