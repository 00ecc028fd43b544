"""This app's part of the sweep of jobs whose worker stopped (registry's `sweep_stale_jobs`)."""

from .actions import resume_stale_notifications


def sweep() -> dict[str, int]:
    return {"placement notices queued again": resume_stale_notifications()}
