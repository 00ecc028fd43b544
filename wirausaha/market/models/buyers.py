from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wirausaha.accounts.models import Organisation
from wirausaha.common.models import TimestampedModel

from ..rules import bela_pengadaan_max


class Buyer(TimestampedModel):
    """A buyer organisation (an accounts Organisation of kind market_partner) whose `pembeli` users
    post demand listings."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        OFFTAKER = "offtaker", _("Offtaker")
        MARKETPLACE = "marketplace", _("Marketplace")
        COOPERATIVE = "cooperative", _("Cooperative")
        RETAILER = "retailer", _("Retailer")
        GOVERNMENT = "government", _("Government buyer (K/L/PD)")

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="buyer"
    )
    kind = models.CharField(_("buyer type"), max_length=12, choices=Kind.choices)
    # For a K/L/PD: its work unit (satker) code as in SiRUP.
    unit_code = models.CharField(_("work unit code (SiRUP)"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name


class Listing(TimestampedModel):
    """What a buyer needs: a demand listing."""

    class Route(models.TextChoices):
        DIRECT = "direct", _("Direct purchase")
        BELA = "bela_pengadaan", _("Bela Pengadaan")
        EKATALOG = "e_katalog", _("e-Katalog")
        TENDER = "tender", _("Tender")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    buyer = models.ForeignKey(
        Buyer, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="listings"
    )
    product = models.CharField(_("product"), max_length=200)
    kbli_code = models.CharField(_("KBLI 2020 code"), max_length=5)
    # Province or regency codes served; empty: nationwide.
    regions = models.JSONField(_("regions served"), default=list, blank=True)
    unit = models.CharField(_("unit"), max_length=30, default="pcs")
    volume_per_month = models.PositiveIntegerField(_("volume per month"), validators=[MinValueValidator(1)])
    min_per_supplier = models.PositiveIntegerField(_("minimum per supplier per month"), default=0)
    price_min = models.PositiveBigIntegerField(_("lowest unit price (Rp)"), null=True, blank=True)
    price_max = models.PositiveBigIntegerField(_("highest unit price (Rp)"), null=True, blank=True)
    requires = models.JSONField(_("required certificates"), default=list, blank=True)
    route = models.CharField(
        _("procurement route"), max_length=16, choices=Route.choices, default=Route.DIRECT
    )
    value = models.PositiveBigIntegerField(_("procurement value (Rp)"), default=0)
    deadline = models.DateField(_("response deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    delivery_lat = models.FloatField(_("delivery latitude"), null=True, blank=True)
    delivery_lng = models.FloatField(_("delivery longitude"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)

    class Meta:
        verbose_name = _("demand listing")
        verbose_name_plural = _("demand listings")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_min__isnull=True)
                | Q(price_max__isnull=True)
                | Q(price_min__lte=models.F("price_max")),
                name="market_listing_price_order",
            ),
            models.CheckConstraint(
                condition=Q(min_per_supplier__lte=models.F("volume_per_month")),
                name="market_listing_min_within_volume",
            ),
        ]

    def __str__(self) -> str:
        return self.product

    @property
    def bela_eligible(self) -> bool:
        """A government listing worth at most the Bela Pengadaan ceiling (data, rules.json)."""
        return self.buyer.kind == Buyer.Kind.GOVERNMENT and 0 < self.value <= bela_pengadaan_max()


class Offer(TimestampedModel):
    """What a business offers, on top of the licensing business (products, KBLI, place, certificates)."""

    business = models.OneToOneField(
        "licensing.Business",
        verbose_name=_("business"),
        on_delete=models.CASCADE,
        related_name="market_offer",
    )
    capacity_per_month = models.PositiveIntegerField(_("capacity per month"), default=0)
    unit = models.CharField(_("unit"), max_length=30, default="pcs")
    price = models.PositiveBigIntegerField(_("unit price (Rp)"), null=True, blank=True)
    is_open = models.BooleanField(_("open to buyers"), default=True)

    class Meta:
        verbose_name = _("business offer")
        verbose_name_plural = _("business offers")

    def __str__(self) -> str:
        return str(self.business)


class Match(models.Model):
    """A stored match of a listing with a business (top k both ways), refreshed when either changes."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="matches")
    business = models.ForeignKey(
        "licensing.Business", on_delete=models.CASCADE, related_name="market_matches"
    )
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    refreshed_at = models.DateTimeField(_("refreshed at"), auto_now=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "business_id"]
        constraints = [models.UniqueConstraint(fields=["listing", "business"], name="market_match_once")]

    def __str__(self) -> str:
        return f"{self.listing_id}-{self.business_id}"
