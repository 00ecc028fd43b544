"""Sending a queued message through its channel's adapter: the body of the `deliver_message` task,
so it lives below the actions that enqueue it.

- A conditional claim (QUEUED and due -> SENDING) lets one worker only send a message; a worker
  killed after the gateway took it leaves it SENDING, the sweep queues it again, and the new try
  carries the same idempotency key (Message.key), by which the gateway knows it is a repeat.
- A failure the gateway may get over (timeout, 5xx, 429) is tried again later: after the
  Retry-After the gateway gave, or NOTIFICATION_RETRY_SECONDS doubled at each try; after
  NOTIFICATION_MAX_ATTEMPTS tries, or at once for a refusal (4xx), the message FAILS, which the
  person's page and the officers' delivery page show.
- No more than NOTIFICATION_PER_NUMBER_PER_MINUTE messages a minute go to one phone number; the
  next waits its turn (not counted as a try).
- A WhatsApp message whose template is not approved is sent by SMS instead, and says so."""

from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .adapters import GatewayError, TemplateNotApproved, adapter_for
from .models import Channel, Message

S = Message.Status


def backoff_seconds(attempts: int) -> float:
    return settings.NOTIFICATION_RETRY_SECONDS * 2 ** max(0, attempts - 1)


def _due(pk):
    now = timezone.now()
    return Message.objects.filter(pk=pk, status=S.QUEUED).exclude(next_attempt_at__gt=now)


def _throttled(message: Message) -> bool:
    limit = settings.NOTIFICATION_PER_NUMBER_PER_MINUTE
    if limit <= 0 or message.channel not in (Channel.SMS, Channel.WHATSAPP) or not message.address:
        return False
    since = timezone.now() - timedelta(minutes=1)
    return Message.objects.filter(address=message.address, sent_at__gte=since).count() >= limit


def _later(message: Message, seconds: float, **changes) -> None:
    """Back in the queue, due in `seconds` (the task queues itself again for then, tasks.py, or the
    sweep, stale.py, queues it once it is due)."""
    when = timezone.now() + timedelta(seconds=seconds)
    Message.objects.filter(pk=message.pk, status=S.SENDING).update(
        status=S.QUEUED, claimed_at=None, next_attempt_at=when, **changes
    )


def deliver(message: Message) -> Message:
    """Send one queued, due message once; a second call (or a second worker) does nothing."""
    if not _due(message.pk).update(status=S.SENDING, claimed_at=timezone.now()):
        return message
    message.refresh_from_db()
    if _throttled(message):
        _later(message, 60)
        message.refresh_from_db()
        return message
    try:
        gateway_id = adapter_for(message.channel).send(message)
    except TemplateNotApproved as refused:
        if message.channel == Channel.WHATSAPP and message.address:
            with translation.override(message.language):
                note = _("The WhatsApp template for this message is not approved: sent by SMS.")
            Message.objects.filter(pk=message.pk, status=S.SENDING).update(
                status=S.QUEUED, claimed_at=None, channel=Channel.SMS, note=note, error=str(refused)[:500]
            )
            message.refresh_from_db()
            return deliver(message)
        _fail(message, str(refused))
    except GatewayError as error:
        attempts = message.attempts + 1
        if error.retry and attempts < settings.NOTIFICATION_MAX_ATTEMPTS:
            wait = error.retry_after if error.retry_after is not None else backoff_seconds(attempts)
            _later(message, wait, attempts=attempts, error=str(error)[:500])
        else:
            _fail(message, str(error))
    except Exception as error:  # any other failure is recorded on the message, never lost
        _fail(message, str(error))
    else:
        Message.objects.filter(pk=message.pk, status=S.SENDING).update(
            status=S.SENT,
            sent_at=timezone.now(),
            attempts=F("attempts") + 1,
            gateway_id=gateway_id or "",
            next_attempt_at=None,
        )
    message.refresh_from_db()
    return message


def _fail(message: Message, error: str) -> None:
    Message.objects.filter(pk=message.pk, status=S.SENDING).update(
        status=S.FAILED, attempts=F("attempts") + 1, error=error[:500], next_attempt_at=None
    )
