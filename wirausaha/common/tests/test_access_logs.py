"""NIKs and phone numbers in URLs are masked in every access log (issue #25)."""

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
NIK = "3216010101900001"
PHONE = "081234567890"


def test_runservers_access_log_is_masked():
    handler = logging.getLogger("django.server").handlers[0]
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /peserta/?q={NIK}&p={PHONE} HTTP/1.1", "200", "5"),
        None,
    )
    record.status_code, record.request = 200, None
    assert handler.filter(record)
    line = handler.format(record)
    assert NIK not in line and PHONE not in line
    assert "321601******0001" in line


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorns_access_log_is_masked(tmp_path):
    port, log = free_port(), tmp_path / "access.log"
    environment = {
        **os.environ,
        "SECRET_KEY": "test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "VAR_DIR": str(tmp_path),
    }
    environment.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "wirausaha.wsgi",
            "-c",
            "gunicorn.conf.py",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--access-logfile",
            str(log),
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/masuk/?q={NIK}&hp={PHONE}", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        for _ in range(50):
            if log.exists() and "/masuk/" in log.read_text():
                break
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    text = log.read_text()
    assert "/masuk/?q=321601******0001" in text
    assert NIK not in text and PHONE not in text
