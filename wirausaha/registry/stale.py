"""This app's part of the sweep of jobs whose worker stopped (`sweep_stale_jobs`)."""

from .imports.actions import fail_stale_imports


def sweep() -> dict[str, int]:
    return {"imports failed": fail_stale_imports()}
