"""Where a registration request spends its time, for bench_registration's report:
`python -m bench.registration_profile` prepares a fresh PostgreSQL database as the benchmark
does, then, in one process through Django's test client (no HTTP, no gunicorn), times the API
request as it is, with its rows written one by one instead of by one statement, and with no writes
at all (each by patching in this process only; the app's code is not changed), and the bare view.
`--cprofile` adds the top functions."""

import contextlib
import os
import subprocess
import sys
import time

from bench.bench_reference import PG_ADMIN, drop, postgres_database
from bench.bench_registration import BARE_TABLE, MAKE_USER, USERNAME, django_env, manage, psql

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
ROUNDS = 3
SAMPLE = 20
WARM_UP = 100


@contextlib.contextmanager
def one_by_one():
    """The participant, its history row and the audit event written by three INSERTs in a
    transaction, as on SQLite, instead of one statement (registry/store.py)."""
    from wirausaha.registry import actions, store

    originals = actions.in_one_statement, store.in_one_statement
    actions.in_one_statement = store.in_one_statement = lambda using="default": False
    try:
        yield
    finally:
        actions.in_one_statement, store.in_one_statement = originals


@contextlib.contextmanager
def no_writes():
    """The view registers no one: it answers with a participant stored before (one of the last
    registered, so that the domicile is not cached on it)."""
    from wirausaha.registry import api
    from wirausaha.registry.models import Participant

    stored = iter(list(Participant.objects.order_by("-pk")[: REQUESTS + SAMPLE]))
    original = api.register_participant
    api.register_participant = lambda **kwargs: next(stored)
    try:
        yield
    finally:
        api.register_participant = original


BARE = "bare view (one INSERT)"
VARIANTS = {
    "API as it is": contextlib.nullcontext,
    "  rows written one by one (BEGIN, 3 INSERTs, COMMIT)": one_by_one,
    "  no writes (answers a stored participant)": no_writes,
}


def measure(cprofile: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from bench.registration_load import payloads

    bodies = iter(payloads(0, WARM_UP + 1 + (REQUESTS + SAMPLE) * (ROUNDS * (len(VARIANTS) + 1) + 1)))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {os.environ['BENCH_TOKEN']}", HTTP_HOST="127.0.0.1")

    def post(path: str) -> None:
        response = client.post(path, data=next(bodies), content_type="application/json")
        if response.status_code != 201:
            raise RuntimeError(f"{path}: HTTP {response.status_code} {response.content[:500]!r}")

    def statements(path: str) -> float:
        """Statements per request, on average over a few requests."""
        with CaptureQueriesContext(connection) as queries:
            for _ in range(SAMPLE):
                post(path)
        return len(queries.captured_queries) / SAMPLE

    def timed(path: str) -> tuple[float, float]:
        """CPU and wall milliseconds per request."""
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(REQUESTS):
            post(path)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        return 1000 * cpu / REQUESTS, 1000 * wall / REQUESTS

    for _ in range(WARM_UP):
        post("/api/v1/participants")
    with CaptureQueriesContext(connection) as queries:
        post("/api/v1/participants")
    print(f"one API request, {len(queries.captured_queries)} statements, each a round trip:")
    for query in queries.captured_queries:
        print(f"  {query['sql'][:100]}")
    # Variants alternate over the rounds; the best round of each is shown, as the least disturbed
    # by other work on the machine.
    results: dict[str, list[tuple[float, float]]] = {label: [] for label in [*VARIANTS, BARE]}
    counts = {}
    for _ in range(ROUNDS):
        for label, variant in VARIANTS.items():
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would (see bench_registration)
            with variant():
                results[label].append(timed("/api/v1/participants"))
                counts[label] = statements("/api/v1/participants")
        with override_settings(ROOT_URLCONF="bench.registration_bare"):
            results[BARE].append(timed("/bare"))
            counts[BARE] = statements("/bare")
    print(f"\nin one process through the test client: best of {ROUNDS} rounds of {REQUESTS} requests")
    print(f"{'':<54} {'statements':>10} {'CPU ms/req':>11} {'wall ms/req':>12}")
    for label, rounds in results.items():
        cpu, wall = min(cpu for cpu, _ in rounds), min(wall for _, wall in rounds)
        print(f"{label:<54} {counts[label]:>10.1f} {cpu:>11.2f} {wall:>12.2f}")
    from wirausaha.registry.models import Participant

    print(
        f"registrations waiting for the duplicate check (scan_duplicates --pending): "
        f"{Participant.objects.filter(duplicates_checked_at__isnull=True).count()} of "
        f"{Participant.objects.count()}"
    )

    if cprofile:
        import cProfile
        import pstats

        profile = cProfile.Profile(time.process_time)
        profile.runcall(lambda: [post("/api/v1/participants") for _ in range(REQUESTS)])
        pstats.Stats(profile).sort_stats(os.environ.get("BENCH_PROFILE_SORT", "cumulative")).print_stats(45)


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
        arguments = [sys.executable, "-m", "bench.registration_profile", "measure", *sys.argv[1:]]
        done = subprocess.run(arguments, cwd=ROOT, env={**env, "BENCH_TOKEN": token}, text=True)
        if done.returncode:
            raise RuntimeError("the measurement failed (its error is above)")
    finally:
        drop(name)


if __name__ == "__main__":
    if sys.argv[1:2] == ["measure"]:
        measure(cprofile="--cprofile" in sys.argv)
    else:
        main()
