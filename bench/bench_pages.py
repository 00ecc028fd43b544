"""`make bench ONLY=pages`: every list page and API list at national scale (issue #17). For each
size (BENCH_SIZES, default 10,000 and 1,000,000 participants) a fresh PostgreSQL database is built
(bench.pages_data: COPY and INSERT ... SELECT, then ANALYZE), served by gunicorn with 2 sync
workers, and each role's pages are requested one after another by bench.pages_load; the table puts
each page's p50/p95/p99 at the smallest and the largest size side by side, with the growth of p95
and whether the page is within target (p95 at most 200 ms at the largest size, growing at most
2x). The largest database is kept for a mixed load of 50 clients for 60 s (officers' pages and
registrations) and for the query plans of the three slowest pages (BENCH_EXPLAIN=0 skips them).
Every database is dropped at the end, also on failure. The smaller size is the baseline, measured
in the same run. BENCH_PAGES=part,part measures only the pages whose label contains one of the
parts (bench.pages_load). A deep API page is measured both by page number (which still skips the
rows before it in the index) and by cursor, the page after it by its `next_cursor` (the keyset
equivalent, which costs what the first page costs)."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_reference import PG_ADMIN, drop, postgres_database
from bench.bench_registration import ROOT, django_env, manage, start_gunicorn, stop

SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "10000,1000000").split(",") if size.strip()]
TARGET_MS, TARGET_GROWTH = 200.0, 2.0
BUILD_TIMEOUT_S, LOAD_TIMEOUT_S = 1800, 1800
EXPLAIN = os.environ.get("BENCH_EXPLAIN", "1") != "0"
SLOWEST = 3


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return f"{n:,}"


def build(env: dict, n: int, facts_path: Path) -> dict:
    """bench.pages_data in its own process; its progress lines are shown as they come."""
    command = [sys.executable, "-m", "bench.pages_data", str(n)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    tail: list[str] = []
    for line in process.stderr:
        if line.startswith("  build "):
            print(f"  {size_label(n)}: {line.strip()}", file=sys.stderr, flush=True)
        tail = [*tail[-60:], line]
    stdout = process.stdout.read()
    if process.wait(timeout=BUILD_TIMEOUT_S):
        raise RuntimeError(f"building {n} participants failed:\n{''.join(tail)[-3000:]}")
    facts_path.write_text(stdout.strip().splitlines()[-1])
    return json.loads(facts_path.read_text())


def load(env: dict, facts_path: Path, log: Path, mode: str = "") -> dict:
    """A fresh gunicorn (2 sync workers) on the database, and bench.pages_load against it."""
    server = None
    # The code served is the checkout's, which may have gained a migration since the build (others
    # work in it too): apply it, or the server's health check refuses to start.
    manage(env, "migrate", "--verbosity", "0")
    try:
        server, port = start_gunicorn("wirausaha.wsgi:application", env, log)
        command = [
            sys.executable,
            "-m",
            "bench.pages_load",
            str(port),
            str(facts_path),
            *([mode] if mode else []),
        ]
        done = subprocess.run(
            command, cwd=ROOT, env=os.environ, stdout=subprocess.PIPE, text=True, timeout=LOAD_TIMEOUT_S
        )
        if done.returncode:
            raise RuntimeError(f"pages_load {mode} failed (exit {done.returncode}); see the lines above")
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        stop(server)


def explain(env: dict, facts_path: Path, pages: list, tmp: Path) -> list[dict]:
    pages_path = tmp / "slowest.json"
    pages_path.write_text(json.dumps(pages))
    done = subprocess.run(
        [sys.executable, "-m", "bench.pages_explain", str(facts_path), str(pages_path)],
        cwd=ROOT,
        env={**env, "DATABASE_PREPARED_STATEMENTS": "False"},
        capture_output=True,
        text=True,
        timeout=LOAD_TIMEOUT_S,
    )
    if done.returncode:
        print(f"query plans not captured:\n{done.stderr[-2000:]}", file=sys.stderr)
        return []
    return json.loads(done.stdout.strip().splitlines()[-1])


def _cell(row: dict | None) -> str:
    if row is None:
        return "-"
    return f"{row['p50_ms']:.0f}/{row['p95_ms']:.0f}/{row['p99_ms']:.0f}"


def _size(row: dict | None) -> str:
    return "-" if row is None or "bytes" not in row else f"{row['bytes'] / 1024:.0f}"


def _errors(row: dict | None) -> int:
    return 0 if row is None else sum(count for status, count in row["statuses"].items() if status != "200")


def verdict(small: dict | None, large: dict) -> tuple[str, str]:
    """The growth of p95 from the smallest size to the largest, and whether the page is in target."""
    if _errors(large) or (small is not None and _errors(small)):
        return "-", "ERRORS"
    growth = large["p95_ms"] / small["p95_ms"] if small is not None and small["p95_ms"] > 0 else None
    within = large["p95_ms"] <= TARGET_MS and (growth is None or growth <= TARGET_GROWTH)
    return ("-" if growth is None else f"{growth:.1f}x"), ("yes" if within else "NO")


def report(sizes: list[int], results: dict[int, list[dict]], facts: dict[int, dict]) -> None:
    """The table: each page at the smallest and the largest size, its growth and its verdict."""
    small, large = sizes[0], sizes[-1]
    by_page = {(row["role"], row["page"]): row for row in results[small]}
    requests = os.environ.get("BENCH_REQUESTS", "30")
    print(
        "Pages and API lists over HTTP: gunicorn 2 sync workers, PostgreSQL; one client, requests one after "
        f"another; p50/p95/p99 in ms over {requests} timed requests after warm-up (at least 5 for a page "
        f"slower than {TARGET_MS:.0f} ms). Target: p95 <= {TARGET_MS:.0f} ms at {size_label(large)} "
        f"participants, growing at most {TARGET_GROWTH:.0f}x from {size_label(small)}."
    )
    print(
        "  roles: national admin; province office (32 Jawa Barat); regency office (32.16 Kabupaten Bekasi); "
        f"centre operator ({facts[large]['operator_centre']}); participant (in 32.16, graduated, "
        "with a class, its sessions and a certificate)"
    )
    for n in sizes:
        f, rows = facts[n], facts[n]["rows"]
        print(
            f"  {size_label(n)}: built in {f['build_s']:.0f} s; {rows.get('registry_participant', n):,} "
            f"participants ({f['pending']:,} pending, {f['flagged']:,} flagged NIKs, "
            f"{f['duplicate_pairs']:,} duplicate pairs), {rows.get('programs_enrolment', 0):,} enrolments, "
            f"{rows.get('centres_cohort', 0):,} classes, {rows.get('training_attendance', 0):,} attendance "
            f"marks, {rows.get('common_auditevent', 0):,} audit events"
        )
    head_small, head_large = f"p50/p95/p99 {size_label(small)}", f"p50/p95/p99 {size_label(large)}"
    print(
        "  KB: the size of each answer at both sizes; a page that grows more than 2x while its answer "
        f"grows too was not full at {size_label(small)} (a regency's share of a wave, a page past the end)"
    )
    print(
        f"{'role':<16} {'page':<44} {head_small:>18} {head_large:>18} {'KB':>9} {'growth':>7} "
        f"{'within target':>13}"
    )
    within = 0
    for row in results[large]:
        before = by_page.get((row["role"], row["page"])) if small != large else None
        growth, ok = verdict(before, row)
        within += ok == "yes"
        sizes_kb = f"{_size(before)}/{_size(row)}"
        print(
            f"{row['role']:<16} {row['page']:<44} {_cell(before):>18} {_cell(row):>18} {sizes_kb:>9} "
            f"{growth:>7} {ok:>13}"
        )
    print(f"within target: {within} of {len(results[large])} pages")
    for n in sizes:
        for row in results[n]:
            if row["first_error"]:
                print(f"  error at {size_label(n)}, {row['role']} {row['page']}: {row['first_error']}")


def report_mixed(mixed: dict, n: int) -> None:
    pages, posts = mixed["pages"], mixed["registrations"]
    print(
        f"\nmixed load on {size_label(n)} participants, gunicorn 2 sync workers: {mixed['clients']} clients "
        f"for {mixed['seconds']:.0f} s, {mixed['requests']:,} requests ({pages['requests']:,} officers' "
        f"pages, {posts['requests']:,} registrations), {mixed['per_s']:.1f} req/s; p50/p95/p99 "
        f"{_cell(mixed['all'])} ms (pages {_cell(pages)}, registrations {_cell(posts)}); "
        f"errors: {mixed['errors']} (target 0)"
    )
    if mixed["first_error"]:
        print(f"  first error: {mixed['first_error']}")


def report_plans(plans: list[dict]) -> None:
    for plan in plans:
        print(
            f"\nslow page: {plan['role']} {plan['page']} (HTTP {plan['status']}): {plan['queries']} queries, "
            f"{plan['db_ms']} ms in the database; the slowest, {plan.get('slowest_ms', '-')} ms:"
        )
        if "sql" in plan:
            sql = plan["sql"]
            print(f"  {sql[:1500]}{' ...' if len(sql) > 1500 else ''}")
            print("  " + plan["plan"].replace("\n", "\n  "))


def main() -> None:
    started = time.monotonic()
    if (probe := postgres_database()) is None:
        print(f"skipped: no PostgreSQL server answers at {PG_ADMIN}")
        return
    drop(probe)
    sizes = sorted(set(SIZES))
    results, facts, made = {}, {}, []
    mixed, plans, failure = None, [], ""
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        try:
            for n in sizes:
                name = postgres_database()
                made.append(name)
                env = django_env(f"{PG_ADMIN}/{name}")
                facts_path = tmp / f"facts-{n}.json"
                facts[n] = build(env, n, facts_path)
                print(f"  {size_label(n)}: requesting the pages", file=sys.stderr, flush=True)
                results[n] = load(env, facts_path, tmp / f"gunicorn-{n}.log")["results"]
                if n != sizes[-1]:
                    drop(name)
                    made.remove(name)
            # The table is printed even when the mixed load or the plans fail.
            try:
                print(f"  {size_label(sizes[-1])}: mixed load", file=sys.stderr, flush=True)
                mixed = load(env, facts_path, tmp / "gunicorn-mixed.log", "mixed")
                if EXPLAIN:
                    slowest = sorted(results[sizes[-1]], key=lambda row: -row["p95_ms"])[:SLOWEST]
                    pages = [[row["role"], row["page"], row["path"]] for row in slowest]
                    plans = explain(env, facts_path, pages, tmp)
            except (RuntimeError, subprocess.SubprocessError, OSError, ValueError) as error:
                failure = f"{type(error).__name__}: {str(error)[-2000:]}"
        finally:
            for name in made:
                drop(name)
    report(sizes, results, facts)
    if mixed is not None:
        report_mixed(mixed, sizes[-1])
    if failure:
        print(f"\nmixed load or query plans failed: {failure}")
    report_plans(plans)
    print(f"\nbench_pages took {(time.monotonic() - started) / 60:.1f} min")
