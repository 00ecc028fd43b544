"""`make bench`: each benchmark on SQLite and, when PostgreSQL answers, on a fresh PostgreSQL
database; the baseline is measured in the same run. Prints a table."""

import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def run(module: str, step: str, database_url: str, env: dict | None = None) -> dict:
    """`python -m module step` in its own process on `database_url` (so that its peak memory is its
    own), with `env` added; returns the JSON object it prints last. A failure shows its stderr."""
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench", "DEBUG": "False", **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", module, step], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"{module} {step} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_steps(module: str, steps, database_url: str, env: dict | None = None) -> dict:
    """Each step of `module` in turn (see run), its result printed to stderr as it comes."""
    results = {}
    for step in steps:
        results[step] = run(module, step, database_url, env)
        print(f"  {step}: {json.dumps(results[step])}", file=sys.stderr, flush=True)
    return results


def postgres_database():
    """A fresh database, or None when no PostgreSQL server answers."""
    name = f"wirausaha_bench_{uuid.uuid4().hex[:8]}"
    created = subprocess.run(
        ["psql", f"{PG_ADMIN}/postgres", "-qc", f"CREATE DATABASE {name}"], capture_output=True, text=True
    )
    return name if created.returncode == 0 else None


def drop(name: str) -> None:
    drop_sql = f"DROP DATABASE IF EXISTS {name}"
    subprocess.run(["psql", f"{PG_ADMIN}/postgres", "-qc", drop_sql], capture_output=True)


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        databases = {"SQLite": lambda mode: f"sqlite:///{tmp}/{mode}.sqlite3"}
        made = []

        def pg(mode: str) -> str:
            name = postgres_database()
            made.append(name)
            return f"{PG_ADMIN}/{name}"

        if (probe := postgres_database()) is not None:
            drop(probe)
            databases["PostgreSQL"] = pg
        try:
            for engine, url in databases.items():
                bulk = run("bench.reference_load", "bulk", url("bulk"))
                naive = run("bench.reference_load", "naive", url("naive"))
                rows.append((engine, bulk, naive))
        finally:
            for name in made:
                if name:
                    drop(name)

    print("load_reference: 91,599 regions + 2,707 KBLI rows (target: under 30 s on SQLite)")
    print(
        f"{'database':<11} {'bulk load':>10} {'second run':>11} {'peak MB':>8} "
        f"{'naive loop, 10k rows':>21} {'naive, all rows (est.)':>23} {'speed-up':>9}"
    )
    for engine, bulk, naive in rows:
        speedup = naive["extrapolated_s"] / bulk["first_run_s"]
        print(
            f"{engine:<11} {bulk['first_run_s']:>9.1f}s {bulk['second_run_s']:>10.1f}s "
            f"{bulk['peak_mb']:>8.0f} "
            f"{naive['sample_s']:>20.1f}s {naive['extrapolated_s']:>22.0f}s {speedup:>8.0f}x"
        )


if __name__ == "__main__":
    main()
