"""This app's part of the sweep of jobs whose worker stopped (registry's `sweep_stale_jobs`): the
messages whose worker stopped mid-send, and those whose retry is due."""

from .actions import requeue_stale_messages


def sweep() -> dict[str, int]:
    return {"messages queued again": requeue_stale_messages()}
