"""The operator's commands (allocate --wave, export_placements) and the placements API."""

import json
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from wirausaha.allocation.models import AllocationRun, Placement
from wirausaha.allocation.tests.test_actions import DENPASAR, centre, cohort, people, proposed, wave_of
from wirausaha.common.models import AuditEvent
from wirausaha.programs.models import EnrolmentState

S = EnrolmentState


def allocate(*args) -> dict:
    out = StringIO()
    call_command("allocate", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def wave(db):
    cohort(centre("BLK Bekasi"), 2)
    return wave_of([*people(3), *people(1, DENPASAR)])


# allocate --wave ---------------------------------------------------------------------------


def test_allocate_proposes_a_run_and_prints_the_counts_as_json(wave):
    result = allocate("--wave", wave.code, "--max-km", "60", "--sector-mismatch-km", "10")

    run = AllocationRun.objects.get()
    assert set(result) == {
        "wave",
        "run",
        "status",
        "dry_run",
        "people",
        "placed",
        "unplaced",
        "unplaced_reasons",
        "total_km",
        "mean_km",
        "total_cost",
        "cohorts",
        "seats",
        "max_km",
        "sector_mismatch_km",
        "seconds",
        "solve_seconds",
    }
    assert (result["run"], result["status"], result["dry_run"]) == (run.pk, "proposed", False)
    assert (result["placed"], result["unplaced"], result["people"]) == (2, 2, 4)
    assert result["unplaced_reasons"] == {"all_reachable_cohorts_full": 1, "no_cohort_within_max_km": 1}
    assert result["mean_km"] == pytest.approx(result["total_km"] / 2, abs=0.01)
    assert (run.max_km, run.sector_mismatch_km, run.created_by) == (60, 10, None)
    assert result["seconds"] >= result["solve_seconds"] >= 0


def test_a_dry_run_writes_nothing(wave):
    before = (AllocationRun.objects.count(), Placement.objects.count(), AuditEvent.objects.count())
    result = allocate("--wave", wave.code, "--dry-run")
    assert (result["run"], result["dry_run"], result["placed"]) == (None, True, 2)
    assert (AllocationRun.objects.count(), Placement.objects.count(), AuditEvent.objects.count()) == before


def test_allocate_confirms_a_proposed_run_and_prints_a_line_without_json(wave):
    run = proposed(wave)
    out = StringIO()
    call_command("allocate", "--wave", wave.code, "--confirm-run", str(run.pk), stdout=out)
    line = out.getvalue()
    assert line.startswith(f"{wave.code} run {run.pk} (confirmed): placed 2, unplaced 2, total ")
    assert "unplaced, no_cohort_within_max_km: 1" in line
    assert wave.enrolments.filter(state=S.PLACED).count() == 2


def test_allocate_refuses_what_the_actions_refuse(wave):
    with pytest.raises(CommandError, match="No wave"):
        allocate("--wave", "NOPE")
    with pytest.raises(CommandError, match="max_km"):
        allocate("--wave", wave.code, "--max-km", "0")
    with pytest.raises(CommandError, match="no run 999"):
        allocate("--wave", wave.code, "--confirm-run", "999")
    run = proposed(wave)
    allocate("--wave", wave.code, "--confirm-run", str(run.pk))
    with pytest.raises(CommandError, match="only a proposed run"):
        allocate("--wave", wave.code, "--confirm-run", str(run.pk))


# export_placements -------------------------------------------------------------------------


def test_the_export_has_a_sheet_of_placements_and_one_of_the_unplaced_with_masked_niks(wave, tmp_path):
    run = proposed(wave)
    with pytest.raises(CommandError, match="no confirmed run"):
        call_command("export_placements", "--wave", wave.code, str(tmp_path / "x.xlsx"))
    allocate("--wave", wave.code, "--confirm-run", str(run.pk))
    path = tmp_path / "placements.xlsx"

    call_command("export_placements", "--wave", wave.code, str(path), stdout=StringIO())

    book = load_workbook(path, read_only=True)
    placed, unplaced = (list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets)
    assert len(placed) == 1 + 2 and len(unplaced) == 1 + 2
    niks = {
        p.enrolment_id: p.enrolment.participant.nik
        for p in run.placements.select_related("enrolment__participant")
    }
    for row in placed[1:] + unplaced[1:]:
        assert row[2] != niks[row[0]] and row[2][:6] == niks[row[0]][:6] and "*" in row[2]
    seated = {row[0]: row[5] for row in placed[1:]}
    assert seated == {p.enrolment_id: p.cohort.code for p in run.placements.filter(cohort__isnull=False)}
    assert {row[5] for row in unplaced[1:]} == {"all_reachable_cohorts_full", "no_cohort_within_max_km"}
    event = AuditEvent.objects.get(verb="allocation.exported")
    assert event.changes == {"rows": [None, 4], "full_nik": [None, False]}


def test_the_export_of_a_named_run_with_full_niks_is_recorded_as_such(wave, tmp_path):
    run = proposed(wave)
    path = tmp_path / "run.xlsx"
    call_command("export_placements", "--wave", wave.code, str(path), "--run", str(run.pk), "--full-nik")
    rows = list(load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows[1][2].isdigit() and len(rows[1][2]) == 16
    assert AuditEvent.objects.get(verb="allocation.exported").changes["full_nik"] == [None, True]
    with pytest.raises(CommandError, match=r"\.xlsx"):
        call_command(
            "export_placements", "--wave", wave.code, str(tmp_path / "run.csv"), "--run", str(run.pk)
        )


# API ---------------------------------------------------------------------------------------


def test_the_api_lists_the_confirmed_placement_with_explanations(client, national_admin, three_provinces):
    wave, _run, in_bekasi, _in_denpasar = three_provinces
    client.force_login(national_admin)
    body = client.get(f"/api/v1/waves/{wave.code}/placements").json()
    assert body["count"] == 5
    seated = next(item for item in body["items"] if item["cohort"] == in_bekasi.code)
    assert set(seated) >= {
        "participant_name",
        "nik",
        "distance_km",
        "sector_match",
        "next_best",
        "explanation",
    }
    assert seated["centre"] == "BBPVP Bekasi" and seated["placed"] is True
    assert in_bekasi.code in seated["explanation"] and "BBPVP Bekasi" in seated["explanation"]
    assert seated["nik"].isdigit()  # a national admin reads NIKs in full
    unplaced = client.get(f"/api/v1/waves/{wave.code}/placements", {"outcome": "unplaced"}).json()
    assert {item["unplaced_reason"] for item in unplaced["items"]} == {
        "no_cohort_within_max_km",
        "all_reachable_cohorts_full",
    }
    bali = client.get(f"/api/v1/waves/{wave.code}/placements", {"province": "51"}).json()
    assert bali["count"] == 2 and all(item["domicile"].startswith("51.") for item in bali["items"])
    paged = client.get(f"/api/v1/waves/{wave.code}/placements", {"page": 2}).json()
    assert paged["items"] == [] and paged["count"] == 5


def test_the_api_is_scoped_like_the_pages(
    client, three_provinces, bali_officer, centre_operator, participant_user
):
    wave, _run, in_bekasi, _in_denpasar = three_provinces
    url = f"/api/v1/waves/{wave.code}/placements"
    client.force_login(bali_officer)
    seen = client.get(url).json()
    assert seen["count"] == 2 and all(item["domicile"].startswith("51.") for item in seen["items"])
    client.force_login(centre_operator)
    seen = client.get(url).json()
    assert seen["count"] == 2 and {item["cohort"] for item in seen["items"]} == {in_bekasi.code}
    assert all("*" in item["nik"] for item in seen["items"])
    client.force_login(participant_user)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_the_api_needs_a_confirmed_run_or_a_named_one(client, national_admin, wave):
    client.force_login(national_admin)
    url = f"/api/v1/waves/{wave.code}/placements"
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    run = proposed(wave)
    named = client.get(url, {"run": run.pk}).json()
    assert named["count"] == 4 and {item["run"] for item in named["items"]} == {run.pk}
    assert client.get(url, {"outcome": "maybe"}).status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert client.get("/api/v1/waves/NOPE/placements").status_code == HTTPStatus.NOT_FOUND
