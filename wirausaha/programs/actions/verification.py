"""Tamper evidence: recompute a wave's draw from what is stored and published, and say every way in
which the database disagrees with it (the frozen list and its digest, the seed, the result and its
digest, each lottery id against its participant, the log of changes and every enrolment's state)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from .. import eligibility, lottery
from ..models import LotteryChange, LotteryDraw, Wave
from .applications import pseudonym_for
from .freeze import frozen_candidates
from .transitions import BATCH, SEAT_HOLDERS, S

# The enrolment states that each state after the draw and the log allows.
ALLOWED = {
    "selected": set(SEAT_HOLDERS),
    "waitlisted": {S.WAITLISTED},
    "withdrawn": {S.WITHDRAWN},
}
_MAX = 50


def verify_draw(wave: Wave) -> tuple[bool, list[str]]:
    """Recompute the draw and compare it with everything stored; (True, []) when all holds."""
    draw = LotteryDraw.objects.filter(wave=wave).first()
    if draw is None:
        return False, [_("This wave has not been drawn.")]
    wave = Wave.objects.get(pk=wave.pk)
    problems = _verify_v1(wave, draw) if draw.algorithm == lottery.ALGORITHM_V1 else _verify_v2(wave, draw)
    if len(problems) > _MAX:
        problems = [*problems[:_MAX], f"… and {len(problems) - _MAX} more"]
    return not problems, problems


def _verify_v2(wave: Wave, draw: LotteryDraw) -> list[str]:
    problems: list[str] = []
    candidates, enrolment_ids = frozen_candidates(wave)
    seats = {quota: int(n) for quota, n in wave.frozen_seats.items()}
    digest = lottery.entrants_digest(
        candidates, wave_code=wave.code, seats=seats, move_unused_seats=wave.move_unused_seats
    )
    for name, stored in (("wave", wave.entrants_digest), ("draw", draw.entrants_digest)):
        if digest != stored:
            problems.append(f"frozen list: digest {digest} differs from the {name}'s {stored}")
    try:
        seed = lottery.derive_seed(
            wave_code=wave.code, entrants_digest=draw.entrants_digest, public_value=wave.public_value
        )
    except ValueError as exc:
        return [*problems, f"seed: {exc}"]
    if seed != draw.seed or seed != wave.lottery_seed:
        problems.append(f"seed: recomputed {seed}, stored {draw.seed} / {wave.lottery_seed}")
    outcomes = lottery.draw(candidates, seats=seats, seed=seed, move_unused_seats=wave.move_unused_seats)
    if lottery.digest(outcomes) != draw.results_digest:
        problems.append(
            f"results digest: recomputed {lottery.digest(outcomes)}, stored {draw.results_digest}"
        )

    enrolments = {
        pk: (participant_id, pseudonym, state, rank, outcome, seat)
        for pk, participant_id, pseudonym, state, rank, outcome, seat in wave.enrolments.values_list(
            "id", "participant_id", "pseudonym", "state", "rank", "lottery_outcome", "lottery_seat"
        ).iterator(chunk_size=BATCH)
    }
    changes = list(LotteryChange.objects.filter(wave=wave).order_by("seq"))
    states, broken = lottery.replay(
        outcomes, [lottery.Change(c.seq, c.pseudonym, c.event, c.seat_freed) for c in changes]
    )
    problems += broken
    problems += _chain_problems(wave, changes)
    for o in outcomes:
        pk = enrolment_ids.get(o.pseudonym)
        if pk not in enrolments:
            problems.append(f"{o.pseudonym}: the enrolment of this entrant is missing")
            continue
        participant_id, pseudonym, state, rank, drawn, seat = enrolments.pop(pk)
        if pseudonym != o.pseudonym or pseudonym_for(wave, participant_id) != o.pseudonym:
            problems.append(f"{o.pseudonym}: this lottery id does not belong to the enrolment's participant")
        moved = o.seat_quota if o.selected and o.seat_quota != o.quota else ""
        if (rank, drawn, seat) != (o.rank, "S" if o.selected else "W", moved):
            problems.append(
                f"{o.pseudonym}: stored rank/outcome/seat {rank}/{drawn}/{seat or '-'}, "
                f"recomputed {o.rank}/{'S' if o.selected else 'W'}/{moved or '-'}"
            )
        if state not in ALLOWED[states[o.pseudonym]]:
            problems.append(
                f"{o.pseudonym}: state {state}, but the draw and the public log say {states[o.pseudonym]}"
            )
    for pk, (_participant, pseudonym, state, _rank, drawn, _seat) in enrolments.items():
        if drawn or state in (*SEAT_HOLDERS, S.WAITLISTED):
            problems.append(
                f"{pseudonym or pk}: state {state} (drawn {drawn or '-'}) but not in the frozen list"
            )
    return problems


def _chain_problems(wave: Wave, changes: list[LotteryChange]) -> list[str]:
    problems, previous = [], wave.entrants_digest
    for number, change in enumerate(changes, start=1):
        if change.seq != number:
            problems.append(f"change log: line {number} is numbered {change.seq}")
        expected = lottery.change_chain(
            previous,
            seq=change.seq,
            at=change.at.isoformat(),
            pseudonym=change.pseudonym,
            event=change.event,
            quota=change.quota,
            seat_freed=change.seat_freed,
            rule=change.rule,
        )
        if expected != change.chain:
            problems.append(f"change log: line {change.seq} was altered (its chain value does not follow)")
        previous = change.chain
    return problems


def lottery_inputs(wave: Wave) -> tuple[list[lottery.Candidate], dict[str, int], dict[str, int]]:
    """v1 draws: candidates (eligible, or drawn already), seats per quota region, and enrolment id
    per pseudonym, read from the enrolments."""
    quotas = {quota.pk: quota for quota in wave.quotas.all()}
    rows = list(
        wave.enrolments.filter(Q(state=S.ELIGIBLE) | ~Q(lottery_outcome=""))
        .values_list("id", "pseudonym", "quota_id", "points")
        .iterator(chunk_size=BATCH)
    )
    strata = eligibility.strata(points for _, _, _, points in rows)
    candidates = [
        lottery.Candidate(pseudonym, quotas[quota_id].region_id if quota_id else "-", strata[points])
        for _, pseudonym, quota_id, points in rows
    ]
    seats = {quota.region_id: quota.seats for quota in quotas.values()}
    return candidates, seats, {pseudonym: pk for pk, pseudonym, _, _ in rows}


def _verify_v1(wave: Wave, draw: LotteryDraw) -> list[str]:
    candidates, seats, _ids = lottery_inputs(wave)
    stored = {
        pseudonym: (rank, outcome, seat)
        for pseudonym, rank, outcome, seat in wave.enrolments.exclude(lottery_outcome="").values_list(
            "pseudonym", "rank", "lottery_outcome", "lottery_seat"
        )
    }
    published = []
    for candidate in candidates:
        rank, outcome, seat = stored.get(candidate.pseudonym, (None, "", ""))
        selected = outcome == "S"
        published.append(
            lottery.Outcome(
                candidate.pseudonym,
                candidate.quota,
                candidate.stratum,
                rank,
                selected,
                (seat or candidate.quota) if selected else None,
            )
        )
    _ok, differences = lottery.verify(
        candidates, seats=seats, seed=draw.seed, move_unused_seats=wave.move_unused_seats, published=published
    )
    return differences
