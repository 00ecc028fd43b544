"""What every channel adapter shares: the errors a gateway answers with, the HTTP call with its
timeout, and the masked address for logs. An adapter has a `channel` and a `send(message)` that
returns the gateway's id for the message (or "") or raises GatewayError."""

import logging
from email.utils import parsedate_to_datetime

import requests
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger("wirausaha.notifications")


class GatewayError(Exception):
    """The gateway did not take the message. `retry`: a later try may succeed (timeout, 5xx, 429);
    `retry_after`: seconds the gateway asked us to wait."""

    def __init__(self, message: str, *, retry: bool, retry_after: float | None = None):
        super().__init__(message)
        self.retry = retry
        self.retry_after = retry_after


class TemplateNotApproved(GatewayError):
    """The WhatsApp template for the message is missing or not approved: never sent."""

    def __init__(self, message: str):
        super().__init__(message, retry=False)


def masked(address: str) -> str:
    """A phone number or an email address with its middle hidden, for logs."""
    if not address:
        return "-"
    if "@" in address:
        name, _, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    return f"{address[:4]}****{address[-3:]}" if len(address) > 7 else "****"


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds (it may be a number of seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - timezone.now()).total_seconds())
    except (TypeError, ValueError):
        return None


def post(url: str, *, key: str, session: requests.Session | None = None, **kwargs) -> requests.Response:
    """POST to a gateway with the message's idempotency key (through `session`, whose connections
    are kept open between the messages of a batch, when given); the answer sorted into success or
    a GatewayError that says whether to try again."""
    headers = {"Idempotency-Key": key, **kwargs.pop("headers", {})}
    try:
        response = (session or requests).post(
            url, headers=headers, timeout=settings.NOTIFICATION_TIMEOUT_SECONDS, **kwargs
        )
    except requests.Timeout as error:
        raise GatewayError(f"gateway timed out: {error}", retry=True) from error
    except requests.RequestException as error:
        raise GatewayError(f"gateway unreachable: {error}", retry=True) from error
    if response.status_code == 429:
        raise GatewayError(
            "gateway rate limit (429)",
            retry=True,
            retry_after=retry_after_seconds(response.headers.get("Retry-After")),
        )
    if response.status_code >= 500:
        raise GatewayError(f"gateway error {response.status_code}", retry=True)
    if response.status_code >= 400:
        raise GatewayError(f"gateway refused {response.status_code}: {response.text[:200]}", retry=False)
    return response


def log_message(message, note: str = "") -> str:
    """Writes the message to the outbox log (no gateway configured): channel and masked address."""
    logger.info(
        "%s message to %s at %s%s: %s",
        message.channel,
        message.recipient.username,
        masked(message.address) if message.address else "(no address: in the app only)",
        f" [{note}]" if note else "",
        message.subject,
    )
    return ""
