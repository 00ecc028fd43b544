"""One-time codes (issue #22): 6 digits, valid 5 minutes, locked after the tries, throttled per
number and per client, and sent in a text that names the service, by SMS even after an opt-out."""

from datetime import timedelta

from django.utils import timezone

from wirausaha.accounts.codes import (
    CODE_ATTEMPTS,
    SENDS_PER_CLIENT,
    SENDS_PER_NUMBER,
    may_send_code,
    use_code,
)
from wirausaha.accounts.models import OneTimeCode
from wirausaha.notifications.actions import choose_channels, send_one_time_code
from wirausaha.notifications.models import ChannelConsent, Message


def sent_code(user, capture) -> tuple[Message, str]:
    with capture(execute=True):
        message = send_one_time_code(user)
    message.refresh_from_db()
    return message, message.params["code"]


def test_a_code_is_six_digits_named_for_the_service_and_valid_five_minutes(
    siti, gateway, django_capture_on_commit_callbacks
):
    choose_channels(siti, chosen={"sms"}, source=ChannelConsent.Source.OWN_PAGE)
    _, code = sent_code(siti, django_capture_on_commit_callbacks)

    assert len(code) == 6 and code.isdigit()
    assert gateway.delivered[0]["text"].startswith(f"Kode Wirausaha Anda {code}.")
    live = OneTimeCode.objects.get(user=siti)
    assert timedelta(minutes=4) < live.expires_at - timezone.now() <= timedelta(minutes=5)

    OneTimeCode.objects.filter(user=siti).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert use_code(siti, code) is False


def test_a_code_locks_after_the_tries(siti, django_capture_on_commit_callbacks):
    _, code = sent_code(siti, django_capture_on_commit_callbacks)
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    for _ in range(CODE_ATTEMPTS):
        assert use_code(siti, wrong) is False

    assert use_code(siti, code) is False  # the right code, too late


def test_codes_are_throttled_per_number_whatever_the_client(db):
    for n in range(SENDS_PER_NUMBER):
        assert may_send_code(phone="6281234567890", client=f"10.0.0.{n}")
    assert not may_send_code(phone="6281234567890", client="10.0.0.99")
    assert may_send_code(phone="6281111111111", client="10.0.0.99")


def test_codes_are_throttled_per_client_whatever_the_number(db):
    for n in range(SENDS_PER_CLIENT):
        assert may_send_code(phone=f"62812000000{n:02d}", client="10.0.0.1")
    assert not may_send_code(phone="6281299999999", client="10.0.0.1")


def test_a_code_is_sent_by_sms_to_a_person_who_stopped_every_channel(
    siti, gateway, django_capture_on_commit_callbacks
):
    choose_channels(siti, chosen=set(), source=ChannelConsent.Source.OWN_PAGE)

    message, _ = sent_code(siti, django_capture_on_commit_callbacks)

    assert message.channel == "sms" and message.status == Message.Status.SENT
    assert len(gateway.delivered) == 1
