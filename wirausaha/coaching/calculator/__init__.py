"""The business plan's calculator: margin, break-even, the loan's instalment and a monthly cash flow
of 1 to 12 months. Pure: no Django import (`messages` beside it turns error codes into translated
text for the pages; it is the one module here that imports Django).

Input (all money whole rupiah, every number at least 0; `loan` may be left out or null):

    {"price_per_unit": 15000, "variable_cost_per_unit": 9000, "fixed_costs_per_month": 1200000,
     "opening_cash": 2000000, "start_up_costs": 9500000,
     "loan": {"principal": 10000000, "annual_rate": 0.06, "months": 12},
     "months": [{"units": 150, "credit_share": 0.2, "owner_drawings": 500000}, ...]}

Definitions, rounded to whole rupiah half up:
- gross_margin_pct = 100 x (price - variable cost) / price, one decimal; a price at or below the
  variable cost is refused on `price_per_unit`.
- break_even_units_per_month = ceil(fixed costs / (price - variable cost)); break_even_revenue_per_month
  = those units x price.
- instalment = the annuity P*r / (1 - (1+r)^-n), r = annual rate / 12 (Rp 25,000,000 x 12 at 6 % ->
  2,151,661); principal / months at 0 %; 0 without a loan. total_interest = instalment x months - principal.
- Month m: revenue = units x price; credit = revenue x credit_share, collected in month m + 1 (the last
  month's credit is `receivable_at_end`); cash in = revenue - credit + last month's credit + the loan's
  principal in month 1; cash out = units x variable cost + fixed costs + owner drawings + start-up costs
  in month 1 + the instalment in months 1 .. loan months; closing = previous closing (month 0: opening
  cash) + cash in - cash out. No depreciation.
- lowest_balance = the lowest closing; funding_gap = max(0, -lowest_balance).
- payback_month = the first month in which the running sum of (sales cash collected - variable costs -
  fixed costs - owner drawings) reaches the start-up costs; None when it does not within the plan.

Bad input raises PlanInputError; each error names its field path ("months[2].credit_share").
"""

from typing import Any

from .figures import figures, instalment, rupiah
from .reading import (
    DEFAULT_TEXT,
    MAX_LOAN_MONTHS,
    MAX_PLAN_MONTHS,
    MAX_RUPIAH,
    MAX_UNITS,
    ROOT,
    PlanInputError,
    problem,
    read_plan,
)

OUTPUT_KEYS = (
    "gross_margin_pct",
    "break_even_units_per_month",
    "break_even_revenue_per_month",
    "instalment",
    "total_interest",
    "lowest_balance",
    "funding_gap",
    "payback_month",
    "receivable_at_end",
    "months",
)


def compute(data: Any) -> dict[str, Any]:
    """The plan's figures (OUTPUT_KEYS; `months` is [{"month", "cash_in", "cash_out", "closing"}]),
    or PlanInputError naming every field that is wrong."""
    return figures(read_plan(data))


__all__ = [
    "DEFAULT_TEXT",
    "MAX_LOAN_MONTHS",
    "MAX_PLAN_MONTHS",
    "MAX_RUPIAH",
    "MAX_UNITS",
    "OUTPUT_KEYS",
    "ROOT",
    "PlanInputError",
    "compute",
    "instalment",
    "problem",
    "read_plan",
    "rupiah",
]
