from datetime import timedelta

from django.utils import timezone

from wirausaha.notifications.actions import requeue_stale_messages
from wirausaha.notifications.models import Message


def make_due(message: Message) -> None:
    """Move the message's next try to now, as time passing would."""
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def sweep(capture) -> int:
    """The periodic sweep (stale.py), its queued tasks run at once."""
    with capture(execute=True):
        return requeue_stale_messages()
