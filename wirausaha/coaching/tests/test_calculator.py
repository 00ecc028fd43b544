"""The business-plan calculator at its boundaries, figures worked out by hand. No database."""

import copy
from decimal import Decimal

import pytest

from wirausaha.coaching.calculator import OUTPUT_KEYS, PlanInputError, compute, instalment, rupiah
from wirausaha.coaching.calculator.reading import Loan


def month(units, credit_share=0, owner_drawings=0):
    return {"units": units, "credit_share": credit_share, "owner_drawings": owner_drawings}


def plan(**changes):
    base = {
        "price_per_unit": 10_000,
        "variable_cost_per_unit": 6_000,
        "fixed_costs_per_month": 1_000_000,
        "opening_cash": 500_000,
        "start_up_costs": 2_000_000,
        "months": [month(200, 0.5, 100_000), month(300, 0.5, 100_000), month(250, 1, 100_000), month(400)],
    }
    return {**base, **changes}


@pytest.mark.parametrize(
    ("principal", "months", "expected"),
    [
        # Published KUR tables at 6 % a year (see shared/domain/back-half.md section 1.2).
        (25_000_000, 12, 2_151_661),
        (10_000_000, 12, 860_664),
        (25_000_000, 24, 1_108_015),
        (25_000_000, 36, 760_548),
        (50_000_000, 12, 4_303_321),
    ],
)
def test_instalment_is_the_annuity_of_the_published_tables(principal, months, expected):
    assert instalment(Loan(principal, Decimal("0.06"), months)) == expected


def test_the_two_annuities_through_compute_with_total_interest():
    for principal, expected in ((25_000_000, 2_151_661), (10_000_000, 860_664)):
        result = compute(plan(loan={"principal": principal, "annual_rate": 0.06, "months": 12}))
        assert result["instalment"] == expected
        assert result["total_interest"] == expected * 12 - principal


def test_a_zero_rate_loan_is_principal_over_months_rounded_half_up():
    result = compute(plan(loan={"principal": 10_000_000, "annual_rate": 0, "months": 12}))
    assert (result["instalment"], result["total_interest"]) == (833_333, 833_333 * 12 - 10_000_000)
    # 5 / 2 = 2.5 rounds up to 3 (not to the even 2).
    result = compute(plan(loan={"principal": 5, "annual_rate": 0, "months": 2}))
    assert (result["instalment"], result["total_interest"]) == (3, 1)


def test_cash_flow_by_hand_lowest_balance_in_month_3_and_credit_collected_a_month_late():
    result = compute(plan())
    assert list(result) == list(OUTPUT_KEYS)
    # Month 1: revenue 2,000,000, half on credit; out 1,200,000 + 1,000,000 + 100,000 + start-up 2,000,000.
    # Month 2: collects month 1's credit 1,000,000 with half of 3,000,000.
    # Month 3: everything on credit, so only month 2's credit 1,500,000 comes in.
    # Month 4: 4,000,000 cash plus month 3's credit 2,500,000; no drawings.
    assert result["months"] == [
        {"month": 1, "cash_in": 1_000_000, "cash_out": 4_300_000, "closing": -2_800_000},
        {"month": 2, "cash_in": 2_500_000, "cash_out": 2_900_000, "closing": -3_200_000},
        {"month": 3, "cash_in": 1_500_000, "cash_out": 2_600_000, "closing": -4_300_000},
        {"month": 4, "cash_in": 6_500_000, "cash_out": 3_400_000, "closing": -1_200_000},
    ]
    assert (result["lowest_balance"], result["funding_gap"]) == (-4_300_000, 4_300_000)
    assert result["receivable_at_end"] == 0
    # Earned: -1,300,000, -400,000, -1,100,000, 3,100,000: never 2,000,000 in total.
    assert result["payback_month"] is None
    assert (result["instalment"], result["total_interest"]) == (0, 0)


def test_last_months_credit_is_the_receivable_at_end_not_cash():
    months = [month(100, 0.2) for _ in range(12)]
    result = compute(plan(months=months, start_up_costs=0, opening_cash=0, fixed_costs_per_month=0))
    # Each month: 1,000,000 revenue, 200,000 on credit collected the month after.
    assert result["months"][0]["cash_in"] == 800_000
    assert [m["cash_in"] for m in result["months"][1:]] == [1_000_000] * 11
    assert result["receivable_at_end"] == 200_000
    assert result["months"][-1]["closing"] == 12 * 1_000_000 - 200_000 - 12 * 600_000


def test_loan_principal_comes_in_month_1_and_instalments_stop_after_the_loan():
    result = compute(plan(loan={"principal": 1_200_000, "annual_rate": 0, "months": 2}))
    without = compute(plan())
    cash_in = [m["cash_in"] - w["cash_in"] for m, w in zip(result["months"], without["months"], strict=True)]
    cash_out = [
        m["cash_out"] - w["cash_out"] for m, w in zip(result["months"], without["months"], strict=True)
    ]
    assert cash_in == [1_200_000, 0, 0, 0]
    assert cash_out == [600_000, 600_000, 0, 0]


def test_payback_is_the_first_month_the_running_sum_reaches_start_up_costs():
    # 500,000 earned a month (2,000,000 sales - 1,000,000 variable - 500,000 fixed): 1,000,000 in month 2.
    steady = {
        "price_per_unit": 10_000,
        "variable_cost_per_unit": 5_000,
        "fixed_costs_per_month": 500_000,
        "opening_cash": 0,
        "start_up_costs": 1_000_000,
        "months": [month(200)] * 4,
    }
    assert compute(steady)["payback_month"] == 2
    assert compute({**steady, "start_up_costs": 1_000_001})["payback_month"] == 3
    # A loan is not earnings: it does not bring the payback forward.
    with_loan = {**steady, "loan": {"principal": 5_000_000, "annual_rate": 0.06, "months": 12}}
    assert compute(with_loan)["payback_month"] == 2


def test_margin_and_break_even():
    result = compute(plan())
    assert result["gross_margin_pct"] == 40.0
    assert (result["break_even_units_per_month"], result["break_even_revenue_per_month"]) == (250, 2_500_000)
    result = compute(plan(fixed_costs_per_month=1_000_001))
    assert (result["break_even_units_per_month"], result["break_even_revenue_per_month"]) == (251, 2_510_000)
    # 100 x 1 / 400 = 0.25 -> 0.3 half up (half even would give 0.2).
    assert compute(plan(price_per_unit=400, variable_cost_per_unit=399))["gross_margin_pct"] == 0.3


def test_money_rounds_half_up():
    # 15 x 0.5 = 7.5 on credit -> 8; half a unit at 15 is 7.5 of revenue -> 8, at a cost of 4.5 -> 5.
    result = compute(
        plan(
            price_per_unit=15,
            variable_cost_per_unit=9,
            fixed_costs_per_month=0,
            opening_cash=0,
            start_up_costs=0,
            months=[month(1, 0.5), month(0.5)],
        )
    )
    assert result["months"][0] == {"month": 1, "cash_in": 7, "cash_out": 9, "closing": -2}
    assert result["months"][1] == {"month": 2, "cash_in": 16, "cash_out": 5, "closing": 9}
    assert (rupiah(Decimal("2.5")), rupiah(Decimal("-2.5")), rupiah(Decimal("2.4999"))) == (3, -3, 2)


def test_one_and_twelve_months_are_accepted():
    assert len(compute(plan(months=[month(1)]))["months"]) == 1
    assert len(compute(plan(months=[month(1)] * 12))["months"]) == 12


def refused(data) -> list[tuple[str, str]]:
    with pytest.raises(PlanInputError) as error:
        compute(data)
    assert all(e["message"] for e in error.value.errors)
    return [(e["field"], e["code"]) for e in error.value.errors]


def changed(path, value):
    data = plan(loan={"principal": 1_000_000, "annual_rate": 0.06, "months": 12})
    target = data
    *parents, last = path
    for key in parents:
        target = target[key]
    if value is DROP:
        del target[last]
    else:
        target[last] = value
    return data


DROP = object()


@pytest.mark.parametrize(
    ("path", "value", "field", "code"),
    [
        (("price_per_unit",), 6_000, "price_per_unit", "price_not_above_variable_cost"),
        (("price_per_unit",), 5_999, "price_per_unit", "price_not_above_variable_cost"),
        (("price_per_unit",), 0, "price_per_unit", "price_not_above_variable_cost"),
        (("variable_cost_per_unit",), -1, "variable_cost_per_unit", "negative"),
        (("opening_cash",), -500, "opening_cash", "negative"),
        (("fixed_costs_per_month",), 1.5, "fixed_costs_per_month", "not_whole_rupiah"),
        (("start_up_costs",), "9500000", "start_up_costs", "not_a_number"),
        (("start_up_costs",), True, "start_up_costs", "not_a_number"),
        (("start_up_costs",), None, "start_up_costs", "not_a_number"),
        (("opening_cash",), float("nan"), "opening_cash", "not_a_number"),
        (("opening_cash",), float("inf"), "opening_cash", "not_a_number"),
        (("opening_cash",), 10**15 + 1, "opening_cash", "too_large"),
        (("opening_cash",), 1e300, "opening_cash", "too_large"),
        (("start_up_costs",), DROP, "start_up_costs", "required"),
        (("colour",), "red", "colour", "unknown_field"),
        (("months",), [], "months", "no_months"),
        (("months",), [month(1)] * 13, "months", "too_many_months"),
        (("months",), DROP, "months", "required"),
        (("months",), {"units": 1}, "months", "not_a_list"),
        (("months", 2), 7, "months[2]", "not_an_object"),
        (("months", 2, "credit_share"), 1.01, "months[2].credit_share", "share_out_of_range"),
        (("months", 2, "credit_share"), -0.1, "months[2].credit_share", "share_out_of_range"),
        (("months", 2, "credit_share"), DROP, "months[2].credit_share", "required"),
        (("months", 1, "units"), -3, "months[1].units", "negative"),
        (("months", 1, "units"), 10**9 + 1, "months[1].units", "too_large"),
        (("months", 1, "units"), False, "months[1].units", "not_a_number"),
        (("months", 0, "owner_drawings"), 0.5, "months[0].owner_drawings", "not_whole_rupiah"),
        (("months", 0, "bonus"), 1, "months[0].bonus", "unknown_field"),
        (("loan",), 5, "loan", "not_an_object"),
        (("loan", "annual_rate"), 6, "loan.annual_rate", "rate_out_of_range"),
        (("loan", "annual_rate"), -0.01, "loan.annual_rate", "rate_out_of_range"),
        (("loan", "months"), 0, "loan.months", "loan_months_out_of_range"),
        (("loan", "months"), 361, "loan.months", "loan_months_out_of_range"),
        (("loan", "months"), 1.5, "loan.months", "not_whole_number"),
        (("loan", "principal"), -1, "loan.principal", "negative"),
        (("loan", "principal"), DROP, "loan.principal", "required"),
    ],
)
def test_bad_input_is_refused_on_its_field(path, value, field, code):
    assert (field, code) in refused(changed(path, value))


def test_every_problem_is_reported_at_once_and_the_input_is_not_changed():
    data = plan(price_per_unit=-1, months=[month(-1, 2, -5)])
    before = copy.deepcopy(data)
    assert set(refused(data)) == {
        ("price_per_unit", "negative"),
        ("months[0].units", "negative"),
        ("months[0].credit_share", "share_out_of_range"),
        ("months[0].owner_drawings", "negative"),
    }
    assert data == before


@pytest.mark.parametrize("data", [None, [], "plan", 12])
def test_input_that_is_not_an_object_is_refused(data):
    assert refused(data) == [("input", "not_an_object")]


def test_a_loan_of_null_is_no_loan_and_whole_floats_are_rupiah():
    result = compute(plan(loan=None, price_per_unit=10_000.0))
    assert (result["instalment"], result["total_interest"], result["gross_margin_pct"]) == (0, 0, 40.0)


def test_the_largest_accepted_numbers_are_computed_exactly():
    huge = plan(price_per_unit=10**15, variable_cost_per_unit=10**15 - 1, months=[month(10**9, 1)] * 2)
    result = compute(huge)
    assert result["receivable_at_end"] == 10**24
    assert result["months"][1]["cash_in"] == 10**24
