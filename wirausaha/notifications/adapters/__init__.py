"""Where messages go: one adapter per channel behind one interface (`channel`, `send(message)`
returning the gateway's id or raising base.GatewayError). settings.NOTIFICATION_ADAPTER is the
channel of a person who chose none (the log on a laptop, email in production)."""

from django.conf import settings
from django.utils.module_loading import import_string

from .base import GatewayError, TemplateNotApproved
from .email import EmailAdapter
from .log import LogAdapter
from .sms import SmsGatewayAdapter
from .whatsapp import WhatsAppAdapter

ADAPTERS = {
    "log": LogAdapter,
    "email": EmailAdapter,
    "sms": SmsGatewayAdapter,
    "whatsapp": WhatsAppAdapter,
}

__all__ = [
    "ADAPTERS",
    "EmailAdapter",
    "GatewayError",
    "LogAdapter",
    "SmsGatewayAdapter",
    "TemplateNotApproved",
    "WhatsAppAdapter",
    "adapter",
    "adapter_for",
]


def adapter():
    """The default channel's adapter (settings.NOTIFICATION_ADAPTER)."""
    return import_string(settings.NOTIFICATION_ADAPTER)()


def adapter_for(channel: str):
    default = import_string(settings.NOTIFICATION_ADAPTER)
    if channel == default.channel:
        return default()
    return ADAPTERS[channel]()
