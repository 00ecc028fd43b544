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

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, F, Value, When
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


@dataclass(frozen=True)
class Outcome:
    """What one try of a claimed message came to; `record` writes it."""

    status: str  # S.SENT, S.FAILED, S.QUEUED (a later try) or "sms" (again at once, by SMS)
    gateway_id: str = ""
    error: str = ""
    wait: float = 0.0
    note: str = ""


def attempt(message: Message, adapters: dict | None = None) -> Outcome:
    """Hand one claimed message to its channel's adapter (one per channel in `adapters`, kept for a
    batch so that their HTTP connections are reused); nothing is written."""
    adapters = {} if adapters is None else adapters
    if message.channel not in adapters:
        adapters[message.channel] = adapter_for(message.channel)
        if "session" in adapters:
            adapters[message.channel].session = adapters["session"]
    try:
        gateway_id = adapters[message.channel].send(message)
    except TemplateNotApproved as refused:
        if message.channel == Channel.WHATSAPP and message.address:
            with translation.override(message.language):
                note = _("The WhatsApp template for this message is not approved: sent by SMS.")
            return Outcome("sms", error=str(refused), note=note)
        return Outcome(S.FAILED, error=str(refused))
    except GatewayError as error:
        if error.retry and message.attempts + 1 < settings.NOTIFICATION_MAX_ATTEMPTS:
            wait = (
                error.retry_after if error.retry_after is not None else backoff_seconds(message.attempts + 1)
            )
            return Outcome(S.QUEUED, error=str(error), wait=wait)
        return Outcome(S.FAILED, error=str(error))
    except Exception as error:  # any other failure is recorded on the message, never lost
        return Outcome(S.FAILED, error=str(error))
    return Outcome(S.SENT, gateway_id=gateway_id or "")


def record(message: Message, outcome: Outcome) -> None:
    """Write what the try came to, if the message is still this worker's (SENDING)."""
    if outcome.status == S.SENT:
        Message.objects.filter(pk=message.pk, status=S.SENDING).update(
            status=S.SENT,
            sent_at=timezone.now(),
            attempts=F("attempts") + 1,
            gateway_id=outcome.gateway_id[:100],
            next_attempt_at=None,
        )
    elif outcome.status == S.QUEUED:
        _later(message, outcome.wait, attempts=message.attempts + 1, error=outcome.error[:500])
    elif outcome.status == "sms":
        Message.objects.filter(pk=message.pk, status=S.SENDING).update(
            status=S.QUEUED,
            claimed_at=None,
            channel=Channel.SMS,
            note=outcome.note,
            error=outcome.error[:500],
        )
    else:
        _fail(message, outcome.error)


def deliver(message: Message) -> Message:
    """Send one queued, due message once; a second call (or a second worker) does nothing."""
    if not _due(message.pk).update(status=S.SENDING, claimed_at=timezone.now()):
        return message
    message.refresh_from_db()
    if _throttled(message):
        _later(message, 60)
        message.refresh_from_db()
        return message
    outcome = attempt(message)
    record(message, outcome)
    message.refresh_from_db()
    if outcome.status == "sms":
        return deliver(message)
    return message


def _claim(ids) -> list[Message]:
    """Claim the queued, due messages among `ids` for this worker (SENDING), skipping those another
    worker holds; committed before anything is sent."""
    with transaction.atomic():
        now = timezone.now()
        mine = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids, status=S.QUEUED)
            .exclude(next_attempt_at__gt=now)
            .values_list("pk", flat=True)
        )
        Message.objects.filter(pk__in=mine).update(status=S.SENDING, claimed_at=now)
    return list(Message.objects.filter(pk__in=mine).select_related("recipient").order_by("pk"))


def _over_the_limit(messages: list[Message]) -> set[int]:
    """The messages that would pass NOTIFICATION_PER_NUMBER_PER_MINUTE for their number, counting
    what was sent to it in the last minute (one query) and the batch's own messages before them."""
    limit = settings.NOTIFICATION_PER_NUMBER_PER_MINUTE
    phones = {m.address for m in messages if m.address and m.channel in (Channel.SMS, Channel.WHATSAPP)}
    if limit <= 0 or not phones:
        return set()
    since = timezone.now() - timedelta(minutes=1)
    counts = Counter(
        dict(
            Message.objects.filter(address__in=phones, sent_at__gte=since)
            .values_list("address")
            .annotate(n=Count("pk"))
            .values_list("address", "n")
        )
    )
    over = set()
    for message in messages:
        if message.address in phones:
            if counts[message.address] >= limit:
                over.add(message.pk)
            else:
                counts[message.address] += 1
    return over


def deliver_batch(ids) -> list[Message]:
    """Send many queued messages (one task's batch, tasks.deliver_messages): one claim for all, the
    per-number throttle in one query, each handed to its adapter (connections reused), and what
    they came to written in one transaction at the end. A worker killed in between leaves them
    SENDING; the sweep queues them again and the gateway knows the repeats by their keys.
    Returns the messages that need another try later (QUEUED with next_attempt_at)."""
    messages = _claim(ids)
    over = _over_the_limit(messages)
    with requests.Session() as session:
        adapters: dict = {"session": session}
        outcomes = [
            (message, Outcome(S.QUEUED, wait=60) if message.pk in over else attempt(message, adapters))
            for message in messages
        ]
    sent = {message.pk: outcome.gateway_id[:100] for message, outcome in outcomes if outcome.status == S.SENT}
    with transaction.atomic():
        if sent:  # one UPDATE for all sent, the usual case
            Message.objects.filter(pk__in=sent, status=S.SENDING).update(
                status=S.SENT,
                sent_at=timezone.now(),
                attempts=F("attempts") + 1,
                gateway_id=Case(
                    *(When(pk=pk, then=Value(id_)) for pk, id_ in sent.items() if id_), default=Value("")
                ),
                next_attempt_at=None,
            )
        for message, outcome in outcomes:
            if message.pk in over:
                _later(message, 60)
            elif outcome.status != S.SENT:
                record(message, outcome)
    for message, outcome in outcomes:
        if outcome.status == "sms":
            message.refresh_from_db()
            deliver(message)
    return list(
        Message.objects.filter(
            pk__in=[m.pk for m in messages], status=S.QUEUED, next_attempt_at__isnull=False
        )
    )


def _fail(message: Message, error: str) -> None:
    Message.objects.filter(pk=message.pk, status=S.SENDING).update(
        status=S.FAILED, attempts=F("attempts") + 1, error=error[:500], next_attempt_at=None
    )
