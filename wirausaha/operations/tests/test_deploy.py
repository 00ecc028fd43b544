"""The production recipe run here: deploy/Procfile under honcho against PostgreSQL with two web
processes, two task workers and the duplicate loop, deploy/nginx/wirausaha.conf in front on the
loopback with a self-signed certificate, and requests through it. Needs PostgreSQL and Debian's
nginx (`make nginx` installs it; `make test` does so first)."""

import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from .support import ROOT, manage, require_postgresql, server_url

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BIN = Path(sys.executable).parent
TOKEN = "deploy-check-metrics-token"


def free_ports(count: int, *, consecutive: bool = False) -> list[int]:
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = probe.getsockname()[1]
        ports = list(range(first, first + count)) if consecutive else [first]
        try:
            for port in ports:
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        if not consecutive and count > 1:
            return ports + free_ports(count - 1)
        return ports
    raise RuntimeError("no free ports")


def nginx_config(folder: Path, *, web_ports: list[int], https: int, http: int, static: Path) -> Path:
    """deploy/nginx's files with this machine's ports, certificate and folders."""
    subprocess.run(
        [
            *(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
            ),
            *("-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")),
        ],
        check=True,
        capture_output=True,
    )
    site = (ROOT / "deploy/nginx/wirausaha.conf").read_text()
    replacements = {
        "    server 127.0.0.1:8000;\n": "".join(f"    server 127.0.0.1:{port};\n" for port in web_ports),
        "    listen 80;\n    listen [::]:80;\n": f"    listen 127.0.0.1:{http};\n",
        "    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n": (
            f"    listen 127.0.0.1:{https} ssl http2;\n"
        ),
        "/etc/ssl/wirausaha/fullchain.pem": str(folder / "cert.pem"),
        "/etc/ssl/wirausaha/privkey.pem": str(folder / "key.pem"),
        "/srv/wirausaha/staticfiles/": f"{static}/",
        "/etc/nginx/wirausaha_proxy.conf": str(ROOT / "deploy/nginx/wirausaha_proxy.conf"),
    }
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx/wirausaha.conf no longer has {old!r}"
        site = site.replace(old, new)
    (folder / "site.conf").write_text(site)
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"    {kind}_temp_path {folder / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"{user}daemon off;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    access_log {folder / 'access.log'};\n{temp}"
        f"    include {folder / 'site.conf'};\n}}\n"
    )
    return folder / "nginx.conf"


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=20)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture
def test_database(db):
    """The migrated test database. The processes write to it from their own connections, committed:
    their heartbeats are deleted afterwards from a connection of this test's own too."""
    require_postgresql()
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: `make nginx` installs Debian's nginx")
    from django.db import connection

    name = connection.settings_dict["NAME"]
    yield name
    with psycopg.connect(server_url(name).replace("postgres://", "postgresql://"), autocommit=True) as own:
        own.execute("DELETE FROM operations_workerheartbeat")


def test_the_procfile_under_honcho_behind_nginx_serves_ready_static_and_metrics(test_database, tmp_path):
    web_ports = free_ports(2, consecutive=True)
    https, http = free_ports(2)
    env = {
        "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
        "DATABASE_URL": server_url(test_database),
        "SECRET_KEY": "deploy-check-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BEHIND_TLS_PROXY": "True",
        "SECURE_SSL_REDIRECT": "True",
        "TRUSTED_PROXY_HEADER": "X-Forwarded-For",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "WHITENOISE_USE_FINDERS": "False",
        "STATIC_ROOT": str(tmp_path / "static"),
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "var" / "private"),
        "METRICS_TOKEN": TOKEN,
        "WEB_CONCURRENCY": "2",
        "HEARTBEAT_SECONDS": "2",
        "READY_WORKER_KINDS": "tasks,sweeper",
        "GUNICORN_ACCESS_LOG": "",
    }
    manage("collectstatic", "--noinput", env=env)
    config = nginx_config(tmp_path, web_ports=web_ports, https=https, http=http, static=tmp_path / "static")
    subprocess.run([NGINX, "-t", "-c", str(config)], check=True, capture_output=True)
    processes = "web=2,worker=2,duplicates=1"
    honcho = subprocess.Popen(
        [
            str(BIN / "honcho"),
            "-f",
            "deploy/Procfile",
            "-d",
            str(ROOT),
            "start",
            "-c",
            processes,
            "-p",
            str(web_ports[0]),
        ],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "", **env},
        stdout=open(tmp_path / "honcho.log", "wb"),  # noqa: SIM115 (the process keeps it)
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    nginx = subprocess.Popen([NGINX, "-c", str(config)], stderr=open(tmp_path / "nginx.log", "wb"))  # noqa: SIM115
    try:
        deadline, status, body = time.monotonic() + 120, 0, b""
        while time.monotonic() < deadline:
            try:
                status, headers, body = get(https, "/api/v1/ready")
            except OSError:
                status = 0
            if status == 200 and len([w for w in json.loads(body)["workers"] if w["alive"]]) >= 3:
                break
            time.sleep(1)
        log = (tmp_path / "honcho.log").read_text(errors="replace")
        assert status == 200, f"not ready through nginx: {status} {body!r}\n{log[-4000:]}"
        ready = json.loads(body)
        kinds = sorted(w["kind"] for w in ready["workers"] if w["alive"])
        assert kinds == ["sweeper", "tasks", "tasks"], ready
        assert len(headers["X-Request-ID"]) == 32  # nginx's $request_id, kept by the application

        # Both web processes answer behind the same nginx.
        for port in web_ports:
            direct = http_client_get(port, "/api/v1/health")
            assert direct == 200

        status, headers, css = get(https, "/static/css/wirausaha.css")
        assert status == 200 and "immutable" in headers.get("Cache-Control", "")
        assert css == (ROOT / "static/css/wirausaha.css").read_bytes()  # served by nginx from STATIC_ROOT

        status, _, body = get(https, "/metrics", {"Authorization": f"Bearer {TOKEN}"})
        assert status == 200 and b"wirausaha_http_request_duration_seconds" in body
        assert get(https, "/metrics")[0] == 401

        assert upload_refused(https) == 413
    finally:
        nginx.terminate()
        os.killpg(honcho.pid, signal.SIGTERM)
        honcho.wait(timeout=60)
        nginx.wait(timeout=30)


def http_client_get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        return connection.getresponse().status
    finally:
        connection.close()


def upload_refused(port: int) -> int:
    """A body above client_max_body_size (25 MB, MAX_UPLOAD_MB) is refused by nginx unread."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=20)
    try:
        connection.putrequest("POST", "/peserta/impor/")
        connection.putheader("Content-Length", str(26 * 1024 * 1024))
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()
