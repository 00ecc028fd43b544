"""Builders of the operations tests: PostgreSQL only, fresh databases beside the test database."""

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")


def server_url(name: str) -> str:
    """A postgres:// URL for database `name` on the test database's server."""
    s = connection.settings_dict
    user = s.get("USER") or ""
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{name}"


def admin_connection():
    s = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        user=s.get("USER") or None,
        password=s.get("PASSWORD") or None,
        host=s.get("HOST") or "127.0.0.1",
        port=s.get("PORT") or 5432,
        autocommit=True,
    )


@contextlib.contextmanager
def fresh_database(suffix: str):
    """An empty database named after the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_{suffix}"[:63]
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*arguments: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    """`manage.py` in a process of its own, with these variables on top of the test run's."""
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "", **env},
        capture_output=True,
        text=True,
        check=check,
        timeout=600,
    )


def failed_task(task: str = "wirausaha.registry.tasks.run_import", error: str = "builtins.ValueError"):
    """A background task that failed, as django_tasks_db leaves one."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult, get_date_max

    return DBTaskResult.objects.create(
        status="FAILED",
        args_kwargs={"args": [1], "kwargs": {}},
        task_path=task,
        backend_name="default",
        run_after=get_date_max(),
        started_at=timezone.now(),
        finished_at=timezone.now(),
        exception_class_path=error,
        traceback="Traceback ...",
    )


def grow_failed_tasks(count: int) -> None:
    for _ in range(count):
        failed_task()
