"""Algorithm v2 as a pure module: the entrants digest and the seed agree with the published
stand-alone verifier, and the seed depends only on the frozen list and the public value."""

import pytest

from wirausaha.programs.lottery import ALGORITHM, Candidate, derive_seed, digest, draw, entrants_digest

SMALL = [
    Candidate("AAAAAAAAAA", "32", 1),
    Candidate("BBBBBBBBBB", "32", 2),
    Candidate("CCCCCCCCCC", "32", 1),
    Candidate("DDDDDDDDDD", "51", 1),
    Candidate("EEEEEEEEEE", "51", 1),
]
SMALL_SEATS = {"32": 2, "51": 1, "52": 1}


# Algorithm v2: the frozen list, then the seed from the declared public value ------------------


def _reference_verifier():
    """The published stand-alone verifier (standard library only), loaded as a module."""
    import importlib.util
    from pathlib import Path

    import wirausaha.programs

    path = Path(wirausaha.programs.__file__).parent / "static" / "programs" / "verify_draw.py"
    spec = importlib.util.spec_from_file_location("verify_draw", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_v2_digest_and_seed_agree_with_the_published_verifier():
    reference = _reference_verifier()
    entrants = [{"pseudonym": c.pseudonym, "quota": c.quota, "priority_level": c.stratum} for c in SMALL]

    ours = entrants_digest(SMALL[::-1], wave_code="PHK-2025-1", seats=SMALL_SEATS, move_unused_seats=True)

    assert ours == reference.entrants_digest("PHK-2025-1", SMALL_SEATS, True, entrants)
    seed = derive_seed(wave_code="PHK-2025-1", entrants_digest=ours, public_value=" IHSG  7.123,45 ")
    assert seed == reference.seed_of("PHK-2025-1", ours, "IHSG 7.123,45")
    assert reference.ALGORITHM == ALGORITHM
    outcomes = draw(SMALL, seats=SMALL_SEATS, seed=seed, move_unused_seats=True)
    assert digest(outcomes) == reference.results_digest(reference.draw(entrants, SMALL_SEATS, seed, True))


def test_v2_seed_depends_only_on_the_frozen_list_and_the_public_value():
    frozen = entrants_digest(SMALL, wave_code="PHK-2025-1", seats=SMALL_SEATS, move_unused_seats=False)
    seed = derive_seed(wave_code="PHK-2025-1", entrants_digest=frozen, public_value="7123.45")

    one_more = entrants_digest(
        [*SMALL, Candidate("ZZZZZZZZZZ", "32", 1)],
        wave_code="PHK-2025-1",
        seats=SMALL_SEATS,
        move_unused_seats=False,
    )
    assert derive_seed(wave_code="PHK-2025-1", entrants_digest=one_more, public_value="7123.45") != seed
    assert derive_seed(wave_code="PHK-2025-1", entrants_digest=frozen, public_value="7123.46") != seed
    with pytest.raises(ValueError):
        derive_seed(wave_code="PHK-2025-1", entrants_digest=frozen, public_value="  ")
