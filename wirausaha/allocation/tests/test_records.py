"""The optimizer's records and rules (optimizer/records.py): great-circle distances, and the input
and parameters it refuses."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wirausaha.allocation.optimizer import EARTH_RADIUS_KM, Cohort, Params, Person, great_circle_km, solve
from wirausaha.allocation.tests.test_optimizer import cohort, person

# Distances


@pytest.mark.parametrize(
    ("a", "b", "expected_km"),
    [
        ((-6.2, 106.8), (-6.2, 106.8), 0.0),
        ((0.0, 0.0), (0.0, 1.0), 2 * math.pi * EARTH_RADIUS_KM / 360),
        ((0.0, 179.5), (0.0, -179.5), 2 * math.pi * EARTH_RADIUS_KM / 360),
        ((0.0, 0.0), (90.0, 0.0), math.pi * EARTH_RADIUS_KM / 2),
        ((90.0, 0.0), (-90.0, 0.0), math.pi * EARTH_RADIUS_KM),
        ((0.0, 0.0), (0.0, 180.0), math.pi * EARTH_RADIUS_KM),
        ((89.0, 0.0), (89.0, 180.0), 2 * math.pi * EARTH_RADIUS_KM / 360 * 2),
    ],
)
def test_great_circle_distance_matches_sphere_geometry(a, b, expected_km):
    assert great_circle_km(*a, *b) == pytest.approx(expected_km, rel=1e-9, abs=1e-9)


def test_jakarta_to_bandung_is_about_118_km():
    monas, gedung_sate = (-6.175392, 106.827153), (-6.902480, 107.618810)

    assert 116 <= great_circle_km(*monas, *gedung_sate) <= 120


latitudes = st.floats(-90, 90)
longitudes = st.floats(-180, 180)


@given(latitudes, longitudes, latitudes, longitudes, latitudes, longitudes)
def test_great_circle_distance_is_a_metric_on_the_sphere(lat1, lng1, lat2, lng2, lat3, lng3):
    ab = great_circle_km(lat1, lng1, lat2, lng2)

    assert 0 <= ab <= math.pi * EARTH_RADIUS_KM + 1e-9
    assert ab == pytest.approx(great_circle_km(lat2, lng2, lat1, lng1), abs=1e-9)
    assert ab <= great_circle_km(lat1, lng1, lat3, lng3) + great_circle_km(lat3, lng3, lat2, lng2) + 1e-6


# Input errors


@pytest.mark.parametrize(
    ("people", "cohorts", "message"),
    [
        ([person("p", 0), person("p", 1)], [], "person id 'p' appears more than once"),
        ([], [cohort("c", 0), cohort("c", 1)], "cohort id 'c' appears more than once"),
        ([Person("p", 91.0, 0.0)], [], "person 'p': lat must be a number between -90 and 90"),
        ([Person("p", 0.0, math.nan)], [], "person 'p': lng must be a number between -180 and 180"),
        ([], [Cohort("c", 0.0, 181.0, 1)], "cohort 'c': lng must be a number between -180 and 180"),
        ([], [Cohort("c", 0.0, 0.0, -1)], "cohort 'c': seats must be a whole number of at least 0"),
        ([], [Cohort("c", 0.0, 0.0, 1.5)], "cohort 'c': seats must be a whole number of at least 0"),
        ([Person("p", 0.0, 0.0, 10)], [], "person 'p': sector must be a KBLI code as a string, or None"),
    ],
)
def test_solve_refuses_malformed_input(people, cohorts, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        solve(people, cohorts, params=Params(max_km=75))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_km": 0}, "max_km must be a number above 0"),
        ({"max_km": math.inf}, "max_km must be a number above 0"),
        ({"max_km": 75, "sector_mismatch_km": -1}, "sector_mismatch_km must be a number from 0 to 100000"),
        ({"max_km": 75, "candidate_k": 0}, "candidate_k must be a whole number of at least 1 or None"),
        ({"max_km": 75, "candidate_k": True}, "candidate_k must be a whole number of at least 1 or None"),
    ],
)
def test_params_refuse_values_that_make_no_sense(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Params(**kwargs)
