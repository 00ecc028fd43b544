"""`make bench ONLY=notifications`: 100,000 notifications of one event (a wave's outcome, "selected")
through the outbox as a draw sends them (notifications.actions.notify_many: bulk_create, one
delivery task per 100 messages) delivered by 2 real task workers (`manage.py db_worker`) through
the SMS adapter to the fake SMS gateway on the loopback (notifications/fakegateway.py), which
answers every 100th request 503 and every 250th 429 (Retry-After: 1 s), so that retries happen.
Every recipient opted in to SMS and has their own number.

Measured per run: queueing time (notify + its task), delivery time and messages per second (from
the workers' start until no message is queued or sending), tries beyond the first, messages
failed, requests at the gateway, duplicates (requests repeating an idempotency key the gateway had
already taken: must be 0), and the peak memory (maximum RSS) of each worker.

Baselines in the same run, on the first BENCH_NOTIFICATIONS_BASELINE_COUNT (5,000) people (their
rate is what compares): (1) the one-by-one path (notify per person, one task and one claim per
message, a new connection per request), which every caller used before, at about 20 messages a
second; (2) the batched path with 1 worker. PostgreSQL (BENCH_PG_URL), a fresh database
dropped afterwards. `BENCH_NOTIFICATIONS_COUNT` (100000) changes the count.
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
COUNT = int(os.environ.get("BENCH_NOTIFICATIONS_COUNT", "100000"))
BASELINE_COUNT = min(COUNT, int(os.environ.get("BENCH_NOTIFICATIONS_BASELINE_COUNT", "5000")))
WORKERS = 2
FAIL_EVERY, LIMIT_EVERY = 100, 250


def psql(sql: str) -> bool:
    return subprocess.run(["psql", f"{PG_ADMIN}/postgres", "-qc", sql], capture_output=True).returncode == 0


def peak_rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run(database_url: str, label: str, gateway_url: str, *, count: int, workers: int, batched: bool) -> dict:
    """Queue `count` messages, deliver them with `workers` workers, measure."""
    from django.db import connection, transaction
    from django.db.models import Count, Q, Sum
    from django_tasks_db.models import DBTaskResult

    from wirausaha.accounts.models import User
    from wirausaha.notifications.actions import Letter, notify, notify_many
    from wirausaha.notifications.events import Event
    from wirausaha.notifications.models import Message

    Message.objects.all().delete()
    DBTaskResult.objects.all().delete()
    started = time.perf_counter()
    people = (
        User.objects.filter(username__startswith="bench").order_by("pk")[:count].iterator(chunk_size=2000)
    )
    params = {"wave": "BENCH-1"}
    batch = []
    for user in [*people, None]:
        if user is not None:
            batch.append(user)
        if len(batch) == 10000 or (user is None and batch):
            with transaction.atomic():
                if batched:  # as a draw tells its applicants (programs.actions.draw._notify_outcomes)
                    notify_many(Letter(person, event=Event.SELECTED, params=params) for person in batch)
                else:
                    for person in batch:
                        notify(person, event=Event.SELECTED, params=params)
            batch = []
    queue_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench",
        "DEBUG": "False",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SMS_GATEWAY_URL": gateway_url,
        "NOTIFICATION_RETRY_SECONDS": "1",
        "NOTIFICATION_MAX_ATTEMPTS": "5",
        "NOTIFICATION_PER_NUMBER_PER_MINUTE": "0",
        "LOG_LEVEL": "WARNING",
    }
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.05", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    peaks = [0.0] * workers
    open_statuses = Q(status__in=[Message.Status.QUEUED, Message.Status.SENDING])
    try:
        while True:
            time.sleep(0.5)
            peaks = [max(peak, peak_rss_mb(w.pid)) for peak, w in zip(peaks, processes, strict=True)]
            if not Message.objects.filter(open_statuses).exists():
                break
            if any(w.poll() is not None for w in processes):
                raise RuntimeError("a worker stopped")
        deliver_seconds = time.perf_counter() - started
    finally:
        for worker in processes:
            worker.send_signal(signal.SIGTERM)
        for worker in processes:
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
    totals = Message.objects.aggregate(
        sent=Count("pk", filter=Q(status=Message.Status.SENT)),
        failed=Count("pk", filter=Q(status=Message.Status.FAILED)),
        tries=Sum("attempts"),
    )
    return {
        "label": label,
        "count": count,
        "workers": workers,
        "queue_s": queue_seconds,
        "deliver_s": deliver_seconds,
        "sent": totals["sent"],
        "failed": totals["failed"],
        "retries": (totals["tries"] or 0) - totals["sent"] - totals["failed"],
        "peak_mb": max(peaks),
    }


def measure(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from wirausaha.accounts.models import Role, User
    from wirausaha.notifications.fakegateway import FakeGateway
    from wirausaha.notifications.models import ChannelConsent

    call_command("migrate", verbosity=0)
    users = User.objects.bulk_create(
        (
            User(username=f"bench{n:06d}", role=Role.PARTICIPANT, phone=f"+62812{n:08d}", password="!")
            for n in range(COUNT)
        ),
        batch_size=5000,
    )
    ChannelConsent.objects.bulk_create(
        (ChannelConsent(user=user, channel="sms", opted_in=True, source="registration") for user in users),
        batch_size=5000,
    )
    # One line of JSON per run, printed as soon as it is measured; each with its own gateway.
    runs = [
        ("batched (notify_many)", COUNT, WORKERS, True),
        ("batched (notify_many), 1 worker: baseline", BASELINE_COUNT, 1, True),
        ("one by one (notify, a task each): baseline", BASELINE_COUNT, WORKERS, False),
    ]
    for label, count, workers, batched in runs:
        with FakeGateway(fail_every=FAIL_EVERY, limit_every=LIMIT_EVERY, keep_bodies=False) as gateway:
            print(f"# {label}: gateway at {gateway.url} (GET /stats for its counts)", flush=True)
            result = run(
                database_url, label, gateway.url + "sms", count=count, workers=workers, batched=batched
            )
            result.update(gateway.stats())
        print(json.dumps(result), flush=True)


def main() -> None:
    if not psql("SELECT 1"):
        print("No PostgreSQL server answers at BENCH_PG_URL: skipped.")
        return
    name = f"wirausaha_bench_notif_{uuid.uuid4().hex[:8]}"
    psql(f"CREATE DATABASE {name}")
    lines = []
    try:
        with subprocess.Popen(
            [sys.executable, "-m", "bench.bench_notifications", "measure", f"{PG_ADMIN}/{name}"],
            cwd=ROOT,
            env={**os.environ, "SECRET_KEY": "bench", "DEBUG": "False"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as done:
            for line in done.stdout:  # each run's line as soon as it is measured
                print(line, end="", file=sys.stderr, flush=True)
                lines.append(line)
            error = done.stderr.read()
    finally:
        psql(f"DROP DATABASE IF EXISTS {name}")
    if done.returncode != 0:
        raise RuntimeError(error[-3000:])
    results = [json.loads(line) for line in lines if line.startswith("{")]
    print(
        f"Notifications of one event (selected) through the SMS adapter to the fake gateway, db_worker "
        f"processes, PostgreSQL; the gateway answers every {FAIL_EVERY}th request 503 and every "
        f"{LIMIT_EVERY}th 429. msg/s: messages sent per second of delivery."
    )
    header = (
        f"{'run':<44} {'workers':>7} {'queue s':>8} {'deliver s':>10} {'msg/s':>7} {'sent':>8} {'failed':>7} "
        f"{'retries':>8} {'requests':>9} {'dupl.':>6} {'peak MB/worker':>15}"
    )
    print(header)
    for r in results:
        requests = r.get("requests", "-")
        duplicates = r.get("repeats", "-")
        rate = r["sent"] / r["deliver_s"]
        print(
            f"{r['label']:<44} {r['workers']:>7} {r['queue_s']:>8.1f} {r['deliver_s']:>10.1f} {rate:>7.0f} "
            f"{r['sent']:>8,} {r['failed']:>7} {r['retries']:>8} {requests!s:>9} {duplicates!s:>6} "
            f"{r['peak_mb']:>15.0f}"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "measure":
        measure(sys.argv[2])
    else:
        main()
