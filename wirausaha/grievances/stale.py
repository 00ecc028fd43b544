"""This app's part of the periodic sweep (registry's `sweep_stale_jobs`, run every half minute beside
the server by `scan_duplicates --pending --loop`, or by an operator's cron): the complaints past
their service level (not acknowledged, or not resolved, within the working days of
grievances.ServiceLevel) are escalated to the national level. One indexed query when none is late."""

from .actions import escalate_late_cases


def sweep() -> dict[str, int]:
    return {"late complaints escalated": escalate_late_cases()}
