"""This app's part of the periodic sweep (registry's `sweep_stale_jobs`): the signed follow-up links
of open rounds, sent to those who have not answered when a round opens and then once a week
until it closes; and the indicator summary, queued for a refresh when its last one is older than
SUMMARY_MAX_AGE (a refresh that started is not queued again within that time)."""

from django.conf import settings

from . import summary
from .actions import send_reminders
from .tasks import refresh_indicator_summary


def sweep() -> dict[str, int]:
    queued = 0
    if summary.is_due():
        refresh_indicator_summary.enqueue(summary.claim().pk)
        queued = 1
    return {
        "follow-up links sent": send_reminders(base_url=getattr(settings, "SITE_URL", "")),
        "indicator summary refreshes queued": queued,
    }
