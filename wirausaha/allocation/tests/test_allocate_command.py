import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

INSTANCE = {
    "max_km": 75,
    "sector_mismatch_km": 25,
    "participants": [
        {"id": "p1", "lat": -6.24, "lng": 107.0, "sector": "10"},
        {"id": "p2", "lat": -6.25, "lng": 107.01, "sector": "107"},
        {"id": "far", "lat": 3.6, "lng": 98.7, "sector": "10"},
    ],
    "cohorts": [
        {"id": "c1", "lat": -6.28, "lng": 106.97, "seats": 1, "sector": "107"},
        {"id": "c2", "lat": -6.30, "lng": 107.10, "seats": 1, "sector": "47"},
    ],
}


def run(tmp_path, instance) -> dict:
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(instance))
    out = StringIO()
    call_command("allocate", "--instance", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_allocate_solves_a_standalone_instance_in_the_documented_shape(tmp_path):
    result = run(tmp_path, INSTANCE)
    assert set(result) == {"placed", "unplaced", "total_km", "total_cost", "seconds", "assignments"}
    assert (result["placed"], result["unplaced"]) == (2, 1)
    # Two seats within reach of the two Bekasi participants; Medan ("far") has none within 75 km.
    assert set(result["assignments"]) == {"p1", "p2"}
    assert set(result["assignments"].values()) == {"c1", "c2"}
    assert result["total_cost"] >= result["total_km"]


def test_a_bad_instance_names_each_wrong_field(tmp_path):
    broken = {**INSTANCE, "max_km": 0, "participants": [{"id": "p1", "lat": 123, "lng": 107.0}]}
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(broken))
    with pytest.raises(CommandError) as error:
        call_command("allocate", "--instance", str(path), "--json")
    assert "max_km" in str(error.value)
    assert "participants[0].lat" in str(error.value)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("allocate", "--instance", str(tmp_path / "nope.json"))
