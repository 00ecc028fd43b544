"""Screening as a whole, on plain data (no database): the verdict over a wave's rules, priority
points and strata, and the validation of the rules a wave is given."""

import json
from dataclasses import replace
from datetime import date

import pytest

from wirausaha.programs.eligibility import (
    PRIORITY_PARAMS,
    RULE_PARAMS,
    PriorityRule,
    Rule,
    Screening,
    strata,
    validate_priority_rules,
    validate_rules,
)
from wirausaha.programs.tests.support import (
    ALL_RULES,
    ANI,
    OPENING,
    REGIONS,
    points_of,
)


def test_verdict_lists_every_rule_in_the_wave_order():
    verdict = Screening(ALL_RULES, [], opening_day=OPENING, wave_regions=REGIONS).screen(ANI)

    assert verdict.eligible
    assert [r.kind for r in verdict.results] == [rule.kind for rule in ALL_RULES]
    assert all(r.passed for r in verdict.results)


@pytest.mark.parametrize(
    ("change", "failed"),
    [
        ({"verified": False}, ["verified"]),
        ({"birth_date": date(1960, 1, 1)}, ["age_between"]),
        (
            {"domicile": "33.01.01.2001", "has_evidence": False},
            ["domicile_in_wave_regions", "evidence_present"],
        ),
        ({"layoff_date": None, "jkp_recipient": None}, ["laid_off_within_months", "jkp_recipient"]),
    ],
)
def test_one_failed_rule_makes_the_applicant_ineligible_and_the_others_still_show(change, failed):
    verdict = Screening(ALL_RULES, [], opening_day=OPENING, wave_regions=REGIONS).screen(
        replace(ANI, **change)
    )

    assert not verdict.eligible
    assert len(verdict.results) == len(ALL_RULES)
    assert [r.kind for r in verdict.results if not r.passed] == failed


def test_a_wave_without_rules_admits_everyone():
    verdict = Screening([], [], opening_day=OPENING, wave_regions=[]).screen(ANI)

    assert (verdict.eligible, verdict.results, verdict.points) == (True, (), 0)


def test_verdict_as_json_is_ready_for_the_enrolment():
    verdict = Screening(ALL_RULES, [], opening_day=OPENING, wave_regions=REGIONS).screen(ANI)

    stored = json.loads(json.dumps(verdict.as_json()))

    assert stored[1] == {"kind": "age_between", "passed": True, "values": {"min": 18, "max": 55, "age": 35}}
    assert [item["kind"] for item in stored] == [rule.kind for rule in ALL_RULES]


def test_shared_results_cannot_be_changed_by_one_caller():
    screening = Screening(ALL_RULES, [], opening_day=OPENING, wave_regions=REGIONS)
    first = screening.screen(ANI)

    with pytest.raises(TypeError):
        first.results[1].values["age"] = 99  # type: ignore[index]
    assert screening.screen(replace(ANI, key=2)).results[1].values["age"] == 35


def test_screening_the_same_values_again_gives_the_same_verdict():
    screening = Screening(ALL_RULES, [PriorityRule("women", 2)], opening_day=OPENING, wave_regions=REGIONS)

    assert screening.screen(ANI) == screening.screen(replace(ANI, key=2))


@pytest.mark.parametrize(
    ("rule", "change", "points"),
    [
        (PriorityRule("women", 2), {"sex": "F"}, 2),
        (PriorityRule("women", 2), {"sex": "M"}, 0),
        (PriorityRule("disability", 3), {"has_disability": True}, 3),
        (PriorityRule("disability", 3), {"has_disability": False}, 0),
        (PriorityRule("no_jkp", 1), {"jkp_recipient": False}, 1),
        (PriorityRule("no_jkp", 1), {"jkp_recipient": True}, 0),
        (PriorityRule("no_jkp", 1), {"jkp_recipient": None}, 0),
        # Strictly longer than 6 months on 1 July 2025: laid off before 1 January 2025.
        (PriorityRule("long_unemployed", 4, {"months": 6}), {"layoff_date": date(2024, 12, 31)}, 4),
        (PriorityRule("long_unemployed", 4, {"months": 6}), {"layoff_date": date(2025, 1, 1)}, 0),
        (PriorityRule("long_unemployed", 4, {"months": 6}), {"layoff_date": date(2025, 3, 1)}, 0),
        (PriorityRule("long_unemployed", 4, {"months": 6}), {"layoff_date": None}, 0),
        (PriorityRule("women", 0), {"sex": "F"}, 0),
    ],
)
def test_priority_points_per_rule(rule, change, points):
    assert points_of([rule], replace(ANI, **change)) == points


def test_long_unemployed_cutoff_is_clamped_like_the_eligibility_window():
    rule = PriorityRule("long_unemployed", 1, {"months": 1})
    opening_day = date(2025, 3, 31)

    assert points_of([rule], replace(ANI, layoff_date=date(2025, 2, 27)), opening_day=opening_day) == 1
    assert points_of([rule], replace(ANI, layoff_date=date(2025, 2, 28)), opening_day=opening_day) == 0


def test_priority_points_add_up_even_for_the_ineligible():
    priority_rules = [
        PriorityRule("women", 2),
        PriorityRule("disability", 3),
        PriorityRule("long_unemployed", 1, {"months": 3}),
        PriorityRule("no_jkp", 1),
    ]
    screening = Screening(ALL_RULES, priority_rules, opening_day=OPENING, wave_regions=REGIONS)

    verdict = screening.screen(replace(ANI, has_disability=True, verified=False))

    assert (verdict.eligible, verdict.points) == (False, 2 + 3 + 1 + 1)


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([], {}),
        ([0, 0, 0], {0: 1}),
        ([3, 0, 5, 3, 5], {5: 1, 3: 2, 0: 3}),
        ([1, 2, 3, 4], {4: 1, 3: 2, 2: 3, 1: 4}),
    ],
)
def test_strata_number_the_points_from_the_highest(points, expected):
    assert strata(points) == expected


@pytest.mark.parametrize(
    ("rules", "messages"),
    [
        pytest.param(ALL_RULES, [], id="every kind, valid"),
        pytest.param([Rule("age_between", {"min": 0, "max": 0})], [], id="zero ages"),
        pytest.param(
            [Rule("shoe_size", {})],
            [
                "shoe_size: unknown kind; expected one of laid_off_within_months, age_between, "
                "domicile_in_wave_regions, verified, evidence_present, not_graduated_before, "
                "not_in_other_open_wave, jkp_recipient"
            ],
            id="unknown kind",
        ),
        pytest.param(
            [Rule("laid_off_within_months", {})],
            ["laid_off_within_months: missing parameter months"],
            id="missing months",
        ),
        pytest.param(
            [Rule("laid_off_within_months", {"months": -1})],
            ["laid_off_within_months: months must be a whole number of at least 0, got -1"],
            id="negative months",
        ),
        pytest.param(
            [Rule("laid_off_within_months", {"months": "12"})],
            ["laid_off_within_months: months must be a whole number of at least 0, got '12'"],
            id="months as text",
        ),
        pytest.param(
            [Rule("laid_off_within_months", {"months": 1.5})],
            ["laid_off_within_months: months must be a whole number of at least 0, got 1.5"],
            id="fractional months",
        ),
        pytest.param(
            [Rule("laid_off_within_months", {"months": True})],
            ["laid_off_within_months: months must be a whole number of at least 0, got True"],
            id="months as a boolean",
        ),
        pytest.param(
            [Rule("age_between", {"min": 56, "max": 55})],
            ["age_between: min (56) is greater than max (55)"],
            id="min above max",
        ),
        pytest.param(
            [Rule("age_between", {"min": 18})],
            ["age_between: missing parameter max"],
            id="missing max",
        ),
        pytest.param(
            [Rule("age_between", {"min": -1, "max": 55})],
            ["age_between: min must be a whole number of at least 0, got -1"],
            id="negative min",
        ),
        pytest.param(
            [Rule("jkp_recipient", {})],
            ["jkp_recipient: missing parameter required"],
            id="jkp without required",
        ),
        pytest.param(
            [Rule("jkp_recipient", {"required": "yes"})],
            ["jkp_recipient: required must be true or false, got 'yes'"],
            id="jkp required as text",
        ),
        pytest.param(
            [Rule("verified", {"by": "labour office"})],
            ["verified: unexpected parameter by"],
            id="unexpected parameter",
        ),
        pytest.param(
            [Rule("laid_off_within_months", {"month": 12})],
            [
                "laid_off_within_months: missing parameter months",
                "laid_off_within_months: unexpected parameter month",
            ],
            id="misspelt parameter",
        ),
        pytest.param(
            [Rule("verified"), Rule("verified")],
            ["verified: given more than once"],
            id="same kind twice",
        ),
        pytest.param(
            [Rule("verified", None)],  # type: ignore[arg-type]
            ["verified: params must be a mapping, got NoneType"],
            id="params not a mapping",
        ),
    ],
)
def test_validate_rules_explains_each_problem(rules, messages):
    assert validate_rules(rules) == messages


@pytest.mark.parametrize(
    ("rules", "messages"),
    [
        pytest.param(
            [
                PriorityRule("women", 2),
                PriorityRule("disability", 3),
                PriorityRule("long_unemployed", 1, {"months": 6}),
                PriorityRule("no_jkp", 0),
            ],
            [],
            id="every kind, valid",
        ),
        pytest.param(
            [PriorityRule("veterans", 1)],
            ["veterans: unknown kind; expected one of women, disability, long_unemployed, no_jkp"],
            id="unknown kind",
        ),
        pytest.param(
            [PriorityRule("women", -1)],
            ["women: points must be a whole number of at least 0, got -1"],
            id="negative points",
        ),
        pytest.param(
            [PriorityRule("women", True)],
            ["women: points must be a whole number of at least 0, got True"],
            id="points as a boolean",
        ),
        pytest.param(
            [PriorityRule("long_unemployed", 1)],
            ["long_unemployed: missing parameter months"],
            id="missing months",
        ),
        pytest.param(
            [PriorityRule("long_unemployed", 1, {"months": -6})],
            ["long_unemployed: months must be a whole number of at least 0, got -6"],
            id="negative months",
        ),
        pytest.param(
            [PriorityRule("no_jkp", 1), PriorityRule("no_jkp", 2)],
            ["no_jkp: given more than once"],
            id="same kind twice",
        ),
    ],
)
def test_validate_priority_rules_explains_each_problem(rules, messages):
    assert validate_priority_rules(rules) == messages


def test_screening_refuses_unusable_rules():
    with pytest.raises(ValueError, match=r"age_between: min \(60\) is greater than max \(55\)"):
        Screening(
            [Rule("age_between", {"min": 60, "max": 55})], [], opening_day=OPENING, wave_regions=REGIONS
        )
    with pytest.raises(ValueError, match="women: points must be"):
        Screening([], [PriorityRule("women", -2)], opening_day=OPENING, wave_regions=REGIONS)


def test_screening_refuses_a_domicile_rule_without_regions():
    with pytest.raises(ValueError, match="domicile_in_wave_regions: the wave has no regions"):
        Screening([Rule("domicile_in_wave_regions")], [], opening_day=OPENING, wave_regions=[" "])


def test_screening_refuses_regions_given_as_one_string():
    with pytest.raises(TypeError, match="not one string"):
        Screening([Rule("domicile_in_wave_regions")], [], opening_day=OPENING, wave_regions="32")


def test_the_kinds_are_the_models_choices():
    # The only Django import here, inside the test: the modules stay pure, the names stay in step.
    from wirausaha.programs.models import EligibilityRule
    from wirausaha.programs.models import PriorityRule as PriorityRuleRow

    assert set(RULE_PARAMS) == set(EligibilityRule.Kind.values)
    assert set(PRIORITY_PARAMS) == set(PriorityRuleRow.Kind.values)
