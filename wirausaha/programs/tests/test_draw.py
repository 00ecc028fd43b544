"""The draw and what follows it: quotas and strata, a published draw anyone can recompute,
withdrawals and promotions from the waitlist, carry-over to the next wave, and the notice of each
decision. Waves are built with `make_wave` and `enrol` from support.py."""

from collections import Counter, defaultdict

import pytest

from wirausaha.accounts.models import Role
from wirausaha.common.models import AuditEvent
from wirausaha.notifications.models import Message
from wirausaha.programs import lottery
from wirausaha.programs.actions import (
    IllegalTransition,
    WaveStateError,
    carry_over,
    close_wave,
    draw_wave,
    pseudonym_for,
    screen_wave,
    selection_summary,
    verify_draw,
    withdraw_enrolment,
)
from wirausaha.programs.models import (
    EligibilityRule,
    Enrolment,
    EnrolmentEvent,
    Wave,
)
from wirausaha.programs.tests.support import (
    BANDUNG,
    BEKASI,
    CLOSE_AT,
    DENPASAR,
    GOLDEN_DIGEST,
    GOLDEN_LIST,
    GOLDEN_PEOPLE,
    RULES,
    VALUE,
    S,
    close_and_screen,
    crowd,
    delete_wave,
    draw,
    drawn,
    enrol,
    events,
    golden_wave,
    make_wave,
    ranked,
)
from wirausaha.registry.models import Participant
from wirausaha.testing import make_user

# The draw ---------------------------------------------------------------------------------


def test_the_draw_never_exceeds_a_quota_and_ranks_strata_then_lottery(db, national_admin):
    wave = make_wave(quotas={"32": 3, "51": 2})
    crowd(wave, BEKASI, 4, sex="M")
    crowd(wave, BANDUNG, 2, sex="F")
    crowd(wave, DENPASAR, 5, sex="M")
    enrol(wave, "Nobody Verified", verified=False)

    summary = draw(close_and_screen(wave, national_admin), by=national_admin)

    wave.refresh_from_db()
    the_draw = wave.draw
    assert wave.status == Wave.Status.SELECTED
    assert (the_draw.seed, the_draw.algorithm, the_draw.drawn_by) == (
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

    summary = draw(close_and_screen(kept), by=None)

    assert summary["provinces"] == {
        "32": {"quota": 2, "selected": 2, "waitlisted": 3},
        "51": {"quota": 3, "selected": 1, "waitlisted": 0},
    }
    assert not kept.enrolments.exclude(lottery_seat="").exists()

    moved = make_wave("MOVE-1", quotas={"32": 2, "51": 3}, move_unused_seats=True)
    crowd(moved, BEKASI, 5, prefix="m")
    crowd(moved, DENPASAR, 1, prefix="m")

    summary = draw(close_and_screen(moved), by=None)

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
    published, first_seed = ranked(first), first.draw.seed
    delete_wave(first)

    again = drawn(golden_wave(participants=participants), value="another public value")

    assert again.draw.seed != first_seed
    assert ranked(again) != published
    assert set(ranked(again)) == set(published)


def test_verify_draw_reproduces_the_list_and_catches_a_tampered_rank(db):
    wave = make_wave()
    crowd(wave, BEKASI, 4)
    wave = drawn(wave)

    assert verify_draw(wave) == (True, [])

    first, second = wave.enrolments.filter(quota__region_id="32").order_by("rank")[:2]
    Enrolment.objects.filter(pk=first.pk).update(rank=2)
    Enrolment.objects.filter(pk=second.pk).update(rank=1)
    ok, differences = verify_draw(wave)

    assert not ok
    assert f"{first.pseudonym}: stored rank/outcome/seat 2/S/-, recomputed 1/S/-" in differences
    assert f"{second.pseudonym}: stored rank/outcome/seat 1/S/-, recomputed 2/S/-" in differences


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
    close_wave(following, by=national_admin, now=CLOSE_AT)
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
        draw(wave, by=national_admin)

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
    close_and_screen(wave, national_admin)

    # Before the declared public value is published, the draw is refused.
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(WaveStateError):
        draw_wave(wave, by=national_admin, public_value=VALUE, now=CLOSE_AT)

    assert callbacks == []
    assert not Message.objects.exists()


def test_each_outcome_is_written_in_the_language_of_the_recipients_account(
    db, national_admin, django_capture_on_commit_callbacks
):
    wave = make_wave(quotas={"32": 1})
    chosen, waiting, refused = (make_user(name, Role.PARTICIPANT) for name in ("ani", "budi", "cici"))
    for user in (chosen, refused):
        user.language = "en"
        user.save(update_fields=["language"])
    enrol(wave, "Ani", sex="F", user=chosen)
    enrol(wave, "Budi", user=waiting)
    enrol(wave, "Cici", user=refused, verified=False)
    close_and_screen(wave, national_admin)

    with django_capture_on_commit_callbacks(execute=True):
        draw(wave, by=national_admin)

    to = {message.recipient: message for message in Message.objects.all()}
    assert to[chosen].subject == f"You are selected for {wave.code}"
    assert (to[chosen].event, to[chosen].language) == ("selected", "en")
    # Budi reads Indonesian: his notice stays in Indonesian beside the English ones.
    assert to[waiting].subject == f"Anda masuk daftar tunggu gelombang {wave.code}"
    assert to[waiting].event == "waitlisted" and to[waiting].params["wave"] == wave.code
    assert to[refused].body.splitlines()[0] == "You do not meet the conditions of this wave:"
    assert "Disnaker" not in to[refused].body
