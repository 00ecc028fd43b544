"""The published lottery record is streamed (issue #16): the same bytes as the whole record built in
memory and dumped at once, which is what the site served before; the verifier accepts the bytes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wirausaha.programs import publication
from wirausaha.programs.actions import withdraw_enrolment
from wirausaha.programs.actions.waves import WIB
from wirausaha.programs.models import Enrolment, FrozenEntrant, LotteryChange, LotteryDraw, LotteryNotice
from wirausaha.programs.tests.support import BEKASI, DENPASAR, close_and_screen, crowd, drawn, make_wave
from wirausaha.programs.texts import ALGORITHM_TEXT

VERIFIER = Path(publication.__file__).parent / "static" / "programs" / "verify_draw.py"
pytestmark = pytest.mark.django_db


def previous_record(wave) -> dict:
    """The record as it was built before it streamed: every list whole, in memory."""
    draw = LotteryDraw.objects.filter(wave=wave).first()
    after = wave.randomness_published_after
    drawn_rank = dict(
        Enrolment.objects.filter(wave=wave).exclude(lottery_outcome="").values_list("id", "rank")
    )
    outcome = {
        pk: (o, seat)
        for pk, o, seat in Enrolment.objects.filter(wave=wave)
        .exclude(lottery_outcome="")
        .values_list("id", "lottery_outcome", "lottery_seat")
    }
    results = []
    for pk, pseudonym, quota, level in FrozenEntrant.objects.filter(wave=wave).values_list(
        "enrolment_id", "pseudonym", "quota_code", "priority_level"
    ):
        if pk in drawn_rank:
            selected = outcome[pk][0] == "S"
            results.append(
                {
                    "quota": quota,
                    "rank": drawn_rank[pk],
                    "pseudonym": pseudonym,
                    "priority_level": level,
                    "outcome": "selected" if selected else "waitlisted",
                    "seat_quota": (outcome[pk][1] or quota) if selected else None,
                }
            )
    results.sort(key=lambda r: (r["quota"], r["rank"]))
    return {
        "wave": wave.code,
        "algorithm": {
            "version": draw.algorithm if draw else "sha256-stratified-v2",
            "description": ALGORITHM_TEXT,
        },
        "randomness": {
            "source": wave.randomness_source,
            "published_after": after.isoformat(),
            "published_after_wib": after.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB"),
            "value": wave.public_value or None,
            "entered_at": wave.public_value_entered_at.isoformat() if wave.public_value_entered_at else None,
        },
        "frozen_at": wave.frozen_at.isoformat(),
        "seats": wave.frozen_seats,
        "move_unused_seats": wave.move_unused_seats,
        "entrants_digest": wave.entrants_digest,
        "entrants": [
            {"pseudonym": e.pseudonym, "quota": e.quota_code, "priority_level": e.priority_level}
            for e in FrozenEntrant.objects.filter(wave=wave).order_by("quota_code", "pseudonym")
        ],
        "seed": draw.seed if draw else None,
        "results_digest": draw.results_digest if draw else None,
        "drawn_at": draw.drawn_at.isoformat() if draw else None,
        "results": results if draw else [],
        "changes": [
            {
                "seq": c.seq,
                "at": c.at.isoformat(),
                "pseudonym": c.pseudonym,
                "event": c.event,
                "quota": c.quota,
                **({"seat_freed": c.seat_freed} if c.event == LotteryChange.Event.WITHDRAWN else {}),
                "rule": c.rule,
                "chain": c.chain,
            }
            for c in LotteryChange.objects.filter(wave=wave).order_by("seq")
        ],
        "notices": [
            {
                "seq": n.seq,
                "at": n.at.isoformat(),
                "kind": n.kind,
                "by": n.by.username if n.by else None,
                **n.details,
            }
            for n in LotteryNotice.objects.filter(wave=wave).order_by("seq")
        ],
    }


def a_wave():
    wave = make_wave("PHK-2025-7", quotas={"32": 2, "51": 1, "32.16": 1})
    crowd(wave, BEKASI, 4)
    crowd(wave, DENPASAR, 3, sex="F")
    crowd(wave, "32.73.01.1001", 2)
    return wave


def served(client, wave) -> bytes:
    response = client.get(f"/api/v1/waves/{wave.code}/lottery")
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content)


def test_the_streamed_record_of_a_drawn_wave_is_the_record_built_whole(client, national_admin, tmp_path):
    wave = drawn(a_wave(), national_admin)
    withdraw_enrolment(wave.enrolments.get(quota__region_id="32", rank=1), by=national_admin, reason="job")
    body = served(client, wave)

    assert body == json.dumps(previous_record(wave), ensure_ascii=False).encode()
    assert json.loads(body)["changes"] and json.loads(body)["results"]
    path = tmp_path / "lottery.json"
    path.write_bytes(body)
    verified = subprocess.run([sys.executable, str(VERIFIER), str(path)], capture_output=True, text=True)
    assert verified.returncode == 0 and verified.stdout.startswith(f"VERIFIED: wave {wave.code}"), (
        verified.stdout
    )


def test_the_streamed_record_of_a_wave_not_drawn_yet_is_the_record_built_whole(client):
    wave = close_and_screen(a_wave())
    body = served(client, wave)
    assert body == json.dumps(previous_record(wave), ensure_ascii=False).encode()
    assert json.loads(body)["results"] == []


def test_the_stream_holds_no_more_than_a_piece_of_a_list(client):
    wave = close_and_screen(a_wave())
    pieces = list(publication.lottery_record(wave))
    assert "".join(pieces) == json.dumps(previous_record(wave), ensure_ascii=False)
    assert len(pieces) > 20
