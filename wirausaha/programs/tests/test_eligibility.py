"""The eligibility rules one by one, on plain data (no database): the lay-off window, age,
domicile, the yes/no rules and JKP. `ANI` in support.py passes every rule; each test changes one
thing."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wirausaha.programs.eligibility import (
    Rule,
    age_on,
    months_before,
)
from wirausaha.programs.tests.support import (
    ANI,
    OPENING,
    only_result,
)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 7, 1), 0, date(2025, 7, 1)),
        (date(2025, 7, 1), 12, date(2024, 7, 1)),
        (date(2025, 1, 15), 1, date(2024, 12, 15)),
        (date(2025, 3, 31), 1, date(2025, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2025, 5, 31), 3, date(2025, 2, 28)),
        (date(2025, 12, 31), 6, date(2025, 6, 30)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2024, 2, 29), 48, date(2020, 2, 29)),
        (date(2025, 7, 1), 30, date(2023, 1, 1)),
    ],
)
def test_months_before_keeps_the_day_clamped_to_the_month_end(day, months, expected):
    assert months_before(day, months) == expected


@pytest.mark.parametrize(
    ("opening_day", "months", "layoff_date", "passed", "actual_months"),
    [
        pytest.param(OPENING, 12, date(2024, 7, 1), True, 12, id="exactly 12 months before"),
        pytest.param(OPENING, 12, date(2024, 6, 30), False, 13, id="one day more than 12 months"),
        pytest.param(OPENING, 12, date(2024, 7, 2), True, 12, id="one day less than 12 months"),
        pytest.param(OPENING, 12, date(2025, 6, 30), True, 1, id="the day before the opening"),
        pytest.param(OPENING, 12, OPENING, True, 0, id="on the opening day"),
        pytest.param(OPENING, 12, date(2025, 7, 2), False, None, id="after the opening"),
        pytest.param(OPENING, 12, None, False, None, id="no layoff date"),
        pytest.param(OPENING, 0, OPENING, True, 0, id="0 months: the opening day only"),
        pytest.param(OPENING, 0, date(2025, 6, 30), False, 1, id="0 months: the day before fails"),
        pytest.param(date(2025, 3, 31), 1, date(2025, 2, 28), True, 1, id="31 Mar - 1 month = 28 Feb"),
        pytest.param(date(2025, 3, 31), 1, date(2025, 2, 27), False, 2, id="27 Feb is too early"),
        pytest.param(date(2024, 3, 31), 1, date(2024, 2, 29), True, 1, id="leap year: 29 Feb"),
        pytest.param(date(2024, 3, 31), 1, date(2024, 2, 28), False, 2, id="leap year: 28 Feb too early"),
        pytest.param(date(2024, 2, 29), 12, date(2023, 2, 28), True, 12, id="29 Feb - 12 months"),
        pytest.param(date(2024, 2, 29), 12, date(2023, 2, 27), False, 13, id="29 Feb - 12 months - 1 day"),
    ],
)
def test_laid_off_within_months(opening_day, months, layoff_date, passed, actual_months):
    rule = Rule("laid_off_within_months", {"months": months})

    result = only_result(rule, replace(ANI, layoff_date=layoff_date), opening_day=opening_day)

    assert (result.passed, result.values["actual_months"]) == (passed, actual_months)


def test_laid_off_result_carries_the_window_for_the_explanation():
    result = only_result(
        Rule("laid_off_within_months", {"months": 12}), replace(ANI, layoff_date=date(2024, 4, 20))
    )

    assert not result.passed
    assert dict(result.values) == {
        "months": 12,
        "opening_day": "2025-07-01",
        "earliest": "2024-07-01",
        "layoff_date": "2024-04-20",
        "actual_months": 15,
    }


@given(
    opening_day=st.dates(date(2000, 1, 1), date(2040, 12, 31)),
    days_before=st.integers(-40, 3000),
    months=st.integers(0, 60),
)
def test_laid_off_passes_exactly_when_actual_months_is_within_the_limit(opening_day, days_before, months):
    layoff_date = opening_day - timedelta(days=days_before)
    rule = Rule("laid_off_within_months", {"months": months})

    result = only_result(rule, replace(ANI, layoff_date=layoff_date), opening_day=opening_day)

    actual = result.values["actual_months"]
    assert result.passed == (actual is not None and actual <= months)
    assert result.passed == (months_before(opening_day, months) <= layoff_date <= opening_day)


@given(opening_day=st.dates(date(2000, 1, 1), date(2040, 12, 31)), months=st.integers(0, 60))
def test_laid_off_boundary_is_the_day_n_months_before(opening_day, months):
    rule = Rule("laid_off_within_months", {"months": months})
    earliest = months_before(opening_day, months)

    on_boundary = only_result(rule, replace(ANI, layoff_date=earliest), opening_day=opening_day)
    one_day_more = only_result(
        rule, replace(ANI, layoff_date=earliest - timedelta(days=1)), opening_day=opening_day
    )

    assert (on_boundary.passed, one_day_more.passed) == (True, False)


@pytest.mark.parametrize(
    ("birth_date", "day", "age"),
    [
        (date(1990, 5, 17), date(2025, 5, 16), 34),
        (date(1990, 5, 17), date(2025, 5, 17), 35),
        (date(1990, 5, 17), date(2025, 12, 31), 35),
        (date(1990, 12, 31), date(2025, 1, 1), 34),
        # Convention: a 29 February birthday falls on 28 February in years without one.
        (date(2004, 2, 29), date(2023, 2, 27), 18),
        (date(2004, 2, 29), date(2023, 2, 28), 19),
        (date(2004, 2, 29), date(2023, 3, 1), 19),
        (date(2004, 2, 29), date(2024, 2, 28), 19),
        (date(2004, 2, 29), date(2024, 2, 29), 20),
        (date(2000, 2, 28), date(2023, 2, 28), 23),
        (date(2000, 3, 1), date(2024, 2, 29), 23),
    ],
)
def test_age_is_whole_years_completed(birth_date, day, age):
    assert age_on(birth_date, day) == age


@given(birth_date=st.dates(date(1930, 1, 1), date(2010, 12, 31)), years=st.integers(1, 90))
def test_age_turns_on_the_birthday_and_not_a_day_before(birth_date, years):
    year = birth_date.year + years
    try:
        birthday = birth_date.replace(year=year)
    except ValueError:  # 29 February in a common year
        birthday = date(year, 2, 28)

    assert age_on(birth_date, birthday) == years
    assert age_on(birth_date, birthday - timedelta(days=1)) == years - 1


@pytest.mark.parametrize(
    ("opening_day", "birth_date", "passed", "age"),
    [
        pytest.param(OPENING, date(2007, 7, 1), True, 18, id="18th birthday on the opening day"),
        pytest.param(OPENING, date(2007, 7, 2), False, 17, id="18th birthday the day after"),
        pytest.param(OPENING, date(1969, 7, 2), True, 55, id="last day of age 55"),
        pytest.param(OPENING, date(1969, 7, 1), False, 56, id="56th birthday on the opening day"),
        pytest.param(OPENING, date(1990, 5, 17), True, 35, id="well inside"),
        pytest.param(date(2025, 2, 28), date(2007, 2, 28), True, 18, id="28 Feb birthday"),
        pytest.param(date(2025, 2, 28), date(2004, 2, 29), True, 21, id="29 Feb birthday on 28 Feb"),
        pytest.param(date(2025, 2, 27), date(2007, 3, 1), False, 17, id="1 Mar birthday not yet"),
        pytest.param(date(2026, 2, 28), date(2008, 2, 29), True, 18, id="29 Feb: 18 on 28 Feb 2026"),
        pytest.param(date(2026, 2, 27), date(2008, 2, 29), False, 17, id="29 Feb: 17 on 27 Feb 2026"),
        pytest.param(
            date(2028, 2, 28), date(2008, 2, 29), True, 19, id="29 Feb birthday, leap year: not 20 yet"
        ),
    ],
)
def test_age_between_is_inclusive_on_the_opening_day(opening_day, birth_date, passed, age):
    result = only_result(
        Rule("age_between", {"min": 18, "max": 55}),
        replace(ANI, birth_date=birth_date),
        opening_day=opening_day,
    )

    assert result.passed == passed
    assert dict(result.values) == {"min": 18, "max": 55, "age": age}


def test_age_between_a_single_year():
    rule = Rule("age_between", {"min": 30, "max": 30})

    assert only_result(rule, replace(ANI, birth_date=date(1995, 7, 1))).passed
    assert not only_result(rule, replace(ANI, birth_date=date(1994, 7, 1))).passed
    assert not only_result(rule, replace(ANI, birth_date=date(1995, 7, 2))).passed


@pytest.mark.parametrize(
    ("regions", "domicile", "region"),
    [
        pytest.param(("32", "31.74"), "32.16.01.2001", "32", id="village in a province"),
        pytest.param(("32", "31.74"), "31.74.05.1001", "31.74", id="village in a regency"),
        pytest.param(("32", "31.74"), "32", "32", id="equal to the region"),
        pytest.param(("32", "31.74"), "32.16", "32", id="regency in a province"),
        pytest.param(("32", "31.74"), "31.71.01.1001", None, id="other regency, same province"),
        pytest.param(("32", "31.74"), "33.01.01.2001", None, id="other province"),
        pytest.param(("32", "31.74"), "31", None, id="the province of a regency region"),
        pytest.param(("32", "31.74"), "3216012001", None, id="undotted code"),
        pytest.param(("32", "31.74"), "", None, id="empty"),
        pytest.param(("32.1",), "32.16.01.2001", None, id="32.1 is not a prefix of 32.16"),
        pytest.param(("3",), "32.16.01.2001", None, id="3 is not a prefix of 32"),
        pytest.param(("32.16.01",), "32.16.01.2001", "32.16.01", id="district region"),
        pytest.param(("32.16", "32"), "32.16.01.2001", "32", id="the widest region is reported"),
        pytest.param(("32",), " 32.16.01.2001 ", "32", id="surrounding spaces"),
    ],
)
def test_domicile_in_wave_regions_matches_whole_dotted_segments(regions, domicile, region):
    result = only_result(Rule("domicile_in_wave_regions"), replace(ANI, domicile=domicile), regions=regions)

    assert result.passed == (region is not None)
    assert dict(result.values) == {"domicile": domicile.strip(), "region": region}


@pytest.mark.parametrize(
    ("kind", "field", "value", "passed"),
    [
        ("verified", "verified", True, True),
        ("verified", "verified", False, False),
        ("evidence_present", "has_evidence", True, True),
        ("evidence_present", "has_evidence", False, False),
        ("not_graduated_before", "graduated_before", False, True),
        ("not_graduated_before", "graduated_before", True, False),
        ("not_in_other_open_wave", "in_other_open_wave", False, True),
        ("not_in_other_open_wave", "in_other_open_wave", True, False),
    ],
)
def test_yes_no_rules(kind, field, value, passed):
    result = only_result(Rule(kind), replace(ANI, **{field: value}))

    assert result.passed == passed
    assert dict(result.values) == {}


@pytest.mark.parametrize(
    ("required", "jkp_recipient", "passed"),
    [
        (True, True, True),
        (True, False, False),
        (True, None, False),
        (False, False, True),
        (False, True, False),
        (False, None, False),
    ],
)
def test_jkp_recipient_unknown_fails_both_ways(required, jkp_recipient, passed):
    result = only_result(
        Rule("jkp_recipient", {"required": required}), replace(ANI, jkp_recipient=jkp_recipient)
    )

    assert result.passed == passed
    assert dict(result.values) == {"required": required, "jkp_recipient": jkp_recipient}
