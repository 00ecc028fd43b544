"""Registration throughput as gunicorn's sync workers grow: 2, 4 and 8 workers serving
`POST /api/v1/participants` on one fresh PostgreSQL database, the load from
bench/registration_load.py (BENCH_CLIENTS concurrent clients, default 16). Baseline, in the same
run: the bare view (one INSERT, bench/registration_bare.py) with 2 workers. The CPU columns say
where the ceiling is: when the machine's cores are all busy (clients + workers + PostgreSQL),
more workers add only queueing, so requests/s flattens while p99 grows."""

import os
import tempfile
from pathlib import Path

from bench import bench_registration as registration
from bench.bench_reference import PG_ADMIN, drop, postgres_database

COUNTS = [int(n) for n in os.environ.get("BENCH_WORKERS", "2,4,8").split(",")]
# Eight workers each load Django: on a small, busy machine that takes longer than one minute.
STARTUP_S = int(os.environ.get("BENCH_STARTUP_S", "300"))


def main() -> None:
    name = postgres_database()
    if name is None:
        print(f"skipped: no PostgreSQL server answers at {PG_ADMIN}")
        return
    rows = []
    try:
        env = registration.django_env(f"{PG_ADMIN}/{name}")
        # gunicorn kills a worker silent for --timeout seconds (30) even while it is still loading
        # Django: eight at once on a busy machine take longer than that.
        env["GUNICORN_CMD_ARGS"] = f"--timeout {STARTUP_S}"
        registration.manage(env, "migrate", "--verbosity", "0")
        registration.manage(env, "load_reference")
        registration.psql(name, registration.BARE_TABLE)
        registration.manage(env, "shell", "-c", registration.MAKE_USER)
        token = registration.manage(env, "create_api_token", registration.USERNAME).strip().splitlines()[-1]
        runs = [("bare view, 2 workers (baseline)", 2, registration.BARE, "")]
        runs += [(f"API, {n} workers", n, registration.API, token) for n in COUNTS]
        with tempfile.TemporaryDirectory() as tmp:
            for index, (label, workers, target, bearer) in enumerate(runs):
                app, path = registration.TARGETS[target]
                registration.WORKERS = workers  # read by start_gunicorn
                registration.STARTUP_S = STARTUP_S
                registration.psql(name, "ANALYZE")
                first = index * registration.BATCH
                result = registration.measure(app, path, first, env, bearer, name, Path(tmp, "log"))
                rows.append((label, workers, result))
    finally:
        drop(name)
    cores = os.cpu_count()
    print(f"registration throughput by gunicorn sync workers, PostgreSQL on this machine ({cores} cores)")
    print(
        f"{'target':<32} {'workers':>7} {'clients':>7} {'req/s':>6} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'CPU ms: client':>14} {'server':>6} {'postgres':>8}"
    )
    for label, workers, row in rows:
        per_request = 1000 / row["requests"]
        print(
            f"{label:<32} {workers:>7} {row['clients']:>7} {row['per_s']:>6.0f} {row['p50_ms']:>7.1f} "
            f"{row['p99_ms']:>7.1f} {row['errors'] + row['warm_up_errors']:>6} "
            f"{row['client_cpu_s'] * per_request:>14.2f} {row['server_cpu_s'] * per_request:>6.2f} "
            f"{row['postgres_cpu_s'] * per_request:>8.2f}"
        )
