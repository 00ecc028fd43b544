from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import translation

from .adapters import adapter
from .models import Message
from .tasks import deliver_message


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
    transaction.on_commit(lambda: deliver_message.enqueue(message_id=message.pk))
    return message
