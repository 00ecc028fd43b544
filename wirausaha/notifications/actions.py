from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from wirausaha.accounts.codes import CODE_MINUTES, issue_code
from wirausaha.common.audit import record_event

from .events import TEXTS, Event, render
from .models import CHOOSABLE, ChannelConsent, Message, WhatsAppTemplate
from .routing import choices_of, route
from .tasks import deliver_message


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
    if event and event not in TEXTS:
        raise ValueError(f"unknown event {event!r}")
    params = {name: str(value) for name, value in (params or {}).items()}
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    if event and not (subject and body):
        subject, body = render(event, params, language)
    way = route(user, event)
    message = Message.objects.create(
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
    if message.status == Message.Status.QUEUED:
        transaction.on_commit(lambda: deliver_message.enqueue(message_id=message.pk))
    return message


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
