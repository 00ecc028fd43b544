"""The lottery-based impact estimator: a hand-computed example, a second independent computation
on random data, and the edges (dropped strata, no usable stratum, attrition). No database."""

import math
import random
import statistics
from itertools import groupby

import pytest

from wirausaha.monitoring.impact import ImpactInputError, compute


def row(stratum, arm, responded=True, operating=None, income=None):
    item = {"stratum": stratum, "arm": arm, "responded": responded}
    if responded:
        item |= {"operating": operating, "income": income}
    return item


# Stratum A: 3 selected answer (operating 1, 1, 0; income 100, 200, 300); 2 waitlisted answer
# (0, 1; 100, 100) and one does not: 6 people assigned.
# Stratum B: 2 selected (1, 0; 400, 200), 2 waitlisted (0, 0; 100, 300): 4 people.
# Stratum C: 2 selected of whom 1 answers, 2 waitlisted who answer: dropped (1 selected respondent).
EXAMPLE = {
    "rows": [
        row("A", "selected", operating=True, income=100),
        row("A", "selected", operating=True, income=200),
        row("A", "selected", operating=False, income=300),
        row("A", "waitlisted", operating=False, income=100),
        row("A", "waitlisted", operating=True, income=100),
        row("A", "waitlisted", responded=False),
        row("B", "selected", operating=True, income=400),
        row("B", "selected", operating=False, income=200),
        row("B", "waitlisted", operating=False, income=100),
        row("B", "waitlisted", operating=False, income=300),
        row("C", "selected", operating=True, income=900),
        row("C", "selected", responded=False),
        row("C", "waitlisted", operating=False, income=0),
        row("C", "waitlisted", operating=False, income=0),
    ]
}


def test_the_hand_computed_example_gives_the_figures_worked_out_on_paper():
    result = compute(EXAMPLE)
    # Weights: A 6/10, B 4/10 (C is dropped and not in the sum).
    # operating: A 2/3 - 1/2 = 1/6, B 1/2 - 0 = 1/2 -> 0.6/6 + 0.4/2 = 0.3
    # variance: 0.36 (1/3 / 3 + 1/2 / 2) + 0.16 (1/2 / 2 + 0 / 2) = 0.13 + 0.04 = 0.17
    operating = result["operating"]
    assert operating["effect"] == pytest.approx(0.3)
    assert operating["se"] == pytest.approx(math.sqrt(0.17))
    assert operating["ci_low"] == pytest.approx(0.3 - 1.96 * math.sqrt(0.17))
    assert operating["ci_high"] == pytest.approx(0.3 + 1.96 * math.sqrt(0.17))
    assert (operating["n_selected"], operating["n_waitlisted"]) == (5, 4)
    # income: A 200 - 100, B 300 - 200 -> 100; variance 0.36 (10000/3 + 0) + 0.16 (20000/2 + 20000/2) = 4400
    income = result["income"]
    assert income["effect"] == pytest.approx(100)
    assert income["se"] == pytest.approx(math.sqrt(4400))
    assert (income["n_selected"], income["n_waitlisted"]) == (5, 4)
    # Response rates over every row: selected 6 of 7, waitlisted 6 of 7.
    assert result["response_rate_selected"] == pytest.approx(6 / 7)
    assert result["response_rate_waitlisted"] == pytest.approx(6 / 7)
    assert result["attrition_warning"] is False
    assert result["dropped_strata"] == ["C"]


def test_a_stratum_with_one_respondent_in_an_arm_is_dropped_and_left_out_of_the_weights():
    rows = [
        *EXAMPLE["rows"][:6],
        row("Z", "selected", operating=True, income=5),
        row("Z", "waitlisted", operating=False, income=1),
        row("Z", "waitlisted", operating=False, income=1),
    ]
    result = compute({"rows": rows})
    assert result["dropped_strata"] == ["Z"]
    # Only A is used: its own difference, weight 1.
    assert result["operating"]["effect"] == pytest.approx(1 / 6)
    assert result["income"]["effect"] == pytest.approx(100)
    assert result["operating"]["se"] == pytest.approx(math.sqrt(1 / 9 + 1 / 4))


def test_without_any_usable_stratum_the_estimate_is_empty_and_every_stratum_is_listed():
    result = compute(
        {
            "rows": [
                row("91|1", "selected", operating=True, income=1),
                row("91|1", "waitlisted", operating=True, income=1),
            ]
        }
    )
    assert result["operating"]["effect"] is None
    assert result["income"]["se"] is None
    assert result["dropped_strata"] == ["91|1"]
    assert result["response_rate_selected"] == 1


def responders(arm, stratum, n_answer, n_silent):
    return [row(stratum, arm, operating=True, income=1) for _ in range(n_answer)] + [
        row(stratum, arm, responded=False) for _ in range(n_silent)
    ]


def test_attrition_is_flagged_only_when_the_response_rates_differ_by_more_than_ten_points():
    ten_points = responders("selected", "A", 8, 2) + responders("waitlisted", "A", 7, 3)
    assert compute({"rows": ten_points})["attrition_warning"] is False
    eleven = responders("selected", "A", 81, 19) + responders("waitlisted", "A", 70, 30)
    result = compute({"rows": eleven})
    assert result["attrition_warning"] is True
    assert result["response_rate_selected"] == pytest.approx(0.81)


def test_bad_rows_are_refused_with_every_field_named():
    with pytest.raises(ImpactInputError) as caught:
        compute(
            {
                "rows": [
                    {"stratum": "", "arm": "treated", "responded": "yes"},
                    {"stratum": "A", "arm": "selected", "responded": True, "operating": 1},
                    7,
                ]
            }
        )
    fields = [e["field"] for e in caught.value.errors]
    assert fields == [
        "rows[0].stratum",
        "rows[0].arm",
        "rows[0].responded",
        "rows[1].operating",
        "rows[1].income",
        "rows[2]",
    ]
    assert all(e["message"] for e in caught.value.errors)
    with pytest.raises(ImpactInputError):
        compute({"people": []})


def independent(rows):
    """The same definitions computed a second way: grouped with itertools, means and n - 1
    variances from the statistics module."""
    key = lambda r: r["stratum"]  # noqa: E731
    effect = {"operating": 0.0, "income": 0.0}
    var = {"operating": 0.0, "income": 0.0}
    strata = {s: list(g) for s, g in groupby(sorted(rows, key=key), key=key)}
    used = {
        s: g
        for s, g in strata.items()
        if all(
            sum(1 for r in g if r["arm"] == arm and r["responded"]) >= 2 for arm in ("selected", "waitlisted")
        )
    }
    total = sum(len(g) for g in used.values())
    for g in used.values():
        w = len(g) / total
        for outcome in effect:
            values = {
                arm: [float(r[outcome]) for r in g if r["arm"] == arm and r["responded"]]
                for arm in ("selected", "waitlisted")
            }
            effect[outcome] += w * (
                statistics.mean(values["selected"]) - statistics.mean(values["waitlisted"])
            )
            var[outcome] += w**2 * sum(statistics.variance(v) / len(v) for v in values.values())
    return effect, {k: math.sqrt(v) for k, v in var.items()}, sorted(set(strata) - set(used))


@pytest.mark.parametrize("seed", range(5))
def test_random_data_agree_with_an_independent_computation(seed):
    rng = random.Random(seed)
    rows = []
    for s in range(12):
        stratum = f"{rng.choice(['32', '51', '73'])}|{s}"
        for _ in range(rng.randint(1, 30)):
            arm = rng.choice(["selected", "waitlisted"])
            if rng.random() < 0.7:
                rows.append(row(stratum, arm, operating=rng.random() < 0.6, income=rng.randint(0, 9_000_000)))
            else:
                rows.append(row(stratum, arm, responded=False))
    result = compute({"rows": rows})
    effect, se, dropped = independent(rows)
    assert result["dropped_strata"] == dropped
    for outcome in ("operating", "income"):
        assert result[outcome]["effect"] == pytest.approx(effect[outcome], rel=1e-9, abs=1e-9)
        assert result[outcome]["se"] == pytest.approx(se[outcome], rel=1e-9, abs=1e-9)
    for arm in ("selected", "waitlisted"):
        mine = [r for r in rows if r["arm"] == arm]
        assert result[f"response_rate_{arm}"] == pytest.approx(sum(r["responded"] for r in mine) / len(mine))
