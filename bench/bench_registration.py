"""Registration throughput over HTTP on loopback: concurrent clients post distinct registrations to
`POST /api/v1/participants` served by gunicorn (2 sync workers) on a fresh PostgreSQL database.
The baseline, in the same run and served the same way: a bare Django view (registration_bare.py)
that parses the same body and inserts one row. Target: at least half the bare view's requests/s,
with no errors. Prints a table: the median of alternating rounds, and the CPU time per request of
the clients, the server's workers and PostgreSQL, to tell where the difference lies
(`python -m bench.registration_profile` breaks the API request down further)."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.bench_reference import PG_ADMIN, drop, postgres_database

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
WORKERS = 2
USERNAME = "bench_admin"
TARGET_RATIO = 0.5
STARTUP_S = 60
LOAD_TIMEOUT_S = 900
BARE_TABLE = (
    "CREATE TABLE bench_bare (id bigserial PRIMARY KEY, nik varchar(16) UNIQUE, full_name text, "
    "created timestamptz DEFAULT now())"
)
API = "API POST /api/v1/participants"
BARE = "bare view (one INSERT)"
TARGETS = {
    API: ("wirausaha.wsgi:application", "/api/v1/participants"),
    BARE: ("bench.registration_bare:application", "/bare"),
}
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
BATCH = int(os.environ.get("BENCH_WARM_UP", "100")) + int(os.environ.get("BENCH_REQUESTS", "3000"))
MAKE_USER = (
    "from wirausaha.accounts.models import Role; from wirausaha.testing import make_user; "
    f"make_user({USERNAME!r}, Role.NATIONAL_ADMIN)"
)


def django_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench",
        "DEBUG": "False",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_CONN_MAX_AGE": "60",
        # No collectstatic in a fresh clone: the error pages then find their stylesheet as in development.
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def psql(database: str, sql: str) -> None:
    subprocess.run(["psql", f"{PG_ADMIN}/{database}", "-qc", sql], capture_output=True, check=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(app: str, env: dict, log: Path) -> tuple[subprocess.Popen, int]:
    """gunicorn with WORKERS sync workers on a free loopback port, once it answers /api/v1/health."""
    port = free_port()
    command = [str(GUNICORN), "-w", str(WORKERS), "-k", "sync", "-b", f"127.0.0.1:{port}", app]
    with log.open("w") as log_file:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn {app} exited:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5) as reply:
                if reply.status == 200:
                    return server, port
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    stop(server)
    raise RuntimeError(f"gunicorn {app} did not answer within {STARTUP_S} s:\n{log.read_text()[-2000:]}")


def stop(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def measure(app: str, path: str, first: int, env: dict, token: str, database: str, log: Path) -> dict:
    """One load run against a fresh gunicorn serving `app`."""
    server = None
    try:
        server, port = start_gunicorn(app, env, log)
        done = subprocess.run(
            [sys.executable, "-m", "bench.registration_load", str(port), path, str(first), str(server.pid)],
            cwd=ROOT,
            env={**os.environ, "BENCH_TOKEN": token, "BENCH_DATABASE": database},
            capture_output=True,
            text=True,
            timeout=LOAD_TIMEOUT_S,
        )
        if done.returncode:
            raise RuntimeError(f"load against {app} failed:\n{done.stderr[-2000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        stop(server)


def main() -> None:
    name = postgres_database()
    if name is None:
        print(f"skipped: no PostgreSQL server answers at {PG_ADMIN}")
        return
    try:
        env = django_env(f"{PG_ADMIN}/{name}")
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "load_reference")
        psql(name, BARE_TABLE)
        manage(env, "shell", "-c", MAKE_USER)
        token = manage(env, "create_api_token", USERNAME).strip().splitlines()[-1]
        runs: dict[str, list[dict]] = {label: [] for label in TARGETS}
        with tempfile.TemporaryDirectory() as tmp:
            # Rounds alternate the targets, so that a busy moment on the machine does not fall
            # on one target only; each round's registrations are numbered apart from all others.
            for round_number in range(ROUNDS):
                for index, (label, (app, path)) in enumerate(TARGETS.items()):
                    first = (round_number * len(TARGETS) + index) * BATCH
                    # Fresh planner statistics, as autovacuum keeps them in production (a test
                    # server may run without it): plans made for the empty tables of the first
                    # round scan whole tables by the third.
                    psql(name, "ANALYZE")
                    bearer = token if label == API else ""
                    runs[label].append(measure(app, path, first, env, bearer, name, Path(tmp, "log")))
    finally:
        drop(name)

    # Each target's median round by requests/s; errors are counted over every round.
    median = {
        label: sorted(rows, key=lambda row: row["per_s"])[len(rows) // 2] for label, rows in runs.items()
    }
    errors = {
        label: sum(row["errors"] + row["warm_up_errors"] for row in rows) for label, rows in runs.items()
    }
    api, bare = median[API], median[BARE]
    ratio = api["per_s"] / bare["per_s"]
    print(
        f"registration over HTTP on loopback: gunicorn {WORKERS} sync workers, PostgreSQL, "
        f"{api['clients']} concurrent clients; median of {ROUNDS} alternating rounds "
        f"(errors: all rounds); CPU is per request, summed over processes"
    )
    print(
        f"{'target':<30} {'requests':>8} {'clients':>7} {'req/s':>6} {'(range)':>11} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'errors':>6} {'CPU ms: client':>14} {'server':>6} {'postgres':>8}"
    )
    for label, row in median.items():
        per_request = 1000 / row["requests"]
        rates = sorted(run["per_s"] for run in runs[label])
        spread = f"{rates[0]:.0f}-{rates[-1]:.0f}"
        print(
            f"{label:<30} {row['requests']:>8} {row['clients']:>7} {row['per_s']:>6.0f} {spread:>11} "
            f"{row['p50_ms']:>7.1f} {row['p99_ms']:>7.1f} {errors[label]:>6} "
            f"{row['client_cpu_s'] * per_request:>14.2f} {row['server_cpu_s'] * per_request:>6.2f} "
            f"{row['postgres_cpu_s'] * per_request:>8.2f}"
        )
    for label, rows in runs.items():
        if first_error := next((row["first_error"] for row in rows if row["first_error"]), ""):
            print(f"first error, {label}: {first_error}")
    held = ratio >= TARGET_RATIO and not any(errors.values())
    print(
        f"ratio API/bare: {ratio:.2f} (target: at least {TARGET_RATIO}, 0 errors): "
        f"{'holds' if held else 'does NOT hold'}"
    )
