"""Manual moves of a placement: a reason is required, the before and after are audited, the
enrolment follows in a confirmed run, and seats are counted under lock. Data is built with the
builders of test_actions."""

from datetime import date

import pytest

from wirausaha.accounts.models import Role
from wirausaha.allocation import optimizer
from wirausaha.allocation.actions import (
    AllocationError,
    CapacityConflict,
    RunStateError,
    confirm_run,
    discard_run,
    move_placement,
)
from wirausaha.allocation.models import Placement
from wirausaha.allocation.queries import cohort_roster
from wirausaha.allocation.tests.test_actions import (
    BEKASI_POINT,
    CIKARANG_POINT,
    S,
    centre,
    cohort,
    people,
    proposed,
    wave_of,
)
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.masking import mask_nik
from wirausaha.common.models import AuditEvent
from wirausaha.notifications.models import Message
from wirausaha.programs.actions import transition
from wirausaha.testing import make_user


@pytest.fixture
def confirmed(db, national_admin):
    """A confirmed run: of three people in Bekasi two are seated in A (2 seats), one is left out.
    Cohort B (2 seats, another sector) opens afterwards, 1.6 km from A."""
    a = cohort(centre("BLK Bekasi"), 2)
    run = proposed(wave_of(people(3)))
    confirm_run(run, by=national_admin)
    b = cohort(centre("BLK Cikarang", CIKARANG_POINT), 2, sector="47")
    return run, a, b


def test_a_move_needs_a_reason(confirmed, national_admin):
    run, _a, b = confirmed
    placement = run.placements.filter(cohort__isnull=False).first()
    with pytest.raises(InvalidInput) as error:
        move_placement(placement, to_cohort=b, by=national_admin, reason="  ")
    assert set(error.value.errors) == {"reason"}


def test_a_person_moves_to_another_cohort_with_the_before_and_after_audited(
    confirmed, national_admin, django_capture_on_commit_callbacks
):
    run, a, b = confirmed
    user = make_user("budi", Role.PARTICIPANT)
    placement = run.placements.filter(cohort=a).first()
    participant = placement.enrolment.participant
    participant.user = user
    participant.save(update_fields=["user"])

    moved = move_placement(placement, to_cohort=b, by=national_admin, reason="closer to his new address")

    moved.refresh_from_db()
    assert (moved.cohort, moved.moved_by, moved.move_reason) == (
        b,
        national_admin,
        "closer to his new address",
    )
    assert moved.sector_match is False and moved.cost == pytest.approx(moved.distance_km + 25)
    assert moved.next_best_cohort_id is None
    assert moved.enrolment.state == S.PLACED
    event = AuditEvent.objects.get(verb="placement.moved")
    assert event.reason == "closer to his new address"
    assert event.changes["cohort"] == [a.code, b.code]
    assert event.actor == national_admin
    # The trail names the person (NIK masked) and where they are now.
    assert event.target_label == f"{participant.full_name} ({mask_nik(participant.nik)}) · {b.code}"
    assert b.code in Message.objects.get(recipient=user).body
    assert len(cohort_roster(a)) == 1 and len(cohort_roster(b)) == 1


def test_taking_someone_out_and_placing_someone_by_hand_move_their_enrolments(confirmed, national_admin):
    run, a, _b = confirmed
    seated = run.placements.filter(cohort=a).first()
    waiting = run.placements.get(cohort__isnull=True)

    move_placement(seated, to_cohort=None, by=national_admin, reason="moved to Surabaya")
    move_placement(waiting, to_cohort=a, by=national_admin, reason="the seat became free")

    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.cohort, seated.unplaced_reason) == (None, Placement.Unplaced.REMOVED)
    assert seated.enrolment.state == S.SELECTED and waiting.enrolment.state == S.PLACED
    assert waiting.cohort == a and waiting.distance_km == pytest.approx(
        optimizer.great_circle_km(-6.121856, 106.99746, *BEKASI_POINT)
    )
    states = AuditEvent.objects.filter(verb="placement.moved").values_list("changes__state", flat=True)
    assert sorted(states) == sorted([[S.PLACED, S.SELECTED], [S.SELECTED, S.PLACED]])


def test_a_full_cohort_refuses_a_move(confirmed, national_admin):
    run, a, _b = confirmed
    waiting = run.placements.get(cohort__isnull=True)
    with pytest.raises(CapacityConflict, match=a.code):
        move_placement(waiting, to_cohort=a, by=national_admin, reason="please")
    waiting.refresh_from_db()
    assert waiting.cohort is None and waiting.enrolment.state == S.SELECTED
    assert not AuditEvent.objects.filter(verb="placement.moved").exists()


def test_a_move_in_a_proposed_run_counts_the_seats_that_run_gives_out(db, national_admin):
    a = cohort(centre("BLK Bekasi"), 2)
    run = proposed(wave_of(people(3)))
    waiting = run.placements.get(cohort__isnull=True)
    with pytest.raises(CapacityConflict):
        move_placement(waiting, to_cohort=a, by=national_admin, reason="please")
    seated = run.placements.filter(cohort=a).first()
    move_placement(seated, to_cohort=None, by=national_admin, reason="not this one")
    move_placement(waiting, to_cohort=a, by=national_admin, reason="this one instead")
    # A proposal changes, not the enrolments.
    assert set(run.wave.enrolments.values_list("state", flat=True)) == {S.SELECTED}
    assert run.placements.filter(cohort=a).count() == 2


def test_moves_are_refused_for_closed_runs_people_who_left_and_cohorts_outside_the_window(
    confirmed, national_admin, bali_officer
):
    run, a, b = confirmed
    seated = run.placements.filter(cohort=a).first()
    with pytest.raises(PermissionDenied):
        move_placement(seated, to_cohort=b, by=bali_officer, reason="mine")
    with pytest.raises(InvalidInput):
        move_placement(seated, to_cohort=a, by=national_admin, reason="same")
    late = cohort(centre("BLK Akhir"), 5, starts_on=date(2025, 10, 6), ends_on=date(2025, 10, 31))
    with pytest.raises(InvalidInput):
        move_placement(seated, to_cohort=late, by=national_admin, reason="later class")
    transition(seated.enrolment, S.WITHDRAWN, by=None)
    with pytest.raises(AllocationError):
        move_placement(seated, to_cohort=b, by=national_admin, reason="gone")
    other = proposed(wave_of(people(1, name="Lain"), code="PHK-2025-3"))
    discard_run(other, by=national_admin)
    with pytest.raises(RunStateError):
        move_placement(other.placements.get(), to_cohort=b, by=national_admin, reason="too late")
