"""The published, seeded lottery that decides who gets a seat when applicants outnumber seats.

Within each quota, candidates are ordered by stratum (their priority level, 1 first) and, inside a
stratum, by their lottery key, `sha256(f"{seed}:{pseudonym}")`; the first `seats[quota]` are
selected and the rest waitlisted in that order.

Algorithm v2 ("sha256-stratified-v2"): when the wave closes, its entrants are frozen and published
with `entrants_digest`; the randomness source (a public value published after that moment, declared
when the wave opened) then gives the seed through `derive_seed`, which depends on nothing else an
operator could choose. `wirausaha/programs/static/programs/verify_draw.py` is the independent
reference of this format. v1 draws (seed from a source typed at closing) stay verifiable with
`derive_seed_v1`.
"""

import base64
import hashlib
import hmac
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ALGORITHM = "sha256-stratified-v2"
ALGORITHM_V1 = "sha256-stratified-v1"

_MAX_DIFFERENCES = 20


@dataclass(frozen=True, slots=True)
class Candidate:
    pseudonym: str
    quota: str
    stratum: int


@dataclass(frozen=True, slots=True)
class Outcome:
    """One line of the published list. `rank` counts from 1 within the quota; `seat_quota` is the
    quota whose seat a selected candidate got (another quota's only for a moved seat), else None."""

    pseudonym: str
    quota: str
    stratum: int
    rank: int
    selected: bool
    seat_quota: str | None


def normalise(text: str) -> str:
    """Stripped, with every run of whitespace replaced by one space: a copied value gives the same seed."""
    return " ".join(str(text).split())


def entrants_digest(
    candidates: Iterable[Candidate], *, wave_code: str, seats: Mapping[str, int], move_unused_seats: bool
) -> str:
    """sha256 hex of the frozen entrant list, published when the wave closes: newline-terminated lines
    f"algorithm;{ALGORITHM}", f"wave;{wave_code}", f"move_unused_seats;{1 or 0}", then
    f"seats;{quota};{n}" by quota code and f"entrant;{quota};{pseudonym};{priority_level}" by
    (quota, pseudonym)."""
    hasher = hashlib.sha256()
    hasher.update(
        f"algorithm;{ALGORITHM}\nwave;{wave_code}\nmove_unused_seats;{int(bool(move_unused_seats))}\n".encode()
    )
    for quota in sorted(seats):
        hasher.update(f"seats;{quota};{seats[quota]}\n".encode())
    for quota, pseudonym_, level in sorted((c.quota, c.pseudonym, c.stratum) for c in candidates):
        hasher.update(f"entrant;{quota};{pseudonym_};{level}\n".encode())
    return hasher.hexdigest()


def derive_seed(*, wave_code: str, entrants_digest: str, public_value: str) -> str:
    """The v2 seed: sha256 hex of the UTF-8 text
    f"{ALGORITHM}\\n{wave_code}\\n{entrants_digest}\\n{public_value}", the wave code and the public
    value normalised (`normalise`). Nothing but the declared public value is typed by anyone."""
    value, wave_code = normalise(public_value), normalise(wave_code)
    if not value or not wave_code or not entrants_digest:
        raise ValueError("the seed needs the wave code, the entrants digest and the public value")
    return hashlib.sha256(f"{ALGORITHM}\n{wave_code}\n{entrants_digest}\n{value}".encode()).hexdigest()


def derive_seed_v1(*, source: str, wave_code: str) -> str:
    """The v1 seed, kept to verify v1 draws: sha256 hex of f"{ALGORITHM_V1}\\n{wave_code}\\n{source}",
    both values normalised."""
    source, wave_code = normalise(source), normalise(wave_code)
    if not source or not wave_code:
        raise ValueError("the seed needs both a public source value and the wave code")
    return hashlib.sha256(f"{ALGORITHM_V1}\n{wave_code}\n{source}".encode()).hexdigest()


def pseudonym(*, secret: str, wave_code: str, key: Any) -> str:
    """The published id of one enrolment: the first 10 base32 characters (A-Z, 2-7; 50 bits) of
    HMAC-SHA256(secret, f"{wave_code}\\n{key}"). Stable for the same inputs, different in every wave,
    and without the secret nobody can tell whose it is."""
    if not secret:
        # Enrolment ids are few and guessable: without a secret every pseudonym could be reversed.
        raise ValueError("a pseudonym needs a non-empty secret")
    mac = hmac.new(secret.encode(), f"{wave_code}\n{key}".encode(), hashlib.sha256).digest()
    return base64.b32encode(mac)[:10].decode()


def lottery_key(seed: str, pseudonym: str) -> str:
    """The candidate's place inside their stratum: sha256 hex of f"{seed}:{pseudonym}", lowest first."""
    return hashlib.sha256(f"{seed}:{pseudonym}".encode()).hexdigest()


def draw(
    candidates: Iterable[Candidate],
    *,
    seats: Mapping[str, int],
    seed: str,
    move_unused_seats: bool = False,
) -> list[Outcome]:
    """Rank every candidate within their quota by (stratum, lottery key) and select the first
    `seats[quota]` (none for a quota missing from `seats`). With `move_unused_seats`, the seats that
    quotas could not fill go to waitlisted candidates of any quota in (stratum, lottery key) order;
    donor seats are handed out in the order of the donor quotas' codes. The result is sorted by
    (quota, rank) and does not depend on the order of `candidates`. Raises ValueError for
    duplicated pseudonyms, a negative seat count or an empty seed."""
    candidates = list(candidates)
    _check_inputs(candidates, seats, seed)
    prefix = f"{seed}:"
    sha256 = hashlib.sha256
    # The raw digest sorts exactly like its hex form (lottery_key) and compares faster. Pseudonyms
    # are unique, so the tuples never tie and the order is total.
    ordered = sorted(
        [
            (c.quota, c.stratum, sha256((prefix + c.pseudonym).encode()).digest(), c.pseudonym)
            for c in candidates
        ]
    )

    ranks: list[int] = []
    seat_quotas: list[str | None] = []
    current, rank, limit = None, 0, 0
    for quota, _, _, _ in ordered:
        if quota != current:
            current, rank, limit = quota, 0, seats.get(quota, 0)
        rank += 1
        ranks.append(rank)
        seat_quotas.append(quota if rank <= limit else None)

    if move_unused_seats:
        filled = Counter(seat_quotas)
        donors = [
            (quota, seats[quota] - filled.get(quota, 0))
            for quota in sorted(seats)
            if seats[quota] > filled.get(quota, 0)
        ]
        unused = sum(free for _, free in donors)
        if unused:
            waiting = sorted(
                (stratum, key, i) for i, (_, stratum, key, _) in enumerate(ordered) if seat_quotas[i] is None
            )
            receivers = iter(i for _, _, i in waiting[:unused])
            for donor, free in donors:
                for _, i in zip(range(free), receivers, strict=False):
                    seat_quotas[i] = donor

    return [
        Outcome(pseudonym, quota, stratum, rank, seat_quota is not None, seat_quota)
        for (quota, stratum, _, pseudonym), rank, seat_quota in zip(ordered, ranks, seat_quotas, strict=True)
    ]


def digest(outcomes: Iterable[Outcome]) -> str:
    """sha256 hex of the published list: one line per outcome, sorted by (quota, rank), each
    f"{quota};{rank};{pseudonym};{stratum};{S or W};{seat_quota or ''}" followed by a newline."""
    hasher = hashlib.sha256()
    for o in sorted(outcomes, key=lambda o: (o.quota, o.rank, o.pseudonym)):
        outcome = "S" if o.selected else "W"
        hasher.update(
            f"{o.quota};{o.rank};{o.pseudonym};{o.stratum};{outcome};{o.seat_quota or ''}\n".encode()
        )
    return hasher.hexdigest()


def inputs_digest(
    candidates: Iterable[Candidate], *, seats: Mapping[str, int], seed: str, move_unused_seats: bool
) -> str:
    """v1: sha256 hex of what a draw is computed from, as newline-terminated lines:
    f"algorithm;{ALGORITHM_V1}", f"seed;{seed}", f"move_unused_seats;{1 or 0}", then
    f"seats;{quota};{n}" by quota code and
    f"candidate;{quota};{pseudonym};{stratum}" by (quota, pseudonym)."""
    hasher = hashlib.sha256()
    hasher.update(
        f"algorithm;{ALGORITHM_V1}\nseed;{seed}\nmove_unused_seats;{int(move_unused_seats)}\n".encode()
    )
    for quota in sorted(seats):
        hasher.update(f"seats;{quota};{seats[quota]}\n".encode())
    for quota, pseudonym_, stratum in sorted((c.quota, c.pseudonym, c.stratum) for c in candidates):
        hasher.update(f"candidate;{quota};{pseudonym_};{stratum}\n".encode())
    return hasher.hexdigest()


def verify(
    candidates: Iterable[Candidate],
    *,
    seats: Mapping[str, int],
    seed: str,
    move_unused_seats: bool,
    published: Iterable[Outcome],
) -> tuple[bool, list[str]]:
    """Recompute the draw from its stored inputs and compare it with the published list. Returns
    whether they match and, when not, up to 20 differences in English (one line per outcome, in
    recomputed (quota, rank) order, then lines only the published list has), plus a count of the rest."""
    try:
        expected = draw(candidates, seats=seats, seed=seed, move_unused_seats=move_unused_seats)
    except ValueError as exc:
        return False, [f"the stored inputs cannot be drawn: {exc}"]

    differences: list[str] = []
    by_pseudonym: dict[str, Outcome] = {}
    for outcome in published:
        if outcome.pseudonym in by_pseudonym:
            differences.append(f"{outcome.pseudonym}: published more than once")
        else:
            by_pseudonym[outcome.pseudonym] = outcome
    for outcome in expected:
        shown = by_pseudonym.pop(outcome.pseudonym, None)
        if shown is None:
            differences.append(f"{outcome.pseudonym}: missing from the published list")
        elif shown != outcome:
            differences.append(f"{outcome.pseudonym}: " + "; ".join(_changes(shown, outcome)))
    differences.extend(f"{p}: published but not a candidate" for p in by_pseudonym)

    if len(differences) > _MAX_DIFFERENCES:
        more = len(differences) - _MAX_DIFFERENCES
        differences = [*differences[:_MAX_DIFFERENCES], f"… and {more} more differences"]
    return not differences, differences


def _changes(shown: Outcome, expected: Outcome) -> list[str]:
    return [
        f"{name} published {getattr(shown, name)!r}, recomputed {getattr(expected, name)!r}"
        for name in ("quota", "stratum", "rank", "selected", "seat_quota")
        if getattr(shown, name) != getattr(expected, name)
    ]


def _check_inputs(candidates: list[Candidate], seats: Mapping[str, int], seed: str) -> None:
    if not isinstance(seed, str) or not seed:
        raise ValueError("the seed must be a non-empty string, fixed before the draw")
    bad_seats = {
        quota: n for quota, n in seats.items() if isinstance(n, bool) or not isinstance(n, int) or n < 0
    }
    if bad_seats:
        raise ValueError(f"seats must be whole numbers of at least 0, got {bad_seats}")
    pseudonyms = {c.pseudonym for c in candidates}
    if len(pseudonyms) != len(candidates):
        counts = Counter(c.pseudonym for c in candidates)
        duplicated = sorted(p for p, n in counts.items() if n > 1)
        raise ValueError(f"pseudonyms must be unique; duplicated: {', '.join(duplicated[:5])}")
    # The digests are built from ";"-separated lines, so these characters would make them ambiguous.
    texts = "".join(pseudonyms) + "".join({c.quota for c in candidates} | set(seats))
    if ";" in texts or "\n" in texts:
        raise ValueError('quota codes and pseudonyms must not contain ";" or a line break')


@dataclass(frozen=True, slots=True)
class Change:
    """One line of the public log after the draw: "withdrawn" (with whether a seat was freed) or
    "promoted"."""

    seq: int
    pseudonym: str
    event: str
    seat_freed: bool | None = None


def replay(outcomes: Iterable[Outcome], changes: Iterable[Change]) -> tuple[dict[str, str], list[str]]:
    """Each entrant's state after the draw and the published changes ("selected", "waitlisted",
    "withdrawn"), and the changes that break the rules: a promotion takes the first person still
    waiting in the quota (by rank), and only after a seat holder of that quota left and freed a seat."""
    outcomes = list(outcomes)
    state = {o.pseudonym: ("selected" if o.selected else "waitlisted") for o in outcomes}
    quota_of = {o.pseudonym: o.quota for o in outcomes}
    rank_of = {o.pseudonym: o.rank for o in outcomes}
    open_seats: Counter[str] = Counter()
    problems: list[str] = []
    for change in changes:
        who = change.pseudonym
        if who not in state:
            problems.append(f"change {change.seq}: {who} is not in the draw")
            continue
        quota = quota_of[who]
        if change.event == "withdrawn":
            if state[who] == "selected" and change.seat_freed:
                open_seats[quota] += 1
            state[who] = "withdrawn"
        elif change.event == "promoted":
            waiting = min(
                ((rank_of[p], p) for p, s in state.items() if s == "waitlisted" and quota_of[p] == quota),
                default=None,
            )
            if state[who] != "waitlisted":
                problems.append(f"change {change.seq}: {who} was promoted but was not waiting")
            elif waiting is None or waiting[1] != who:
                first = waiting[1] if waiting else "nobody"
                problems.append(f"change {change.seq}: {who} was promoted, but {first} was first in line")
            elif open_seats[quota] < 1:
                problems.append(f"change {change.seq}: {who} was promoted in {quota} with no seat left free")
            else:
                open_seats[quota] -= 1
            state[who] = "selected"
        else:
            problems.append(f"change {change.seq}: unknown event {change.event!r}")
    return state, problems


def change_chain(
    previous: str,
    *,
    seq: int,
    at: str,
    pseudonym: str,
    event: str,
    quota: str,
    seat_freed: bool | None,
    rule: str,
) -> str:
    """The chain value of one change row: sha256 hex of f"{previous}\\n{seq};{at};{pseudonym};{event};
    {quota};{seat_freed};{rule}" (seat_freed as 1, 0 or an empty string)."""
    freed = "" if seat_freed is None else str(int(seat_freed))
    text = f"{previous}\n{seq};{at};{pseudonym};{event};{quota};{freed};{rule}"
    return hashlib.sha256(text.encode()).hexdigest()
