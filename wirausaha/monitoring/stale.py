"""This app's part of the periodic sweep (registry's `sweep_stale_jobs`): the signed follow-up links
of open rounds, sent to those who have not answered when a round opens and then once a week
until it closes."""

from django.conf import settings

from .actions import send_reminders


def sweep() -> dict[str, int]:
    return {"follow-up links sent": send_reminders(base_url=getattr(settings, "SITE_URL", ""))}
