"""`python manage.py send_outbox [--fake-gateway [--port N]]`: deliver the queued messages that are
due now, in batches (delivery.deliver_batch), without a task worker. With --fake-gateway the SMS
and WhatsApp channels go to a fake gateway started on 127.0.0.1 for the time of the command, which
prints each message it takes: the demo's step that shows a wave's outcome messages going out
through the SMS adapter (README, "Messages by SMS and WhatsApp")."""

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from ...delivery import deliver_batch
from ...fakegateway import FakeGateway
from ...models import Message
from ...tasks import BATCH


class Command(BaseCommand):
    help = (
        "Deliver the queued messages now; with --fake-gateway, the SMS and WhatsApp ones to a fake "
        "gateway on 127.0.0.1, printing each message it takes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fake-gateway", action="store_true", help="send to a fake gateway on the loopback"
        )
        parser.add_argument(
            "--port", type=int, default=0, help="the fake gateway's port (default: any free one)"
        )

    def handle(self, *args, fake_gateway, port, **options):
        if not fake_gateway:
            return self._send()
        with FakeGateway(port) as gateway:
            self.stdout.write(f"Fake gateway on {gateway.url}")
            channels = {
                "SMS_GATEWAY_URL": gateway.url + "sms",
                "SMS_GATEWAY_TOKEN": "demo",
                "WHATSAPP_API_URL": gateway.url + "v21.0",
                "WHATSAPP_TOKEN": "demo",
                "WHATSAPP_PHONE_NUMBER_ID": "demo",
            }
            with override_settings(**channels):
                self._send()
            for message in gateway.delivered:
                text = message.get("text") or "WhatsApp " + message.get("template", {}).get("name", "")
                self.stdout.write(f"  {message.get('to', '?')}: {text}")
            self.stdout.write(
                f"The gateway took {len(gateway.delivered)} messages ({gateway.requests} requests)."
            )

    def _send(self) -> None:
        due = (
            Message.objects.filter(status=Message.Status.QUEUED)
            .exclude(next_attempt_at__gt=timezone.now())
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        ids = list(due)
        for start in range(0, len(ids), BATCH):
            deliver_batch(ids[start : start + BATCH])
        counts = dict(
            Message.objects.filter(pk__in=ids)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        self.stdout.write(
            f"{len(ids)} messages due: {counts.get('sent', 0)} sent, {counts.get('failed', 0)} failed, "
            f"{counts.get('queued', 0)} to try again later."
        )
