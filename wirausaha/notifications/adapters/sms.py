"""SMS through a generic HTTP gateway, as most Indonesian SMS gateways take it: a POST with the
number and the text (form fields `to`, `text`, `from`, `ref`), authenticated with a user name and
password (HTTP basic) or a token (bearer), from settings. Without SMS_GATEWAY_URL the message is
written to the outbox log."""

from django.conf import settings

from ..events import SERVICE
from .base import GatewayError, log_message, post


def sms_text(message) -> str:
    """The text of the SMS: the body, naming the service (operators refuse OTP SMS without it)."""
    body = message.body.strip()
    return body if SERVICE.lower() in body.lower() else f"{SERVICE}: {body}"


class SmsGatewayAdapter:
    channel = "sms"
    session = None  # a requests.Session a batch's delivery sets, to reuse connections

    def send(self, message) -> str:
        if not message.address:
            raise GatewayError("recipient has no mobile number", retry=False)
        if not settings.SMS_GATEWAY_URL:
            return log_message(message, "SMS")
        auth = None
        headers = {}
        if settings.SMS_GATEWAY_TOKEN:
            headers["Authorization"] = f"Bearer {settings.SMS_GATEWAY_TOKEN}"
        elif settings.SMS_GATEWAY_USERNAME:
            auth = (settings.SMS_GATEWAY_USERNAME, settings.SMS_GATEWAY_PASSWORD)
        response = post(
            settings.SMS_GATEWAY_URL,
            key=str(message.key),
            session=self.session,
            auth=auth,
            headers=headers,
            data={
                "to": message.address,
                "text": sms_text(message),
                "from": settings.SMS_SENDER_NAME,
                "ref": str(message.key),
            },
        )
        try:
            return str(response.json().get("id", ""))[:100]
        except ValueError:
            return ""
