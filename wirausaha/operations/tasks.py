import os

from django_tasks import task


@task()
def record_run(number: int, path: str) -> int:
    """Appends "number pid" to the file at `path`: a task that leaves a trace of each run, for
    checking that workers sharing a queue run every task exactly once (tests/test_workers.py)."""
    with open(path, "a", encoding="utf-8") as trace:
        trace.write(f"{number} {os.getpid()}\n")
    return number
