import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

# The command reads the region table (falling back to the shipped files when it is empty).
pytestmark = pytest.mark.django_db

VALID = "3216014508850003"
INVALID = "3216013508850003"  # day 35
KEYS = {"nik", "valid", "errors", "flags", "province", "regency", "district", "birth_date", "sex"}


def run(*args: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("check_nik", *args, stdout=out, stderr=StringIO())
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_json_output_is_one_list_with_a_verdict_per_nik():
    out, _ = run(VALID, INVALID, "--json")

    rows = json.loads(out)
    assert [set(row) for row in rows] == [KEYS, KEYS]
    assert rows[0] == {
        "nik": VALID,
        "valid": True,
        "errors": [],
        "flags": [],
        "province": "32",
        "regency": "32.16",
        "district": "32.16.01",
        "birth_date": "1985-08-05",
        "sex": "F",
    }
    assert (rows[1]["nik"], rows[1]["valid"], rows[1]["errors"]) == (
        INVALID,
        False,
        ["impossible_birth_date"],
    )


@pytest.mark.parametrize(
    ("niks", "invalid"),
    [
        ([VALID], None),
        ([VALID, "9101011505800001"], None),  # a flag (old Papua code) is not invalid
        ([INVALID], "1 of 1 NIKs invalid"),
        ([VALID, INVALID, "3.21601E+15"], "2 of 3 NIKs invalid"),
    ],
)
@pytest.mark.parametrize("output", [[], ["--json"]])
def test_exit_status_is_1_when_any_nik_is_invalid(niks, invalid, output):
    _, error = run(*niks, *output)

    if invalid is None:
        assert error is None
    else:
        assert error is not None
        assert (error.returncode, str(error)) == (1, invalid)


def test_declared_birth_date_and_sex_apply_to_every_nik():
    out, error = run(VALID, "3273011708450012", "--json", "--birth-date", "1985-08-05", "--sex", "m")

    assert [row["flags"] for row in json.loads(out)] == [["sex_mismatch"], ["birth_date_mismatch"]]
    assert error is None


def test_text_output_gives_a_line_per_nik_and_each_issue_with_its_message():
    out, _ = run(VALID, INVALID, "9101011505800001")

    lines = out.splitlines()
    assert lines[0].startswith(f"{VALID}  VALID  district 32.16.01")
    assert "born 1985-08-05  sex F" in lines[0]
    assert lines[1].startswith(f"{INVALID}  INVALID")
    assert lines[2].startswith("  error impossible_birth_date: day 35 is impossible")
    assert lines[3].startswith("9101011505800001  VALID")
    assert lines[4].startswith("  flag unknown_regency: regency/city code 91.01")


@pytest.mark.parametrize("args", [[], ["--birth-date", "05-08-1985", VALID], ["--sex", "X", VALID]])
def test_bad_arguments_are_refused(args):
    _, error = run(*args)

    assert error is not None
    assert error.returncode == 1
