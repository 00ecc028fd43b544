"""Counselor assignment against an independent exact solver (scipy's assignment over capacity slots,
with its own distance and sector rules), and the rules one by one. No database."""

import math
import random

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from wirausaha.coaching.matching import AssignmentInputError, assign

SECTORS = ["10", "107", "10792", "47", "4711", "56", "5610"]


def km_between(a: dict, b: dict) -> float:
    # Haversine on a sphere of radius 6371.0088 km, written apart from the optimizer's.
    p1, p2 = math.radians(a["lat"]), math.radians(b["lat"])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b["lng"] - a["lng"]) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def fits(sector, sectors) -> bool:
    if not sector:
        return True
    return any(sector.startswith(code) or code.startswith(sector) for code in sectors)


def pair_cost(instance: dict, graduate: dict, counselor: dict) -> float | None:
    # None when the pair is not allowed.
    options = []
    distance = km_between(graduate, counselor)
    if distance <= instance["max_km"] and counselor.get("in_person", True):
        options.append(distance)
    if instance.get("remote_km") is not None and graduate.get("remote_ok") and counselor.get("remote"):
        options.append(instance["remote_km"])
    if not options:
        return None
    penalty = (
        0
        if fits(graduate.get("sector"), counselor.get("sectors", []))
        else instance.get("sector_mismatch_km", 0)
    )
    return min(options) + penalty


def exact(instance: dict) -> tuple[int, float]:
    """Most graduates assigned, then least total cost: an assignment over one column per unit of
    capacity, where an allowed pair costs its cost - BIG (so one more assignment beats any saving)."""
    graduates, counselors = instance["graduates"], instance["counselors"]
    slots = [c for c in counselors for _ in range(c["capacity"])]
    if not graduates or not slots:
        return 0, 0.0
    big = 1e7
    cost = np.zeros((len(graduates), len(slots)))
    allowed = np.zeros(cost.shape, bool)
    for i, g in enumerate(graduates):
        for j, c in enumerate(slots):
            value = pair_cost(instance, g, c)
            if value is not None:
                cost[i, j], allowed[i, j] = value - big, True
    rows, cols = linear_sum_assignment(cost)
    used = allowed[rows, cols]
    return int(used.sum()), float((cost[rows, cols][used] + big).sum())


def random_instance(rng: random.Random, graduates: int, counselors: int, capacity: int = 3) -> dict:
    def place() -> tuple[float, float]:
        return round(rng.uniform(-7.2, -6.0), 4), round(rng.uniform(106.4, 107.8), 4)

    def sector():
        return rng.choice([*SECTORS, None])

    return {
        "max_km": rng.choice([20, 40, 60, 90]),
        "remote_km": rng.choice([None, 10, 35, 70]),
        "sector_mismatch_km": rng.choice([0, 15, 25, 60]),
        "graduates": [
            {"id": f"g{i}", "lat": lat, "lng": lng, "sector": sector(), "remote_ok": rng.random() < 0.4}
            for i, (lat, lng) in enumerate(place() for _ in range(graduates))
        ],
        "counselors": [
            {
                "id": f"k{i}",
                "lat": lat,
                "lng": lng,
                "sectors": rng.sample(SECTORS, rng.randint(0, 2)),
                "capacity": rng.randint(0, capacity),
                "remote": rng.random() < 0.5,
            }
            for i, (lat, lng) in enumerate(place() for _ in range(counselors))
        ],
    }


def check_feasible(instance: dict, result: dict) -> float:
    """Every assignment allowed, no counselor over capacity; returns the recomputed total cost."""
    graduates = {g["id"]: g for g in instance["graduates"]}
    counselors = {c["id"]: c for c in instance["counselors"]}
    load: dict[str, int] = {}
    total = 0.0
    for g, k in result["assignments"].items():
        value = pair_cost(instance, graduates[g], counselors[k])
        assert value is not None, f"{g} -> {k} is not allowed"
        total += value
        load[k] = load.get(k, 0) + 1
    for k, count in load.items():
        assert count <= counselors[k]["capacity"]
    assert result["assigned"] + result["unassigned"] == len(graduates)
    assert result["assigned"] == len(result["assignments"])
    return total


@pytest.mark.parametrize("candidate_k", [4, None, 1])
def test_assignment_is_optimal_on_many_small_random_instances(candidate_k):
    rng = random.Random(18 + (candidate_k or 0))
    for _ in range(150):
        instance = random_instance(rng, rng.randint(0, 12), rng.randint(0, 5))
        instance["candidate_k"] = candidate_k
        result = assign(instance)
        total = check_feasible(instance, result)
        assigned, best = exact(instance)
        assert result["assigned"] == assigned, instance
        # Costs are rounded to the metre inside the flow: at most 1 m per graduate off the float optimum.
        assert total == pytest.approx(best, abs=1e-3 * max(assigned, 1) + 1e-6), instance
        assert result["total_cost"] == pytest.approx(total, abs=1e-3)


def test_assignment_is_optimal_when_counselors_are_scarce_and_pruning_needs_rounds():
    rng = random.Random(7)
    for _ in range(6):
        instance = random_instance(rng, 120, 12, capacity=8)
        instance["remote_km"] = rng.choice([15, 45])
        result = assign(instance)
        assigned, best = exact(instance)
        assert result["assigned"] == assigned
        assert check_feasible(instance, result) == pytest.approx(best, abs=1e-3 * assigned)


def counselor(id_, lat, lng, sectors=("47",), capacity=5, remote=False):
    return {
        "id": id_,
        "lat": lat,
        "lng": lng,
        "sectors": list(sectors),
        "capacity": capacity,
        "remote": remote,
    }


def graduate(id_, lat, lng, sector="4711", remote_ok=False):
    return {"id": id_, "lat": lat, "lng": lng, "sector": sector, "remote_ok": remote_ok}


# One degree of latitude is 111.195 km on this sphere.
DEGREE_KM = 6371.0088 * math.pi / 180


def test_remote_pair_is_allowed_beyond_max_km_only_when_both_sides_agree():
    far = counselor("k", 1.0, 0.0, remote=True)  # 111 km away
    instance = {
        "max_km": 50,
        "remote_km": 30,
        "graduates": [graduate("yes", 0, 0, remote_ok=True), graduate("no", 0, 0)],
        "counselors": [far],
    }
    result = assign(instance)
    assert result["assignments"] == {"yes": "k"}
    assert result["unassigned_reasons"] == {"no": "no_counselor_within_reach"}
    explanation = result["explanations"]["yes"]
    assert explanation["mode"] == "remote"
    assert explanation["cost"] == 30
    assert explanation["distance_km"] == pytest.approx(DEGREE_KM, abs=1e-3)
    # A counselor who does not coach remotely is out of reach for both.
    instance["counselors"] = [counselor("k", 1.0, 0.0, remote=False)]
    assert assign(instance)["assigned"] == 0


def test_a_pair_both_near_and_remote_costs_the_smaller():
    near = counselor("k", 0.2, 0.0, remote=True)  # 22.2 km
    instance = {
        "max_km": 50,
        "remote_km": 10,
        "graduates": [graduate("g", 0, 0, remote_ok=True)],
        "counselors": [near],
    }
    result = assign(instance)
    assert (result["total_cost"], result["explanations"]["g"]["mode"]) == (10, "remote")
    instance["remote_km"] = 40
    result = assign(instance)
    assert result["total_cost"] == pytest.approx(0.2 * DEGREE_KM, abs=1e-3)
    assert result["explanations"]["g"]["mode"] == "in_person"


@pytest.mark.parametrize(
    ("sector", "sectors", "match"),
    [
        ("10792", ["10"], True),  # the counselor's code is a prefix of the graduate's
        ("10", ["10792"], True),  # and the other way round
        ("10792", ["47", "107"], True),  # any one of the counselor's sectors
        ("10792", ["1080"], False),
        ("47", [], False),  # a counselor with no sectors matches no stated sector
        (None, ["47"], True),  # a graduate with no sector is never penalised
    ],
)
def test_sector_mismatch_is_added_unless_one_code_is_a_prefix_of_the_other(sector, sectors, match):
    instance = {
        "max_km": 50,
        "sector_mismatch_km": 25,
        "graduates": [graduate("g", 0, 0, sector=sector)],
        "counselors": [counselor("k", 0.1, 0, sectors=sectors)],
    }
    result = assign(instance)
    assert result["explanations"]["g"]["sector_match"] is match
    assert result["total_cost"] == pytest.approx(0.1 * DEGREE_KM + (0 if match else 25), abs=1e-3)


def test_sector_fit_can_outweigh_distance():
    graduates = [graduate("g", 0, 0, sector="4711")]
    counselors = [counselor("near", 0.1, 0, sectors=["10"]), counselor("fit", 0.3, 0, sectors=["47"])]
    result = assign(
        {"max_km": 50, "sector_mismatch_km": 25, "graduates": graduates, "counselors": counselors}
    )
    assert result["assignments"] == {"g": "fit"}  # 33 km beats 11 km + 25
    next_best = result["explanations"]["g"]["next_best"]
    assert (next_best["counselor"], next_best["why_not"]) == ("near", "costlier")


def test_capacity_is_respected_and_the_cheaper_counselor_is_named_full():
    graduates = [graduate(f"g{i}", 0, 0.001 * i) for i in range(5)]
    counselors = [counselor("near", 0.05, 0, capacity=2), counselor("far", 0.3, 0, capacity=10)]
    result = assign({"max_km": 50, "graduates": graduates, "counselors": counselors})
    loads = {k: list(result["assignments"].values()).count(k) for k in ("near", "far")}
    assert loads == {"near": 2, "far": 3}
    full = [e["next_best"]["why_not"] for e in result["explanations"].values() if e["counselor"] == "far"]
    assert full == ["full"] * 3


def test_most_graduates_assigned_before_least_cost():
    # g1 is nearer to k1 but only k1 can take g2; assigning both beats giving g1 its nearest.
    graduates = [graduate("g1", 0, 0), graduate("g2", 0, 0.6)]
    counselors = [counselor("k1", 0, 0.3, capacity=1), counselor("k2", 0, -0.3, capacity=1)]
    result = assign({"max_km": 40, "graduates": graduates, "counselors": counselors})
    assert result["assignments"] == {"g1": "k2", "g2": "k1"}


def test_unassigned_reasons_tell_full_from_out_of_reach():
    graduates = [graduate("a", 0, 0), graduate("b", 0, 0.01), graduate("c", 5, 5)]
    result = assign({"max_km": 50, "graduates": graduates, "counselors": [counselor("k", 0, 0, capacity=1)]})
    assert result["assigned"] == 1 and result["unassigned"] == 2
    reasons = result["unassigned_reasons"]
    assert reasons["c"] == "no_counselor_within_reach"
    assert sorted(reasons.values()) == ["all_reachable_counselors_full", "no_counselor_within_reach"]


def test_next_best_is_not_allowed_when_no_other_counselor_is_in_reach():
    graduates = [graduate("g", 0, 0)]
    counselors = [counselor("k", 0.1, 0), counselor("far", 2, 0, remote=True)]
    result = assign({"max_km": 50, "remote_km": 30, "graduates": graduates, "counselors": counselors})
    next_best = result["explanations"]["g"]["next_best"]
    assert next_best == {
        "counselor": "far",
        "mode": None,
        "distance_km": pytest.approx(2 * DEGREE_KM, abs=1e-3),
        "cost": None,
        "why_not": "not_allowed",
    }
    alone = assign({"max_km": 50, "graduates": graduates, "counselors": counselors[:1]})
    assert alone["explanations"]["g"]["next_best"] is None


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        (lambda i: i.pop("max_km"), "max_km", "required"),
        (lambda i: i.update(max_km=0), "max_km", "not_above_zero"),
        (lambda i: i.update(remote_km=-1), "remote_km", "out_of_range"),
        (lambda i: i.update(sector_mismatch_km="25"), "sector_mismatch_km", "not_a_number"),
        (lambda i: i["graduates"][0].update(lat=91), "graduates[0].lat", "out_of_range"),
        (lambda i: i["graduates"][0].update(lng=True), "graduates[0].lng", "not_a_number"),
        (lambda i: i["graduates"][0].pop("lat"), "graduates[0].lat", "required"),
        (lambda i: i["graduates"][0].update(remote_ok="yes"), "graduates[0].remote_ok", "not_a_boolean"),
        (lambda i: i["graduates"][0].update(sector=10792), "graduates[0].sector", "not_a_sector"),
        (lambda i: i["graduates"].append(dict(i["graduates"][0])), "graduates[1].id", "duplicate_id"),
        (lambda i: i["graduates"][0].update(nik="x"), "graduates[0].nik", "unknown_field"),
        (lambda i: i["counselors"][0].update(capacity=-1), "counselors[0].capacity", "not_whole"),
        (lambda i: i["counselors"][0].update(capacity=2.5), "counselors[0].capacity", "not_whole"),
        (lambda i: i["counselors"][0].update(sectors="10"), "counselors[0].sectors", "not_sectors"),
        (lambda i: i["counselors"][0].update(id=""), "counselors[0].id", "bad_id"),
        (lambda i: i.update(counselors={}), "counselors", "not_a_list"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(change, field, code):
    instance = {
        "max_km": 50,
        "remote_km": 30,
        "sector_mismatch_km": 25,
        "graduates": [graduate("g1", -6.24, 107.0, remote_ok=True)],
        "counselors": [counselor("k1", -6.9, 107.6, sectors=["10", "47"], capacity=20, remote=True)],
    }
    change(instance)
    with pytest.raises(AssignmentInputError) as error:
        assign(instance)
    assert (field, code) in [(e["field"], e["code"]) for e in error.value.errors]
    assert all(e["message"] for e in error.value.errors)


def test_an_instance_that_is_not_an_object_is_refused():
    with pytest.raises(AssignmentInputError) as error:
        assign([1, 2])
    assert [e["field"] for e in error.value.errors] == ["instance"]
