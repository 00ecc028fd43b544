from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from wirausaha.common.models import TimestampedModel
from wirausaha.finance.readiness import Terms


class ProductQuerySet(models.QuerySet):
    def in_force_on(self, on: date) -> "ProductQuerySet":
        return self.filter(Q(in_force_until__isnull=True) | Q(in_force_until__gte=on), in_force_from__lte=on)


class FinancingProduct(TimestampedModel):
    """One dated version of a financing product (a KUR scheme, a TKM grant, equipment aid).

    The figures change by regulation, so they are data: a new version is a new row with its own
    dates and legal basis, never an edit of a version in force. Money is integer rupiah. The annual
    rate is stored in basis points (600 = 6 % a year): an exact integer like money, no binary
    fractions, and fine enough for any published rate (they are set in quarter points at most)."""

    class Kind(models.TextChoices):
        KUR = "kur", _("KUR loan")
        GRANT = "grant", _("Grant")
        EQUIPMENT = "equipment", _("Equipment aid")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    min_amount = models.PositiveBigIntegerField(_("minimum amount (Rp)"))
    max_amount = models.PositiveBigIntegerField(_("maximum amount (Rp)"))
    annual_rate_bp = models.PositiveIntegerField(
        _("annual rate (basis points)"),
        null=True,
        blank=True,
        help_text=_("Hundredths of a percent a year."),
    )
    max_tenor_months = models.PositiveSmallIntegerField(_("maximum tenor (months)"), null=True, blank=True)
    collateral_rule = models.TextField(_("collateral rule"), blank=True)
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    eligibility_conditions = models.TextField(_("eligibility conditions"), blank=True)
    min_business_months = models.PositiveSmallIntegerField(_("minimum months of business"), default=0)
    business_age_exempt_evidence = models.JSONField(
        _("evidence exempting a new business"), default=list, blank=True
    )
    npwp_above = models.PositiveBigIntegerField(_("NPWP required above (Rp)"), null=True, blank=True)
    needs_plan = models.BooleanField(_("needs an approved business plan"), default=False)
    min_new_workers = models.PositiveSmallIntegerField(_("minimum new workers"), default=0)
    report_due_days = models.PositiveSmallIntegerField(
        _("days to the accountability report"), null=True, blank=True
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    sources = models.TextField(_("sources of the figures"), blank=True)
    in_force_from = models.DateField(_("in force from"))
    in_force_until = models.DateField(_("in force until"), null=True, blank=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("financing product")
        verbose_name_plural = _("financing products")
        ordering = ["kind", "min_amount", "code", "-in_force_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "in_force_from"], name="finance_product_version_unique"),
            models.CheckConstraint(
                condition=Q(min_amount__lte=F("max_amount")), name="finance_product_range_ordered"
            ),
            models.CheckConstraint(
                condition=Q(in_force_until__isnull=True) | Q(in_force_until__gte=F("in_force_from")),
                name="finance_product_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.in_force_from:%Y-%m-%d})"

    def in_force_on(self, on: date) -> bool:
        return self.in_force_from <= on and (self.in_force_until is None or on <= self.in_force_until)

    @property
    def annual_rate_text(self) -> str:
        """The rate as a person reads it, in percent with a decimal comma: 600 -> "6", 625 -> "6,25"."""
        if self.annual_rate_bp is None:
            return ""
        whole, hundredths = divmod(self.annual_rate_bp, 100)
        return f"{whole},{hundredths:02d}".rstrip("0").rstrip(",") if hundredths else str(whole)

    def terms(self) -> Terms:
        return Terms(
            code=self.code,
            kind=self.kind,
            min_amount=self.min_amount,
            max_amount=self.max_amount,
            in_force_from=self.in_force_from,
            in_force_until=self.in_force_until,
            min_business_months=self.min_business_months,
            business_age_exempt_evidence=frozenset(self.business_age_exempt_evidence),
            npwp_above=self.npwp_above,
            needs_plan=self.needs_plan,
            required_documents=frozenset(self.required_documents),
            min_new_workers=self.min_new_workers,
        )
