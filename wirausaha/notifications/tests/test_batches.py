"""Many messages at once (a wave's outcomes): notify_many routes each person as notify does, with a
fixed number of queries and one delivery task per batch; a batch's delivery claims its messages
once, throttles per number, and treats each message's failure on its own."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.notifications.actions import Letter, choose_channels, notify_many
from wirausaha.notifications.delivery import deliver_batch
from wirausaha.notifications.events import Event
from wirausaha.notifications.models import Channel, ChannelConsent, Message, WhatsAppTemplate
from wirausaha.testing import make_user

OWN = ChannelConsent.Source.OWN_PAGE


def people(count: int, *, chosen=frozenset({Channel.SMS}), start: int = 0, phone: str = ""):
    made = []
    for n in range(start, start + count):
        user = make_user(f"batch{n}", Role.PARTICIPANT)
        user.phone = phone or f"+6281300{n:06d}"
        user.save(update_fields=["phone"])
        choose_channels(user, chosen=set(chosen), source=OWN)
        made.append(user)
    return made


def letters(users):
    return [Letter(user, event=Event.SELECTED, params={"wave": "GEL-1"}) for user in users]


def test_many_messages_are_routed_as_one_by_one_and_queued_one_task_per_batch(
    gateway, db, django_capture_on_commit_callbacks
):
    by_sms = people(3)
    [stopped] = people(1, chosen=set(), start=3)
    [by_whatsapp] = people(1, chosen={Channel.WHATSAPP}, start=4)
    WhatsAppTemplate.objects.filter(event=Event.SELECTED, language="id").update(status="APPROVED")

    with django_capture_on_commit_callbacks(execute=False) as tasks:
        messages = notify_many(letters([*by_sms, stopped, by_whatsapp]), batch=2)

    assert len(tasks) == 3  # 2 + 2 + 1 messages, the stopped person's not queued
    channels = {m.recipient.username: (m.channel, m.status) for m in messages}
    assert channels["batch0"] == ("sms", Message.Status.QUEUED)
    assert channels["batch3"][1] == Message.Status.IN_APP
    assert channels["batch4"] == ("whatsapp", Message.Status.QUEUED)
    assert "GEL-1" in messages[0].subject

    for task in tasks:
        task()
    statuses = dict(Message.objects.values_list("recipient__username", "status"))
    assert statuses == {**{f"batch{n}": "sent" for n in (0, 1, 2, 4)}, "batch3": "in_app"}
    assert gateway.requests == 4 and gateway.repeats == 0


def test_queueing_many_takes_the_same_queries_for_ten_people_as_for_two(db):
    few, many = people(2), people(10, start=2)
    with CaptureQueriesContext(connection) as for_few:
        notify_many(letters(few))
    with CaptureQueriesContext(connection) as for_many:
        notify_many(letters(many))
    assert len(for_many) == len(for_few)
    assert Message.objects.count() == 12


def test_a_batch_retries_each_failure_on_its_own_and_skips_a_message_another_worker_holds(
    gateway, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        messages = notify_many(letters(people(4)))
    held = messages[3]
    Message.objects.filter(pk=held.pk).update(status=Message.Status.SENDING, claimed_at=timezone.now())
    gateway.script = ["503", "ok", "429"]

    later = deliver_batch([m.pk for m in messages])

    assert gateway.requests == 3  # the held message is not sent by this batch
    result = {m.pk: m for m in Message.objects.all()}
    assert result[messages[1].pk].status == Message.Status.SENT
    assert {m.pk for m in later} == {messages[0].pk, messages[2].pk}
    for pk in (messages[0].pk, messages[2].pk):
        assert result[pk].status == Message.Status.QUEUED and result[pk].attempts == 1
    assert "503" in result[messages[0].pk].error and "429" in result[messages[2].pk].error
    rate_limited_wait = result[messages[2].pk].next_attempt_at - timezone.now()
    assert rate_limited_wait <= timedelta(seconds=gateway.retry_after)
    assert result[held.pk].status == Message.Status.SENDING


def test_a_batch_sends_no_more_than_the_limit_to_one_number(gateway, db, django_capture_on_commit_callbacks):
    same_number = people(7, phone="+628139999999")
    with django_capture_on_commit_callbacks(execute=False):
        messages = notify_many(letters(same_number))

    later = deliver_batch([m.pk for m in messages])

    assert gateway.requests == 5  # NOTIFICATION_PER_NUMBER_PER_MINUTE in the gateway fixture
    assert len(later) == 2
    for message in later:
        assert message.attempts == 0  # waiting its turn is not a try
        assert timedelta(seconds=55) < message.next_attempt_at - timezone.now() <= timedelta(seconds=60)


def test_send_outbox_delivers_what_is_due_to_a_fake_gateway_and_prints_each_sms(
    db, settings, django_capture_on_commit_callbacks
):
    settings.SMS_GATEWAY_URL = ""  # as on a laptop: the command brings its own gateway
    with django_capture_on_commit_callbacks(execute=False):
        messages = notify_many(letters(people(3)))
    later = messages[2]
    Message.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    out = StringIO()

    call_command("send_outbox", "--fake-gateway", stdout=out)

    statuses = dict(Message.objects.values_list("pk", "status"))
    assert statuses == {messages[0].pk: "sent", messages[1].pk: "sent", later.pk: "queued"}
    printed = out.getvalue()
    assert "2 messages due: 2 sent, 0 failed" in printed
    [line] = [line for line in printed.splitlines() if "6281300000000: " in line]
    assert "GEL-1 Wirausaha" in line and "6281300000002" not in printed
    assert "The gateway took 2 messages" in printed


def test_a_batch_whose_worker_died_after_the_gateway_took_some_is_sent_once_each(
    gateway, db, settings, django_capture_on_commit_callbacks
):
    """A batch is recorded at its end: a worker killed in between leaves its messages SENDING, some
    already at the gateway. The sweep queues them again with their keys, and the gateway knows the
    repeats: each person gets the message once."""
    from wirausaha.notifications.actions import requeue_stale_messages
    from wirausaha.notifications.adapters import SmsGatewayAdapter

    settings.STALE_JOB_SECONDS = 60
    with django_capture_on_commit_callbacks(execute=False):
        messages = notify_many(letters(people(3)))
    Message.objects.filter(pk__in=[m.pk for m in messages]).update(
        status=Message.Status.SENDING, claimed_at=timezone.now() - timedelta(seconds=61)
    )
    taken = Message.objects.filter(pk__in=[m.pk for m in messages[:2]]).order_by("pk")
    for message in taken:  # the gateway had these two when the worker died
        SmsGatewayAdapter().send(message)

    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale_messages() == 3

    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.SENT}
    assert len(gateway.delivered) == 3 and gateway.requests == 5
    assert sorted(gateway.keys[str(m.key)] for m in messages) == [1, 2, 2]
