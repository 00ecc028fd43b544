import hashlib
import random
import string
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wirausaha.programs.lottery import (
    ALGORITHM_V1,
    Candidate,
    Outcome,
    derive_seed_v1,
    digest,
    draw,
    inputs_digest,
    lottery_key,
    pseudonym,
    verify,
)

SEED = derive_seed_v1(source="Lotto 2025-06-30: 04 11 23 35 41 48", wave_code="PHK-2025-1")
BASE32 = frozenset(string.ascii_uppercase + "234567")

# Quota 32 has two seats for three people in two strata; 51 one seat for two; 52 a seat and nobody.
SMALL = [
    Candidate("AAAAAAAAAA", "32", 1),
    Candidate("BBBBBBBBBB", "32", 2),
    Candidate("CCCCCCCCCC", "32", 1),
    Candidate("DDDDDDDDDD", "51", 1),
    Candidate("EEEEEEEEEE", "51", 1),
]
SMALL_SEATS = {"32": 2, "51": 1, "52": 1}


def crowd(n, *, quotas=("32", "51", "52"), strata=3, rng_seed=0):
    rng = random.Random(rng_seed)
    return [Candidate(f"P{i:09d}", rng.choice(quotas), rng.randint(1, strata)) for i in range(n)]


def by_quota(outcomes):
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.quota, []).append(outcome)
    return groups


def test_seed_is_the_sha256_of_the_documented_canonical_text():
    seed = derive_seed_v1(source="  Lotto 2025-06-30:\n04 11  23 35\t41 48 ", wave_code=" PHK-2025-1 ")

    canonical = f"{ALGORITHM_V1}\nPHK-2025-1\nLotto 2025-06-30: 04 11 23 35 41 48"
    assert seed == SEED == hashlib.sha256(canonical.encode()).hexdigest()
    assert seed == "5351fac816a9a2c4f1a18dd3e951ba087ef732a39eece193dada624b49ca0075"


@pytest.mark.parametrize(
    ("source", "wave_code"),
    [
        ("Lotto 2025-06-30: 04 11 23 35 41 49", "PHK-2025-1"),
        ("Lotto 2025-06-30: 04 11 23 35 41 48", "PHK-2025-2"),
        ("Lotto 2025-06-30:04 11 23 35 41 48", "PHK-2025-1"),
    ],
)
def test_another_source_or_wave_gives_another_seed(source, wave_code):
    assert derive_seed_v1(source=source, wave_code=wave_code) != SEED


@pytest.mark.parametrize(("source", "wave_code"), [("", "PHK-2025-1"), ("  ", "PHK-2025-1"), ("x", "")])
def test_seed_needs_a_source_and_a_wave(source, wave_code):
    with pytest.raises(ValueError, match="public source value and the wave code"):
        derive_seed_v1(source=source, wave_code=wave_code)


def test_pseudonym_is_stable_and_pinned():
    # Published lists show these ids: changing the derivation would orphan every published list.
    assert pseudonym(secret="not-a-real-secret", wave_code="PHK-2025-1", key=42) == "DJF5MIQV5J"


@pytest.mark.parametrize(
    "change",
    [{"secret": "another-secret"}, {"wave_code": "PHK-2025-2"}, {"key": 43}],
)
def test_pseudonym_changes_with_secret_wave_and_key(change):
    inputs = {"secret": "not-a-real-secret", "wave_code": "PHK-2025-1", "key": 42}

    assert pseudonym(**{**inputs, **change}) != pseudonym(**inputs)


@given(key=st.integers(min_value=1, max_value=10**9))
def test_pseudonym_is_ten_base32_characters(key):
    value = pseudonym(secret="not-a-real-secret", wave_code="PHK-2025-1", key=key)

    assert len(value) == 10
    assert set(value) <= BASE32


def test_pseudonym_needs_a_secret():
    with pytest.raises(ValueError, match="non-empty secret"):
        pseudonym(secret="", wave_code="PHK-2025-1", key=42)


def test_lottery_key_is_the_sha256_of_seed_and_pseudonym():
    assert lottery_key(SEED, "AAAAAAAAAA") == hashlib.sha256(f"{SEED}:AAAAAAAAAA".encode()).hexdigest()


def test_draw_ranks_by_stratum_then_lottery_key_within_each_quota():
    outcomes = draw(crowd(300), seats={"32": 40, "51": 30}, seed=SEED)

    for quota, group in by_quota(outcomes).items():
        assert [o.rank for o in group] == list(range(1, len(group) + 1))
        assert [o.pseudonym for o in group] == [
            o.pseudonym for o in sorted(group, key=lambda o: (o.stratum, lottery_key(SEED, o.pseudonym)))
        ]
        seats = {"32": 40, "51": 30}.get(quota, 0)
        assert [o.selected for o in group] == [rank <= seats for rank in range(1, len(group) + 1)]
        assert all(o.seat_quota == (quota if o.selected else None) for o in group)


def test_draw_of_the_small_example():
    outcomes = draw(SMALL, seats=SMALL_SEATS, seed=SEED)

    assert outcomes == [
        Outcome("AAAAAAAAAA", "32", 1, 1, True, "32"),
        Outcome("CCCCCCCCCC", "32", 1, 2, True, "32"),
        Outcome("BBBBBBBBBB", "32", 2, 3, False, None),
        Outcome("DDDDDDDDDD", "51", 1, 1, True, "51"),
        Outcome("EEEEEEEEEE", "51", 1, 2, False, None),
    ]


def test_same_inputs_give_the_same_list_in_any_input_order():
    candidates = crowd(500)
    shuffled = candidates[:]
    random.Random(7).shuffle(shuffled)

    first = draw(candidates, seats={"32": 50, "51": 20, "52": 70}, seed=SEED)

    assert draw(candidates, seats={"32": 50, "51": 20, "52": 70}, seed=SEED) == first
    assert draw(reversed(shuffled), seats={"52": 70, "51": 20, "32": 50}, seed=SEED) == first


def test_another_seed_gives_another_list():
    candidates = crowd(200, quotas=("32",), strata=1)
    seats = {"32": 20}

    first = draw(candidates, seats=seats, seed=SEED)
    other = draw(
        candidates, seats=seats, seed=derive_seed_v1(source="another public value", wave_code="PHK-2025-1")
    )

    assert [o.pseudonym for o in other] != [o.pseudonym for o in first]
    assert {o.pseudonym for o in other if o.selected} != {o.pseudonym for o in first if o.selected}


def test_a_quota_without_seats_waitlists_everyone():
    outcomes = draw(SMALL, seats={"32": 2}, seed=SEED)

    assert [(o.quota, o.rank, o.selected) for o in outcomes if o.quota == "51"] == [
        ("51", 1, False),
        ("51", 2, False),
    ]


def test_unused_seats_stay_unused_unless_the_wave_says_so():
    candidates = [Candidate(f"A{i:09d}", "32", 1) for i in range(2)] + [
        Candidate(f"B{i:09d}", "51", 1 + i % 2) for i in range(6)
    ]
    seats = {"32": 5, "51": 1, "53": 1}

    kept = draw(candidates, seats=seats, seed=SEED)
    moved = draw(candidates, seats=seats, seed=SEED, move_unused_seats=True)

    assert Counter(o.seat_quota for o in kept if o.selected) == {"32": 2, "51": 1}
    # 32 leaves 3 seats and 53 (nobody applied) 1: the next four of 51 get them, by their rank.
    assert Counter(o.seat_quota for o in moved if o.selected) == {"32": 5, "51": 1, "53": 1}
    assert [(o.rank, o.selected, o.seat_quota) for o in moved if o.quota == "51"] == [
        (1, True, "51"),
        (2, True, "32"),
        (3, True, "32"),
        (4, True, "32"),
        (5, True, "53"),
        (6, False, None),
    ]
    assert [o.rank for o in moved] == [o.rank for o in kept]


def test_moved_seats_go_by_stratum_across_quotas():
    candidates = [
        Candidate("AAAAAAAAAA", "32", 1),
        Candidate("BBBBBBBBBB", "32", 3),
        Candidate("CCCCCCCCCC", "32", 3),
        Candidate("DDDDDDDDDD", "51", 1),
        Candidate("EEEEEEEEEE", "51", 2),
    ]

    outcomes = draw(candidates, seats={"32": 1, "51": 1, "52": 1}, seed=SEED, move_unused_seats=True)

    assert {o.pseudonym: o.seat_quota for o in outcomes} == {
        "AAAAAAAAAA": "32",
        "BBBBBBBBBB": None,
        "CCCCCCCCCC": None,
        "DDDDDDDDDD": "51",
        "EEEEEEEEEE": "52",
    }


@pytest.mark.parametrize(
    ("candidates", "seats", "seed", "message"),
    [
        pytest.param(
            [Candidate("AAAAAAAAAA", "32", 1), Candidate("AAAAAAAAAA", "51", 2)],
            {"32": 1},
            SEED,
            "pseudonyms must be unique; duplicated: AAAAAAAAAA",
            id="duplicated pseudonym",
        ),
        pytest.param(SMALL, {"32": -1}, SEED, "seats must be whole numbers", id="negative seats"),
        pytest.param(SMALL, {"32": 1.5}, SEED, "seats must be whole numbers", id="fractional seats"),
        pytest.param(SMALL, {"32": 1}, "", "the seed must be a non-empty string", id="empty seed"),
        pytest.param(
            [Candidate("AAAAAAAAAA", "32;51", 1)], {}, SEED, "must not contain", id="separator in quota"
        ),
        pytest.param(
            [Candidate("AAAA;AAAAA", "32", 1)], {}, SEED, "must not contain", id="separator in pseudonym"
        ),
    ],
)
def test_draw_refuses_bad_inputs(candidates, seats, seed, message):
    with pytest.raises(ValueError, match=message):
        draw(candidates, seats=seats, seed=seed)


def test_draw_of_nobody_is_empty():
    assert draw([], seats={"32": 3}, seed=SEED, move_unused_seats=True) == []


QUOTAS = ("11", "32", "51", "91.01")


@st.composite
def draws(draw_):
    n = draw_(st.integers(min_value=0, max_value=60))
    names = draw_(
        st.lists(st.text("ABCDEF234567", min_size=3, max_size=3), min_size=n, max_size=n, unique=True)
    )
    candidates = [
        Candidate(name, draw_(st.sampled_from(QUOTAS)), draw_(st.integers(min_value=1, max_value=4)))
        for name in names
    ]
    seats = draw_(st.dictionaries(st.sampled_from(QUOTAS), st.integers(min_value=0, max_value=20)))
    return candidates, seats, draw_(st.booleans())


@given(case=draws(), seed=st.sampled_from([SEED, "seed-1", "seed-2"]))
def test_no_quota_gets_more_than_its_seats_and_strata_are_served_in_order(case, seed):
    candidates, seats, move = case

    outcomes = draw(candidates, seats=seats, seed=seed, move_unused_seats=move)

    assert sorted(o.pseudonym for o in outcomes) == sorted(c.pseudonym for c in candidates)
    seats_taken = Counter(o.seat_quota for o in outcomes if o.selected)
    for quota in seats_taken:
        assert seats_taken[quota] <= seats.get(quota, 0)
    for quota, group in by_quota(outcomes).items():
        assert [o.rank for o in group] == list(range(1, len(group) + 1))
        assert [o.stratum for o in group] == sorted(o.stratum for o in group)
        selected = [o for o in group if o.selected]
        waitlisted = [o for o in group if not o.selected]
        # Selection takes a prefix of the ranks, so nobody waitlisted outranks anyone selected.
        assert selected == group[: len(selected)]
        assert max((o.stratum for o in selected), default=0) <= min(
            (o.stratum for o in waitlisted), default=9
        )
        own = sum(1 for o in selected if o.seat_quota == quota)
        assert own == min(seats.get(quota, 0), len(group))
        if not move:
            assert all(o.seat_quota == quota for o in selected)
    assert all(o.seat_quota is None for o in outcomes if not o.selected)

    counts = Counter(c.quota for c in candidates)
    unused = sum(max(0, n - counts[quota]) for quota, n in seats.items())
    filled = sum(min(n, counts[quota]) for quota, n in seats.items())
    waiting = len(candidates) - filled
    assert sum(seats_taken.values()) == filled + (min(unused, waiting) if move else 0)


@given(case=draws(), order=st.randoms(use_true_random=False))
def test_input_order_does_not_matter(case, order):
    candidates, seats, move = case
    shuffled = candidates[:]
    order.shuffle(shuffled)

    assert draw(shuffled, seats=seats, seed=SEED, move_unused_seats=move) == draw(
        candidates, seats=seats, seed=SEED, move_unused_seats=move
    )


def test_digest_is_pinned_and_follows_the_documented_lines():
    outcomes = draw(SMALL, seats=SMALL_SEATS, seed=SEED, move_unused_seats=True)
    lines = (
        "32;1;AAAAAAAAAA;1;S;32\n"
        "32;2;CCCCCCCCCC;1;S;32\n"
        "32;3;BBBBBBBBBB;2;W;\n"
        "51;1;DDDDDDDDDD;1;S;51\n"
        "51;2;EEEEEEEEEE;1;S;52\n"
    )

    assert digest(outcomes) == hashlib.sha256(lines.encode()).hexdigest()
    assert digest(outcomes) == "f2884dac004e5deb32fce4d5b53971503fd8d0a01da62475eebf08d6da0ca7a3"
    assert digest(reversed(outcomes)) == digest(outcomes)
    assert digest([replace(outcomes[2], selected=True)]) != digest([outcomes[2]])


def test_inputs_digest_is_pinned_and_ignores_the_order():
    stored = inputs_digest(SMALL, seats=SMALL_SEATS, seed=SEED, move_unused_seats=True)
    lines = (
        f"algorithm;{ALGORITHM_V1}\nseed;{SEED}\nmove_unused_seats;1\n"
        "seats;32;2\nseats;51;1\nseats;52;1\n"
        "candidate;32;AAAAAAAAAA;1\ncandidate;32;BBBBBBBBBB;2\ncandidate;32;CCCCCCCCCC;1\n"
        "candidate;51;DDDDDDDDDD;1\ncandidate;51;EEEEEEEEEE;1\n"
    )

    assert stored == hashlib.sha256(lines.encode()).hexdigest()
    assert stored == "ce4f7c2a214c7258eb73151cccf83af51e8ddc4b47652b18d60b5a50e651743f"
    assert inputs_digest(
        SMALL[::-1], seats=dict(reversed(SMALL_SEATS.items())), seed=SEED, move_unused_seats=True
    ) == (stored)


@pytest.mark.parametrize(
    "change",
    [
        {"seed": "another seed"},
        {"move_unused_seats": False},
        {"seats": {"32": 2, "51": 1}},
        {"candidates": SMALL[:-1]},
        {"candidates": [*SMALL[:-1], Candidate("EEEEEEEEEE", "51", 2)]},
    ],
)
def test_inputs_digest_changes_with_every_input(change):
    inputs = {"candidates": SMALL, "seats": SMALL_SEATS, "seed": SEED, "move_unused_seats": True}
    stored = inputs_digest(inputs["candidates"], **{k: v for k, v in inputs.items() if k != "candidates"})
    changed = {**inputs, **change}

    assert inputs_digest(changed.pop("candidates"), **changed) != stored


def published_small():
    return draw(SMALL, seats=SMALL_SEATS, seed=SEED, move_unused_seats=True)


def check(published, **change):
    inputs = {"seats": SMALL_SEATS, "seed": SEED, "move_unused_seats": True, **change}
    return verify(inputs.pop("candidates", SMALL), published=published, **inputs)


def test_verify_accepts_the_published_list_in_any_order():
    assert check(published_small()) == (True, [])
    assert check(published_small()[::-1]) == (True, [])


@pytest.mark.parametrize(
    ("alter", "difference"),
    [
        pytest.param(
            lambda p: [*p[:2], replace(p[2], selected=True, seat_quota="32"), *p[3:]],
            "BBBBBBBBBB: selected published True, recomputed False; "
            "seat_quota published '32', recomputed None",
            id="waitlisted shown as selected",
        ),
        pytest.param(
            lambda p: [*p[:3], replace(p[3], rank=2), *p[4:]],
            "DDDDDDDDDD: rank published 2, recomputed 1",
            id="rank changed",
        ),
        pytest.param(
            lambda p: [*p[:4], replace(p[4], stratum=2)],
            "EEEEEEEEEE: stratum published 2, recomputed 1",
            id="stratum changed",
        ),
        pytest.param(lambda p: p[1:], "AAAAAAAAAA: missing from the published list", id="one left out"),
        pytest.param(
            lambda p: [*p, Outcome("ZZZZZZZZZZ", "32", 1, 4, False, None)],
            "ZZZZZZZZZZ: published but not a candidate",
            id="one added",
        ),
        pytest.param(lambda p: [*p, p[0]], "AAAAAAAAAA: published more than once", id="one twice"),
    ],
)
def test_verify_names_the_exact_difference(alter, difference):
    assert check(alter(published_small())) == (False, [difference])


def test_verify_rejects_a_list_drawn_from_another_seed_and_caps_the_report():
    candidates = crowd(100, quotas=("32",), strata=1)
    published = draw(candidates, seats={"32": 10}, seed="another seed")

    matches, differences = check(published, candidates=candidates, seats={"32": 10}, move_unused_seats=False)

    assert not matches
    assert len(differences) == 21
    assert differences[-1].startswith("… and ") and differences[-1].endswith(" more differences")


def test_verify_reports_inputs_that_cannot_be_drawn():
    twice = [*SMALL, SMALL[0]]

    assert check(published_small(), candidates=twice) == (
        False,
        ["the stored inputs cannot be drawn: pseudonyms must be unique; duplicated: AAAAAAAAAA"],
    )


# The 0.999 quantiles of the chi-square distribution, from the NIST/SEMATECH e-Handbook of Statistical
# Methods, table 1.3.6.7.4 ("Critical values of the chi-square distribution"), upper tail 0.001.
CHI2_999_DF9 = 27.877
CHI2_999_DF81 = 126.083
K = 10
DRAWS = 2000


@pytest.fixture(scope="module")
def rank_table():
    candidates = [Candidate(f"CAND{i:06d}", "32", 1) for i in range(K)]
    table = [[0] * K for _ in range(K)]
    for n in range(DRAWS):
        for outcome in draw(candidates, seats={"32": 3}, seed=f"seed-{n}"):
            table[int(outcome.pseudonym[4:])][outcome.rank - 1] += 1
    return table


def test_each_candidate_is_ranked_first_equally_often(rank_table):
    # One first place per draw: the counts are multinomial(2000, 1/10), so Pearson's statistic is
    # chi-square with K - 1 = 9 degrees of freedom.
    expected = DRAWS / K
    statistic = sum((row[0] - expected) ** 2 / expected for row in rank_table)

    assert statistic < CHI2_999_DF9


def test_ranks_are_uniform_within_a_stratum(rank_table):
    # Every draw is a permutation, so both margins of the 10x10 table are fixed: the cells span
    # (K - 1)^2 = 81 degrees of freedom, and the dependence inside a draw inflates Pearson's
    # statistic by K / (K - 1) (the covariance of a random permutation matrix is the projection
    # onto those 81 dimensions divided by K - 1). Scaled back, it is chi-square with 81 df.
    expected = DRAWS / K
    statistic = sum((count - expected) ** 2 / expected for row in rank_table for count in row)

    assert all(sum(row) == DRAWS for row in rank_table)
    assert statistic * (K - 1) / K < CHI2_999_DF81
