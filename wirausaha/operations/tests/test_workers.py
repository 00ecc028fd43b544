"""Two task workers on one PostgreSQL database never run one task twice: django_tasks_db claims a
task with SELECT ... FOR UPDATE SKIP LOCKED inside a transaction. 2,000 tasks through two
`task_worker` processes, one of them killed (SIGKILL) half-way."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter

import psycopg
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from .support import ROOT, require_postgresql, server_url

pytestmark = pytest.mark.django_db
TASKS = 2000
TASK_PATH = "wirausaha.operations.tasks.record_run"


def test_the_claim_locks_the_row_and_skips_rows_locked_by_another_worker():
    require_postgresql()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        DBTaskResult.objects.ready().get_locked()
    assert any("FOR UPDATE SKIP LOCKED" in query["sql"] for query in queries.captured_queries)


def own_connection():
    return psycopg.connect(
        server_url(connection.settings_dict["NAME"]).replace("postgres://", "postgresql://"), autocommit=True
    )


def worker(env: dict, name: str, log) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "task_worker", "--no-reload", "--interval", "0.05"]
    return subprocess.Popen(
        [*command, "--no-startup-delay", "--worker-id", name, "-v", "0"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def test_two_workers_run_each_of_2000_tasks_exactly_once_even_when_one_is_killed(tmp_path):
    require_postgresql()
    trace = tmp_path / "runs.txt"
    table = DBTaskResult._meta.db_table
    now, never = timezone.now(), get_date_max()
    rows = [
        (uuid.uuid4(), json.dumps({"args": [n, str(trace)], "kwargs": {}}), never, now) for n in range(TASKS)
    ]
    env = {
        **os.environ,
        "DEBUG": "",
        "DATABASE_URL": server_url(connection.settings_dict["NAME"]),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LOG_LEVEL": "WARNING",
    }
    with own_connection() as own:
        with own.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (id, status, args_kwargs, priority, task_path, queue_name, "
                "backend_name, run_after, enqueued_at, exception_class_path, traceback, worker_ids) VALUES "
                f"(%s, 'READY', %s, 0, '{TASK_PATH}', 'default', 'default', %s, %s, '', '', '[]')",
                rows,
            )
        log = open(tmp_path / "workers.log", "wb")  # noqa: SIM115 (the processes keep it)
        first, second = worker(env, "first", log), worker(env, "second", log)
        try:
            # Kill the first worker without warning once a quarter of the tasks have run.
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and _lines(trace) < TASKS // 4:
                time.sleep(0.05)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
            while time.monotonic() < deadline:
                waiting = own.execute(
                    f"SELECT count(*) FROM {table} WHERE task_path = %s AND status = 'READY'", [TASK_PATH]
                ).fetchone()[0]
                if not waiting:
                    break
                time.sleep(0.2)
            time.sleep(1)  # the last claimed task finishes
        finally:
            for process in (first, second):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
                    process.wait(timeout=30)
            log.close()
        states = own.execute(
            f"SELECT status, worker_ids::text, (args_kwargs->'args'->>0)::int FROM {table} "
            "WHERE task_path = %s",
            [TASK_PATH],
        ).fetchall()
        own.execute(f"DELETE FROM {table} WHERE task_path = %s", [TASK_PATH])
        own.execute("DELETE FROM operations_workerheartbeat WHERE worker_id IN ('first', 'second')")

    runs = Counter(int(line.split()[0]) for line in trace.read_text().splitlines())
    assert not [n for n, times in runs.items() if times > 1], "a task ran twice"
    status = Counter(state for state, _ids, _n in states)
    # Each task was claimed by one worker only, and every task the killed worker had not claimed
    # was run by the other: all succeeded but at most the one the first was running when killed.
    assert all(len(json.loads(ids)) <= 1 for _state, ids, _n in states)
    assert status["SUCCESSFUL"] >= TASKS - 1 and status["READY"] == 0, status
    assert {n for state, _ids, n in states if state == "SUCCESSFUL"} <= set(runs)
    interrupted = [(ids, n) for state, ids, n in states if state == "RUNNING"]
    assert all(json.loads(ids) == ["first"] for ids, _n in interrupted)
    # Every task ran once; only the one the killed worker was running may have left no trace.
    assert set(range(TASKS)) - set(runs) <= {n for _ids, n in interrupted}
    by_worker = Counter(json.loads(ids)[0] for _state, ids, _n in states)
    assert by_worker["first"] > 0 and by_worker["second"] > 0 and by_worker.total() == TASKS, by_worker


def _lines(path) -> int:
    try:
        return path.read_text().count("\n")
    except FileNotFoundError:
        return 0
