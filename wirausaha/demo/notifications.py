"""The demo's messages: the WhatsApp templates of the wave's outcomes and of codes recorded as
approved by Meta (the others stay under review, so their messages go by SMS and say so), and the
demo participants with an account opted in to SMS at registration.

To watch a wave's outcome messages reach an SMS gateway, serve the fake one and point the SMS
channel to it (README, "Messages by SMS and WhatsApp"):

    python manage.py fake_gateway --port 8025
    SMS_GATEWAY_URL=http://127.0.0.1:8025/sms make run     # and draw a wave as admin
"""

from django.db import transaction

from wirausaha.accounts.models import Role, User
from wirausaha.notifications.events import Event
from wirausaha.notifications.models import Channel, ChannelConsent, WhatsAppTemplate

APPROVED = (Event.SELECTED, Event.WAITLISTED, Event.ONE_TIME_CODE)


@transaction.atomic
def seed_notifications() -> int:
    """Returns how many participants were opted in to SMS (none on a second run)."""
    WhatsAppTemplate.objects.filter(event__in=APPROVED, language="id").update(
        status=WhatsAppTemplate.Status.APPROVED
    )
    chosen = set(ChannelConsent.objects.values_list("user_id", flat=True))
    people = User.objects.filter(role=Role.PARTICIPANT, is_synthetic=True).exclude(pk__in=chosen)
    registration = ChannelConsent.Source.REGISTRATION
    rows = [
        ChannelConsent(user=user, channel=Channel.SMS, opted_in=True, source=registration) for user in people
    ]
    ChannelConsent.objects.bulk_create(rows)
    return len(rows)
