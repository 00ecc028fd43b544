"""`make bench ONLY=placement`: the whole `allocate --wave` command for a wave of 100,000 selected
participants over the demo centres (about 4,330) and about 11,000 cohorts of 16 seats, on a fresh
PostgreSQL database and on SQLite. Target (issue #5): under 60 s on PostgreSQL, process start
included.

Measured, each step in its own process (bench/placement_load.py) so that its peak memory is its
own: `allocate --wave CODE --json` as a child process (wall time; the run's stored solve and total
seconds), then `confirm_run` of that run. Baselines in the same run, on the same database: the
optimizer alone on the same inputs (what `placement_inputs` reads, timed apart), which shows what
the database part of the command costs; and the naive per-row writes (one
`Placement.objects.create` and one `transition` per row) on a 2,000 sample, extrapolated.
`BENCH_PLACEMENT_PEOPLE` / `_COHORTS` / `_SAMPLE` change the sizes; `BENCH_PLACEMENT_DATABASES`
("PostgreSQL,SQLite" by default) which databases run.
"""

import os
import sys
import tempfile

from bench.bench_reference import PG_ADMIN, drop, postgres_database, run_steps
from bench.placement_load import COHORTS, PEOPLE, SAMPLE

TARGET_S = 60
STEPS = ("build", "solve", "allocate", "confirm", "naive")
DATABASES = os.environ.get("BENCH_PLACEMENT_DATABASES", "PostgreSQL,SQLite").split(",")


def measure(database_url: str) -> dict:
    return run_steps("bench.placement_load", STEPS, database_url)


def rows_of(engine: str, r: dict) -> list[tuple[str, str, float, float, str]]:
    build, solve, allocate, confirm, naive = (r[name] for name in STEPS)
    database_s = allocate["total_s"] - allocate["solve_s"]
    per_row = naive["seconds"] / max(naive["rows"], 1)
    estimate = per_row * allocate["people"]
    bulk_writes = max(allocate["total_s"] - solve["read_s"] - allocate["solve_s"], 1e-9) + confirm["seconds"]
    reasons = ", ".join(f"{k} {v:,}" for k, v in allocate["reasons"].items()) or "none"
    return [
        (
            engine,
            "allocate --wave (command)",
            allocate["seconds"],
            allocate["peak_mb"],
            f"process start to exit; run: total {allocate['total_s']:.1f} s, "
            f"solve {allocate['solve_s']:.1f} s ({allocate.get('rounds', '?')} round(s)), "
            f"database {database_s:.1f} s; {allocate['people']:,} people, {allocate['cohorts']:,} cohorts, "
            f"{allocate['seats']:,} seats; placed {allocate['placed']:,}, unplaced {allocate['unplaced']:,} "
            f"({reasons}); mean {allocate['mean_km']:.1f} km",
        ),
        (
            engine,
            "confirm_run",
            confirm["seconds"],
            confirm["peak_mb"],
            f"{confirm['placed']:,} enrolments selected -> placed, run {confirm['status']}",
        ),
        (
            engine,
            "baseline: read inputs",
            solve["read_s"],
            solve["peak_mb"],
            f"placement_inputs: {solve['people']:,} people ({solve['no_location']:,} without location), "
            f"{solve['cohorts']:,} cohorts",
        ),
        (
            engine,
            "baseline: optimizer alone",
            solve["seconds"],
            solve["peak_mb"],
            f"optimizer.solve on those inputs, no database; placed {solve['placed']:,}, "
            f"mean {solve['mean_km']:.1f} km",
        ),
        (
            engine,
            "baseline: naive writes",
            estimate,
            naive["peak_mb"],
            f"create + transition per row: {naive['seconds']:.1f} s for {naive['rows']:,}, "
            f"extrapolated to {allocate['people']:,} ({estimate / bulk_writes:.0f}x the bulk writes "
            f"of propose + confirm, {bulk_writes:.1f} s)",
        ),
        (engine, "set-up (not timed)", build["build_s"], build["peak_mb"], f"{build['centres']:,} centres"),
    ]


def main() -> None:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for engine in DATABASES:
            if engine == "SQLite":
                print("SQLite …", file=sys.stderr, flush=True)
                results.append(("SQLite", measure(f"sqlite:///{tmp}/placement.sqlite3")))
                continue
            name = postgres_database()
            if name is None:
                print("PostgreSQL did not answer: skipped.", file=sys.stderr)
                continue
            try:
                print("PostgreSQL …", file=sys.stderr, flush=True)
                results.append(("PostgreSQL", measure(f"{PG_ADMIN}/{name}")))
            finally:
                drop(name)

    print(
        f"placement: {PEOPLE:,} selected participants, ~{COHORTS:,} cohorts of 16 seats at the demo "
        f"centres; each step in its own process ({os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at the end); naive sample {SAMPLE:,}"
    )
    header = f"{'database':<11} {'step':<26} {'seconds':>8} {'peak MB':>8}  notes"
    print(header)
    print("-" * len(header))
    for engine, r in results:
        for db, label, seconds, peak, notes in rows_of(engine, r):
            print(f"{db:<11} {label:<26} {seconds:>7.1f}s {peak:>8.0f}  {notes}")
    for engine, r in results:
        if engine == "PostgreSQL":
            seconds = r["allocate"]["seconds"]
            verdict = "met" if seconds < TARGET_S and PEOPLE >= 100_000 else "not met"
            if PEOPLE < 100_000:
                verdict = f"not measured at this size ({PEOPLE:,})"
            print(
                f"target: allocate --wave for 100,000 on PostgreSQL under {TARGET_S} s: {verdict} "
                f"({seconds:.1f} s for {PEOPLE:,})"
            )


if __name__ == "__main__":
    main()
