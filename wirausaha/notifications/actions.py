from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from wirausaha.accounts.codes import CODE_MINUTES, issue_code
from wirausaha.common.audit import record_event

from .events import TEXTS, Event, render
from .models import CHOOSABLE, ChannelConsent, Message, WhatsAppTemplate
from .routing import choices_of, choices_of_many, route, template_approved
from .tasks import BATCH, deliver_message, deliver_messages


@contextmanager
def in_recipients_language(user=None):
    """Write a message to a person inside this: it is in their account's language (issue #23),
    whatever language the staff member whose action sends it reads the site in. Without a user,
    in the programme's language (Indonesian)."""
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        yield


def notify(
    user, *, subject: str = "", body: str = "", event: str = "", params: dict | None = None
) -> Message:
    """Queue a message for a person; it is delivered after the surrounding transaction commits.
    With `event` (events.Event) and no text, the event's text is written in the person's language
    from `params`; `event` also lets the message go by a WhatsApp template and, for what the law
    requires (codes), past an opt-out. The channel is decided now (routing.route)."""
    message = _message(user, subject, body, event, params, route(user, event))
    message.save(force_insert=True)
    if message.status == Message.Status.QUEUED:
        transaction.on_commit(lambda: deliver_message.enqueue(message_id=message.pk))
    return message


@dataclass
class Letter:
    """One message of many for notify_many: what notify takes for one person."""

    user: object
    subject: str = ""
    body: str = ""
    event: str = ""
    params: dict = field(default_factory=dict)


def _message(user, subject, body, event, params, way) -> Message:
    if event and event not in TEXTS:
        raise ValueError(f"unknown event {event!r}")
    params = {name: str(value) for name, value in (params or {}).items()}
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    if event and not (subject and body):
        subject, body = render(event, params, language)
    return Message(
        recipient=user,
        subject=str(subject)[:200],
        body=body,
        channel=way.channel,
        address=way.address,
        status=way.status,
        note=way.note[:300],
        event=event,
        language=language,
        params=params,
    )


def notify_many(letters, *, batch: int = BATCH) -> list[Message]:
    """Queue many messages at once (a wave's outcomes to every applicant): what notify does for each,
    with the people's channel choices read in one query per `batch`, the messages written with
    bulk_create and one delivery task per `batch` messages (tasks.deliver_messages) instead of one
    each. The people's participant records should be loaded with them (select_related) when their
    number is there rather than on the account."""
    approved = cache(template_approved)
    messages: list[Message] = []
    letters = list(letters)
    for start in range(0, len(letters), batch):
        chunk = letters[start : start + batch]
        choices = choices_of_many([letter.user for letter in chunk])
        made = Message.objects.bulk_create(
            _message(
                letter.user,
                letter.subject,
                letter.body,
                letter.event,
                letter.params,
                route(letter.user, letter.event, choices=choices[letter.user.pk], approved=approved),
            )
            for letter in chunk
        )
        queued = [message.pk for message in made if message.status == Message.Status.QUEUED]
        if queued:
            transaction.on_commit(lambda ids=queued: deliver_messages.enqueue(message_ids=ids))
        messages.extend(made)
    return messages


@transaction.atomic
def send_one_time_code(user) -> Message:
    """A new one-time code (accounts.codes) sent to the person's phone, naming the service. Sent
    even to a person who stopped every channel: they asked for it. The caller checks
    accounts.codes.may_send_code first."""
    code = issue_code(user)
    return notify(user, event=Event.ONE_TIME_CODE, params={"code": code, "minutes": CODE_MINUTES})


@transaction.atomic
def choose_channels(user, *, chosen: set[str], source: str, by=None) -> list[ChannelConsent]:
    """Record the person's choice for every channel whose choice changed: opted in to `chosen`,
    out of the others, with the time and where it was given (ChannelConsent.Source)."""
    before = choices_of(user)
    recorded = []
    for channel in CHOOSABLE:
        opted_in = channel in chosen
        if before.get(channel) is not opted_in:
            recorded.append(
                ChannelConsent.objects.create(
                    user=user, channel=channel, opted_in=opted_in, source=source, recorded_by=by
                )
            )
    if recorded:
        record_event(
            by,
            "user.channels_set",
            user,
            reason=source,
            changes={row.channel: [before.get(row.channel), row.opted_in] for row in recorded},
        )
    return recorded


@transaction.atomic
def set_template_status(template: WhatsAppTemplate, *, status: str, by) -> WhatsAppTemplate:
    """The review status Meta gave a template (APPROVED, REJECTED, PAUSED, …), as an admin records it."""
    if template.status != status:
        before = template.status
        template.status = WhatsAppTemplate.Status(status)
        template.status_changed_at = timezone.now()
        template.save(update_fields=["status", "status_changed_at"])
        record_event(by, "whatsapp_template.status_set", template, changes={"status": [before, status]})
    return template


def requeue_stale_messages() -> int:
    """Queue again the messages claimed for sending longer than settings.STALE_JOB_SECONDS ago and
    never marked sent or failed (their worker stopped while handing them to the gateway), and the
    messages whose retry became due. Each is taken back with a conditional UPDATE and delivered by
    a new task. Returns how many."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.STALE_JOB_SECONDS)
    stale = Message.objects.filter(status=Message.Status.SENDING, claimed_at__lt=cutoff)
    due = Message.objects.filter(status=Message.Status.QUEUED, next_attempt_at__lte=now)
    requeued = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            if Message.objects.filter(pk=pk, status=Message.Status.SENDING, claimed_at__lt=cutoff).update(
                status=Message.Status.QUEUED, claimed_at=None, next_attempt_at=None
            ):
                transaction.on_commit(lambda pk=pk: deliver_message.enqueue(message_id=pk))
                requeued += 1
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            if Message.objects.filter(pk=pk, status=Message.Status.QUEUED, next_attempt_at__lte=now).update(
                next_attempt_at=None
            ):
                transaction.on_commit(lambda pk=pk: deliver_message.enqueue(message_id=pk))
                requeued += 1
    return requeued
