"""What the site publishes about a wave's lottery (algorithm v2), for anyone, without a login: the
record that `static/programs/verify_draw.py` reads, built from the frozen list, the draw, and the
public logs. Pseudonymous lottery ids, quota codes and priority levels only: never a name, a NIK,
points or anything that would reveal a disability."""

import json
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from .actions.waves import WIB
from .models import FrozenEntrant, LotteryChange, LotteryDraw, LotteryNotice, Wave
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
    """The drawn list as the draw stored it, by quota and rank (entrant lines and enrolment lines),
    read quota by quota so that no more than a batch of rows is held at once."""
    drawn = (
        FrozenEntrant.objects.filter(wave=wave, enrolment__isnull=False)
        .exclude(enrolment__lottery_outcome="")
        .order_by()
    )
    # Quota codes are sorted here, not by the database, whose collation may order "-" or "."
    # differently from the published order.
    for quota in sorted(set(drawn.values_list("quota_code", flat=True).distinct())):
        rows = (
            drawn.filter(quota_code=quota)
            .order_by("enrolment__rank", "pk")
            .values_list(
                "pseudonym",
                "priority_level",
                "enrolment__rank",
                "enrolment__lottery_outcome",
                "enrolment__lottery_seat",
            )
        )
        for pseudonym, level, rank, drawn_as, seat in rows.iterator(chunk_size=BATCH):
            selected = drawn_as == "S"
            yield {
                "quota": quota,
                "rank": rank,
                "pseudonym": pseudonym,
                "priority_level": level,
                "outcome": "selected" if selected else "waitlisted",
                "seat_quota": (seat or quota) if selected else None,
            }


def changes(wave: Wave) -> Iterator[dict]:
    for c in LotteryChange.objects.filter(wave=wave).order_by("seq").iterator(chunk_size=BATCH):
        yield {
            "seq": c.seq,
            "at": c.at.isoformat(),
            "pseudonym": c.pseudonym,
            "event": c.event,
            "quota": c.quota,
            **({"seat_freed": c.seat_freed} if c.event == LotteryChange.Event.WITHDRAWN else {}),
            "rule": c.rule,
            "chain": c.chain,
        }


def notices(wave: Wave) -> Iterator[dict]:
    for n in LotteryNotice.objects.filter(wave=wave).select_related("by").order_by("seq"):
        yield {
            "seq": n.seq,
            "at": n.at.isoformat(),
            "kind": n.kind,
            "by": n.by.username if n.by else None,
            **n.details,
        }


def _entrant_lines(wave: Wave) -> Iterator[dict]:
    for e in entrants(wave).iterator(chunk_size=BATCH):
        yield {"pseudonym": e["pseudonym"], "quota": e["quota_code"], "priority_level": e["priority_level"]}


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _array(items: Iterable[dict], per_piece: int = 1000) -> Iterator[str]:
    """A JSON array as `json.dumps` writes it, in pieces of up to `per_piece` items."""
    yield "["
    piece, first = [], True
    for item in items:
        piece.append(_ENCODER.encode(item))
        if len(piece) == per_piece:
            yield ("" if first else ", ") + ", ".join(piece)
            piece, first = [], False
    if piece:
        yield ("" if first else ", ") + ", ".join(piece)
    yield "]"


def lottery_record(wave: Wave) -> Iterator[str]:
    """The whole published record, in the shape the reference verifier reads, as pieces of JSON:
    the same bytes as `json.dumps(record, ensure_ascii=False)`, without holding the lists."""
    draw = LotteryDraw.objects.filter(wave=wave).first()
    after = wave.randomness_published_after
    fields = {
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
        "entrants": _entrant_lines(wave),
        "seed": draw.seed if draw else None,
        "results_digest": draw.results_digest if draw else None,
        "drawn_at": _iso(draw.drawn_at) if draw else None,
        "results": results(wave) if draw else iter(()),
        "changes": changes(wave),
        "notices": notices(wave),
    }
    for number, (key, value) in enumerate(fields.items()):
        yield ("{" if number == 0 else ", ") + _ENCODER.encode(key) + ": "
        if isinstance(value, Iterator):
            yield from _array(value)
        else:
            yield _ENCODER.encode(value)
    yield "}"
