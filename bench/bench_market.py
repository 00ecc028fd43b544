"""Market matching and the temu bisnis schedule (instances described in bench/market_load.py); each
method runs in its own process, which rebuilds the instance, so the peak RSS is the method's own
(instance included).

Matching: the top 10 businesses for each of 5,000 listings over 100,000 businesses with the index
(KBLI division, then region runs and numpy), against a loop over every pair (the rules and the score
one pair at a time) on a sample of 25 listings, extrapolated to 5,000; the sample's top 10 must be the
same. Schedule: 300 businesses x 60 buyers, 12 slots, 30 tables, exact with CP-SAT (time limit
60 s) against the greedy first-free-slot baseline.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.market_load import BUSINESSES, LISTINGS, SLOTS, TABLES, TIME_LIMIT, K

ROOT = Path(__file__).resolve().parent.parent


def run(method: str) -> dict:
    command = [sys.executable, "-m", "bench.market_load", method]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"market_load {method} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    print(
        f"market: each method in its own process ({os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at the start); peak MB is the process's peak RSS, instance included"
    )
    print(f"  matching: top {K} for {LISTINGS:,} listings over {BUSINESSES:,} businesses …", file=sys.stderr)
    index, pairs = run("index"), run("allpairs")
    per_listing = pairs["seconds"] / pairs["listings"]
    extrapolated = per_listing * LISTINGS
    same = index["sample"] == pairs["sample"]
    print()
    print(f"{'matching':<52} {'seconds':>10} {'peak MB':>9}")
    print(
        f"{'index (division + region runs, numpy)':<52} {index['seconds']:>10.2f} {index['peak_mb']:>9.0f}"
        f"   (build {index['build']:.2f} s; {index['matches']:,} matches, "
        f"{index['empty']:,} listings with none)"
    )
    print(
        f"{'baseline: all pairs, ' + str(pairs['listings']) + ' listings measured':<52} "
        f"{pairs['seconds']:>10.2f} {pairs['peak_mb']:>9.0f}"
    )
    print(
        f"{'baseline: all pairs, extrapolated to ' + format(LISTINGS, ',') + ' listings':<52} "
        f"{extrapolated:>10.1f}"
    )
    print(
        f"  speed-up {extrapolated / index['seconds']:.0f}x; sample's top {K} identical to the "
        "all-pairs loop: "
        f"{'yes' if same else 'NO'}"
    )

    print("  schedule: CP-SAT, greedy …", file=sys.stderr)
    exact, greedy, given = run("cpsat"), run("greedy"), run("greedy_given")
    print()
    print(
        f"schedule: 300 businesses x 60 buyers, {SLOTS} slots, {TABLES} tables ({SLOTS * TABLES} places), "
        f"{exact['requested_pairs']:,} pairs asked for ({exact['mutual_pairs']} by both sides)"
    )
    print(f"{'method':<42} {'meetings':>9} {'weight':>7} {'seconds':>8} {'optimal':>8} {'peak MB':>8}")
    rows = (
        (f"CP-SAT (limit {TIME_LIMIT:g} s)", exact),
        ("baseline: greedy first free slot, by weight", greedy),
        ("baseline: greedy first free slot, as asked", given),
    )
    for name, row in rows:
        print(
            f"{name:<42} {row['meetings']:>9} {row['weight']:>7} {row['seconds']:>8.2f} "
            f"{'yes' if row['optimal'] else 'no':>8} {row['peak_mb']:>8.0f}"
        )
    best = max(exact["weight"], 1)
    print(
        f"  CP-SAT bound {exact['bound']}; the greedy baselines reach {100 * greedy['weight'] / best:.1f}% "
        f"and {100 * given['weight'] / best:.1f}% of its weight"
    )
