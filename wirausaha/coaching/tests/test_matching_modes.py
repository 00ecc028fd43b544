"""Counselors who do not coach in person (`"in_person": false`) get only remote pairs: against the
independent exact solver of test_matching, one by one, through the CLI and from the app. No database
except the last test."""

import json
import random

import pytest

from wirausaha.coaching.matching import AssignmentInputError, assign

from .test_commands import command
from .test_matching import check_feasible, counselor, exact, graduate, random_instance


def test_a_remote_only_counselor_next_door_coaches_only_those_who_accept_remote():
    online = {**counselor("online", 0.05, 0.0, remote=True), "in_person": False}  # 5.6 km away
    instance = {
        "max_km": 50,
        "remote_km": 30,
        "graduates": [graduate("yes", 0, 0, remote_ok=True), graduate("no", 0, 0)],
        "counselors": [online],
    }
    result = assign(instance)
    assert result["assignments"] == {"yes": "online"}
    explanation = result["explanations"]["yes"]
    assert explanation["mode"] == "remote" and explanation["cost"] == 30
    assert explanation["distance_km"] == pytest.approx(5.56, abs=0.01)  # the real distance
    assert result["unassigned_reasons"]["no"] == "no_counselor_within_reach"
    # The same counselor coaching in person (the default) takes both, in person.
    instance["counselors"] = [{**online, "in_person": True}]
    result = assign(instance)
    assert result["assigned"] == 2 and result["explanations"]["no"]["mode"] == "in_person"


def test_a_counselor_neither_in_person_nor_remote_gets_nobody():
    idle = {**counselor("idle", 0.0, 0.0), "in_person": False}
    result = assign(
        {
            "max_km": 50,
            "remote_km": 30,
            "graduates": [graduate("g", 0, 0, remote_ok=True)],
            "counselors": [idle],
        }
    )
    assert result["assigned"] == 0


def test_assignment_with_remote_only_counselors_is_optimal_on_random_instances():
    rng = random.Random(55)
    for _ in range(120):
        instance = random_instance(rng, rng.randint(0, 12), rng.randint(1, 5))
        for item in instance["counselors"]:
            item["in_person"] = rng.random() < 0.6
        result = assign(instance)
        total = check_feasible(instance, result)
        assigned, best = exact(instance)
        assert result["assigned"] == assigned, instance
        assert total == pytest.approx(best, abs=1e-3 * max(assigned, 1) + 1e-6), instance
        for g, k in result["assignments"].items():
            by_id = {c["id"]: c for c in instance["counselors"]}
            if not by_id[k]["in_person"]:
                assert result["explanations"][g]["mode"] == "remote"


def test_when_max_km_reaches_the_whole_earth_a_remote_only_counselor_is_a_named_error():
    instance = {
        "max_km": 30000,
        "remote_km": 30,
        "graduates": [graduate("g", 0, 0, remote_ok=True)],
        "counselors": [{**counselor("online", 1, 1, remote=True), "in_person": False}],
    }
    with pytest.raises(AssignmentInputError) as failure:
        assign(instance)
    assert failure.value.errors[0]["field"] == "counselors[0].in_person"


def test_the_cli_reads_in_person_and_checks_it(tmp_path):
    instance = {
        "max_km": 50,
        "remote_km": 30,
        "graduates": [
            {"id": "g1", "lat": -6.24, "lng": 107.0, "sector": "10792", "remote_ok": True},
            {"id": "g2", "lat": -6.24, "lng": 107.0, "sector": "10792", "remote_ok": False},
        ],
        "counselors": [
            {
                "id": "k1",
                "lat": -6.25,
                "lng": 107.0,
                "sectors": ["10"],
                "capacity": 5,
                "remote": True,
                "in_person": False,
            }
        ],
    }
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(instance))
    status, out = command("assign_counselors", "--instance", str(path), "--json")
    assert status == 0 and json.loads(out)["assignments"] == {"g1": "k1"}
    instance["counselors"][0]["in_person"] = "no"
    path.write_text(json.dumps(instance))
    status, out = command("assign_counselors", "--instance", str(path), "--json")
    assert status == 1 and "counselors[0].in_person" in out


@pytest.mark.django_db
def test_the_app_passes_the_counselors_mode_to_the_solver(national_admin):
    from wirausaha.coaching import actions
    from wirausaha.coaching.models import BusinessProfile

    from . import support

    siti, budi = support.graduates(("Siti", "Budi"))
    BusinessProfile.objects.create(participant=budi, remote_ok=False)
    support.counselor("daring", remote=True, in_person=False, by=national_admin)
    run = actions.propose_assignment_run(by=national_admin)
    rows = {a.participant_id: a for a in run.assignments.all()}
    assert rows[siti.pk].status == "proposed" and rows[siti.pk].mode == "remote"
    assert rows[budi.pk].status == "unassigned"
