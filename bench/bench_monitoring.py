"""`make bench ONLY=monitoring`: the monitoring dashboard's numbers on PostgreSQL at national scale
(issue #21): BENCH_MONITORING_SIZE participants (default 1,000,000), as many enrolments and about
five events per enrolment, built by bench.monitoring_load (INSERT ... SELECT generate_series) in a
fresh database that is dropped at the end, also on failure.

Measured in the same run, as the national admin: the national funnel (every indicator's total) and
the province breakdown counted live from the event log and the milestones (the baseline: the
indicators' definitions, a COUNT per step), the refresh of the indicator summary, and the same
numbers read from the summary (p50/p95 over SUMMARY_REPEAT reads, also with filters and as a
province's officer), and the whole dashboard page. The two ways' counts must be equal. Target:
p95 of the summary read at most 300 ms."""

import json
import os
import subprocess
import sys

from bench.bench_reference import PG_ADMIN, ROOT, drop, postgres_database

SIZE = int(os.environ.get("BENCH_MONITORING_SIZE", "1000000"))
TARGET_MS = 300.0


def main() -> None:
    name = postgres_database()
    if name is None:
        print("monitoring: no PostgreSQL server answers; nothing measured")
        return
    url = f"{PG_ADMIN}/{name}"
    try:
        print(f"  monitoring: building {SIZE:,} participants …", file=sys.stderr, flush=True)
        built = _run(url, "build", str(SIZE))
        print(f"  built: {json.dumps(built)}", file=sys.stderr, flush=True)
        measured = _run(url, "measure")
    finally:
        drop(name)
    report(built, measured)


def report(built: dict, measured: dict) -> None:
    """The table, from the build's and the measurement's JSON lines."""
    counts, build = built["counts"], built["build_seconds"]
    print(
        f"monitoring: {counts['participants']:,} participants, {counts['enrolments']:,} enrolments, "
        f"{counts['events']:,} events, {counts['milestones']:,} milestones on PostgreSQL "
        f"(load average {os.getloadavg()[0]:.1f}); built in {sum(build.values()):.0f} s "
        f"({', '.join(f'{k} {v:g} s' for k, v in build.items())})"
    )
    print(
        f"{'national funnel + province breakdown':<52} {'n':>5} {'p50 ms':>10} {'p95 ms':>10} {'max ms':>10}"
    )
    rows = (
        ("baseline: counted live (COUNT per step)", measured["live"]),
        ("summary, national", measured["summary"]),
        ("summary, one wave + sex + age band", measured["summary_filtered"]),
        ("summary, a province's officer", measured["summary_region"]),
        (f"whole dashboard page (HTTP {measured['page_status']})", measured["page"]),
    )
    for label, row in rows:
        print(f"{label:<52} {row['n']:>5} {row['p50']:>10.1f} {row['p95']:>10.1f} {row['max']:>10.1f}")
    p95 = measured["summary"]["p95"]
    print(
        f"  summary refresh: {measured['refresh_seconds']:g} s, {measured['cells']:,} cells; "
        f"same counts as live: {'yes' if measured['same'] else 'NO'}; "
        f"speed-up at p95 {measured['live']['p95'] / max(p95, 0.001):.0f}x; "
        f"within {TARGET_MS:g} ms: {'yes' if p95 <= TARGET_MS else 'NO'}"
    )


def _run(url: str, *args: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench", "DEBUG": "False", "ALLOWED_HOSTS": "*"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.monitoring_load", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    tail = []
    for line in process.stderr:
        if line.startswith("  build "):
            print(line.rstrip(), file=sys.stderr, flush=True)
        tail = [*tail[-40:], line]
    stdout = process.stdout.read()
    if process.wait():
        raise RuntimeError(f"monitoring_load {' '.join(args)} failed:\n{''.join(tail)[-3000:]}")
    return json.loads(stdout.strip().splitlines()[-1])
