import copy
import json

import pytest

from wirausaha.allocation.instance import InstanceError, load_instance, solution_json
from wirausaha.allocation.optimizer import Alternative, Cohort, Explanation, Params, Person, Solution, solve

# The example from the command's contract.
CONTRACT = {
    "max_km": 75,
    "sector_mismatch_km": 25,
    "participants": [{"id": "p1", "lat": -6.24, "lng": 107.0, "sector": "10"}],
    "cohorts": [{"id": "c1", "lat": -6.28, "lng": 106.97, "seats": 16, "sector": "107"}],
}
DROP = object()


def changed(path: tuple, value) -> dict:
    data = copy.deepcopy(CONTRACT)
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    if value is DROP:
        del target[last]
    else:
        target[last] = value
    return data


def problems(source) -> list[str]:
    with pytest.raises(InstanceError) as caught:
        load_instance(source)
    return caught.value.problems


def test_contract_example_is_solved_into_the_contract_shape():
    people, cohorts, params = load_instance(json.dumps(CONTRACT))

    result = solution_json(solve(people, cohorts, params=params))

    assert people == [Person("p1", -6.24, 107.0, "10")]
    assert cohorts == [Cohort("c1", -6.28, 106.97, 16, "107")]
    assert params == Params(max_km=75.0, sector_mismatch_km=25.0, candidate_k=4)
    assert list(result) == ["placed", "unplaced", "total_km", "total_cost", "seconds", "assignments"]
    seconds = result.pop("seconds")
    assert isinstance(seconds, float)
    assert seconds >= 0
    # "10" is a prefix of "107", so there is no penalty: the cost is the distance.
    assert result == {
        "placed": 1,
        "unplaced": 0,
        "total_km": 5.548,
        "total_cost": 5.548,
        "assignments": {"p1": "c1"},
    }


@pytest.mark.parametrize("encode", [json.dumps, lambda data: json.dumps(data).encode(), dict])
def test_instance_is_read_from_text_bytes_or_a_mapping(encode):
    assert load_instance(encode(CONTRACT)) == load_instance(CONTRACT)


@pytest.mark.parametrize(
    ("path", "value", "params"),
    [
        (("sector_mismatch_km",), DROP, Params(max_km=75.0, sector_mismatch_km=0.0, candidate_k=4)),
        (("candidate_k",), None, Params(max_km=75.0, sector_mismatch_km=25.0, candidate_k=None)),
        (("candidate_k",), 3, Params(max_km=75.0, sector_mismatch_km=25.0, candidate_k=3)),
        (("candidate_k",), 3.0, Params(max_km=75.0, sector_mismatch_km=25.0, candidate_k=3)),
    ],
)
def test_optional_parameters_have_defaults(path, value, params):
    assert load_instance(changed(path, value))[2] == params


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("participants", 0, "sector"), DROP, None),
        (("participants", 0, "sector"), None, None),
        (("cohorts", 0, "sector"), "", ""),
    ],
)
def test_sector_may_be_missing_or_null(path, value, expected):
    people, cohorts, _ = load_instance(changed(path, value))

    assert (people + cohorts)[path[0] == "cohorts"].sector == expected


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("max_km",), DROP, "max_km: required"),
        (("max_km",), 0, "max_km: must be a number above 0"),
        (("max_km",), "75", "max_km: must be a number above 0"),
        (("max_km",), True, "max_km: must be a number above 0"),
        (("max_km",), float("nan"), "max_km: must be a number above 0"),
        (("sector_mismatch_km",), -1, "sector_mismatch_km: must be a number between 0 and 100000"),
        (("candidate_k",), 0, "candidate_k: must be a whole number of at least 1, or null"),
        (("candidate_k",), 2.5, "candidate_k: must be a whole number of at least 1, or null"),
        (
            ("max_kms",),
            75,
            "max_kms: unknown field "
            "(expected max_km, sector_mismatch_km, candidate_k, participants, cohorts)",
        ),
        (("participants",), DROP, "participants: required (a list, possibly empty)"),
        (("cohorts",), {"c1": {}}, "cohorts: must be a list"),
        (("participants", 0), "p1", "participants[0]: must be an object"),
        (("participants", 0, "id"), DROP, "participants[0].id: must be a non-empty string"),
        (("participants", 0, "id"), 1, "participants[0].id: must be a non-empty string"),
        (("participants", 0, "id"), " ", "participants[0].id: must be a non-empty string"),
        (("participants", 0, "lat"), DROP, "participants[0].lat: required"),
        (("participants", 0, "lat"), -90.5, "participants[0].lat: must be a number between -90 and 90"),
        (("participants", 0, "lng"), 180.5, "participants[0].lng: must be a number between -180 and 180"),
        (("participants", 0, "lng"), None, "participants[0].lng: must be a number between -180 and 180"),
        (
            ("participants", 0, "sector"),
            10,
            "participants[0].sector: must be a KBLI code as a string, or null",
        ),
        (
            ("participants", 0, "name"),
            "Siti",
            "participants[0].name: unknown field (expected id, lat, lng, sector)",
        ),
        (("cohorts", 0, "seats"), DROP, "cohorts[0].seats: must be a whole number of at least 0"),
        (("cohorts", 0, "seats"), -1, "cohorts[0].seats: must be a whole number of at least 0"),
        (("cohorts", 0, "seats"), 1.5, "cohorts[0].seats: must be a whole number of at least 0"),
        (("cohorts", 0, "seats"), "16", "cohorts[0].seats: must be a whole number of at least 0"),
        (("cohorts", 0, "lat"), 91, "cohorts[0].lat: must be a number between -90 and 90"),
    ],
)
def test_each_problem_names_the_field_and_index(path, value, message):
    assert problems(changed(path, value)) == [message]


def test_seats_written_as_a_float_are_read_as_a_whole_number():
    _, cohorts, _ = load_instance(changed(("cohorts", 0, "seats"), 16.0))

    assert cohorts[0].seats == 16
    assert isinstance(cohorts[0].seats, int)


def test_duplicate_ids_are_refused_with_the_first_index():
    data = changed(("participants",), [{"id": f"p{i % 3}", "lat": 0, "lng": 0} for i in range(4)])

    assert problems(data) == ["participants[3].id: 'p0' is already the id of participants[0]"]


def test_a_participant_and_a_cohort_may_share_an_id():
    data = changed(("cohorts", 0, "id"), "p1")

    assert load_instance(data)[1][0].id == "p1"


def test_every_problem_is_reported_up_to_twenty():
    data = changed(("participants",), [{"id": f"p{i}", "lat": 100, "lng": 0} for i in range(25)])

    found = problems(data)

    assert found[:2] == [
        "participants[0].lat: must be a number between -90 and 90",
        "participants[1].lat: must be a number between -90 and 90",
    ]
    assert found[20:] == ["… and 5 more problems"]
    assert str(InstanceError(found[:2])) == "\n".join(found[:2])


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            '{"max_km": 75,\n "participants": [}',
            "instance: not valid JSON (line 2, column 19: Expecting value)",
        ),
        ("[]", "instance: must be a JSON object"),
        (b'{"max_km": "\xff"}', "instance: not UTF-8 text (invalid start byte at byte 12)"),
    ],
)
def test_unreadable_instances_are_refused(source, message):
    assert problems(source)[0].startswith(message)


def test_output_rounds_km_to_metres_and_can_carry_details():
    solution = Solution(
        assignments={"p1": "c1"},
        unplaced={"p2": "no_cohort_within_max_km"},
        explanations={
            "p1": Explanation("c1", 5.54812345, False, 30.54812345, Alternative("c2", 7.0004, 7.0004, "full"))
        },
        total_km=5.54812345,
        total_cost=30.54812345,
        seconds=0.12345,
        arcs=2,
        pruned_k=8,
        widened=False,
        rounds=1,
    )

    assert solution_json(solution) == {
        "placed": 1,
        "unplaced": 1,
        "total_km": 5.548,
        "total_cost": 30.548,
        "seconds": 0.123,
        "assignments": {"p1": "c1"},
    }
    details = solution_json(solution, details=True)
    assert details["unplaced_reasons"] == {"p2": "no_cohort_within_max_km"}
    assert details["explanations"] == {
        "p1": {
            "cohort": "c1",
            "distance_km": 5.548,
            "sector_match": False,
            "cost": 30.548,
            "next_best": {"cohort": "c2", "distance_km": 7.0, "cost": 7.0, "why_not": "full"},
        }
    }
    json.dumps(details)
