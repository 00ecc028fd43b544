"""`make bench ONLY=selection`: screening and the draw of one wave with 360,000 applicants over 38
province quotas (about 10,000 seats), on SQLite and, when a PostgreSQL server answers, on a fresh
PostgreSQL database. Target: under 60 s for each of `screen_wave` and `draw_wave`.

The baseline, measured in the same run on the same database: the naive per-row ORM loop on a
10,000-enrolment sample (fetch the participant, check each rule with ORM queries, save the
enrolment, create its event; then save each rank with its event), extrapolated to the whole wave.
Each step runs in its own process (bench/selection_load.py), so its peak memory is its own.
`BENCH_SELECTION_APPLICANTS` / `_SEATS` / `_SAMPLE` change the sizes.
"""

import sys
import tempfile

from bench.bench_reference import PG_ADMIN, drop, postgres_database, run_steps
from bench.selection_load import APPLICANTS, SAMPLE, SEATS

TARGET_S = 60
STEPS = ("build", "screen", "draw", "naive")


def measure(database_url: str) -> dict:
    return run_steps("bench.selection_load", STEPS, database_url)


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite …", file=sys.stderr, flush=True)
        rows.append(("SQLite", measure(f"sqlite:///{tmp}/selection.sqlite3")))
        name = postgres_database()
        if name is None:
            print("PostgreSQL did not answer: SQLite only.", file=sys.stderr)
        else:
            try:
                print("PostgreSQL …", file=sys.stderr, flush=True)
                rows.append(("PostgreSQL", measure(f"{PG_ADMIN}/{name}")))
            finally:
                drop(name)

    print(
        f"selection: {APPLICANTS:,} applicants, 38 province quotas, ~{SEATS:,} seats "
        f"(target: screen_wave and draw_wave under {TARGET_S} s each); baseline: per-row ORM loop "
        f"on {SAMPLE:,}, extrapolated"
    )
    header = (
        f"{'database':<11} {'step':<7} {'rows':>8} {'seconds':>8} {'peak MB':>8} "
        f"{'naive, sample':>14} {'naive, all (est.)':>18} {'speed-up':>9} {'target':>7}"
    )
    print(header)
    for engine, r in rows:
        screened = r["screen"]["eligible"] + r["screen"]["ineligible"]
        drawn = r["draw"]["selected"] + r["draw"]["waitlisted"]
        naive = r["naive"]
        naive_screen = naive["screen_s"] * screened / naive["screened"]
        naive_draw = naive["draw_s"] * drawn / max(naive["drawn"], 1)
        screen, draw = r["screen"], r["draw"]
        for label, count, seconds, peak, sample_s, estimate in (
            ("screen", screened, screen["seconds"], screen["peak_mb"], naive["screen_s"], naive_screen),
            ("draw", drawn, draw["seconds"], draw["peak_mb"], naive["draw_s"], naive_draw),
        ):
            verdict = "ok" if seconds < TARGET_S else "MISSED"
            print(
                f"{engine:<11} {label:<7} {count:>8,} {seconds:>7.1f}s {peak:>8.0f} "
                f"{sample_s:>13.1f}s {estimate:>17.0f}s {estimate / seconds:>8.0f}x {verdict:>7}"
            )
        print(
            f"{engine:<11} {'verify':<7} {drawn:>8,} {r['draw']['verify_s']:>7.1f}s "
            f"{'':>8} (published list reproduced: {r['draw']['verified']}; "
            f"{r['draw']['selected']:,} selected, {r['draw']['waitlisted']:,} waitlisted; "
            f"close (freeze) {r['screen']['close_s']:.1f} s; set-up not timed: {r['build']['build_s']:.0f} s)"
        )


if __name__ == "__main__":
    main()
