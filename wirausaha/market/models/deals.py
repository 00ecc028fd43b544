from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wirausaha.common.models import TimestampedModel

from .buyers import Buyer, Listing


class Deal(TimestampedModel):
    """A deal between a buyer and a business, from a match or a meeting: introduced -> met ->
    negotiating -> contract -> delivered, or lost."""

    class Status(models.TextChoices):
        INTRODUCED = "introduced", _("Introduced")
        MET = "met", _("Met")
        NEGOTIATING = "negotiating", _("Negotiating")
        CONTRACT = "contract", _("Contract signed")
        DELIVERED = "delivered", _("Delivered")
        LOST = "lost", _("Lost")

    buyer = models.ForeignKey(Buyer, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="deals")
    business = models.ForeignKey(
        "licensing.Business",
        verbose_name=_("business"),
        on_delete=models.PROTECT,
        related_name="market_deals",
    )
    listing = models.ForeignKey(
        Listing,
        verbose_name=_("listing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
    )
    meeting = models.ForeignKey(
        "market.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.INTRODUCED, db_index=True
    )
    contract_value = models.PositiveBigIntegerField(_("contract value (Rp)"), null=True, blank=True)
    contract_volume = models.PositiveIntegerField(_("contract volume"), null=True, blank=True)
    contract_on = models.DateField(_("contract date"), null=True, blank=True)
    delivered_on = models.DateField(_("delivery date"), null=True, blank=True)
    delivered_value = models.PositiveBigIntegerField(_("delivered value (Rp)"), null=True, blank=True)
    lost_reason = models.CharField(_("reason lost"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["contract", "delivered"])
                | Q(contract_value__isnull=False, contract_on__isnull=False),
                name="market_deal_contract_has_value",
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered")
                | Q(delivered_on__isnull=False, delivered_value__isnull=False),
                name="market_deal_delivery_has_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.buyer} - {self.business}"
