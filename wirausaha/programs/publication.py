"""What the site publishes about a wave's lottery (algorithm v2), for anyone, without a login: the
record that `static/programs/verify_draw.py` reads, built from the frozen list, the draw, and the
public logs. Pseudonymous lottery ids, quota codes and priority levels only: never a name, a NIK,
points or anything that would reveal a disability."""

from collections.abc import Iterator

from django.db.models import QuerySet

from .actions.waves import WIB
from .models import Enrolment, FrozenEntrant, LotteryChange, LotteryDraw, LotteryNotice, Wave
from .texts import ALGORITHM_TEXT

BATCH = 5000


def public_wave(code: str) -> Wave | None:
    from .queries import waves_listed

    return waves_listed().filter(code=code).first()


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def entrants(wave: Wave) -> QuerySet:
    return (
        FrozenEntrant.objects.filter(wave=wave)
        .order_by("quota_code", "pseudonym")
        .values("pseudonym", "quota_code", "priority_level")
    )


def results(wave: Wave) -> Iterator[dict]:
    """The drawn list as the draw stored it, by quota and rank (entrant lines and enrolment lines)."""
    drawn = dict(
        Enrolment.objects.filter(wave=wave)
        .exclude(lottery_outcome="")
        .values_list("id", "rank")
        .iterator(chunk_size=BATCH)
    )
    outcome = {
        pk: (o, seat)
        for pk, o, seat in Enrolment.objects.filter(wave=wave)
        .exclude(lottery_outcome="")
        .values_list("id", "lottery_outcome", "lottery_seat")
        .iterator(chunk_size=BATCH)
    }
    rows = []
    for pk, pseudonym, quota, level in (
        FrozenEntrant.objects.filter(wave=wave)
        .values_list("enrolment_id", "pseudonym", "quota_code", "priority_level")
        .iterator(chunk_size=BATCH)
    ):
        if pk not in drawn:
            continue
        drawn_as, seat = outcome[pk]
        selected = drawn_as == "S"
        rows.append(
            {
                "quota": quota,
                "rank": drawn[pk],
                "pseudonym": pseudonym,
                "priority_level": level,
                "outcome": "selected" if selected else "waitlisted",
                "seat_quota": (seat or quota) if selected else None,
            }
        )
    rows.sort(key=lambda r: (r["quota"], r["rank"]))
    return iter(rows)


def changes(wave: Wave) -> list[dict]:
    return [
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
    ]


def notices(wave: Wave) -> list[dict]:
    return [
        {"seq": n.seq, "at": n.at.isoformat(), "kind": n.kind, **n.details}
        for n in LotteryNotice.objects.filter(wave=wave).order_by("seq")
    ]


def lottery_record(wave: Wave) -> dict:
    """The whole published record, in the shape the reference verifier reads."""
    draw = LotteryDraw.objects.filter(wave=wave).first()
    after = wave.randomness_published_after
    return {
        "wave": wave.code,
        "algorithm": {
            "version": draw.algorithm if draw else "sha256-stratified-v2",
            "description": ALGORITHM_TEXT,
        },
        "randomness": {
            "source": wave.randomness_source,
            "published_after": _iso(after),
            "published_after_wib": after.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB") if after else None,
            "value": wave.public_value or None,
            "entered_at": _iso(wave.public_value_entered_at),
        },
        "frozen_at": _iso(wave.frozen_at),
        "seats": wave.frozen_seats,
        "move_unused_seats": wave.move_unused_seats,
        "entrants_digest": wave.entrants_digest,
        "entrants": [
            {"pseudonym": e["pseudonym"], "quota": e["quota_code"], "priority_level": e["priority_level"]}
            for e in entrants(wave).iterator(chunk_size=BATCH)
        ],
        "seed": draw.seed if draw else None,
        "results_digest": draw.results_digest if draw else None,
        "drawn_at": _iso(draw.drawn_at) if draw else None,
        "results": list(results(wave)) if draw else [],
        "changes": changes(wave),
        "notices": notices(wave),
    }
