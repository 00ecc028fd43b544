"""Prometheus metrics (prometheus_client). Counted in each process: request latency by route and
logins refused. Read from the database when scraped: tasks by task and status (the queue's depth
and its failures), participants by how they registered, imports by status.

Under gunicorn with several workers, set PROMETHEUS_MULTIPROC_DIR to an empty folder of the web
service's own: every worker then writes its counts there and a scrape adds them up
(gunicorn.conf.py forgets a worker that exits)."""

import os

from django.db.models import Count
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

REQUEST_SECONDS = Histogram(
    "wirausaha_http_request_duration_seconds",
    "Time to answer a request, by route (the URL pattern, never the URL), method and status class.",
    ["route", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
LOGINS_REFUSED = Counter(
    "wirausaha_logins_refused", "Logins refused: wrong password, locked out or throttled."
)


def count_refused_login(sender, **kwargs) -> None:
    LOGINS_REFUSED.inc()


class DatabaseCollector:
    """Gauges read from the database at each scrape: the same numbers from every process."""

    def collect(self):
        from django_tasks_db.models import DBTaskResult

        from wirausaha.registry.models import ImportJob, Participant

        tasks = GaugeMetricFamily(
            "wirausaha_tasks",
            "Background tasks in the queue's table, by task and status.",
            labels=["task", "status"],
        )
        rows = DBTaskResult.objects.values_list("task_path", "status").annotate(n=Count("id")).order_by()
        for task_path, status, count in rows:
            tasks.add_metric([task_path.rsplit(".", 1)[-1], status.lower()], count)
        yield tasks

        registrations = GaugeMetricFamily(
            "wirausaha_participants", "Participants registered, by how they came in.", labels=["source"]
        )
        for source, count in Participant.objects.values_list("source").annotate(n=Count("id")).order_by():
            registrations.add_metric([source], count)
        yield registrations

        imports = GaugeMetricFamily(
            "wirausaha_imports", "Uploaded layoff lists, by status.", labels=["status"]
        )
        for status, count in ImportJob.objects.values_list("status").annotate(n=Count("id")).order_by():
            imports.add_metric([status], count)
        yield imports


def exposition() -> bytes:
    """The text a scrape reads: this process's (or every gunicorn worker's) counts, then the
    database's gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        process = CollectorRegistry()
        multiprocess.MultiProcessCollector(process)
        counted = generate_latest(process)
    else:
        from prometheus_client import REGISTRY

        counted = generate_latest(REGISTRY)
    database = CollectorRegistry(auto_describe=False)
    database.register(DatabaseCollector())
    return counted + generate_latest(database)
