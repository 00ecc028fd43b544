"""Matching: each hard rule at its boundary, completeness against a loop over every pair written apart
from the index, the order of the matches, and the top listings for a business. No database."""

import random
from datetime import date, timedelta

import pytest

from wirausaha.market.matching import MatchingInputError, match

ON = date(2026, 12, 1)


def business(identifier="b1", **fields) -> dict:
    return {
        "id": identifier,
        "kbli": "10792",
        "region": "32.16",
        "lat": -6.24,
        "lng": 107.0,
        "capacity_per_month": 500,
        "certificates": [
            {"kind": "halal", "valid_until": "2027-06-30"},
            {"kind": "nib", "valid_until": None},
        ],
    } | fields


def listing(identifier="l1", **fields) -> dict:
    return {
        "id": identifier,
        "kbli": "10791",
        "regions": ["32"],
        "min_per_supplier": 200,
        "requires": ["nib", "halal"],
    } | fields


def matched(businesses, listings, k=10) -> dict[str, list[str]]:
    result = match({"date": ON.isoformat(), "businesses": businesses, "listings": listings}, k)
    return {item["id"]: [m["business"] for m in item["matches"]] for item in result["listings"]}


def test_the_issues_example_matches_with_a_reason_for_each_part():
    result = match({"date": "2026-12-01", "businesses": [business()], "listings": [listing()]}, 10)
    [found] = result["listings"][0]["matches"]
    assert found["business"] == "b1"
    assert 0 < found["score"] <= 1
    assert [r["part"] for r in found["reasons"]] == ["kbli", "distance", "capacity", "price"]
    assert found["score"] == pytest.approx(sum(r["points"] for r in found["reasons"]), abs=0.002)
    assert "subgolongan" in found["reasons"][0]["text"]


def test_a_certificate_valid_until_yesterday_does_not_meet_the_requirement():
    yesterday = (ON - timedelta(days=1)).isoformat()
    certificates = [{"kind": "halal", "valid_until": yesterday}, {"kind": "nib", "valid_until": None}]
    assert matched([business(certificates=certificates)], [listing()]) == {"l1": []}


def test_a_certificate_valid_until_today_meets_the_requirement():
    certificates = [{"kind": "halal", "valid_until": ON.isoformat()}, {"kind": "nib", "valid_until": None}]
    assert matched([business(certificates=certificates)], [listing()]) == {"l1": ["b1"]}


def test_a_missing_required_certificate_does_not_match_but_an_unrequired_one_is_not_needed():
    only_nib = [{"kind": "nib", "valid_until": None}]
    assert matched([business(certificates=only_nib)], [listing()]) == {"l1": []}
    assert matched([business(certificates=only_nib)], [listing(requires=["nib"])]) == {"l1": ["b1"]}


def test_the_region_must_start_with_one_of_the_listings_regions_and_none_means_nationwide():
    assert matched([business(region="32.16")], [listing(regions=["32.16"])]) == {"l1": ["b1"]}
    assert matched([business(region="32.16")], [listing(regions=["31", "32.1"])]) == {"l1": ["b1"]}
    assert matched([business(region="33.16")], [listing(regions=["32"])]) == {"l1": []}
    assert matched([business(region="32.17")], [listing(regions=["32.16"])]) == {"l1": []}
    assert matched([business(region="73.71")], [listing(regions=[])]) == {"l1": ["b1"]}


def test_capacity_must_reach_the_minimum_per_supplier():
    assert matched([business(capacity_per_month=200)], [listing(min_per_supplier=200)]) == {"l1": ["b1"]}
    assert matched([business(capacity_per_month=199)], [listing(min_per_supplier=200)]) == {"l1": []}


def test_the_kbli_codes_must_share_their_two_digit_division():
    assert matched([business(kbli="10000")], [listing(kbli="10999")]) == {"l1": ["b1"]}
    assert matched([business(kbli="11040")], [listing(kbli="10999")]) == {"l1": []}


def test_closer_kbli_nearer_place_fuller_capacity_and_fitting_price_each_score_higher():
    near = listing(lat=-6.24, lng=107.0, volume_per_month=1000, price_min=10000, price_max=12000)
    pairs = [
        (business("a", kbli="10791"), business("b", kbli="10799")),
        (business("a"), business("b", lat=-7.8, lng=110.4)),
        (business("a", capacity_per_month=1000), business("b", capacity_per_month=400)),
        (business("a", price=11000), business("b", price=15000)),
    ]
    for better, worse in pairs:
        assert matched([worse, better], [near]) == {"l1": ["a", "b"]}


def random_instance(rng: random.Random, businesses: int, listings: int) -> dict:
    codes = ["10791", "10792", "10710", "10110", "47111", "47190", "56101"]
    regions = ["32.16", "32.17", "32.01", "33.74", "31.71", "73.71"]
    kinds = ["nib", "halal", "spp_irt", "bpom_md"]

    def certificates():
        return [
            {
                "kind": kind,
                "valid_until": rng.choice([None, (ON + timedelta(days=rng.randint(-3, 3))).isoformat()]),
            }
            for kind in rng.sample(kinds, rng.randint(0, 4))
        ]

    return {
        "date": ON.isoformat(),
        "businesses": [
            {
                "id": f"b{i:03d}",
                "kbli": rng.choice(codes),
                "region": rng.choice(regions),
                "lat": rng.uniform(-8, -6),
                "lng": rng.uniform(106, 112),
                "capacity_per_month": rng.choice([50, 100, 200, 500]),
                "certificates": certificates(),
                **({"price": rng.choice([9000, 11000, 14000])} if rng.random() < 0.7 else {}),
            }
            for i in range(businesses)
        ],
        "listings": [
            {
                "id": f"l{i:03d}",
                "kbli": rng.choice(codes),
                "regions": rng.sample(["32", "32.16", "33", "31.71", "73"], rng.randint(0, 2)),
                "min_per_supplier": rng.choice([0, 100, 200]),
                "requires": rng.sample(kinds, rng.randint(0, 2)),
                **({"lat": -6.5, "lng": 107.5} if rng.random() < 0.5 else {}),
                **({"price_min": 10000, "price_max": 12000} if rng.random() < 0.5 else {}),
            }
            for i in range(listings)
        ],
    }


def passes_every_rule(b: dict, item: dict) -> bool:
    # Written apart from the package's rules.
    valid = {
        c["kind"] for c in b["certificates"] if c["valid_until"] is None or c["valid_until"] >= ON.isoformat()
    }
    return (
        b["kbli"][:2] == item["kbli"][:2]
        and (not item["regions"] or any(b["region"].startswith(r) for r in item["regions"]))
        and b["capacity_per_month"] >= item["min_per_supplier"]
        and set(item["requires"]) <= valid
    )


@pytest.mark.parametrize("seed", range(5))
def test_with_k_large_enough_exactly_the_pairs_passing_the_hard_rules_are_returned(seed):
    instance = random_instance(random.Random(seed), 150, 40)
    result = match(instance, 1000, both=True)
    expected = {
        (b["id"], item["id"])
        for item in instance["listings"]
        for b in instance["businesses"]
        if passes_every_rule(b, item)
    }
    assert expected
    by_listing = {(m["business"], item["id"]) for item in result["listings"] for m in item["matches"]}
    by_business = {(item["id"], m["listing"]) for item in result["businesses"] for m in item["matches"]}
    assert by_listing == expected
    assert by_business == expected


@pytest.mark.parametrize("seed", range(3))
def test_matches_come_in_non_increasing_score_and_the_top_k_are_the_best_k(seed):
    instance = random_instance(random.Random(100 + seed), 200, 30)
    everything = match(instance, 1000, both=True)
    top = match(instance, 3, both=True)
    for full, cut in zip(everything["listings"], top["listings"], strict=True):
        scores = [m["score"] for m in full["matches"]]
        assert scores == sorted(scores, reverse=True)
        assert cut["matches"] == full["matches"][:3]
    for full, cut in zip(everything["businesses"], top["businesses"], strict=True):
        scores = [m["score"] for m in full["matches"]]
        assert scores == sorted(scores, reverse=True)
        assert cut["matches"] == full["matches"][:3]


def test_both_directions_give_a_pair_the_same_score():
    instance = random_instance(random.Random(7), 80, 20)
    result = match(instance, 1000, both=True)
    forward = {
        (m["business"], item["id"]): m["score"] for item in result["listings"] for m in item["matches"]
    }
    backward = {
        (item["id"], m["listing"]): m["score"] for item in result["businesses"] for m in item["matches"]
    }
    assert forward == backward


def test_bad_input_names_every_field_and_why():
    bad = {
        "date": "01-12-2026",
        "businesses": [
            business(kbli="1079", region="Bekasi", certificates=[{"kind": "sertifikat", "valid_until": "x"}])
        ],
        "listings": [listing(price_min=5, price_max=4, min_per_supplier=-1), "x"],
    }
    with pytest.raises(MatchingInputError) as caught:
        match(bad, 10)
    fields = {e["field"]: e["message"] for e in caught.value.errors}
    assert set(fields) == {
        "date",
        "businesses[0].kbli",
        "businesses[0].region",
        "businesses[0].certificates[0].kind",
        "businesses[0].certificates[0].valid_until",
        "listings[0].price_min",
        "listings[0].min_per_supplier",
        "listings[1]",
    }
    assert "TTTT-BB-HH" in fields["date"]
    with pytest.raises(MatchingInputError):
        match({"date": "2026-12-01", "businesses": [], "listings": []}, 0)
