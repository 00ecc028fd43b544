"""The demo's step for issue #22: after seed_demo, the demo wave is screened, closed and drawn as
the README's tour does, and `send_outbox --fake-gateway` sends the outcome messages (the demo
participants opted in to SMS) through the SMS adapter to a fake gateway on the loopback."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from wirausaha.demo.seed import DEMO_WAVE
from wirausaha.notifications.models import Message

from .test_seed_demo import seed, two_minutes_later

pytestmark = pytest.mark.django_db


def test_the_demo_waves_outcomes_go_out_by_sms_to_the_fake_gateway(
    settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    settings.SMS_GATEWAY_URL = ""
    # No task worker runs: the outcome messages wait in the outbox for send_outbox.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    seed("--participants", "20", "--seed", "3")
    out = StringIO()
    call_command("screen", "--wave", DEMO_WAVE, stdout=out)
    call_command("close_wave", "--wave", DEMO_WAVE, "--reason", "Tur demo", stdout=out)
    with two_minutes_later(), django_capture_on_commit_callbacks(execute=True):  # the draw tells everyone
        call_command("select", "--wave", DEMO_WAVE, "--public-value", "IHSG 7.123,45", stdout=out)
    outcomes = Message.objects.filter(event__in=["selected", "waitlisted"], params__wave=DEMO_WAVE)
    assert outcomes.exists()
    assert set(outcomes.values_list("channel", "status").distinct()) == {("sms", "queued")}

    printed = StringIO()
    call_command("send_outbox", "--fake-gateway", stdout=printed)

    assert set(outcomes.values_list("status", flat=True)) == {"sent"}
    text = printed.getvalue()
    assert int(re.search(r"The gateway took (\d+) messages", text).group(1)) >= outcomes.count()
    for number in outcomes.values_list("address", flat=True):
        lines = [line for line in text.splitlines() if line.strip().startswith(f"{number}: ")]
        assert lines and all("Wirausaha" in line for line in lines)  # each SMS names the service
