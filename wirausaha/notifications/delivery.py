"""Sending a queued message through the adapter: the body of the `deliver_message` task, so it lives
below the actions that enqueue it."""

from django.utils import timezone

from .adapters import adapter
from .models import Message


def deliver(message: Message) -> Message:
    """Send one queued message once; a second call does nothing. The message is claimed (SENDING)
    before the gateway is called and marked SENT after it answers: a worker killed in between
    leaves it SENDING, and the sweep queues it again (at least once rather than never)."""
    claimed = Message.objects.filter(pk=message.pk, status=Message.Status.QUEUED).update(
        status=Message.Status.SENDING, claimed_at=timezone.now()
    )
    if not claimed:
        return message
    try:
        adapter().send(message)
    except Exception as error:  # any gateway failure is recorded on the message, never lost
        Message.objects.filter(pk=message.pk).update(status=Message.Status.FAILED, error=str(error)[:500])
    else:
        Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
            status=Message.Status.SENT, sent_at=timezone.now()
        )
    message.refresh_from_db()
    return message
