"""Each channel's adapter against a fake gateway served on the loopback: what it sends, and what
delivery does with failures (5xx), timeouts, rate limits (429 with Retry-After) and refusals."""

import base64
import logging
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from wirausaha.notifications.actions import choose_channels, notify
from wirausaha.notifications.events import Event
from wirausaha.notifications.models import Channel, ChannelConsent, Message, WhatsAppTemplate

from .support import make_due, sweep

SMS = {Channel.SMS}


def queued(user, capture, **kwargs) -> Message:
    with capture(execute=True):
        message = notify(user, **kwargs)
    message.refresh_from_db()
    return message


def test_an_sms_goes_to_the_gateway_with_the_number_the_text_naming_the_service_and_a_key(
    gateway, siti, django_capture_on_commit_callbacks
):
    choose_channels(siti, chosen=SMS, source=ChannelConsent.Source.OWN_PAGE)

    message = queued(
        siti, django_capture_on_commit_callbacks, subject="Kelas Anda", body="Kelas mulai Senin."
    )

    assert message.status == Message.Status.SENT and message.channel == "sms"
    assert message.gateway_id == f"fake-{message.key}"
    [sent] = gateway.delivered
    assert sent["to"] == "6281234567890"
    assert sent["text"] == "Wirausaha: Kelas mulai Senin."
    assert sent["from"] == "WIRAUSAHA" and sent["ref"] == str(message.key)
    assert sent["_authorization"] == "Basic " + base64.b64encode(b"wirausaha:rahasia").decode()


def test_a_gateway_error_is_tried_again_later_and_then_sent(
    gateway, siti, django_capture_on_commit_callbacks
):
    choose_channels(siti, chosen=SMS, source=ChannelConsent.Source.OWN_PAGE)
    gateway.script = ["500"]

    message = queued(siti, django_capture_on_commit_callbacks, subject="Kelas", body="Kelas Anda.")

    assert message.status == Message.Status.QUEUED and message.attempts == 1
    assert "500" in message.error
    wait = message.next_attempt_at - timezone.now()
    assert timedelta(seconds=25) < wait <= timedelta(seconds=30)
    assert sweep(django_capture_on_commit_callbacks) == 0  # not due yet

    make_due(message)
    assert sweep(django_capture_on_commit_callbacks) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.attempts == 2
    assert len(gateway.delivered) == 1


def test_the_wait_doubles_at_each_failure_and_the_last_failure_is_final(
    gateway, siti, django_capture_on_commit_callbacks
):
    choose_channels(siti, chosen=SMS, source=ChannelConsent.Source.OWN_PAGE)
    gateway.script = ["503", "503", "503"]
    message = queued(siti, django_capture_on_commit_callbacks, subject="Kelas", body="Kelas Anda.")
    make_due(message)

    sweep(django_capture_on_commit_callbacks)

    message.refresh_from_db()
    assert message.attempts == 2
    assert timedelta(seconds=55) < message.next_attempt_at - timezone.now() <= timedelta(seconds=60)
    make_due(message)
    sweep(django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED and message.attempts == 3
    assert gateway.delivered == []


def test_a_timeout_is_tried_again_with_the_same_key_and_delivered_only_once(
    gateway, siti, django_capture_on_commit_callbacks
):
    choose_channels(siti, chosen=SMS, source=ChannelConsent.Source.OWN_PAGE)
    gateway.script = ["slow"]  # the gateway takes the message but answers after our timeout

    message = queued(siti, django_capture_on_commit_callbacks, subject="Kelas", body="Kelas Anda.")

    assert message.status == Message.Status.QUEUED and "timed out" in message.error
    make_due(message)
    sweep(django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert len(gateway.delivered) == 1 and gateway.repeats == 1
    assert gateway.keys[str(message.key)] == 2


def test_a_rate_limit_answer_waits_as_long_as_the_gateway_asks(
    gateway, siti, django_capture_on_commit_callbacks
):
    choose_channels(siti, chosen=SMS, source=ChannelConsent.Source.OWN_PAGE)
    gateway.script = ["429"]
    gateway.retry_after = 7

    message = queued(siti, django_capture_on_commit_callbacks, subject="Kelas", body="Kelas Anda.")

    assert message.status == Message.Status.QUEUED and "429" in message.error
    assert timedelta(seconds=5) < message.next_attempt_at - timezone.now() <= timedelta(seconds=7)


def test_a_refusal_fails_at_once_and_an_unreachable_gateway_is_tried_again(
    gateway, siti, settings, django_capture_on_commit_callbacks
):
    choose_channels(siti, chosen=SMS, source=ChannelConsent.Source.OWN_PAGE)
    gateway.script = ["400"]
    refused = queued(siti, django_capture_on_commit_callbacks, subject="Kelas", body="Kelas Anda.")
    assert refused.status == Message.Status.FAILED and "400" in refused.error

    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/"  # nobody listens there
    message = queued(siti, django_capture_on_commit_callbacks, subject="Kelas", body="Kelas Anda.")
    assert message.status == Message.Status.QUEUED and "unreachable" in message.error


def test_a_person_whose_chosen_channel_cannot_reach_them_gets_the_default_channel(
    siti, django_capture_on_commit_callbacks
):
    choose_channels(siti, chosen=SMS, source=ChannelConsent.Source.OWN_PAGE)
    siti.phone = "12"  # not a mobile number
    siti.save(update_fields=["phone"])
    message = queued(siti, django_capture_on_commit_callbacks, subject="Kelas", body="Kelas Anda.")
    assert message.channel == "log" and message.status == Message.Status.SENT


def test_without_a_gateway_url_the_sms_is_written_to_the_log(
    siti, caplog, django_capture_on_commit_callbacks
):
    choose_channels(siti, chosen=SMS, source=ChannelConsent.Source.OWN_PAGE)

    with caplog.at_level(logging.INFO, logger="wirausaha.notifications"):
        message = queued(siti, django_capture_on_commit_callbacks, subject="Kelas Anda", body="…")

    assert message.status == Message.Status.SENT
    assert "sms message to siti at 6281****890 [SMS]: Kelas Anda" in caplog.text


def test_the_log_names_a_person_without_an_address_plainly(db, caplog, django_capture_on_commit_callbacks):
    from wirausaha.accounts.models import Role
    from wirausaha.testing import make_user

    lulusan = make_user("lulusan", Role.PARTICIPANT)
    with caplog.at_level(logging.INFO, logger="wirausaha.notifications"):
        queued(lulusan, django_capture_on_commit_callbacks, subject="Sertifikat", body="…")
    assert "log message to lulusan at (no address: in the app only): Sertifikat" in caplog.text


def test_an_email_goes_through_the_mail_backend(siti, django_capture_on_commit_callbacks):
    choose_channels(siti, chosen={Channel.EMAIL}, source=ChannelConsent.Source.OWN_PAGE)

    message = queued(
        siti, django_capture_on_commit_callbacks, subject="Kelas Anda", body="Kelas mulai Senin."
    )

    assert message.status == Message.Status.SENT and message.channel == "email"
    [sent] = mail.outbox
    assert sent.to == ["siti@example.org"] and sent.subject == "Kelas Anda"


def approve(event: str, language: str = "id") -> WhatsAppTemplate:
    template = WhatsAppTemplate.objects.get(event=event, language=language)
    template.status = WhatsAppTemplate.Status.APPROVED
    template.save()
    return template


def test_a_whatsapp_message_is_an_approved_template_in_the_cloud_api_shape(
    gateway, siti, django_capture_on_commit_callbacks
):
    choose_channels(siti, chosen={Channel.WHATSAPP, Channel.SMS}, source=ChannelConsent.Source.OWN_PAGE)
    approve(Event.SELECTED)

    message = queued(
        siti, django_capture_on_commit_callbacks, event=Event.SELECTED, params={"wave": "PHK-2025-1"}
    )

    assert message.status == Message.Status.SENT and message.channel == "whatsapp"
    [sent] = gateway.delivered
    assert sent["_path"] == "/v21.0/1234567890/messages"
    assert sent["_authorization"] == "Bearer token-uji"
    assert sent["messaging_product"] == "whatsapp" and sent["to"] == "6281234567890"
    assert sent["type"] == "template"
    assert sent["template"] == {
        "name": "wirausaha_selected",
        "language": {"code": "id"},
        "components": [{"type": "body", "parameters": [{"type": "text", "text": "PHK-2025-1"}]}],
    }


def test_a_template_not_approved_is_never_sent_the_message_goes_by_sms_and_says_so(
    gateway, siti, django_capture_on_commit_callbacks
):
    choose_channels(siti, chosen={Channel.WHATSAPP}, source=ChannelConsent.Source.OWN_PAGE)
    template = approve(Event.SELECTED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = notify(siti, event=Event.SELECTED, params={"wave": "PHK-2025-1"})
    assert message.channel == "whatsapp"
    template.status = WhatsAppTemplate.Status.PAUSED  # Meta paused it after the message was queued
    template.save()

    for callback in callbacks:
        callback()

    message.refresh_from_db()
    assert message.channel == "sms" and message.status == Message.Status.SENT
    assert "belum disetujui" in message.note and "PAUSED" in message.error
    [sent] = gateway.delivered
    assert "text" in sent and "template" not in sent


def test_a_whatsapp_adapter_refuses_a_template_under_review(gateway, siti, db):
    from wirausaha.notifications.adapters import TemplateNotApproved, WhatsAppAdapter

    message = Message.objects.create(
        recipient=siti,
        subject="s",
        body="b",
        channel="whatsapp",
        address="6281234567890",
        event=Event.PLACED,
        language="id",
        params={"cohort": "A", "centre": "B", "start": "C"},
    )
    try:
        WhatsAppAdapter().send(message)
    except TemplateNotApproved as refused:
        assert "PENDING" in str(refused)
    else:
        raise AssertionError("a template under review was sent")
    assert gateway.requests == 0


def test_no_more_than_the_limit_goes_to_one_number_in_a_minute(
    gateway, siti, django_capture_on_commit_callbacks
):
    choose_channels(siti, chosen=SMS, source=ChannelConsent.Source.OWN_PAGE)
    messages = [
        queued(siti, django_capture_on_commit_callbacks, subject=f"Pesan {n}", body="…") for n in range(6)
    ]

    assert [m.status for m in messages[:5]] == [Message.Status.SENT] * 5
    held = messages[5]
    assert held.status == Message.Status.QUEUED and held.attempts == 0
    assert held.next_attempt_at > timezone.now() + timedelta(seconds=55)
    assert len(gateway.delivered) == 5
