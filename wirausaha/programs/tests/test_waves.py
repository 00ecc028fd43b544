"""A wave from opening to the published draw: the state machine, screening, the draw, withdrawals
and promotions, carry-over, notifications, and every interface that drives them (commands, API,
pages). Waves are built with `make_wave` and `enrol` below, through the actions where they exist."""

import json
from collections import Counter, defaultdict
from datetime import date
from http import HTTPStatus
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from wirausaha.accounts.models import Role
from wirausaha.common.errors import InvalidInput
from wirausaha.common.models import AuditEvent
from wirausaha.notifications.models import Message
from wirausaha.programs import lottery
from wirausaha.programs.actions import (
    TRANSITIONS,
    IllegalTransition,
    WaveStateError,
    _bulk_transition,
    apply_to_wave,
    carry_over,
    close_wave,
    draw_wave,
    open_wave,
    pseudonym_for,
    screen_wave,
    selection_summary,
    transition,
    verify_draw,
    withdraw_enrolment,
)
from wirausaha.programs.models import (
    EligibilityRule,
    Enrolment,
    EnrolmentEvent,
    EnrolmentState,
    LotteryDraw,
    PriorityRule,
    Programme,
    Quota,
    Wave,
)
from wirausaha.reference.models import Region
from wirausaha.registry.models import Participant, Verification
from wirausaha.testing import make_participant, make_user

S = EnrolmentState
SOURCE = "Lotto 2025-06-30: 04 11 23 35 41 48"
BEKASI = "32.16.01.2001"  # Sagara Makmur, Tarumajaya, Kabupaten Bekasi
BANDUNG = "32.73.01.1001"  # Kota Bandung, West Java outside Bekasi
DENPASAR = "51.71.01.1001"  # Bali
ACEH = "11.01.01.2001"  # a province without a quota in these waves
RULES = [
    (EligibilityRule.Kind.LAID_OFF_WITHIN_MONTHS, {"months": 12}),
    (EligibilityRule.Kind.AGE_BETWEEN, {"min": 18, "max": 60}),
    (EligibilityRule.Kind.DOMICILE_IN_WAVE_REGIONS, {}),
    (EligibilityRule.Kind.VERIFIED, {}),
]
PRIORITIES = [(PriorityRule.Kind.WOMEN, 2, {}), (PriorityRule.Kind.NO_JKP, 1, {})]


# Builders ---------------------------------------------------------------------------------


def make_wave(
    code: str = "PHK-2025-1",
    *,
    quotas: dict[str, int] | None = None,
    status: str = Wave.Status.OPEN,
    rules=RULES,
    priorities=PRIORITIES,
    move_unused_seats: bool = False,
    seed_source: str = SOURCE,
) -> Wave:
    """A wave in `status` with quotas (province or regency code -> seats) and the usual rules."""
    programme, _ = Programme.objects.get_or_create(
        code="LK-PHK-2025", defaults={"name": "Layanan Kewirausahaan Korban PHK 2025"}
    )
    quotas = {"32": 2, "51": 1} if quotas is None else quotas
    wave = Wave.objects.create(
        programme=programme,
        code=code,
        name=f"Gelombang {code}",
        opens_on=date(2025, 6, 1),
        closes_on=date(2025, 6, 30),
        selection_date=date(2025, 7, 5),
        target=sum(quotas.values()),
        status=status,
        move_unused_seats=move_unused_seats,
        seed_source=seed_source,
    )
    Quota.objects.bulk_create([Quota(wave=wave, region_id=region, seats=n) for region, n in quotas.items()])
    for kind, params in rules:
        EligibilityRule.objects.create(wave=wave, kind=kind, params=params)
    for kind, points, params in priorities:
        PriorityRule.objects.create(wave=wave, kind=kind, points=points, params=params)
    return wave


def enrol(
    wave: Wave,
    full_name: str,
    *,
    village: str = BEKASI,
    sex: str = "M",
    verified: bool = True,
    user=None,
    participant: Participant | None = None,
) -> Enrolment:
    """A participant (made unless given) who applies to the open `wave` through apply_to_wave."""
    if participant is None:
        participant = make_participant(full_name, village=village, sex=sex, user=user)
        Participant.objects.filter(pk=participant.pk).update(
            verification=Verification.VERIFIED if verified else Verification.PENDING, jkp_recipient=True
        )
    return apply_to_wave(wave=wave, participant=participant, by=None)


def crowd(wave: Wave, village: str, n: int, *, sex: str = "M", prefix: str = "") -> list[Enrolment]:
    code = village[:5]
    return [enrol(wave, f"{prefix}{code} {sex} {i}", village=village, sex=sex) for i in range(n)]


def close_and_screen(wave: Wave, by=None) -> Wave:
    close_wave(wave, by=by)
    screen_wave(wave, by=by)
    wave.refresh_from_db()
    return wave


def drawn(wave: Wave, by=None, **kwargs) -> Wave:
    close_and_screen(wave, by)
    draw_wave(wave, by=by, **kwargs)
    wave.refresh_from_db()
    return wave


def ranked(wave: Wave) -> dict[str, tuple[int, str, str]]:
    """The published list: pseudonym -> (rank, outcome, seat)."""
    return {
        pseudonym: (rank, outcome, seat)
        for pseudonym, rank, outcome, seat in wave.enrolments.exclude(lottery_outcome="").values_list(
            "pseudonym", "rank", "lottery_outcome", "lottery_seat"
        )
    }


def events(enrolment: Enrolment) -> list[tuple[str, str, str]]:
    return list(enrolment.events.values_list("from_state", "to_state", "reason"))


def lone_enrolment(state: str) -> Enrolment:
    wave = make_wave(status=Wave.Status.SELECTED)
    participant = make_participant("Rina Marlina")
    return Enrolment.objects.create(
        wave=wave, participant=participant, state=state, pseudonym=pseudonym_for(wave, participant.pk)
    )


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


def test_closing_needs_a_public_seed_source(db, national_admin):
    wave = make_wave(seed_source="  ")

    with pytest.raises(InvalidInput) as refused:
        close_wave(wave, by=national_admin)

    assert "seed_source" in refused.value.errors
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.OPEN


def test_closing_fixes_the_seed_from_the_source_and_audits_both(db, national_admin):
    wave = make_wave(seed_source="")

    close_wave(wave, by=national_admin, seed_source=f"  {SOURCE} ")

    wave.refresh_from_db()
    assert wave.status == Wave.Status.CLOSED
    assert wave.seed_source == SOURCE
    assert wave.lottery_seed == lottery.derive_seed(source=SOURCE, wave_code=wave.code)
    audit = AuditEvent.objects.get(verb="wave.closed")
    assert audit.changes["lottery_seed"][1] == wave.lottery_seed
    assert audit.changes["seed_source"][1] == SOURCE


def test_a_closed_wave_cannot_be_closed_again_nor_its_seed_source_changed(db, national_admin):
    wave = make_wave()
    close_wave(wave, by=national_admin)
    seed = Wave.objects.get(pk=wave.pk).lottery_seed

    with pytest.raises(WaveStateError):
        close_wave(wave, by=national_admin, seed_source="another value")

    wave.refresh_from_db()
    assert (wave.seed_source, wave.lottery_seed) == (SOURCE, seed)


def test_applications_are_taken_only_while_the_wave_is_open(db):
    wave = make_wave(status=Wave.Status.CLOSED)
    participant = make_participant("Rina Marlina")

    with pytest.raises(WaveStateError):
        apply_to_wave(wave=wave, participant=participant, by=None)


def test_the_draw_refuses_unscreened_applications(db, national_admin):
    wave = make_wave()
    crowd(wave, BEKASI, 2)
    close_wave(wave, by=national_admin)

    with pytest.raises(WaveStateError, match="screen"):
        draw_wave(wave, by=national_admin)

    assert not LotteryDraw.objects.exists()
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.CLOSED


def test_the_draw_refuses_an_open_wave_and_a_second_draw(db, national_admin):
    wave = make_wave()
    crowd(wave, BEKASI, 2)
    screen_wave(wave, by=national_admin)

    with pytest.raises(WaveStateError):
        draw_wave(wave, by=national_admin)

    close_wave(wave, by=national_admin)
    draw_wave(wave, by=national_admin)
    with pytest.raises(WaveStateError):
        draw_wave(wave, by=national_admin)
    with pytest.raises(WaveStateError):
        screen_wave(wave, by=national_admin)
    assert LotteryDraw.objects.filter(wave=wave).count() == 1


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


# The draw ---------------------------------------------------------------------------------


def test_the_draw_never_exceeds_a_quota_and_ranks_strata_then_lottery(db, national_admin):
    wave = make_wave(quotas={"32": 3, "51": 2})
    crowd(wave, BEKASI, 4, sex="M")
    crowd(wave, BANDUNG, 2, sex="F")
    crowd(wave, DENPASAR, 5, sex="M")
    enrol(wave, "Nobody Verified", verified=False)

    summary = draw_wave(close_and_screen(wave, national_admin), by=national_admin)

    wave.refresh_from_db()
    draw = wave.draw
    assert wave.status == Wave.Status.SELECTED
    assert (draw.seed, draw.algorithm, draw.drawn_by) == (
        wave.lottery_seed,
        lottery.ALGORITHM,
        national_admin,
    )
    rows = list(
        wave.enrolments.exclude(lottery_outcome="")
        .order_by("quota__region_id", "rank")
        .values_list("quota__region_id", "rank", "points", "pseudonym", "state", "lottery_outcome")
    )
    by_quota = defaultdict(list)
    for region, *row in rows:
        by_quota[region].append(row)
    seats = {"32": 3, "51": 2}
    for region, quota_rows in by_quota.items():
        assert [rank for rank, *_ in quota_rows] == list(range(1, len(quota_rows) + 1))
        outcomes = [outcome for *_, outcome in quota_rows]
        assert outcomes == ["S"] * seats[region] + ["W"] * (len(quota_rows) - seats[region])
        assert {state for *_, state, outcome in quota_rows if outcome == "S"} <= {S.SELECTED}
        assert {state for *_, state, outcome in quota_rows if outcome == "W"} <= {S.WAITLISTED}
        # Higher priority first; inside a priority group, lottery key order (which also orders the
        # waitlist).
        order = [(-points, lottery.lottery_key(wave.lottery_seed, p)) for _, points, p, *_ in quota_rows]
        assert order == sorted(order)
    # The two women of West Java (2 points) come before the men.
    assert [points for _, points, *_ in by_quota["32"]][:2] == [2, 2]
    assert summary["counts"][S.SELECTED] == 5
    assert summary["counts"][S.WAITLISTED] == 6
    assert summary["counts"][S.INELIGIBLE] == 1
    assert summary["provinces"] == {
        "32": {"quota": 3, "selected": 3, "waitlisted": 3},
        "51": {"quota": 2, "selected": 2, "waitlisted": 3},
    }
    assert Counter(e.to_state for e in EnrolmentEvent.objects.filter(reason="lottery")) == {
        S.SELECTED: 5,
        S.WAITLISTED: 6,
    }


def test_unused_seats_stay_unused_unless_the_wave_moves_them(db):
    kept = make_wave("KEEP-1", quotas={"32": 2, "51": 3})
    crowd(kept, BEKASI, 5)
    crowd(kept, DENPASAR, 1)

    summary = draw_wave(close_and_screen(kept), by=None)

    assert summary["provinces"] == {
        "32": {"quota": 2, "selected": 2, "waitlisted": 3},
        "51": {"quota": 3, "selected": 1, "waitlisted": 0},
    }
    assert not kept.enrolments.exclude(lottery_seat="").exists()

    moved = make_wave("MOVE-1", quotas={"32": 2, "51": 3}, move_unused_seats=True)
    crowd(moved, BEKASI, 5, prefix="m")
    crowd(moved, DENPASAR, 1, prefix="m")

    summary = draw_wave(close_and_screen(moved), by=None)

    # The two seats Bali could not fill go to the first two of West Java's waitlist, and count as
    # Bali's seats.
    assert summary["provinces"] == {
        "32": {"quota": 2, "selected": 2, "waitlisted": 1},
        "51": {"quota": 3, "selected": 3, "waitlisted": 0},
    }
    receivers = moved.enrolments.exclude(lottery_seat="").order_by("rank")
    assert [(e.quota.region_id, e.rank, e.lottery_seat, e.state) for e in receivers] == [
        ("32", 3, "51", S.SELECTED),
        ("32", 4, "51", S.SELECTED),
    ]
    assert moved.enrolments.get(quota__region_id="32", rank=5).state == S.WAITLISTED
    assert verify_draw(moved) == (True, [])


# A published draw that anyone can recompute, on SQLite and PostgreSQL alike: the pseudonyms are
# fixed here, so the expected list is the same whatever ids the database hands out.
GOLDEN_PEOPLE = [
    ("AAAAAAAAAA", BEKASI, "F"),
    ("BBBBBBBBBB", BEKASI, "M"),
    ("CCCCCCCCCC", BANDUNG, "M"),
    ("DDDDDDDDDD", BANDUNG, "F"),
    ("EEEEEEEEEE", BEKASI, "M"),
    ("FFFFFFFFFF", DENPASAR, "M"),
    ("GGGGGGGGGG", DENPASAR, "M"),
    ("HHHHHHHHHH", DENPASAR, "F"),
    ("IIIIIIIIII", DENPASAR, "M"),
]
# Recomputed by hand with lottery.draw from the documented inputs: West Java's two women (stratum 1)
# take its two seats; Bali's woman takes its one.
GOLDEN_LIST = {
    "AAAAAAAAAA": (1, "S", ""),
    "DDDDDDDDDD": (2, "S", ""),
    "CCCCCCCCCC": (3, "W", ""),
    "BBBBBBBBBB": (4, "W", ""),
    "EEEEEEEEEE": (5, "W", ""),
    "HHHHHHHHHH": (1, "S", ""),
    "GGGGGGGGGG": (2, "W", ""),
    "FFFFFFFFFF": (3, "W", ""),
    "IIIIIIIIII": (4, "W", ""),
}
GOLDEN_DIGEST = "425dbf6429a70e97197f4c4d85266425010f04441760f016e2226fddf5d90e5c"


def golden_wave(code: str = "PHK-2025-1", order=GOLDEN_PEOPLE, participants=None) -> Wave:
    wave = make_wave(code)
    participants = participants or {}
    for pseudonym, village, sex in order:
        name, known = f"Warga {pseudonym[0]}{pseudonym[0].lower()}", participants.get(pseudonym)
        enrolment = enrol(wave, name, village=village, sex=sex, participant=known)
        Enrolment.objects.filter(pk=enrolment.pk).update(pseudonym=pseudonym)
        participants[pseudonym] = enrolment.participant
    return wave


def delete_wave(wave: Wave) -> None:
    LotteryDraw.objects.filter(wave=wave).delete()
    Enrolment.objects.filter(wave=wave).delete()
    wave.delete()


def test_the_same_seed_gives_the_published_list_on_every_database(db):
    wave = drawn(golden_wave())

    assert ranked(wave) == GOLDEN_LIST
    assert wave.draw.results_digest == GOLDEN_DIGEST


def test_the_same_seed_gives_the_same_list_from_a_fresh_setup_in_another_order(db):
    participants: dict[str, Participant] = {}
    first = drawn(golden_wave(participants=participants))
    published, digest = ranked(first), first.draw.results_digest
    delete_wave(first)

    # Same people, same wave code and seed source, applying in the reverse order.
    again = drawn(golden_wave(order=GOLDEN_PEOPLE[::-1], participants=participants))

    assert ranked(again) == published
    assert again.draw.results_digest == digest


def test_another_seed_gives_another_list(db):
    participants: dict[str, Participant] = {}
    first = drawn(golden_wave(participants=participants))
    published = ranked(first)
    delete_wave(first)

    again = drawn(golden_wave(participants=participants), seed="another public value")

    assert again.draw.seed == "another public value"
    assert ranked(again) != published
    assert set(ranked(again)) == set(published)
    assert verify_draw(again) == (True, [])


def test_verify_draw_reproduces_the_list_and_catches_a_tampered_rank(db):
    wave = drawn(golden_wave())

    assert verify_draw(wave) == (True, [])

    Enrolment.objects.filter(pseudonym="AAAAAAAAAA").update(rank=2)
    Enrolment.objects.filter(pseudonym="DDDDDDDDDD").update(rank=1)
    ok, differences = verify_draw(wave)

    assert not ok
    assert "AAAAAAAAAA: rank published 2, recomputed 1" in differences
    assert "DDDDDDDDDD: rank published 1, recomputed 2" in differences


def test_verify_draw_says_when_there_is_no_draw(db):
    ok, differences = verify_draw(make_wave())

    assert not ok
    assert differences


# Withdrawal and promotion -----------------------------------------------------------------


@pytest.fixture
def drawn_wave(db, national_admin):
    """West Java: 2 seats for 5 men, each with an account; Bali: 1 seat for 3."""
    wave = make_wave()
    for i in range(5):
        enrol(wave, f"Jabar {i}", village=BEKASI, user=make_user(f"jabar{i}", Role.PARTICIPANT))
    crowd(wave, DENPASAR, 3)
    return drawn(wave, national_admin)


def test_a_selected_person_who_withdraws_hands_the_seat_to_the_first_of_the_same_waitlist(
    drawn_wave, national_admin
):
    leaving = drawn_wave.enrolments.get(quota__region_id="32", rank=2)
    bali_waitlist = set(drawn_wave.enrolments.filter(quota__region_id="51", state=S.WAITLISTED))

    promoted = withdraw_enrolment(leaving, by=national_admin, reason="found a job")

    assert (promoted.quota.region_id, promoted.rank, promoted.state) == ("32", 3, S.SELECTED)
    assert Enrolment.objects.get(pk=leaving.pk).state == S.WITHDRAWN
    assert events(leaving)[-1] == (S.SELECTED, S.WITHDRAWN, "found a job")
    assert events(promoted)[-1] == (S.WAITLISTED, S.SELECTED, "promoted from the waitlist")
    assert promoted.events.last().actor == national_admin
    assert AuditEvent.objects.filter(verb="enrolment.withdrawn", target_id=str(leaving.pk)).exists()
    assert AuditEvent.objects.filter(verb="enrolment.promoted", target_id=str(promoted.pk)).exists()
    # The trail names the person, NIK masked, and the wave.
    person = promoted.participant
    assert AuditEvent.objects.get(verb="enrolment.promoted").target_label == (
        f"{person.full_name} ({person.nik[:6]}******{person.nik[-4:]}) · {drawn_wave.code}"
    )
    message = Message.objects.get(recipient=promoted.participant.user)
    assert drawn_wave.code in message.subject
    assert set(drawn_wave.enrolments.filter(quota__region_id="51", state=S.WAITLISTED)) == bali_waitlist
    # The draw as published is untouched, so it still verifies; the summary shows seats as they are.
    assert verify_draw(drawn_wave) == (True, [])
    assert selection_summary(drawn_wave)["provinces"]["32"] == {"quota": 2, "selected": 2, "waitlisted": 2}


def test_withdrawing_from_the_waitlist_promotes_nobody(drawn_wave, national_admin):
    waiting = drawn_wave.enrolments.get(quota__region_id="32", rank=3)

    assert withdraw_enrolment(waiting, by=national_admin) is None

    assert Enrolment.objects.get(pk=waiting.pk).state == S.WITHDRAWN
    assert drawn_wave.enrolments.filter(state=S.SELECTED).count() == 3
    assert not Message.objects.filter(subject__contains="selected").exists()


def test_seats_are_handed_on_only_while_the_waitlist_lasts(drawn_wave, national_admin):
    bali = list(drawn_wave.enrolments.filter(quota__region_id="51").order_by("rank"))
    for waiting in bali[1:]:
        withdraw_enrolment(waiting, by=national_admin)

    assert withdraw_enrolment(bali[0], by=national_admin) is None
    assert not drawn_wave.enrolments.filter(quota__region_id="51", state=S.SELECTED).exists()


def test_no_seat_is_handed_on_once_training_runs(drawn_wave, national_admin):
    Wave.objects.filter(pk=drawn_wave.pk).update(status=Wave.Status.RUNNING)
    leaving = drawn_wave.enrolments.get(quota__region_id="32", rank=1)

    assert withdraw_enrolment(leaving, by=national_admin) is None
    assert drawn_wave.enrolments.filter(quota__region_id="32", state=S.WAITLISTED).count() == 3


def test_a_withdrawn_enrolment_cannot_withdraw_again(drawn_wave, national_admin):
    leaving = drawn_wave.enrolments.get(quota__region_id="32", rank=1)
    withdraw_enrolment(leaving, by=national_admin)

    with pytest.raises(IllegalTransition):
        withdraw_enrolment(leaving, by=national_admin)

    assert drawn_wave.enrolments.filter(quota__region_id="32", state=S.SELECTED).count() == 2


# Carry-over -------------------------------------------------------------------------------


def test_the_waitlist_is_carried_into_the_next_wave_once(drawn_wave, national_admin):
    rules = [*RULES, (EligibilityRule.Kind.NOT_IN_OTHER_OPEN_WAVE, {})]
    following = make_wave("PHK-2025-2", quotas={"32": 5, "51": 5}, rules=rules)
    waitlisted = set(
        drawn_wave.enrolments.filter(state=S.WAITLISTED).values_list("participant_id", flat=True)
    )
    selected = drawn_wave.enrolments.filter(state=S.SELECTED).first()
    # Someone still selected in the first wave who applies themself is in another open wave.
    enrol(following, "", participant=selected.participant)

    assert carry_over(from_wave=drawn_wave, to_wave=following, by=national_admin) == len(waitlisted) == 5
    assert carry_over(from_wave=drawn_wave, to_wave=following, by=national_admin) == 0

    carried = following.enrolments.exclude(carried_from=None)
    assert set(carried.values_list("participant_id", flat=True)) == waitlisted
    for enrolment in carried:
        assert enrolment.carried_from.wave == drawn_wave
        assert enrolment.state == S.APPLIED
        assert enrolment.enrolled_by == national_admin
        assert enrolment.pseudonym == pseudonym_for(following, enrolment.participant_id)
        assert events(enrolment) == [("", S.APPLIED, f"from {drawn_wave.code}")]
    # Carried people are not held back by the waitlist place they came from; the selected one is.
    screen_wave(following, by=national_admin)
    assert set(carried.values_list("state", flat=True)) == {S.ELIGIBLE}
    assert following.enrolments.get(participant=selected.participant).state == S.INELIGIBLE


def test_carry_over_needs_a_drawn_wave_and_an_open_one(db, national_admin):
    first = make_wave("PHK-2025-1")
    crowd(first, BEKASI, 2)
    screen_wave(first, by=None)
    following = make_wave("PHK-2025-2")

    with pytest.raises(WaveStateError):
        carry_over(from_wave=first, to_wave=following, by=national_admin)

    drawn(first)
    close_wave(following, by=national_admin)
    with pytest.raises(WaveStateError):
        carry_over(from_wave=first, to_wave=following, by=national_admin)
    assert not following.enrolments.exists()


# Notifications ----------------------------------------------------------------------------


def test_each_decision_reaches_the_participant_after_the_draw_with_the_reason(
    db, national_admin, django_capture_on_commit_callbacks
):
    wave = make_wave(quotas={"32": 1})
    chosen, waiting, refused = (make_user(name, Role.PARTICIPANT) for name in ("ani", "budi", "cici"))
    enrol(wave, "Ani", sex="F", user=chosen)
    enrol(wave, "Budi", user=waiting)
    enrol(wave, "Cici", user=refused, verified=False)
    crowd(wave, BANDUNG, 2)  # without accounts: nothing to send
    close_and_screen(wave, national_admin)

    with django_capture_on_commit_callbacks(execute=True):
        draw_wave(wave, by=national_admin)

    # Written in the participants' language (Indonesian), whatever language the admin reads.
    assert Message.objects.count() == 3
    to = {message.recipient: message for message in Message.objects.all()}
    assert to[chosen].subject == f"Anda terpilih di gelombang {wave.code}"
    assert to[waiting].subject == f"Anda masuk daftar tunggu gelombang {wave.code}"
    rank = Enrolment.objects.get(participant__user=waiting).rank
    assert f"Anda masuk daftar tunggu, nomor urut {rank} di wilayah Anda." in to[waiting].body
    assert to[refused].subject == f"Pendaftaran Anda di gelombang {wave.code}"
    assert to[refused].body.splitlines() == [
        "Anda tidak memenuhi syarat gelombang ini:",
        "- Disnaker belum memverifikasi data Anda.",
    ]


def test_nothing_is_sent_when_the_draw_fails(db, national_admin, django_capture_on_commit_callbacks):
    wave = make_wave()
    enrol(wave, "Ani", user=make_user("ani", Role.PARTICIPANT))
    close_wave(wave, by=national_admin)

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(WaveStateError):
        draw_wave(wave, by=national_admin)

    assert callbacks == []
    assert not Message.objects.exists()


# Commands ---------------------------------------------------------------------------------


def command_json(*args) -> dict:
    out = StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_screen_and_select_commands_print_counts_and_provinces_as_json(db):
    wave = make_wave(quotas={"32": 2, "51": 1})
    crowd(wave, BEKASI, 3)
    crowd(wave, DENPASAR, 1)
    enrol(wave, "Budi", verified=False)
    close_wave(wave, by=None)

    screened = command_json("screen", "--wave", wave.code)
    selected = command_json("select", "--wave", wave.code)

    assert screened["wave"] == wave.code
    assert (screened["eligible"], screened["ineligible"]) == (4, 1)
    assert screened["counts"][S.APPLIED] == 0
    assert set(selected) >= {"wave", "selected", "waitlisted", "ineligible", "counts", "provinces"}
    assert (selected["selected"], selected["waitlisted"], selected["ineligible"]) == (3, 1, 1)
    assert selected["counts"] == {state: selected["counts"][state] for state in S.values}
    assert selected["provinces"] == {
        "32": {"quota": 2, "selected": 2, "waitlisted": 1},
        "51": {"quota": 1, "selected": 1, "waitlisted": 0},
    }
    assert LotteryDraw.objects.get(wave=wave).drawn_by is None


def test_the_select_command_takes_another_seed_and_prints_a_table(db):
    wave = make_wave()
    crowd(wave, BEKASI, 3)
    close_wave(wave, by=None)
    call_command("screen", "--wave", wave.code, stdout=StringIO())
    out = StringIO()

    call_command("select", "--wave", wave.code, "--seed", "S-2025", stdout=out)

    assert LotteryDraw.objects.get(wave=wave).seed == "S-2025"
    assert out.getvalue().splitlines()[0] == f"{wave.code}: 2 selected, 1 waitlisted"
    assert "32: quota 2, selected 2, waitlisted 1" in out.getvalue()


def test_the_commands_refuse_what_the_actions_refuse(db):
    wave = make_wave()
    crowd(wave, BEKASI, 1)

    with pytest.raises(CommandError, match="No wave"):
        call_command("screen", "--wave", "NOPE")
    with pytest.raises(CommandError, match="closed"):
        call_command("select", "--wave", wave.code)
    close_wave(wave, by=None)
    with pytest.raises(CommandError, match="screen"):
        call_command("select", "--wave", wave.code)
    with pytest.raises(CommandError) as failed:
        call_command("verify_lottery", "--wave", wave.code, stderr=StringIO())
    assert failed.value.returncode == 1


def test_verify_lottery_exits_non_zero_once_the_published_list_is_tampered(db):
    wave = drawn(golden_wave())
    out = StringIO()

    call_command("verify_lottery", "--wave", wave.code, stdout=out)

    assert "is reproduced" in out.getvalue()
    Enrolment.objects.filter(pseudonym="HHHHHHHHHH").update(lottery_outcome="W")
    Enrolment.objects.filter(pseudonym="IIIIIIIIII").update(lottery_outcome="S")
    err = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("verify_lottery", "--wave", wave.code, stdout=StringIO(), stderr=err)
    assert failed.value.returncode == 1
    assert "HHHHHHHHHH: selected published False, recomputed True" in err.getvalue()


# The API ----------------------------------------------------------------------------------


def post_enrolment(client, code: str, body: dict | None = None):
    return client.post(
        f"/api/v1/waves/{code}/enrolments", json.dumps(body or {}), content_type="application/json"
    )


def test_the_api_lists_waves_with_quotas_drafts_only_for_admins(client, jabar_officer, national_admin):
    make_wave("PHK-2025-1", quotas={"32": 2, "51": 1})
    make_wave("PHK-2025-2", status=Wave.Status.DRAFT)

    client.force_login(jabar_officer)
    waves = client.get("/api/v1/waves").json()
    client.force_login(national_admin)
    all_waves = client.get("/api/v1/waves").json()

    assert [wave["code"] for wave in waves] == ["PHK-2025-1"]
    assert waves[0]["status"] == "open"
    assert waves[0]["programme"] == "Layanan Kewirausahaan Korban PHK 2025"
    assert sorted((q["region"], q["seats"]) for q in waves[0]["quotas"]) == [("32", 2), ("51", 1)]
    assert {wave["code"] for wave in all_waves} == {"PHK-2025-1", "PHK-2025-2"}


def test_the_api_lists_only_the_enrolments_in_the_users_scope(
    client, bekasi_officer, bali_officer, participant_user
):
    wave = make_wave()
    bekasi = crowd(wave, BEKASI, 2)
    enrol(wave, "Dewi", village=BANDUNG)
    bali = enrol(wave, "Made", village=DENPASAR)
    own = enrol(wave, "", participant=participant_user.participant)

    client.force_login(bali_officer)
    seen_in_bali = client.get(f"/api/v1/waves/{wave.code}/enrolments").json()
    client.force_login(bekasi_officer)
    seen_in_bekasi = client.get(f"/api/v1/waves/{wave.code}/enrolments").json()
    client.force_login(participant_user)
    seen_by_participant = client.get(f"/api/v1/waves/{wave.code}/enrolments").json()

    assert [e["id"] for e in seen_in_bali["items"]] == [bali.pk]
    assert {e["id"] for e in seen_in_bekasi["items"]} == {e.pk for e in bekasi} | {own.pk}
    assert seen_in_bekasi["count"] == 3
    assert [e["id"] for e in seen_by_participant["items"]] == [own.pk]
    assert seen_by_participant["items"][0]["pseudonym"] == own.pseudonym


def test_a_participant_applies_to_an_open_wave_once(client, participant_user):
    wave = make_wave()
    client.force_login(participant_user)

    first = post_enrolment(client, wave.code)
    second = post_enrolment(client, wave.code)

    assert first.status_code == HTTPStatus.CREATED
    body = first.json()
    assert (body["wave"], body["state"], body["participant_id"]) == (
        wave.code,
        S.APPLIED,
        participant_user.participant.pk,
    )
    assert second.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert second.json()["errors"][0]["field"] == "participant"
    assert Enrolment.objects.filter(wave=wave).count() == 1


def test_a_participant_cannot_apply_to_a_closed_or_draft_wave(client, participant_user):
    closed = make_wave("PHK-2025-1", status=Wave.Status.CLOSED)
    draft = make_wave("PHK-2025-2", status=Wave.Status.DRAFT)
    client.force_login(participant_user)

    assert post_enrolment(client, closed.code).status_code == HTTPStatus.BAD_REQUEST
    assert post_enrolment(client, draft.code).status_code == HTTPStatus.NOT_FOUND
    assert not Enrolment.objects.exists()


def test_an_officer_enrols_someone_in_their_area_and_nobody_outside(
    client, bekasi_officer, bali_officer, bekasi_participant, bandung_participant, auditor
):
    wave = make_wave()

    client.force_login(bali_officer)
    outside = post_enrolment(client, wave.code, {"participant_id": bekasi_participant.pk})
    client.force_login(auditor)
    not_an_officer = post_enrolment(client, wave.code, {"participant_id": bekasi_participant.pk})
    client.force_login(bekasi_officer)
    neighbour = post_enrolment(client, wave.code, {"participant_id": bandung_participant.pk})
    nobody = post_enrolment(client, wave.code, {})
    inside = post_enrolment(client, wave.code, {"participant_id": bekasi_participant.pk})

    assert outside.status_code == HTTPStatus.NOT_FOUND
    assert not_an_officer.status_code == HTTPStatus.NOT_FOUND
    assert neighbour.status_code == HTTPStatus.NOT_FOUND
    assert nobody.status_code == HTTPStatus.NOT_FOUND
    assert inside.status_code == HTTPStatus.CREATED
    enrolment = Enrolment.objects.get(wave=wave)
    assert (enrolment.participant, enrolment.enrolled_by) == (bekasi_participant, bekasi_officer)
    assert events(enrolment) == [("", S.APPLIED, "")]


# Pages ------------------------------------------------------------------------------------


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_participant_sees_their_verdict_in_words_and_lottery_id(english, participant_user):
    wave = make_wave()
    own = enrol(wave, "", participant=participant_user.participant)  # not verified yet
    crowd(wave, BEKASI, 2)
    drawn(wave)
    english.force_login(participant_user)

    page = english.get(f"/gelombang/{wave.code}/").content.decode()

    assert 'data-state="ineligible"' in page
    assert "Not eligible" in page
    assert "The labour office has not verified your data yet." in page
    assert "Your age (39) is between 18 and 60." in page
    assert own.pseudonym in page
    # The wave's conditions, in words with their numbers.
    assert "Laid off within 12 months before the wave opens" in page
    assert "Aged 18 to 60 on the opening day" in page
    assert "Women: +2 points" in page


def test_a_selected_participant_sees_their_rank_and_lottery_id(english, participant_user):
    wave = make_wave()
    Participant.objects.filter(pk=participant_user.participant.pk).update(verification=Verification.VERIFIED)
    own = enrol(wave, "", participant=participant_user.participant)
    drawn(wave)
    english.force_login(participant_user)

    page = english.get(f"/gelombang/{wave.code}/").content.decode()

    assert 'data-state="selected"' in page
    assert "rank 1 in your area" in page
    assert own.pseudonym in page
    assert "Withdraw from this wave" in page


def test_a_participant_applies_and_withdraws_on_the_wave_page(english, participant_user):
    wave = make_wave()
    english.force_login(participant_user)

    assert "Apply to this wave" in english.get(f"/gelombang/{wave.code}/").content.decode()
    english.post(f"/gelombang/{wave.code}/daftar/")
    english.post(f"/gelombang/{wave.code}/mundur/", {"reason": "moved away"})

    enrolment = Enrolment.objects.get(wave=wave)
    assert enrolment.state == S.WITHDRAWN
    assert events(enrolment)[-1] == (S.APPLIED, S.WITHDRAWN, "moved away")


def test_the_admin_confirms_each_step_on_its_own_page(english, national_admin):
    wave = make_wave(seed_source="")
    crowd(wave, BEKASI, 3)
    english.force_login(national_admin)
    base = f"/gelombang/{wave.code}/langkah"

    confirm = english.get(f"{base}/close/")
    assert confirm.status_code == HTTPStatus.OK
    assert 'name="seed_source"' in confirm.content.decode()
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.OPEN

    missing = english.post(f"{base}/close/", {"seed_source": " "})
    assert missing.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "Write the public source of the lottery seed" in missing.content.decode()

    assert english.post(f"{base}/close/", {"seed_source": SOURCE}).status_code == HTTPStatus.FOUND
    wave.refresh_from_db()
    assert (wave.status, wave.seed_source) == (Wave.Status.CLOSED, SOURCE)

    # Closing again is refused and does not touch the published seed source.
    again = english.post(f"{base}/close/", {"seed_source": "something else"})
    assert again.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert Wave.objects.get(pk=wave.pk).seed_source == SOURCE

    unscreened = english.get(f"{base}/draw/").content.decode()
    assert "3 applications are not screened yet" in unscreened
    assert english.post(f"{base}/screen/").status_code == HTTPStatus.FOUND

    confirm_draw = english.get(f"{base}/draw/")
    assert "3 eligible applicants compete for 3 seats" in confirm_draw.content.decode()
    assert "Confirm: Run the draw" in confirm_draw.content.decode()
    assert not LotteryDraw.objects.exists()
    assert english.post(f"{base}/draw/").status_code == HTTPStatus.FOUND
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.SELECTED

    detail = english.get(f"/gelombang/{wave.code}/").content.decode()
    assert "Published draw" in detail
    assert 'data-state="selected">Selected: 2' in detail


def test_only_a_national_admin_reaches_the_step_pages(client, jabar_officer, national_admin):
    wave = make_wave()

    client.force_login(jabar_officer)
    assert client.get(f"/gelombang/{wave.code}/langkah/close/").status_code == HTTPStatus.NOT_FOUND
    assert client.post(f"/gelombang/{wave.code}/langkah/close/").status_code == HTTPStatus.NOT_FOUND
    client.force_login(national_admin)
    assert client.get(f"/gelombang/{wave.code}/langkah/explode/").status_code == HTTPStatus.NOT_FOUND
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.OPEN


def test_the_published_results_are_public_and_show_pseudonyms_not_names(db, client):
    wave = drawn(golden_wave())
    draft = make_wave("PHK-2025-9", status=Wave.Status.DRAFT)

    page = client.get(f"/gelombang/{wave.code}/hasil/")
    found = client.get(f"/gelombang/{wave.code}/hasil/", {"id": "hhhhhhhhhh"})

    assert page.status_code == HTTPStatus.OK
    text = page.content.decode()
    assert all(pseudonym in text for pseudonym in GOLDEN_LIST)
    assert wave.lottery_seed in text
    for region in wave.quotas.values_list("region", flat=True):  # quotas by name, not by code
        assert f">{Region.objects.get(pk=region).name}</td>" in text
    assert not any(name in text for name in Participant.objects.values_list("full_name", flat=True))
    assert "HHHHHHHHHH" in found.content.decode()
    assert "AAAAAAAAAA" not in found.content.decode()
    assert client.get(f"/gelombang/{draft.code}/hasil/").status_code == HTTPStatus.NOT_FOUND
    # The wave page itself needs a login.
    assert client.get(f"/gelombang/{wave.code}/").status_code == HTTPStatus.FOUND


def test_officers_see_applicants_of_their_area_with_masked_or_full_nik(client, bekasi_officer, auditor):
    wave = make_wave()
    bekasi = enrol(wave, "Rina Marlina", village=BEKASI)
    enrol(wave, "Made Wirawan", village=DENPASAR)

    client.force_login(bekasi_officer)
    page = client.get(f"/gelombang/{wave.code}/peserta/").content.decode()
    client.force_login(auditor)

    assert "Rina Marlina" in page and bekasi.participant.nik in page
    assert "Made Wirawan" not in page
    assert client.get(f"/gelombang/{wave.code}/peserta/").status_code == HTTPStatus.NOT_FOUND
