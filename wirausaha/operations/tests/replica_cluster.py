"""A second PostgreSQL cluster, running as a streaming replica of the test database's server, in a
temporary folder: `pg_basebackup -R` copies the primary and writes its primary_conninfo, `pg_ctl`
starts it as a hot standby on a free loopback port. When the primary refuses replication
connections from the loopback, a `host replication` line is added to its pg_hba.conf for the
duration and taken out again afterwards (both followed by a reload)."""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
from django.db import connection

from .support import admin_connection

HBA_LINE = "host replication all 127.0.0.1/32 trust  # wirausaha replica test\n"
STANDBY_CONF = """listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{folder}'
hot_standby = on
shared_buffers = 32MB
fsync = off
"""
# A standby refuses to start with less of these than its primary has.
PRIMARY_LIMITS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)
STANDBY_HBA = "local all all trust\nhost all all 127.0.0.1/32 trust\n"


def _bin(tool: str, major: int) -> str:
    debian = Path(f"/usr/lib/postgresql/{major}/bin/{tool}")
    found = str(debian) if debian.exists() else shutil.which(tool)
    if not found:
        raise RuntimeError(f"{tool} (PostgreSQL {major}) is not installed")
    return found


def _as_server_user() -> list[str]:
    """PostgreSQL refuses to run as root: then the cluster belongs to the `postgres` user."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(_as_server_user() + command, capture_output=True, text=True, timeout=300, **kwargs)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command[:2])} failed:\n{done.stdout[-1500:]}{done.stderr[-1500:]}")
    return done


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _replication_allowed(host: str, port: str, user: str, major: int) -> Iterator[None]:
    probe = [_bin("psql", major), "-h", host, "-p", port, "-U", user, "-Atc", "IDENTIFY_SYSTEM"]
    probe += ["-d", "replication=true"]
    if subprocess.run(_as_server_user() + probe, capture_output=True).returncode == 0:
        yield
        return
    with admin_connection() as admin:
        hba = Path(admin.execute("SHOW hba_file").fetchone()[0])
        before = hba.read_text()
        hba.write_text(HBA_LINE + before)
        admin.execute("SELECT pg_reload_conf()")
    try:
        yield
    finally:
        hba.write_text(hba.read_text().replace(HBA_LINE, ""))
        with admin_connection() as admin:
            admin.execute("SELECT pg_reload_conf()")


def _wait_until_accepting(port: int, folder: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(psycopg.OperationalError):
            psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres").close()
            return
        time.sleep(0.3)
    log = folder / "server.log"
    raise RuntimeError(f"the replica did not start:\n{log.read_text()[-2000:] if log.exists() else ''}")


@contextlib.contextmanager
def streaming_replica_cluster() -> Iterator[int]:
    """Yields the loopback port of a hot standby streaming from the test database's server."""
    s = connection.settings_dict
    host, port, user = s.get("HOST") or "127.0.0.1", str(s.get("PORT") or 5432), s.get("USER") or "postgres"
    major = connection.pg_version // 10000
    folder = Path(tempfile.mkdtemp(prefix="wirausaha-replica-"))
    data, standby_port = folder / "data", _free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    with admin_connection() as admin:
        limits = "".join(
            f"{name} = {admin.execute(f'SHOW {name}').fetchone()[0]}\n" for name in PRIMARY_LIMITS
        )
    started = False
    try:
        # Replication stays allowed while the replica lives: it streams over such a connection.
        with _replication_allowed(host, port, user, major):
            backup = [_bin("pg_basebackup", major), "-h", host, "-p", port, "-U", user, "-D", str(data)]
            _run([*backup, "-R", "-X", "stream", "-c", "fast", "--no-sync"])
            (data / "postgresql.conf").write_text(
                STANDBY_CONF.format(port=standby_port, folder=folder) + limits
            )
            (data / "pg_hba.conf").write_text(STANDBY_HBA)
            (data / "pg_ident.conf").write_text("")
            if os.geteuid() == 0:
                for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
                    shutil.chown(data / name, "postgres", "postgres")
            log = folder / "server.log"
            try:
                _run([_bin("pg_ctl", major), "-D", str(data), "-l", str(log), "-w", "start"])
            except RuntimeError as error:
                raise RuntimeError(f"{error}\n{log.read_text()[-2000:] if log.exists() else ''}") from None
            started = True
            _wait_until_accepting(standby_port, folder)
            yield standby_port
    finally:
        if started:
            with contextlib.suppress(RuntimeError):
                _run([_bin("pg_ctl", major), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)


def wait_for_replay(replica_port: int, timeout: float = 60) -> None:
    """Until the replica has replayed everything the primary had written when this was called."""
    with admin_connection() as primary:
        target = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    deadline = time.monotonic() + timeout
    with psycopg.connect(host="127.0.0.1", port=replica_port, user="postgres", dbname="postgres") as replica:
        while time.monotonic() < deadline:
            replayed = replica.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [str(target)]
            ).fetchone()[0]
            if replayed:
                return
            time.sleep(0.1)
    raise AssertionError(f"the replica did not replay up to {target} within {timeout} s")
