"""This app's part of the sweep of jobs whose worker stopped (registry's `sweep_stale_jobs`)."""

from .actions import rerender_stale_documents


def sweep() -> dict[str, int]:
    return {"documents queued again": rerender_stale_documents()}
