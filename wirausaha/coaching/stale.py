"""This app's part of the periodic sweep (registry's `sweep_stale_jobs`, which `scan_duplicates
--pending --loop` runs every half minute beside the server in `make run`, and which an operator's
cron may run alone): the coaching reminders that became due, each queued once in the notifications
outbox (send_due_reminders claims every reminder with a conditional UPDATE, so overlapping sweeps
never send one twice). Two indexed queries when nothing is due."""

from .actions.sessions import send_due_reminders


def sweep() -> dict[str, int]:
    sent = send_due_reminders()
    return {
        "coaching session reminders queued": sent["sessions"],
        "overdue action item reminders queued": sent["items"],
    }
