from django.core.mail import send_mail

from .base import GatewayError


class EmailAdapter:
    """Django's mail backend (settings.EMAIL_*; the console backend on a laptop)."""

    channel = "email"

    def send(self, message) -> str:
        address = message.address or message.recipient.email
        if not address:
            raise GatewayError("recipient has no email address", retry=False)
        try:
            send_mail(message.subject, message.body, None, [address])
        except OSError as error:  # the mail server unreachable or refusing for now
            raise GatewayError(f"mail server: {error}", retry=True) from error
        return ""
