"""A run's summary is stored on the run (models.AllocationRun.summary) and kept by the actions that
change its placements: after a proposal, moves, a follow-up run merged into the confirmed one and a
corrected domicile, what the run's page reads from it equals the aggregate of the placements."""

import pytest

from wirausaha.accounts.models import Role
from wirausaha.allocation.actions import confirm_run, move_placement
from wirausaha.allocation.models import AllocationRun, Placement
from wirausaha.allocation.queries import province_summary, run_summary, unplaced_counts
from wirausaha.allocation.tests.test_actions import BANDUNG, centre, cohort, people, proposed, wave_of
from wirausaha.registry.actions import update_participant
from wirausaha.testing import make_user


def stored_equals_aggregate(run: AllocationRun, user) -> None:
    run = AllocationRun.objects.get(pk=run.pk)
    visible = Placement.objects.filter(run=run)
    if user.role != Role.NATIONAL_ADMIN:
        visible = visible.filter(province_code=user.scope_region_id[:2])
        if len(user.scope_region_id) == 5:
            visible = visible.filter(regency_code=user.scope_region_id)
    stored, reasons = run_summary(user, run, visible)
    live = province_summary(visible)
    assert [(r["province"], r["placed"], r["unplaced"]) for r in stored["rows"]] == [
        (r["province"], r["placed"], r["unplaced"]) for r in live["rows"]
    ]
    assert [r["mean_km"] for r in stored["rows"]] == pytest.approx([r["mean_km"] for r in live["rows"]])
    assert stored["totals"]["placed"] == live["totals"]["placed"]
    assert stored["totals"]["unplaced"] == live["totals"]["unplaced"]
    assert reasons == unplaced_counts(visible)


@pytest.fixture
def run(db):
    """Three people in Kabupaten Bekasi and one in Kota Bandung; two seats in Bekasi."""
    a = cohort(centre("BLK Bekasi"), 2)
    run = proposed(wave_of([*people(3), *people(1, BANDUNG, name="Bandung")]))
    return run, a


def test_the_stored_summary_equals_the_aggregate_after_proposal_moves_and_a_merge(run, national_admin):
    run, a = run
    jabar = make_user("jabar", Role.PROVINCIAL_OFFICER, region="32")
    bekasi = make_user("bekasi", Role.REGENCY_OFFICER, region="32.16")
    assert run.summary is not None and run.summary["32.16"]["placed"] == 2
    for user in (national_admin, jabar, bekasi):
        stored_equals_aggregate(run, user)

    seated = run.placements.filter(cohort=a).first()
    move_placement(seated, to_cohort=None, by=national_admin, reason="moved away")
    stored_equals_aggregate(run, national_admin)
    assert AllocationRun.objects.get(pk=run.pk).summary["32.16"]["unplaced"][Placement.Unplaced.REMOVED] == 1

    confirm_run(AllocationRun.objects.get(pk=run.pk), by=national_admin)
    # The one taken out gets the freed seat in a follow-up run, merged into the confirmed one.
    follow_up = proposed(run.wave)
    confirm_run(follow_up, by=national_admin)
    run = AllocationRun.objects.get(pk=run.pk)
    assert run.summary["32.16"]["placed"] == 2
    for user in (national_admin, jabar, bekasi):
        stored_equals_aggregate(run, user)


def test_a_corrected_domicile_moves_the_person_to_the_new_offices_lists_and_counts(
    run, national_admin, client
):
    run, _a = run
    bekasi = make_user("bekasi", Role.REGENCY_OFFICER, region="32.16")
    bandung = make_user("bandung", Role.REGENCY_OFFICER, region="32.73")
    placement = run.placements.select_related("enrolment__participant").filter(regency_code="32.16").first()
    person = placement.enrolment.participant
    wave = run.wave

    def listed(user) -> set[int]:
        client.force_login(user)
        page = client.get(f"/gelombang/{wave.code}/peserta/")
        assert page.status_code == 200
        return {e.participant_id for e in page.context["page"]}

    assert person.pk in listed(bekasi) and person.pk not in listed(bandung)
    update_participant(person, data={"domicile": BANDUNG}, by=national_admin)

    assert person.pk not in listed(bekasi) and person.pk in listed(bandung)
    placement.refresh_from_db()
    assert (placement.regency_code, placement.province_code) == ("32.73", "32")
    for user in (national_admin, bekasi, bandung):
        stored_equals_aggregate(run, user)
    client.force_login(bandung)
    rows = client.get(f"/penempatan/hasil/{run.pk}/").context["rows"]
    assert person.pk in {row["participant"].pk for row in rows}
