"""A wave up to its draw: the enrolment state machine, the wave's lifecycle (opening, closing and
the steps each refuses) and screening. Waves are built with `make_wave` and `enrol` from
support.py, through the actions where they exist."""

from datetime import UTC, datetime

import pytest

from wirausaha.common.errors import InvalidInput
from wirausaha.common.models import AuditEvent
from wirausaha.programs import lottery
from wirausaha.programs.actions import (
    TRANSITIONS,
    IllegalTransition,
    WaveStateError,
    apply_to_wave,
    close_wave,
    draw_wave,
    frozen_candidates,
    open_wave,
    screen_wave,
    transition,
)
from wirausaha.programs.actions.transitions import _bulk_transition
from wirausaha.programs.models import (
    EligibilityRule,
    Enrolment,
    FrozenEntrant,
    LotteryDraw,
    LotteryNotice,
    Wave,
)
from wirausaha.programs.tests.support import (
    ACEH,
    BANDUNG,
    BEKASI,
    CLOSE_AT,
    PUBLISHED_AFTER,
    RANDOMNESS,
    RULES,
    VALUE,
    S,
    close_and_screen,
    crowd,
    draw,
    enrol,
    events,
    lone_enrolment,
    make_wave,
)
from wirausaha.registry.models import Participant, Verification
from wirausaha.testing import make_participant

# The state machine ------------------------------------------------------------------------

PAIRS = [(a, b) for a in S.values for b in S.values]
ILLEGAL = [(a, b) for a, b in PAIRS if b not in TRANSITIONS[a]]
LEGAL = [(a, b) for a, b in PAIRS if b in TRANSITIONS[a]]


def test_the_state_machine_covers_every_state_and_ends_in_final_states():
    assert set(TRANSITIONS) == set(S.values)
    assert all(target in S.values for targets in TRANSITIONS.values() for target in targets)
    assert {state for state, moves in TRANSITIONS.items() if not moves} == {
        S.GRADUATED,
        S.NOT_PASSED,
        S.DROPPED_OUT,
        S.WITHDRAWN,
    }
    assert len(ILLEGAL) + len(LEGAL) == len(S.values) ** 2


def test_training_ends_in_graduated_not_passed_or_dropped_out_and_only_from_training():
    assert TRANSITIONS[S.IN_TRAINING] == {S.GRADUATED, S.NOT_PASSED, S.DROPPED_OUT}
    assert [state for state, moves in TRANSITIONS.items() if S.NOT_PASSED in moves] == [S.IN_TRAINING]


@pytest.mark.parametrize(("from_state", "to_state"), ILLEGAL)
def test_transition_refuses_every_illegal_move(db, national_admin, from_state, to_state):
    enrolment = lone_enrolment(from_state)

    with pytest.raises(IllegalTransition):
        transition(enrolment, to_state, by=national_admin, reason="try")

    enrolment.refresh_from_db()
    assert enrolment.state == from_state
    assert not enrolment.events.exists()


@pytest.mark.parametrize(("from_state", "to_state"), LEGAL)
def test_transition_makes_every_legal_move_and_logs_actor_states_and_reason(
    db, national_admin, from_state, to_state
):
    enrolment = lone_enrolment(from_state)

    moved = transition(enrolment, to_state, by=national_admin, reason="checked by phone")

    assert moved.state == enrolment.state == to_state
    enrolment.refresh_from_db()
    assert enrolment.state == to_state
    event = enrolment.events.get()
    assert (event.actor, event.from_state, event.to_state, event.reason) == (
        national_admin,
        from_state,
        to_state,
        "checked by phone",
    )
    assert event.created_at is not None


def test_bulk_transition_refuses_an_illegal_move_and_logs_only_rows_that_moved(db, national_admin):
    wave = make_wave()
    moving, gone = crowd(wave, BEKASI, 2)
    Enrolment.objects.filter(pk=gone.pk).update(state=S.WITHDRAWN)

    with pytest.raises(IllegalTransition):
        _bulk_transition({S.APPLIED: [moving.pk]}, S.SELECTED, by=national_admin, reason="x")
    moved = _bulk_transition({S.APPLIED: [moving.pk, gone.pk]}, S.ELIGIBLE, by=national_admin, reason="x")

    assert moved == 1
    assert events(moving)[-1] == (S.APPLIED, S.ELIGIBLE, "x")
    assert events(gone) == [("", S.APPLIED, "")]
    assert Enrolment.objects.get(pk=gone.pk).state == S.WITHDRAWN


# The wave's lifecycle ---------------------------------------------------------------------


def test_a_wave_opens_only_with_quotas(db, national_admin):
    wave = make_wave(status=Wave.Status.DRAFT, quotas={})

    with pytest.raises(InvalidInput) as refused:
        open_wave(wave, by=national_admin)

    assert "quota" in refused.value.errors["wave"]
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.DRAFT


def test_a_wave_opens_only_with_rules_that_make_sense(db, national_admin):
    wave = make_wave(
        status=Wave.Status.DRAFT, rules=[(EligibilityRule.Kind.AGE_BETWEEN, {"min": 60, "max": 18})]
    )

    with pytest.raises(InvalidInput) as refused:
        open_wave(wave, by=national_admin)

    assert "min (60) is greater than max (18)" in refused.value.errors["wave"]


def test_opening_a_draft_wave_is_audited_and_happens_once(db, national_admin):
    wave = make_wave(status=Wave.Status.DRAFT)

    open_wave(wave, by=national_admin)

    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.OPEN
    audit = AuditEvent.objects.get(verb="wave.opened", target_id=str(wave.pk))
    assert audit.actor == national_admin
    assert audit.changes["status"] == [Wave.Status.DRAFT, Wave.Status.OPEN]
    with pytest.raises(WaveStateError):
        open_wave(wave, by=national_admin)


def test_a_wave_opens_only_with_a_randomness_source_published_after_its_closing_day(db, national_admin):
    # 30 June is the closing day: 17:00 UTC that day is midnight WIB, still too early.
    too_early = make_wave(status=Wave.Status.DRAFT, published_after=datetime(2025, 6, 30, 17, 0, tzinfo=UTC))
    no_source = make_wave("PHK-2025-2", status=Wave.Status.DRAFT, randomness_source=" ")

    with pytest.raises(InvalidInput) as refused:
        open_wave(too_early, by=national_admin)
    assert "after the end of the closing day" in refused.value.errors["wave"]
    with pytest.raises(InvalidInput) as refused:
        open_wave(no_source, by=national_admin)
    assert "source" in refused.value.errors["wave"]

    Wave.objects.filter(pk=too_early.pk).update(randomness_published_after=PUBLISHED_AFTER)
    too_early.refresh_from_db()
    open_wave(too_early, by=national_admin)
    notice = LotteryNotice.objects.get(wave=too_early)
    assert (notice.kind, notice.details["source"]) == (LotteryNotice.Kind.DECLARED, RANDOMNESS)


def test_closing_freezes_the_list_with_levels_seats_and_digest(db, national_admin):
    wave = make_wave()
    crowd(wave, BEKASI, 2)
    crowd(wave, BANDUNG, 1, sex="F")
    enrol(wave, "Not Verified", verified=False)

    wave = close_and_screen(wave, national_admin)

    entrants = list(FrozenEntrant.objects.filter(wave=wave).values_list("quota_code", "priority_level"))
    assert sorted(entrants) == [("32", 1), ("32", 2), ("32", 2)]
    assert (wave.status, wave.frozen_seats, wave.frozen_at) == (
        Wave.Status.CLOSED,
        {"32": 2, "51": 1},
        CLOSE_AT,
    )
    candidates, _ids = frozen_candidates(wave)
    assert wave.entrants_digest == lottery.entrants_digest(
        candidates, wave_code=wave.code, seats={"32": 2, "51": 1}, move_unused_seats=False
    )
    assert LotteryNotice.objects.filter(wave=wave, kind=LotteryNotice.Kind.FROZEN).exists()


def test_closing_refuses_unscreened_applications_and_a_source_already_published(db, national_admin):
    wave = make_wave()
    crowd(wave, BEKASI, 2)

    with pytest.raises(WaveStateError, match="screen"):
        close_wave(wave, by=national_admin, now=CLOSE_AT)
    screen_wave(wave, by=national_admin)
    with pytest.raises(InvalidInput) as refused:
        close_wave(wave, by=national_admin, now=PUBLISHED_AFTER)
    assert "randomness_published_after" in refused.value.errors

    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.OPEN
    assert not FrozenEntrant.objects.exists()


def test_a_closed_wave_cannot_be_closed_again(db, national_admin):
    wave = close_and_screen(make_wave(), national_admin)

    with pytest.raises(WaveStateError):
        close_wave(wave, by=national_admin, now=CLOSE_AT)


def test_applications_are_taken_only_while_the_wave_is_open(db):
    wave = make_wave(status=Wave.Status.CLOSED)
    participant = make_participant("Rina Marlina")

    with pytest.raises(WaveStateError):
        apply_to_wave(wave=wave, participant=participant, by=None)


def test_the_draw_refuses_an_open_wave_an_early_value_and_a_second_draw(db, national_admin):
    wave = make_wave()
    crowd(wave, BEKASI, 2)
    screen_wave(wave, by=national_admin)

    with pytest.raises(WaveStateError):
        draw(wave, by=national_admin)

    close_wave(wave, by=national_admin, now=CLOSE_AT)
    with pytest.raises(WaveStateError, match="published after"):
        draw_wave(wave, by=national_admin, public_value=VALUE, now=CLOSE_AT)
    draw(wave, by=national_admin)
    with pytest.raises(WaveStateError):
        draw(wave, by=national_admin)
    with pytest.raises(WaveStateError):
        screen_wave(wave, by=national_admin)
    assert LotteryDraw.objects.filter(wave=wave).count() == 1
    assert wave.draw.algorithm == lottery.ALGORITHM


# Screening --------------------------------------------------------------------------------


def test_screening_stores_verdict_points_and_quota(db, national_admin):
    wave = make_wave()
    woman = enrol(wave, "Siti", sex="F")
    unverified = enrol(wave, "Budi", verified=False)
    outside = enrol(wave, "Teuku", village=ACEH)

    counts = screen_wave(wave, by=national_admin)

    assert counts == {S.ELIGIBLE: 1, S.INELIGIBLE: 2}
    woman.refresh_from_db()
    assert woman.state == S.ELIGIBLE
    assert woman.points == 2  # a woman (+2); she receives JKP, so no +1
    assert woman.quota.region_id == "32"
    assert woman.verdict == [{"kind": kind, "passed": True} for kind, _ in RULES]
    assert events(woman)[-1] == (S.APPLIED, S.ELIGIBLE, "screening")
    assert woman.events.last().actor == national_admin

    unverified.refresh_from_db()
    assert unverified.state == S.INELIGIBLE
    assert {"kind": "verified", "passed": False} in unverified.verdict
    outside.refresh_from_db()
    assert outside.state == S.INELIGIBLE
    assert outside.quota is None
    assert {"kind": "domicile_in_wave_regions", "passed": False} in outside.verdict
    assert AuditEvent.objects.filter(verb="wave.screened", target_id=str(wave.pk)).exists()


def test_a_regency_quota_beats_its_province_quota(db):
    wave = make_wave(quotas={"32": 3, "32.16": 1})
    bekasi = enrol(wave, "Rina", village=BEKASI)
    bandung = enrol(wave, "Dewi", village=BANDUNG)

    screen_wave(wave, by=None)

    assert Enrolment.objects.get(pk=bekasi.pk).quota.region_id == "32.16"
    assert Enrolment.objects.get(pk=bandung.pk).quota.region_id == "32"


def test_screening_again_moves_only_those_whose_verdict_changed(db):
    wave = make_wave()
    waiting = enrol(wave, "Budi", verified=False)
    steady = enrol(wave, "Agus")
    screen_wave(wave, by=None)
    Participant.objects.filter(pk=waiting.participant_id).update(verification=Verification.VERIFIED)

    counts = screen_wave(wave, by=None)

    assert counts == {S.ELIGIBLE: 2, S.INELIGIBLE: 0}
    assert events(waiting) == [
        ("", S.APPLIED, ""),
        (S.APPLIED, S.INELIGIBLE, "screening"),
        (S.INELIGIBLE, S.ELIGIBLE, "screening"),
    ]
    assert events(steady) == [("", S.APPLIED, ""), (S.APPLIED, S.ELIGIBLE, "screening")]
