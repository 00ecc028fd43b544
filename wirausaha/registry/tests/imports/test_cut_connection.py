"""Fault test (issue #25): the database connection of a real server process (gunicorn, one worker)
is cut (`pg_terminate_backend`) while a request writes: a labour-office officer's import, applied
inline in the request. The request answers at once (no hang) with the job failed and a plain
reason, nothing of the file is in the registry, and the next requests to the same server succeed:
Django drops the broken connection and opens a new one. An idle connection cut between two
requests is replaced too (CONN_MAX_AGE keeps it, CONN_HEALTH_CHECKS tests it before reuse).

To cut the request in the middle of its writes, and never before them, the test holds a lock that
the import's last write (its audit event) waits for: every participant and history row of the file
is written, uncommitted, when the connection is cut.

PostgreSQL only: the cut is pg_terminate_backend, and the waiting write is found in
pg_stat_activity."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from wirausaha.accounts.models import Role
from wirausaha.common.models import AuditEvent
from wirausaha.registry.models import ImportJob, Participant
from wirausaha.registry.tests.imports.support import csv_bytes, row
from wirausaha.testing import make_user

ROOT = Path(django_settings.BASE_DIR)
ROWS = 1_500  # under INLINE_ROWS: applied in the request

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: the server's connection is cut with pg_terminate_backend.",
    ),
    pytest.mark.django_db(transaction=True),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        f"/{database['NAME']}"
    )


def start_server(tmp_path: Path, port: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        # The test's own key: the session it logged in with is signed with it.
        "SECRET_KEY": django_settings.SECRET_KEY,
        "DEBUG": "False",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "MEDIA_ROOT": str(tmp_path),
        "VAR_DIR": str(tmp_path),
        "GUNICORN_ACCESS_LOG": "",
    }
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "wirausaha.wsgi",
            "-c",
            "gunicorn.conf.py",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def server_backends(condition: str = "TRUE") -> list[int]:
    """The server's sessions (every client backend but the test's own and the lock holder's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend' "
            f"AND application_name <> 'lock-holder' AND ({condition})"
        )
        return [pid for (pid,) in cursor.fetchall()]


def terminate(pids: list[int]) -> None:
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)
    return value


def test_a_connection_cut_while_an_import_writes_fails_the_job_and_the_server_goes_on(
    reference_regions, tmp_path, settings
):
    officer = make_user("bekasi", Role.REGENCY_OFFICER, region="32.16")
    client = Client()
    client.force_login(officer)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(tmp_path, port)
    browser = requests.Session()
    browser.cookies.set(
        django_settings.SESSION_COOKIE_NAME, client.cookies[django_settings.SESSION_COOKIE_NAME].value
    )
    holder = psycopg.connect(
        database_url().replace("postgres://", "postgresql://"), application_name="lock-holder"
    )
    try:
        form = wait_for(lambda: _get(browser, f"{base}/peserta/impor/"), 30, "the server")
        assert form.status_code == 200, form.status_code
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        events = AuditEvent.objects.count()

        # The import's audit event, written after all its rows, waits for this lock.
        holder.execute(f"LOCK TABLE {AuditEvent._meta.db_table} IN EXCLUSIVE MODE")
        data = csv_bytes(*(row(serial) for serial in range(1, ROWS + 1)))
        started = time.monotonic()
        pending = _post_in_background(
            browser, f"{base}/peserta/impor/", token, data, headers={"Referer": f"{base}/peserta/impor/"}
        )
        waiting = wait_for(
            lambda: server_backends("wait_event_type = 'Lock' AND xact_start IS NOT NULL"),
            60,
            "the import's last write waiting for the lock",
        )
        terminate(waiting)
        holder.rollback()
        response = pending.result(timeout=60)
        print(f"request answered {time.monotonic() - started:.1f}s after it was sent")

        # A clear answer, no hang: the job page, the job failed with a plain reason.
        assert response.status_code == 302, response.status_code
        job = ImportJob.objects.get()
        assert response.headers["Location"] == f"/peserta/impor/{job.pk}/"
        assert job.status == ImportJob.Status.FAILED
        assert "nothing was written" in job.failure or "tidak ada data yang disimpan" in job.failure.lower()
        # Nothing half-written: not one participant, history row or audit event of the file.
        assert not Participant.objects.exists()
        assert not Participant.history.exists()
        assert AuditEvent.objects.count() == events

        # The next requests to the same server succeed, on a new connection.
        page = browser.get(f"{base}/peserta/impor/{job.pk}/", allow_redirects=False, timeout=30)
        assert page.status_code == 200, page.status_code
        assert browser.get(f"{base}/peserta/impor/", timeout=30).status_code == 200
        # An idle connection cut between requests is not reused: the health check replaces it.
        idle = server_backends("state = 'idle'")
        assert idle, "the server keeps its connection between requests (CONN_MAX_AGE)"
        terminate(idle)
        wait_for(lambda: not server_backends(f"pid IN ({', '.join(map(str, idle))})"), 10, "the cut")
        assert browser.get(f"{base}/peserta/impor/{job.pk}/", timeout=30).status_code == 200

        # And the file, applied again, is written whole.
        again = browser.post(
            f"{base}/peserta/impor/{job.pk}/terapkan/",
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": f"{base}/peserta/impor/"},
            allow_redirects=False,
            timeout=60,
        )
        assert again.status_code == 302, again.status_code
        job.refresh_from_db()
        assert (job.status, job.created) == (ImportJob.Status.APPLIED, ROWS)
        assert Participant.objects.count() == ROWS
    finally:
        holder.close()
        server.terminate()
        server.wait(timeout=20)


def _get(browser: requests.Session, url: str):
    try:
        return browser.get(url, allow_redirects=False, timeout=5)
    except requests.ConnectionError:
        return None


def _post_in_background(browser, url, token, data, headers):
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(1)
    future = pool.submit(
        browser.post,
        url,
        data={"csrfmiddlewaretoken": token},
        files={"file": ("daftar.csv", data, "text/csv")},
        headers=headers,
        allow_redirects=False,
        timeout=120,
    )
    pool.shutdown(wait=False)
    return future
