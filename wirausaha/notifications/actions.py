from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

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


def requeue_stale_messages() -> int:
    """Queue again the messages claimed for sending longer than settings.STALE_JOB_SECONDS ago and
    never marked sent or failed: their worker stopped while handing them to the gateway. Each is
    taken back with a conditional UPDATE and delivered by a new task. Returns how many."""
    cutoff = timezone.now() - timedelta(seconds=settings.STALE_JOB_SECONDS)
    stale = Message.objects.filter(status=Message.Status.SENDING, claimed_at__lt=cutoff)
    requeued = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            if Message.objects.filter(pk=pk, status=Message.Status.SENDING, claimed_at__lt=cutoff).update(
                status=Message.Status.QUEUED, claimed_at=None
            ):
                transaction.on_commit(lambda pk=pk: deliver_message.enqueue(message_id=pk))
                requeued += 1
    return requeued
