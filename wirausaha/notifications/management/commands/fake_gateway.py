"""`python manage.py fake_gateway [--port 8025]`: a fake SMS and WhatsApp gateway on the loopback
for the demo, printing each message it takes. Point the channels to it with
SMS_GATEWAY_URL=http://127.0.0.1:8025/sms (and WHATSAPP_API_URL=http://127.0.0.1:8025/v21.0,
WHATSAPP_TOKEN=demo, WHATSAPP_PHONE_NUMBER_ID=demo for WhatsApp)."""

import time

from django.core.management.base import BaseCommand

from ...fakegateway import FakeGateway


class Command(BaseCommand):
    help = "Serve a fake SMS/WhatsApp gateway on 127.0.0.1 for the demo and print what it receives."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8025)
        parser.add_argument("--fail-every", type=int, default=0, help="answer every N-th request with 503")
        parser.add_argument("--limit-every", type=int, default=0, help="answer every N-th request with 429")

    def handle(self, *args, port, fail_every, limit_every, **options):
        gateway = FakeGateway(port, fail_every=fail_every, limit_every=limit_every).start()
        self.stdout.write(f"Fake gateway on {gateway.url}  (SMS_GATEWAY_URL={gateway.url}sms)")
        shown = 0
        try:
            while True:
                time.sleep(0.5)
                for message in gateway.delivered[shown:]:
                    to = message.get("to", "?")
                    text = message.get("text") or message.get("template", {}).get("name", "")
                    self.stdout.write(f"{to}: {text}")
                shown = len(gateway.delivered)
        except KeyboardInterrupt:
            stats = gateway.stats()
            self.stdout.write(f"\n{stats['delivered']} messages taken, {stats['requests']} requests")
        finally:
            gateway.stop()
