"""pg_dump and pg_restore run for the configured database, its password passed in the environment
(never on the command line, where other users of the machine could read it)."""

import os
import shutil
import subprocess
from pathlib import Path

from django.db import connections

from .manifest import BackupError


def require_postgresql(alias: str = "default") -> dict:
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backup and restore need PostgreSQL (DATABASE_URL=postgres://...). This database is "
            f"{connection.vendor}: an SQLite database is a laptop's, backed up by copying its file "
            "while the server is stopped."
        )
    return connection.settings_dict


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client tools (Debian: postgresql-client)."
        )
    return path


def _arguments(database: dict) -> tuple[list[str], dict]:
    arguments = []
    if database.get("HOST"):
        arguments += ["--host", database["HOST"]]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", database["USER"]]
    environment = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    return arguments, environment


def _run(command: list[str], environment: dict, what: str) -> None:
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{what} failed (exit status {done.returncode}): {done.stderr.strip()[-2000:]}")


def dump(database: dict, target: Path) -> None:
    arguments, environment = _arguments(database)
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", *arguments]
    _run([*command, "--file", str(target), "--dbname", database["NAME"]], environment, "pg_dump")


def restore(database: dict, source: Path) -> None:
    arguments, environment = _arguments(database)
    command = [
        _tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        *arguments,
        "--dbname",
        database["NAME"],
        str(source),
    ]
    _run(command, environment, "pg_restore")


def server_version(alias: str = "default") -> str:
    with connections[alias].cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def user_tables(alias: str = "default") -> list[str]:
    """The tables in the database's schemas other than PostgreSQL's own."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT schemaname || '.' || tablename FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]
