from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wirausaha.common.models import TimestampedModel

from .buyers import Buyer


class Event(TimestampedModel):
    """A business-matching event (temu bisnis): a date, a place or online, time slots and tables."""

    class Status(models.TextChoices):
        OPEN = "open", _("Registration open")
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")

    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    starts_at = models.TimeField(_("first slot starts at"))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per slot"), default=20)
    slots = models.PositiveSmallIntegerField(_("time slots"))
    tables = models.PositiveSmallIntegerField(_("tables"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    optimal = models.BooleanField(_("schedule proven optimal"), default=False)
    weight = models.PositiveIntegerField(_("schedule weight"), default=0)
    agendas_sent_at = models.DateTimeField(_("agendas sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("business-matching event")
        verbose_name_plural = _("business-matching events")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.name

    def outcomes_recorded(self) -> bool:
        """Whether any meeting of the schedule has its outcome: the schedule is then kept."""
        return self.meetings.exclude(outcome="").exists()

    def slot_time(self, slot: int) -> str:
        """The slot's time as written in Indonesia: 09.00 to 09.20, with an en dash between."""
        start = datetime.combine(self.held_on, self.starts_at) + timedelta(minutes=slot * self.slot_minutes)
        end = start + timedelta(minutes=self.slot_minutes)
        return f"{start:%H.%M}–{end:%H.%M}"


class Registration(TimestampedModel):
    """A business or a buyer registered for an event, with the slots they cannot attend."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    business = models.ForeignKey(
        "licensing.Business",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="market_registrations",
    )
    buyer = models.ForeignKey(
        Buyer, null=True, blank=True, on_delete=models.CASCADE, related_name="registrations"
    )
    unavailable = models.JSONField(_("slots unavailable"), default=list, blank=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        constraints = [
            models.CheckConstraint(
                condition=Q(business__isnull=True, buyer__isnull=False)
                | Q(business__isnull=False, buyer__isnull=True),
                name="market_registration_one_side",
            ),
            models.UniqueConstraint(fields=["event", "business"], name="market_registration_business_once"),
            models.UniqueConstraint(fields=["event", "buyer"], name="market_registration_buyer_once"),
        ]

    @property
    def side(self) -> str:
        return "business" if self.business_id else "buyer"

    @property
    def name(self) -> str:
        return self.business.name if self.business_id else self.buyer.organisation.name

    def __str__(self) -> str:
        return self.name


class MeetingRequest(models.Model):
    """One registrant asks to meet another of the other side."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests")
    source = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="requests_made")
    target = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="requests_received")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="market_request_once")]

    def __str__(self) -> str:
        return f"{self.source_id}->{self.target_id}"


class Meeting(models.Model):
    """A scheduled meeting: a business and a buyer in one slot at one table, with its outcome."""

    class Outcome(models.TextChoices):
        PENDING = "", _("Not recorded")
        INTERESTED = "interested", _("Interested")
        NOT_INTERESTED = "not_interested", _("Not interested")
        NO_SHOW = "no_show", _("No-show")
        FOLLOW_UP = "follow_up", pgettext_lazy("meeting outcome", "Follow-up")
        DEAL = "deal", _("Deal")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    business = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    buyer = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    slot = models.PositiveSmallIntegerField(_("slot"))
    table = models.PositiveSmallIntegerField(_("table"))
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True, default="")

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot", "table"]
        constraints = [
            models.UniqueConstraint(fields=["event", "slot", "table"], name="market_meeting_table_once"),
            models.UniqueConstraint(
                fields=["event", "business", "slot"], name="market_meeting_business_slot"
            ),
            models.UniqueConstraint(fields=["event", "buyer", "slot"], name="market_meeting_buyer_slot"),
            models.UniqueConstraint(fields=["event", "business", "buyer"], name="market_meeting_pair_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.slot}/{self.table}"
