#!/usr/bin/env python3
"""Recompute a Wirausaha wave's lottery from what the site publishes, and say whether it holds.

Needs Python 3.9 or newer and nothing else. Download the wave's lottery record as JSON (the
"JSON" link on the wave's public lottery page, or GET /api/v1/waves/<CODE>/lottery) and run:

    python3 verify_draw.py lottery-CODE.json

It checks, from that file alone:
  1. the frozen entrant list reproduces the entrants digest published when the wave closed;
  2. the seed follows from the algorithm, the wave code, that digest and the public value;
  3. drawing again gives the published result, rank for rank, and its digest;
  4. every change after the draw follows the published rules: a promotion takes the first person
     still waiting in the quota (by rank), and only after a seat holder of that quota left.
Exit status 0 when everything holds, 1 with one line per problem otherwise.

This file is written independently of the server's code on purpose: it is how an outsider checks
the server. The rules it follows are the ones the lottery page describes in words.
"""

import hashlib
import json
import sys

ALGORITHM = "sha256-stratified-v2"


def normalise(text):
    return " ".join(str(text).split())


def entrants_digest(wave, seats, move_unused_seats, entrants):
    lines = [f"algorithm;{ALGORITHM}", f"wave;{wave}", f"move_unused_seats;{int(bool(move_unused_seats))}"]
    lines += [f"seats;{quota};{seats[quota]}" for quota in sorted(seats)]
    lines += [
        f"entrant;{e['quota']};{e['pseudonym']};{e['priority_level']}"
        for e in sorted(entrants, key=lambda e: (e["quota"], e["pseudonym"]))
    ]
    return hashlib.sha256("".join(line + "\n" for line in lines).encode()).hexdigest()


def seed_of(wave, digest, public_value):
    text = f"{ALGORITHM}\n{normalise(wave)}\n{digest}\n{normalise(public_value)}"
    return hashlib.sha256(text.encode()).hexdigest()


def draw(entrants, seats, seed, move_unused_seats):
    """Rank within each quota by (priority level, sha256(seed:pseudonym)); the first `seats` of a
    quota are selected. Unused seats, if moved, go to those waiting in any quota in the same order,
    donor quotas taken by their codes."""
    key = {e["pseudonym"]: hashlib.sha256(f"{seed}:{e['pseudonym']}".encode()).hexdigest() for e in entrants}
    by_quota = {}
    for e in entrants:
        by_quota.setdefault(e["quota"], []).append(e)
    results = []
    for quota in sorted(by_quota):
        ordered = sorted(by_quota[quota], key=lambda e: (e["priority_level"], key[e["pseudonym"]]))
        for rank, e in enumerate(ordered, start=1):
            seat = quota if rank <= seats.get(quota, 0) else None
            results.append({**e, "rank": rank, "seat_quota": seat})
    if move_unused_seats:
        filled = {}
        for r in results:
            if r["seat_quota"]:
                filled[r["seat_quota"]] = filled.get(r["seat_quota"], 0) + 1
        free = [(q, seats[q] - filled.get(q, 0)) for q in sorted(seats) if seats[q] > filled.get(q, 0)]
        waiting = sorted(
            (r for r in results if r["seat_quota"] is None),
            key=lambda r: (r["priority_level"], key[r["pseudonym"]]),
        )
        receivers = iter(waiting[: sum(n for _, n in free)])
        for donor, n in free:
            for _ in range(n):
                receiver = next(receivers, None)
                if receiver is not None:
                    receiver["seat_quota"] = donor
    for r in results:
        r["outcome"] = "selected" if r["seat_quota"] else "waitlisted"
    return results


def results_digest(results):
    lines = sorted(
        (r["quota"], r["rank"], r["pseudonym"], r["priority_level"], r["outcome"], r["seat_quota"] or "")
        for r in results
    )
    text = "".join(
        f"{q};{rank};{p};{level};{'S' if o == 'selected' else 'W'};{seat}\n"
        for q, rank, p, level, o, seat in lines
    )
    return hashlib.sha256(text.encode()).hexdigest()


def check_changes(results, changes):
    """Replay the public log of changes after the draw against the published rules."""
    problems = []
    state = {r["pseudonym"]: r["outcome"] for r in results}
    quota_of = {r["pseudonym"]: r["quota"] for r in results}
    rank_of = {r["pseudonym"]: r["rank"] for r in results}
    open_seats = {}
    for change in changes:
        who, event = change["pseudonym"], change["event"]
        if who not in state:
            problems.append(f"change {change['seq']}: {who} is not in the draw")
            continue
        quota = quota_of[who]
        if event == "withdrawn":
            if state[who] in ("selected", "placed"):
                open_seats[quota] = open_seats.get(quota, 0) + int(bool(change.get("seat_freed")))
            state[who] = "withdrawn"
        elif event == "promoted":
            waiting = sorted(
                (rank_of[p], p) for p, s in state.items() if s == "waitlisted" and quota_of[p] == quota
            )
            if state[who] != "waitlisted":
                problems.append(f"change {change['seq']}: {who} was promoted but was not waiting")
            elif not waiting or waiting[0][1] != who:
                first = waiting[0][1] if waiting else "nobody"
                problems.append(
                    f"change {change['seq']}: {who} was promoted, but {first} was first in line in {quota}"
                )
            elif open_seats.get(quota, 0) < 1:
                problems.append(
                    f"change {change['seq']}: {who} was promoted in {quota} with no seat left free"
                )
            else:
                open_seats[quota] -= 1
            state[who] = "selected"
        else:
            state[who] = event
    return problems


def verify(record):
    problems = []
    wave, seats = record["wave"], {q: int(n) for q, n in record["seats"].items()}
    move = bool(record["move_unused_seats"])
    entrants = [
        {"pseudonym": e["pseudonym"], "quota": e["quota"], "priority_level": int(e["priority_level"])}
        for e in record["entrants"]
    ]
    if record.get("algorithm", {}).get("version") != ALGORITHM:
        problems.append(f"algorithm {record.get('algorithm', {}).get('version')!r} is not {ALGORITHM}")
    digest = entrants_digest(wave, seats, move, entrants)
    if digest != record["entrants_digest"]:
        problems.append(
            f"frozen list: digest {digest} differs from the published {record['entrants_digest']}"
        )
    value = (record.get("randomness") or {}).get("value")
    if value in (None, ""):
        problems.append("no public value has been entered yet: the draw has not happened")
        return problems
    seed = seed_of(wave, record["entrants_digest"], value)
    if seed != record.get("seed"):
        problems.append(f"seed: recomputed {seed}, published {record.get('seed')}")
    expected = draw(entrants, seats, seed, move)
    published = {r["pseudonym"]: r for r in record.get("results", [])}
    for r in expected:
        shown = published.pop(r["pseudonym"], None)
        if shown is None:
            problems.append(f"{r['pseudonym']}: missing from the published result")
            continue
        for field in ("quota", "rank", "outcome", "seat_quota"):
            if (shown.get(field) or None) != (r[field] or None):
                problems.append(
                    f"{r['pseudonym']}: {field} published {shown.get(field)!r}, recomputed {r[field]!r}"
                )
    problems += [f"{p}: published but not an entrant" for p in published]
    if results_digest(expected) != record.get("results_digest"):
        problems.append("result digest differs from the recomputed draw")
    problems += check_changes(expected, record.get("changes", []))
    return problems


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[0])
        print("usage: python3 verify_draw.py lottery-CODE.json")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        record = json.load(f)
    problems = verify(record)
    for problem in problems:
        print(problem)
    if problems:
        print(f"NOT VERIFIED: {len(problems)} problem(s) in wave {record.get('wave')}")
        return 1
    print(f"VERIFIED: wave {record['wave']}, {len(record['entrants'])} entrants, seed {record['seed']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
