"""`make bench ONLY=notifications`: 100,000 notifications of one event (a wave's outcome, "selected")
through the outbox (notifications.actions.notify, one task each) delivered by 2 real task workers
(`manage.py db_worker`) to the fake SMS gateway on the loopback (notifications/fakegateway.py),
which answers every 100th request 503 and every 250th 429 (Retry-After: 1 s), so that retries
happen. Every recipient opted in to SMS and has their own number.

Measured per run: queueing time (notify + its task), delivery time and messages per second (from
the workers' start until no message is queued or sending), tries beyond the first, messages
failed, requests at the gateway, duplicates (requests repeating an idempotency key the gateway had
already taken: must be 0), and the peak memory (maximum RSS) of each worker.

Baseline in the same run: the same messages through the same outbox and workers, with the SMS
channel writing to the log (no gateway URL: the laptop default), i.e. everything but the HTTP.
PostgreSQL (BENCH_PG_URL), a fresh database dropped afterwards. `BENCH_NOTIFICATIONS_COUNT`
(100000) changes the count.
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


def run(database_url: str, label: str, gateway_url: str) -> dict:
    """Queue COUNT messages, deliver them with WORKERS workers, measure."""
    from django.db import connection, transaction
    from django.db.models import Count, Q, Sum
    from django_tasks_db.models import DBTaskResult

    from wirausaha.accounts.models import User
    from wirausaha.notifications.actions import notify
    from wirausaha.notifications.events import Event
    from wirausaha.notifications.models import Message

    Message.objects.all().delete()
    DBTaskResult.objects.all().delete()
    started = time.perf_counter()
    users = User.objects.filter(username__startswith="bench").order_by("pk").iterator(chunk_size=2000)
    batch = []
    for user in users:
        batch.append(user)
        if len(batch) == 1000:
            with transaction.atomic():
                for person in batch:
                    notify(person, event=Event.SELECTED, params={"wave": "BENCH-1"})
            batch = []
    with transaction.atomic():
        for person in batch:
            notify(person, event=Event.SELECTED, params={"wave": "BENCH-1"})
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
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.05", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(WORKERS)
    ]
    peaks = [0.0] * WORKERS
    open_statuses = Q(status__in=[Message.Status.QUEUED, Message.Status.SENDING])
    try:
        while True:
            time.sleep(0.5)
            peaks = [max(peak, peak_rss_mb(w.pid)) for peak, w in zip(peaks, workers, strict=True)]
            if not Message.objects.filter(open_statuses).exists():
                break
            if any(w.poll() is not None for w in workers):
                raise RuntimeError("a worker stopped")
        deliver_seconds = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
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
        "count": COUNT,
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
    # One line of JSON per run, printed as soon as it is measured.
    print(json.dumps(run(database_url, "baseline: SMS channel to the log (no gateway)", "")), flush=True)
    with FakeGateway(fail_every=FAIL_EVERY, limit_every=LIMIT_EVERY, keep_bodies=False) as gateway:
        result = run(database_url, "SMS adapter to the fake gateway (HTTP)", gateway.url + "sms")
        result.update(gateway.stats())
    print(json.dumps(result), flush=True)


def main() -> None:
    if not psql("SELECT 1"):
        print("No PostgreSQL server answers at BENCH_PG_URL: skipped.")
        return
    name = f"wirausaha_bench_notif_{uuid.uuid4().hex[:8]}"
    psql(f"CREATE DATABASE {name}")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_notifications", "measure", f"{PG_ADMIN}/{name}"],
            cwd=ROOT,
            env={**os.environ, "SECRET_KEY": "bench", "DEBUG": "False"},
            capture_output=True,
            text=True,
        )
    finally:
        psql(f"DROP DATABASE IF EXISTS {name}")
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    print(
        f"{COUNT:,} notifications of one event (selected), {WORKERS} db_worker processes, PostgreSQL; "
        f"the gateway answers every {FAIL_EVERY}th request 503 and every {LIMIT_EVERY}th 429."
    )
    header = (
        f"{'run':<46} {'queue s':>8} {'deliver s':>10} {'msg/s':>7} {'sent':>8} {'failed':>7} "
        f"{'retries':>8} {'requests':>9} {'dupl.':>6} {'peak MB/worker':>15}"
    )
    print(header)
    for r in results:
        requests = r.get("requests", "-")
        duplicates = r.get("repeats", "-")
        rate = r["sent"] / r["deliver_s"]
        print(
            f"{r['label']:<46} {r['queue_s']:>8.1f} {r['deliver_s']:>10.1f} {rate:>7.0f} "
            f"{r['sent']:>8,} {r['failed']:>7} {r['retries']:>8} {requests!s:>9} {duplicates!s:>6} "
            f"{r['peak_mb']:>15.0f}"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "measure":
        measure(sys.argv[2])
    else:
        main()
