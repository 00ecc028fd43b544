from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from .adapters import adapter
from .models import Message


@contextmanager
def in_recipients_language():
    """Write a message to a participant inside this: it is in the programme's language
    (Indonesian), whatever language the staff member whose action sends it reads the site in.
    (Accounts keep no language of their own.)"""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def notify(user, *, subject: str, body: str) -> Message:
    """Queue a message for a person; it is delivered after the surrounding transaction commits."""
    message = Message.objects.create(recipient=user, subject=subject, body=body, channel=adapter().channel)
    from .tasks import deliver_message

    transaction.on_commit(lambda: deliver_message.enqueue(message_id=message.pk))
    return message


def deliver(message: Message) -> Message:
    """Send one queued message once; a second call does nothing."""
    claimed = Message.objects.filter(pk=message.pk, status=Message.Status.QUEUED).update(
        status=Message.Status.SENT, sent_at=timezone.now()
    )
    if not claimed:
        return message
    try:
        adapter().send(message)
    except Exception as error:  # any gateway failure is recorded on the message, never lost
        Message.objects.filter(pk=message.pk).update(status=Message.Status.FAILED, error=str(error)[:500])
    message.refresh_from_db()
    return message
