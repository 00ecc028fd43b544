"""A message is claimed (SENDING) while the gateway is called and SENT after it answers; one whose
worker stopped in between is queued again by the sweep and delivered: at least once, never lost."""

from datetime import timedelta

from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.notifications import adapters
from wirausaha.notifications.actions import requeue_stale_messages
from wirausaha.notifications.delivery import deliver
from wirausaha.notifications.models import Message
from wirausaha.testing import make_user


def a_message(status=Message.Status.QUEUED, claimed_seconds_ago=None) -> Message:
    user = make_user("siti", Role.PARTICIPANT)
    message = Message.objects.create(recipient=user, subject="Kelas Anda", body="…", channel="log")
    if claimed_seconds_ago is not None:
        Message.objects.filter(pk=message.pk).update(
            status=status, claimed_at=timezone.now() - timedelta(seconds=claimed_seconds_ago)
        )
    return message


def test_a_message_is_sending_while_the_gateway_is_called_and_sent_after(db, monkeypatch):
    message = a_message()
    seen = []
    monkeypatch.setattr(
        adapters.LogAdapter, "send", lambda self, sent: seen.append(Message.objects.get(pk=sent.pk).status)
    )

    deliver(message)

    assert seen == [Message.Status.SENDING]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.sent_at is not None


def test_a_message_claimed_by_a_stopped_worker_is_queued_again_and_delivered(
    db, settings, django_capture_on_commit_callbacks
):
    settings.STALE_JOB_SECONDS = 60
    stale = a_message(Message.Status.SENDING, claimed_seconds_ago=61)
    recent = Message.objects.create(recipient=stale.recipient, subject="Lain", body="…", channel="log")
    Message.objects.filter(pk=recent.pk).update(status=Message.Status.SENDING, claimed_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stale_messages() == 1

    stale.refresh_from_db()
    recent.refresh_from_db()
    assert stale.status == Message.Status.SENT  # the task queued again delivered it
    assert recent.status == Message.Status.SENDING  # its worker may still be at the gateway
