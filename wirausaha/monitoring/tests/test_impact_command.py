"""`manage.py impact`: on plain rows from a file, and on a wave's follow-up round in the database."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from wirausaha.monitoring.models import Arm, FollowUpAnswer
from wirausaha.programs.models import Enrolment

from .support import build_history
from .test_impact import EXAMPLE


def run(*args):
    out = StringIO()
    call_command("impact", *args, stdout=out)
    return out.getvalue()


def test_instance_file_gives_the_estimate_as_json(tmp_path):
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(EXAMPLE))
    result = json.loads(run("--instance", str(path), "--json"))
    assert result["operating"]["effect"] == pytest.approx(0.3)
    assert result["dropped_strata"] == ["C"]
    assert set(result) >= {
        "operating",
        "income",
        "response_rate_selected",
        "response_rate_waitlisted",
        "attrition_warning",
    }
    assert "effect 0.300" in run("--instance", str(path))


def test_a_bad_instance_prints_the_errors_and_exits_with_1(tmp_path, capsys):
    path = tmp_path / "rows.json"
    path.write_text('{"rows": [{"stratum": "A", "arm": "x", "responded": true}]')
    with pytest.raises(SystemExit) as exited:
        run("--instance", str(path), "--json")
    assert exited.value.code == 1
    path.write_text('{"rows": [{"stratum": "A", "arm": "x", "responded": false}]}')
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("impact", "--instance", str(path), "--json", stdout=out)
    errors = json.loads(out.getvalue())["errors"]
    assert errors == [{"field": "rows[0].arm", "message": 'Harus "selected" atau "waitlisted".'}]


@pytest.mark.django_db
def test_a_wave_round_is_estimated_from_everyone_the_lottery_drew():
    history = build_history()
    result = json.loads(run("--wave", "MON-1", "--round", "3", "--json"))
    # Drawn: Ani and Eka selected (Ani answered), Bayu waitlisted (answered); one stratum, too few.
    assert (result["assigned_selected"], result["responded_selected"]) == (2, 1)
    assert (result["assigned_waitlisted"], result["responded_waitlisted"]) == (1, 1)
    assert result["response_rate_selected"] == 0.5
    assert result["attrition_warning"] is True
    assert result["dropped_strata"] == ["-|1"]
    assert result["operating"]["effect"] is None

    # Two more respondents per arm in the same stratum make it usable.
    from wirausaha.testing import make_participant

    for i, (outcome, arm, operating, income) in enumerate(
        [("S", Arm.SELECTED, True, 5_000_000), ("W", Arm.WAITLISTED, False, 3_000_000)]
    ):
        person = make_participant(f"Extra {i}")
        Enrolment.objects.create(
            wave=history.wave, participant=person, state="selected", lottery_outcome=outcome
        )
        FollowUpAnswer.objects.create(
            round=history.round3,
            participant=person,
            arm=arm,
            operating=operating,
            household_income=income,
            channel=FollowUpAnswer.Channel.PHONE,
        )
    result = json.loads(run("--wave", "MON-1", "--round", "3", "--json"))
    # Selected respondents: Ani (operating, 4 juta), Extra 0 (operating, 5 juta);
    # waitlisted: Bayu (not operating, 0), Extra 1 (not operating, 3 juta).
    assert result["dropped_strata"] == []
    assert result["operating"]["effect"] == pytest.approx(1.0)
    assert result["income"]["effect"] == pytest.approx(4_500_000 - 1_500_000)


@pytest.mark.django_db
def test_a_round_that_does_not_exist_is_refused():
    with pytest.raises(CommandError):
        run("--wave", "NOPE", "--round", "6")
