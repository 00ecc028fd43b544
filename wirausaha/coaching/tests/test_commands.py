"""`plan_calc` and `assign_counselors` end to end: through call_command, and as processes on a
database that does not exist (neither command touches it)."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]

PLAN = {
    "price_per_unit": 15000,
    "variable_cost_per_unit": 9000,
    "fixed_costs_per_month": 1200000,
    "opening_cash": 2000000,
    "start_up_costs": 9500000,
    "loan": {"principal": 10000000, "annual_rate": 0.06, "months": 12},
    "months": [{"units": 150, "credit_share": 0.2, "owner_drawings": 500000}] * 12,
}
INSTANCE = {
    "max_km": 50,
    "remote_km": 30,
    "sector_mismatch_km": 25,
    "graduates": [
        {"id": "g1", "lat": -6.24, "lng": 107.0, "sector": "10792", "remote_ok": True},
        {"id": "g2", "lat": -6.24, "lng": 107.0, "sector": "10792", "remote_ok": False},
    ],
    "counselors": [
        {"id": "k1", "lat": -6.9, "lng": 107.6, "sectors": ["10", "47"], "capacity": 20, "remote": True}
    ],
}


def command(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def write(tmp_path, content) -> str:
    path = tmp_path / "input.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def test_plan_calc_prints_the_figures(tmp_path):
    status, out = command("plan_calc", write(tmp_path, PLAN), "--json")
    result = json.loads(out)
    assert status == 0
    assert (result["instalment"], result["total_interest"]) == (860664, 860664 * 12 - 10000000)
    assert result["months"][0] == {"month": 1, "cash_in": 11800000, "cash_out": 13410664, "closing": 389336}
    assert result["receivable_at_end"] == 450000


def test_plan_calc_without_json_prints_a_table(tmp_path):
    status, out = command("plan_calc", write(tmp_path, PLAN))
    assert status == 0
    assert "instalment Rp 860,664" in out
    assert out.count("  month ") == 12


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ({**PLAN, "price_per_unit": 9000}, "price_per_unit"),
        ({**PLAN, "months": []}, "months"),
        (
            {**PLAN, "months": [{"units": 1, "credit_share": 1.5, "owner_drawings": 0}]},
            "months[0].credit_share",
        ),
        ("{not json", "input"),
        ("[1, 2]", "input"),
        ('{"price_per_unit": 1' + "0" * 5000 + "}", "input"),  # an integer Python refuses to read
    ],
)
def test_plan_calc_bad_input_prints_errors_and_exits_1(tmp_path, content, field):
    status, out = command("plan_calc", write(tmp_path, content), "--json")
    assert status == 1
    errors = json.loads(out)["errors"]
    assert field in [e["field"] for e in errors]
    assert all(set(e) == {"field", "message"} and e["message"] for e in errors)


def test_plan_calc_of_a_missing_file_is_a_clear_error(tmp_path):
    status, out = command("plan_calc", str(tmp_path / "nope.json"), "--json")
    assert status == 1
    assert json.loads(out)["errors"][0]["message"].startswith("Berkas tidak dapat dibaca")


def test_assign_counselors_prints_the_assignment(tmp_path):
    status, out = command("assign_counselors", "--instance", write(tmp_path, INSTANCE), "--json")
    result = json.loads(out)
    assert status == 0
    assert set(result) == {"assigned", "unassigned", "total_cost", "seconds", "assignments"}
    assert (result["assigned"], result["unassigned"], result["assignments"]) == (1, 1, {"g1": "k1"})
    assert result["total_cost"] == 30.0


def test_assign_counselors_explains_on_request(tmp_path):
    status, out = command("assign_counselors", "--instance", write(tmp_path, INSTANCE), "--json", "--explain")
    result = json.loads(out)
    assert status == 0
    assert result["explanations"]["g1"]["mode"] == "remote"
    assert result["explanations"]["g1"]["sector_match"] is True
    assert result["unassigned_reasons"] == {"g2": "no_counselor_within_reach"}


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ({**INSTANCE, "graduates": [{**INSTANCE["graduates"][0], "lat": -91}]}, "graduates[0].lat"),
        (
            {**INSTANCE, "counselors": [{**INSTANCE["counselors"][0], "capacity": "20"}]},
            "counselors[0].capacity",
        ),
        ({k: v for k, v in INSTANCE.items() if k != "max_km"}, "max_km"),
        ("", "instance"),
    ],
)
def test_assign_counselors_bad_input_prints_errors_and_exits_1(tmp_path, content, field):
    status, out = command("assign_counselors", "--instance", write(tmp_path, content), "--json")
    assert status == 1
    assert field in [e["field"] for e in json.loads(out)["errors"]]


def manage(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    # A fresh process on a database file that does not exist: neither command may need it.
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env = {**base, "DEBUG": "True", "DATABASE_URL": "sqlite:////nonexistent-dir/never.sqlite3"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_both_commands_run_as_processes_without_a_database(tmp_path):
    planned = manage("plan_calc", "-", "--json", stdin=json.dumps(PLAN))
    assert planned.returncode == 0, planned.stderr
    assert json.loads(planned.stdout)["instalment"] == 860664
    assigned = manage("assign_counselors", "--instance", write(tmp_path, INSTANCE), "--json")
    assert assigned.returncode == 0, assigned.stderr
    assert json.loads(assigned.stdout)["assignments"] == {"g1": "k1"}


def test_bad_input_exits_1_as_a_process():
    result = manage("plan_calc", "-", "--json", stdin=json.dumps({**PLAN, "months": []}))
    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "errors": [{"field": "months", "message": "Isi paling sedikit satu bulan."}]
    }
    result = manage("assign_counselors", "--instance", "-", "--json", stdin='{"max_km": 50}')
    assert result.returncode == 1
    assert {e["field"] for e in json.loads(result.stdout)["errors"]} == {"graduates", "counselors"}
