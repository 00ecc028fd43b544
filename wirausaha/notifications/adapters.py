"""Where messages go. The adapter is chosen by settings.NOTIFICATION_ADAPTER; an SMS or WhatsApp
gateway is one more class with a `send` method."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger("wirausaha.notifications")


class LogAdapter:
    """Writes the message to the log (phone numbers masked): for development and closed networks."""

    channel = "log"

    def send(self, message) -> None:
        logger.info(
            "message to %s (%s): %s", message.recipient.username, message.recipient.phone, message.subject
        )


class EmailAdapter:
    channel = "email"

    def send(self, message) -> None:
        if not message.recipient.email:
            raise ValueError("recipient has no email address")
        send_mail(message.subject, message.body, None, [message.recipient.email])


def adapter():
    return import_string(settings.NOTIFICATION_ADAPTER)()
