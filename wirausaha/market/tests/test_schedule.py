"""Meeting schedule: every rule on random instances, the optimum against a search over every schedule
on tiny ones, the weights, and bad input. No database."""

import itertools
import random

import pytest

from wirausaha.market.schedule import ScheduleInputError, first_free_slot, read_instance, schedule, violations
from wirausaha.market.schedule.model import Meeting


def random_instance(
    rng: random.Random, businesses: int, buyers: int, slots: int, tables: int, requests: int
) -> dict:
    parties = [
        {
            "id": f"b{i}",
            "side": "business",
            "unavailable": rng.sample(range(slots), rng.randint(0, slots // 2)),
        }
        for i in range(businesses)
    ] + [
        {"id": f"u{i}", "side": "buyer", "unavailable": rng.sample(range(slots), rng.randint(0, slots // 2))}
        for i in range(buyers)
    ]
    asked = set()
    requests = min(requests, 2 * businesses * buyers)
    while len(asked) < requests:
        b, u = f"b{rng.randrange(businesses)}", f"u{rng.randrange(buyers)}"
        asked.add((b, u) if rng.random() < 0.5 else (u, b))
    return {
        "slots": slots,
        "tables": tables,
        "parties": parties,
        "requests": [{"from": a, "to": b} for a, b in sorted(asked)],
    }


def meetings_of(result: dict) -> list[Meeting]:
    return [Meeting(m["business"], m["buyer"], m["slot"], m["table"]) for m in result["meetings"]]


def best_by_search(data: dict) -> int:
    # Every choice of a slot (or none) for every asked-for pair; tables only limit meetings per slot.
    instance = read_instance(data)
    pairs = sorted(instance.weights)
    best = 0
    for slots in itertools.product([None, *range(instance.slots)], repeat=len(pairs)):
        busy, per_slot, weight, ok = set(), {}, 0, True
        for (business, buyer), slot in zip(pairs, slots, strict=True):
            if slot is None:
                continue
            if slot not in instance.free_slots(business, buyer) or {(business, slot), (buyer, slot)} & busy:
                ok = False
                break
            busy |= {(business, slot), (buyer, slot)}
            per_slot[slot] = per_slot.get(slot, 0) + 1
            weight += instance.weights[(business, buyer)]
        if ok and all(count <= instance.tables for count in per_slot.values()):
            best = max(best, weight)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_the_schedule_keeps_every_rule_on_random_instances(seed):
    rng = random.Random(seed)
    data = random_instance(
        rng, rng.randint(3, 12), rng.randint(2, 6), rng.randint(1, 5), rng.randint(1, 4), 20
    )
    result = schedule(data, time_limit=10)
    instance = read_instance(data)
    assert violations(instance, meetings_of(result)) == []
    assert result["optimal"] is True
    assert result["weight"] == sum(instance.weights[(m.business, m.buyer)] for m in meetings_of(result))
    assert result["weight"] >= first_free_slot(instance).weight


@pytest.mark.parametrize("seed", range(15))
def test_the_schedule_reaches_the_best_weight_found_by_trying_every_schedule(seed):
    rng = random.Random(1000 + seed)
    data = random_instance(rng, 3, 2, rng.randint(1, 3), rng.randint(1, 2), rng.randint(1, 6))
    result = schedule(data, time_limit=10)
    assert result["optimal"] is True
    assert result["weight"] == best_by_search(data)


def test_a_pair_both_sides_asked_for_weighs_two_and_wins_the_only_table():
    data = {
        "slots": 1,
        "tables": 1,
        "parties": [
            {"id": "b1", "side": "business"},
            {"id": "b2", "side": "business"},
            {"id": "u1", "side": "buyer"},
        ],
        "requests": [{"from": "b1", "to": "u1"}, {"from": "b2", "to": "u1"}, {"from": "u1", "to": "b2"}],
    }
    result = schedule(data)
    assert result["weight"] == 2
    assert result["meetings"] == [{"business": "b2", "buyer": "u1", "slot": 0, "table": 0}]


def test_nobody_meets_in_a_slot_they_marked_unavailable():
    data = {
        "slots": 2,
        "tables": 5,
        "parties": [{"id": "b1", "side": "business", "unavailable": [0]}, {"id": "u1", "side": "buyer"}],
        "requests": [{"from": "b1", "to": "u1"}],
    }
    assert schedule(data)["meetings"] == [{"business": "b1", "buyer": "u1", "slot": 1, "table": 0}]
    data["parties"][1]["unavailable"] = [1]
    assert schedule(data) | {"seconds": 0} == {"weight": 0, "optimal": True, "seconds": 0, "meetings": []}


def test_the_checker_names_each_broken_rule():
    data = random_instance(random.Random(3), 2, 2, 2, 1, 4)
    instance = read_instance(data)
    pair = sorted(instance.weights)[0]
    twice = [Meeting(*pair, 0, 0), Meeting(*pair, 1, 0)]
    assert any("meets twice" in v for v in violations(instance, twice))
    assert any("table 5" in v for v in violations(instance, [Meeting(*pair, 0, 5)]))


def test_bad_input_names_every_field_and_why():
    data = {
        "slots": 3,
        "tables": "8",
        "parties": [
            {"id": "b1", "side": "business", "unavailable": [3]},
            {"id": "b1", "side": "buyer"},
            {"id": "b2", "side": "business"},
        ],
        "requests": [{"from": "b1", "to": "b2"}, {"from": "b1", "to": "nobody"}],
    }
    with pytest.raises(ScheduleInputError) as caught:
        schedule(data)
    fields = {e["field"] for e in caught.value.errors}
    assert fields == {"tables", "parties[0].unavailable[0]", "parties[1].id", "requests[0]", "requests[1].to"}
    with pytest.raises(ScheduleInputError):
        schedule({"slots": 1, "tables": 1, "parties": [], "requests": []}, time_limit=0)
