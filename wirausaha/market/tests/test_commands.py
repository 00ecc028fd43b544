"""`match` and `schedule_meetings` end to end through call_command: the issue's shapes, and bad
input as {"errors": [...]} with status 1. Neither touches the database."""

import io
import json

from django.core.management import call_command

MATCH = {
    "date": "2026-12-01",
    "businesses": [
        {
            "id": "b1",
            "kbli": "10792",
            "region": "32.16",
            "lat": -6.24,
            "lng": 107.0,
            "capacity_per_month": 500,
            "certificates": [
                {"kind": "halal", "valid_until": "2027-06-30"},
                {"kind": "nib", "valid_until": None},
            ],
        },
        {
            "id": "b2",
            "kbli": "10792",
            "region": "32.16",
            "capacity_per_month": 500,
            "certificates": [
                {"kind": "halal", "valid_until": "2026-11-30"},
                {"kind": "nib", "valid_until": None},
            ],
        },
    ],
    "listings": [
        {
            "id": "l1",
            "kbli": "10791",
            "regions": ["32"],
            "min_per_supplier": 200,
            "requires": ["nib", "halal"],
        }
    ],
}
SCHEDULE = {
    "slots": 6,
    "tables": 8,
    "parties": [
        {"id": "b1", "side": "business", "unavailable": [0]},
        {"id": "u1", "side": "buyer", "unavailable": []},
    ],
    "requests": [{"from": "b1", "to": "u1"}],
}


def command(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def write(tmp_path, content) -> str:
    path = tmp_path / "instance.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def test_match_prints_the_issues_shape_and_leaves_out_the_expired_halal_certificate(tmp_path):
    status, out = command("match", "--instance", write(tmp_path, MATCH), "--k", "5", "--json")
    result = json.loads(out)
    assert status == 0
    assert list(result) == ["listings"]
    [listing] = result["listings"]
    assert listing["id"] == "l1"
    assert [m["business"] for m in listing["matches"]] == ["b1"]
    assert set(listing["matches"][0]) == {"business", "score", "reasons"}


def test_match_with_both_also_lists_the_listings_of_each_business(tmp_path):
    status, out = command("match", "--instance", write(tmp_path, MATCH), "--k", "5", "--json", "--both")
    result = json.loads(out)
    assert status == 0
    assert [(b["id"], [m["listing"] for m in b["matches"]]) for b in result["businesses"]] == [
        ("b1", ["l1"]),
        ("b2", []),
    ]


def test_match_names_bad_fields_and_exits_with_status_1(tmp_path):
    status, out = command("match", "--instance", write(tmp_path, {**MATCH, "date": "kemarin"}), "--json")
    assert status == 1
    assert json.loads(out) == {
        "errors": [
            {"field": "date", "message": "Harus tanggal dengan format TTTT-BB-HH, misalnya 2026-12-01."}
        ]
    }
    status, out = command("match", "--instance", write(tmp_path, "{"), "--json")
    assert status == 1
    assert json.loads(out)["errors"][0]["field"] == "instance"


def test_schedule_meetings_prints_the_issues_shape(tmp_path):
    status, out = command("schedule_meetings", "--instance", write(tmp_path, SCHEDULE), "--json")
    result = json.loads(out)
    assert status == 0
    assert set(result) == {"weight", "optimal", "seconds", "meetings"}
    assert (result["weight"], result["optimal"]) == (1, True)
    assert result["meetings"] == [{"business": "b1", "buyer": "u1", "slot": 1, "table": 0}]


def test_schedule_meetings_names_bad_fields_and_exits_with_status_1(tmp_path):
    bad = {**SCHEDULE, "requests": [{"from": "b1", "to": "b1"}]}
    status, out = command("schedule_meetings", "--instance", write(tmp_path, bad), "--json")
    assert status == 1
    assert json.loads(out)["errors"][0]["field"] == "requests[0]"
