"""gunicorn's settings (`gunicorn wirausaha.wsgi -c gunicorn.conf.py`); command-line options win.

The access log goes to standard output unless GUNICORN_ACCESS_LOG names a file (or is empty: no
access log); in it, NIKs and phone numbers in URLs are masked as in every other log.
"""

import os

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
logger_class = "wirausaha.common.gunicorn_logging.MaskingLogger"


def on_starting(server):
    """With PROMETHEUS_MULTIPROC_DIR (wirausaha/operations/metrics.py), start from an empty folder."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if name.endswith(".db"):
                os.remove(os.path.join(folder, name))


def child_exit(server, worker):
    """A worker that exits no longer counts in /metrics' live gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
