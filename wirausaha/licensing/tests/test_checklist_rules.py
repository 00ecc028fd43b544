"""The rules as data, matched by the pure module: each rule at its boundary, table-driven, against
the rules the app ships (data/rules.json)."""

import pytest

from wirausaha.licensing.checklist import Facts, Rule, applies, condition_problems, needed_items
from wirausaha.licensing.loaders import shipped_rules


def _shipped() -> list[Rule]:
    return [
        Rule(
            code=r["code"],
            kind=r["kind"],
            order=r["order"],
            kbli_prefix=r["kbli_prefix"],
            risk_levels=frozenset(r["risk_levels"]),
            conditions=r["conditions"],
        )
        for r in shipped_rules()
    ]


RULES = _shipped()


def kinds(**facts) -> list[str]:
    return [n.kind for n in needed_items(RULES, Facts(**facts))]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param({"kbli_code": "47111"}, ["nib"], id="any business without a risk level: NIB only"),
        pytest.param({"kbli_code": "47111", "risk_level": "rendah"}, ["nib"], id="rendah: NIB only"),
        pytest.param(
            {"kbli_code": "47111", "risk_level": "menengah_rendah"},
            ["nib", "sertifikat_standar"],
            id="menengah rendah: self-declared standard certificate",
        ),
        pytest.param(
            {"kbli_code": "47111", "risk_level": "menengah_tinggi"},
            ["nib", "sertifikat_standar"],
            id="menengah tinggi: verified standard certificate",
        ),
        pytest.param({"kbli_code": "47111", "risk_level": "tinggi"}, ["nib", "izin"], id="tinggi: licence"),
        pytest.param(
            {"kbli_code": "10794", "home_food": True, "shelf_stable": True},
            ["nib", "pkp", "spp_irt"],
            id="home food, shelf-stable, no NIB yet: PKP then SPP-IRT, halal waits for the NIB",
        ),
        pytest.param(
            {"kbli_code": "10794", "home_food": True, "shelf_stable": True, "has_nib": True},
            ["nib", "pkp", "spp_irt", "halal"],
            id="home food with an NIB, micro: halal self-declaration",
        ),
        pytest.param(
            {
                "kbli_code": "10794",
                "home_food": True,
                "shelf_stable": True,
                "has_nib": True,
                "scale": "small",
            },
            ["nib", "pkp", "spp_irt", "halal"],
            id="small scale still gets halal self-declaration",
        ),
        pytest.param(
            {"kbli_code": "10792", "home_food": True, "shelf_stable": False, "has_nib": True},
            ["nib", "pkp", "bpom_md", "halal"],
            id="home food that does not keep: BPOM MD instead of SPP-IRT",
        ),
        pytest.param(
            {"kbli_code": "10794", "home_food": False, "shelf_stable": True, "has_nib": True},
            ["nib", "bpom_md"],
            id="food not made at home: no PKP, no SPP-IRT, no home halal path; BPOM MD",
        ),
        pytest.param(
            {"kbli_code": "11040", "home_food": True, "shelf_stable": True, "has_nib": True},
            ["nib"],
            id="a KBLI outside 10 (drinks) gets none of the food rules",
        ),
        pytest.param(
            {"kbli_code": "10794", "risk_level": "menengah_rendah", "home_food": True, "shelf_stable": True},
            ["nib", "sertifikat_standar", "pkp", "spp_irt"],
            id="risk and food rules together, in order",
        ),
    ],
)
def test_the_shipped_rules_give_these_items_in_this_order(facts, expected):
    assert kinds(**facts) == expected


def test_the_verified_certificate_rule_applies_only_to_menengah_tinggi():
    [certificate] = [
        n for n in needed_items(RULES, Facts("47111", "menengah_tinggi")) if n.kind == "sertifikat_standar"
    ]
    assert certificate.rule == "sertifikat-standar-terverifikasi"
    [certificate] = [
        n for n in needed_items(RULES, Facts("47111", "menengah_rendah")) if n.kind == "sertifikat_standar"
    ]
    assert certificate.rule == "sertifikat-standar-mandiri"


def test_halal_needs_micro_or_small_scale():
    rule = Rule("h", "halal", 1, "10", conditions={"scales": ["micro"], "needs_nib": True})
    assert applies(rule, Facts("10794", scale="micro", has_nib=True))
    assert not applies(rule, Facts("10794", scale="small", has_nib=True))
    assert not applies(rule, Facts("10794", scale="micro", has_nib=False))


def test_the_kbli_prefix_matches_the_start_of_the_code_only():
    rule = Rule("r", "pkp", 1, "1079")
    assert applies(rule, Facts("10794"))
    assert not applies(rule, Facts("10710"))
    assert not applies(rule, Facts("21079"))


def test_when_two_rules_give_the_same_item_the_first_by_order_wins():
    rules = [Rule("late", "izin", 9), Rule("early", "izin", 2)]
    assert [(n.kind, n.rule) for n in needed_items(rules, Facts("47111"))] == [("izin", "early")]


@pytest.mark.parametrize(
    ("conditions", "problem"),
    [
        ({"colour": True}, "unknown condition 'colour'"),
        ({"home_food": "yes"}, "home_food must be true or false"),
        ({"scales": ["medium"]}, "scales must list micro and/or small"),
        ({"scales": []}, "scales must list micro and/or small"),
        ([], "conditions must be an object"),
    ],
)
def test_bad_conditions_are_named(conditions, problem):
    assert problem in condition_problems(conditions)


def test_every_shipped_rule_has_valid_conditions_and_a_legal_basis():
    for row in shipped_rules():
        assert condition_problems(row["conditions"]) == [], row["code"]
        assert row["legal_basis"].strip(), row["code"]
        assert row["guidance"].strip(), row["code"]
