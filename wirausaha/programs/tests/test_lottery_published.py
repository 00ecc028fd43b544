"""Issue #16: a lottery anyone can verify and no one can steer. The seed depends only on the frozen
list and the declared public value; nothing moves the list between closing and the draw; every
tampering is caught by `verify_lottery`; the published record satisfies the independent verifier
and holds no personal data."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

import wirausaha.programs
from wirausaha.programs.actions import (
    WaveStateError,
    close_wave,
    correct_public_value,
    enter_public_value,
    reopen_wave,
    screen_wave,
    withdraw_enrolment,
)
from wirausaha.programs.models import Enrolment, FrozenEntrant, LotteryChange, LotteryNotice, Wave
from wirausaha.programs.tests.support import (
    BEKASI,
    CLOSE_AT,
    DENPASAR,
    DRAW_AT,
    PUBLISHED_AFTER,
    VALUE,
    S,
    close_and_screen,
    crowd,
    delete_wave,
    draw,
    drawn,
    make_wave,
)
from wirausaha.registry.actions import reject_participant
from wirausaha.registry.models import Disability, Participant

VERIFIER = Path(wirausaha.programs.__file__).parent / "static" / "programs" / "verify_draw.py"


def a_wave(code="PHK-2025-1", prefix=""):
    wave = make_wave(code, quotas={"32": 2, "51": 1})
    crowd(wave, BEKASI, 4, prefix=prefix)
    crowd(wave, DENPASAR, 2, prefix=prefix)
    return wave


def problems(wave) -> list[str]:
    err = StringIO()
    try:
        call_command("verify_lottery", "--wave", wave.code, stdout=StringIO(), stderr=err)
    except CommandError as failed:
        assert failed.returncode == 1
        return err.getvalue().splitlines()
    return []


# No one can steer the seed -----------------------------------------------------------------


def test_the_seed_depends_only_on_the_frozen_list_and_the_public_value(db, national_admin):
    first = drawn(a_wave(), national_admin)
    seed, digest = first.draw.seed, first.entrants_digest
    people = list(first.enrolments.values_list("participant_id", flat=True))
    delete_wave(first)

    # The same people in the same wave, closed again by someone else: nothing typed at closing
    # reaches the seed, so the same list and the same public value give the same seed.
    again = make_wave(quotas={"32": 2, "51": 1})
    for participant in Participant.objects.filter(pk__in=people):
        from wirausaha.programs.actions import apply_to_wave

        apply_to_wave(wave=again, participant=participant, by=None)
    again = drawn(again)

    assert (again.entrants_digest, again.draw.seed) == (digest, seed)


def test_the_public_value_is_entered_once_and_not_before_its_time(db, national_admin):
    wave = close_and_screen(a_wave(), national_admin)

    with pytest.raises(WaveStateError, match="cannot be entered before"):
        enter_public_value(wave, value=VALUE, by=national_admin, now=CLOSE_AT)
    enter_public_value(wave, value=VALUE, by=national_admin, now=DRAW_AT)
    with pytest.raises(WaveStateError, match="entered already"):
        enter_public_value(wave, value="another", by=national_admin, now=DRAW_AT)
    with pytest.raises(Exception, match="correct it openly"):
        draw(wave, by=national_admin, value="another")

    correct_public_value(wave, value="04 11 23 35 41 49", reason="typo in the last number", by=national_admin)
    notice = LotteryNotice.objects.get(wave=wave, kind=LotteryNotice.Kind.VALUE_CORRECTED)
    assert notice.details == {"old": VALUE, "new": "04 11 23 35 41 49", "reason": "typo in the last number"}
    assert notice.by == national_admin
    draw(wave, by=national_admin, value="04 11 23 35 41 49")
    with pytest.raises(WaveStateError):
        correct_public_value(wave, value=VALUE, reason="again", by=national_admin)


# Nothing moves between the freeze and the draw ---------------------------------------------


def test_decisions_after_the_freeze_do_not_change_the_entrants(db, national_admin):
    wave = close_and_screen(a_wave(), national_admin)
    frozen = list(
        FrozenEntrant.objects.filter(wave=wave).values_list("pseudonym", "quota_code", "priority_level")
    )
    someone = wave.enrolments.filter(state=S.ELIGIBLE).first()

    reject_participant(someone.participant, by=national_admin, reason="document doubtful")
    with pytest.raises(WaveStateError, match="frozen"):
        screen_wave(wave, by=national_admin)
    draw(wave, by=national_admin)

    after = list(
        FrozenEntrant.objects.filter(wave=wave).values_list("pseudonym", "quota_code", "priority_level")
    )
    assert after == frozen
    assert Enrolment.objects.get(pk=someone.pk).lottery_outcome in ("S", "W")
    assert problems(wave) == []


def test_reopening_discards_the_list_and_needs_a_later_source(db, national_admin):
    wave = close_and_screen(a_wave(), national_admin)
    later = PUBLISHED_AFTER.replace(month=8)

    with pytest.raises(Exception, match="new randomness source"):
        reopen_wave(
            wave,
            by=national_admin,
            reason="late appeals",
            randomness_source=wave.randomness_source,
            randomness_published_after=later,
            now=CLOSE_AT,
        )
    reopen_wave(
        wave,
        by=national_admin,
        reason="late appeals",
        randomness_source="Lotto 1 Agustus 2025",
        randomness_published_after=later,
        now=CLOSE_AT,
    )

    wave.refresh_from_db()
    assert (wave.status, wave.entrants_digest) == (Wave.Status.OPEN, "")
    assert not FrozenEntrant.objects.filter(wave=wave).exists()
    notice = LotteryNotice.objects.get(wave=wave, kind=LotteryNotice.Kind.REOPENED)
    assert notice.details["previous_source"] != notice.details["source"]
    close_wave(wave, by=national_admin, now=CLOSE_AT)
    with pytest.raises(WaveStateError):
        reopen_wave(
            wave,
            by=national_admin,
            reason="again",
            randomness_source="Other",
            randomness_published_after=later.replace(month=9),
            now=later,
        )


# Tampering is noticed ----------------------------------------------------------------------


@pytest.fixture
def honest(db, national_admin):
    """A drawn wave with a withdrawal of a seat holder and the promotion that follows."""
    wave = drawn(a_wave(), national_admin)
    leaving = wave.enrolments.get(quota__region_id="32", rank=1)
    promoted = withdraw_enrolment(leaving, by=national_admin, reason="found a job")
    assert promoted is not None and promoted.rank == 3
    assert list(LotteryChange.objects.filter(wave=wave).values_list("event", "seat_freed")) == [
        ("withdrawn", True),
        ("promoted", None),
    ]
    assert problems(wave) == []
    return wave


def test_a_state_changed_in_the_database_is_noticed(honest):
    waiting = honest.enrolments.filter(state=S.WAITLISTED).first()
    Enrolment.objects.filter(pk=waiting.pk).update(state=S.SELECTED)

    assert any(f"{waiting.pseudonym}: state selected" in line for line in problems(honest))


def test_two_swapped_lottery_ids_are_noticed(honest):
    one, other = honest.enrolments.filter(quota__region_id="51").order_by("rank")[:2]
    Enrolment.objects.filter(pk=one.pk).update(pseudonym=other.pseudonym)
    Enrolment.objects.filter(pk=other.pk).update(pseudonym=one.pseudonym)

    found = problems(honest)
    assert any("does not belong to the enrolment's participant" in line for line in found)


def test_a_deleted_waitlisted_row_is_noticed(honest):
    waiting = honest.enrolments.filter(state=S.WAITLISTED).last()
    Enrolment.objects.filter(pk=waiting.pk).delete()

    assert f"{waiting.pseudonym}: the enrolment of this entrant is missing" in problems(honest)


def test_an_edited_frozen_entrant_is_noticed(honest):
    entrant = FrozenEntrant.objects.filter(wave=honest).order_by("pk").last()
    FrozenEntrant.objects.filter(pk=entrant.pk).update(priority_level=entrant.priority_level + 1)

    assert any(line.startswith("frozen list: digest") for line in problems(honest))


def test_an_edited_change_log_row_is_noticed(honest):
    LotteryChange.objects.filter(wave=honest, seq=1).update(rule="no seat handed on")

    assert "change log: line 1 was altered (its chain value does not follow)" in problems(honest)


# The published record ----------------------------------------------------------------------


def run_verifier(record: dict, tmp_path) -> subprocess.CompletedProcess:
    path = tmp_path / "lottery.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(VERIFIER), str(path)], capture_output=True, text=True, check=False
    )


def download(client, wave) -> dict:
    response = client.get(f"/api/v1/waves/{wave.code}/lottery")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_the_reference_verifier_accepts_the_honest_record_and_refuses_a_tampered_one(
    honest, client, tmp_path
):
    record = download(client, honest)

    verified = run_verifier(record, tmp_path)
    assert verified.returncode == 0, verified.stdout
    assert verified.stdout.startswith(f"VERIFIED: wave {honest.code}, 6 entrants")

    record["results"][0]["outcome"], record["results"][-1]["outcome"] = "waitlisted", "selected"
    refused = run_verifier(record, tmp_path)
    assert refused.returncode == 1
    assert "NOT VERIFIED" in refused.stdout


def test_a_promotion_out_of_order_is_refused_by_the_verifier(honest, client, tmp_path):
    record = download(client, honest)
    promoted = next(c for c in record["changes"] if c["event"] == "promoted")
    later = max((r for r in record["results"] if r["quota"] == "32"), key=lambda r: r["rank"])
    promoted["pseudonym"] = later["pseudonym"]

    refused = run_verifier(record, tmp_path)
    assert refused.returncode == 1
    assert "was first in line" in refused.stdout


def test_the_published_record_holds_no_nik_name_or_disability(honest, client):
    people = Participant.objects.filter(enrolments__wave=honest)
    Participant.objects.filter(pk=people.first().pk).update(disability=Disability.values[-1])
    text = json.dumps(download(client, honest), ensure_ascii=False)

    for person in people:
        assert person.nik not in text
        assert person.full_name not in text
    assert "disab" not in text.lower()
    assert '"points"' not in text
    for value in Disability.values:
        if value:
            assert f'"{value}"' not in text
