import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where a message goes. LOG is the outbox log (a laptop, a closed network): no gateway."""

    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    LOG = "log", _("Log only")


# The channels a person can opt in to (the log is not one).
CHOOSABLE = (Channel.WHATSAPP, Channel.SMS, Channel.EMAIL)


class Message(models.Model):
    """One message to one person: kept as the outbox and as what the person can read in the app."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        # Claimed by a worker that is handing it to the gateway; one claimed too long ago lost
        # its worker and is queued again (actions.requeue_stale_messages).
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # Not sent: the person stopped every channel and the message is not one the law requires.
        IN_APP = "in_app", _("In the app only")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    channel = models.CharField(_("channel"), max_length=20)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # What the message is about (events.Event), "" for a message without a template.
    event = models.CharField(_("event"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=5, default="id")
    # The number or address it goes to, fixed when it is queued (E.164 digits for a phone).
    address = models.CharField(_("address"), max_length=254, blank=True)
    # Sent to the gateway with every try of this message, so that a try repeated after a worker
    # stopped (or after a timeout) is recognised by the gateway and not delivered twice.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When the next try is due (after a failure, a rate limit or the per-number throttle).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Why it went by another channel than the person's first choice (a template not approved).
    note = models.CharField(_("note"), max_length=300, blank=True)
    gateway_id = models.CharField(max_length=100, blank=True)
    # The event's values (events.TEXTS[event].params), for a WhatsApp template's parameters.
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due"),
            models.Index(fields=["address", "sent_at"], name="message_address_sent"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def channel_label(self) -> str:
        """The channel's name in the reader's language (the field keeps no choices: a channel
        once used stays readable)."""
        return str(Channel(self.channel).label) if self.channel in Channel.values else self.channel


class WhatsAppTemplate(models.Model):
    """A WhatsApp message template as registered with the WhatsApp Business Platform: its name,
    category, language and the review status Meta gave it. Only an APPROVED template is sent."""

    class Category(models.TextChoices):
        # Programme events are utility messages; codes are authentication. Never marketing.
        UTILITY = "UTILITY", _("Utility")
        AUTHENTICATION = "AUTHENTICATION", _("Authentication")

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Under review")
        APPROVED = "APPROVED", _("Approved")
        REJECTED = "REJECTED", _("Rejected")
        PAUSED = "PAUSED", _("Paused")
        DISABLED = "DISABLED", _("Disabled")

    event = models.CharField(_("event"), max_length=40)
    name = models.CharField(_("template name"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    language = models.CharField(_("language"), max_length=5)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("WhatsApp template")
        verbose_name_plural = _("WhatsApp templates")
        ordering = ["event", "language"]
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="whatsapp_template_event_language"),
            models.UniqueConstraint(fields=["name", "language"], name="whatsapp_template_name_language"),
            models.CheckConstraint(
                condition=Q(category__in=["UTILITY", "AUTHENTICATION"]),
                name="whatsapp_template_not_marketing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class ChannelConsent(models.Model):
    """One decision of a person about one channel: opted in or out, when, and how it was given.
    Rows are only added; the latest per channel is the person's current choice."""

    class Source(models.TextChoices):
        OWN_PAGE = "own_page", _("On their own page")
        REGISTRATION = "registration", _("At registration")
        OFFICER = "officer", _("Recorded by an officer")
        REPLY = "reply", _("By replying to a message")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_consents"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=[(c.value, c.label) for c in CHOOSABLE])
    opted_in = models.BooleanField(_("opted in"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    recorded_at = models.DateTimeField(_("time"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("channel consent")
        verbose_name_plural = _("channel consents")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["user", "channel", "-recorded_at"], name="consent_latest")]

    def __str__(self) -> str:
        return f"{self.channel}: {self.opted_in}"
