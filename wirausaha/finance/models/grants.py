from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wirausaha.common.models import TimestampedModel
from wirausaha.common.storage import private_storage
from wirausaha.reference.models import Region
from wirausaha.registry.models import Participant

from .products import FinancingProduct


class GrantBudget(TimestampedModel):
    """What a province may commit to one programme-money product in one year: rupiah for a grant,
    units (equipment packages) for equipment aid. Approvals add to the committed figures under a
    row lock, and the database refuses a committed figure above the budget."""

    product_code = models.SlugField(_("product code"), max_length=40)
    province = models.ForeignKey(
        Region, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.PositiveBigIntegerField(_("budget (Rp)"), default=0)
    units = models.PositiveIntegerField(_("stock (units)"), default=0)
    committed_amount = models.PositiveBigIntegerField(_("committed (Rp)"), default=0)
    committed_units = models.PositiveIntegerField(_("committed (units)"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("programme budget")
        verbose_name_plural = _("programme budgets")
        ordering = ["-year", "province_id", "product_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["product_code", "province", "year"], name="finance_budget_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(committed_amount__lte=F("amount")), name="finance_budget_amount_held"
            ),
            models.CheckConstraint(
                condition=Q(committed_units__lte=F("units")), name="finance_budget_units_held"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_code} {self.province_id} {self.year}"

    @property
    def remaining_amount(self) -> int:
        return self.amount - self.committed_amount

    @property
    def remaining_units(self) -> int:
        return self.units - self.committed_units


def report_path(proposal, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"finance/grant-reports/{proposal.pk}.{extension}"


class GrantProposal(TimestampedModel):
    """A grant or equipment aid for one participant: proposed by one officer, approved or rejected by
    another (the database refuses the same person on both sides), then disbursed, then accounted
    for by the beneficiary's report."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DISBURSED = "disbursed", _("Disbursed")

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="grant_proposals"
    )
    product = models.ForeignKey(
        FinancingProduct, verbose_name=_("product"), on_delete=models.PROTECT, related_name="grant_proposals"
    )
    province = models.ForeignKey(
        Region, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("budget year"))
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    units = models.PositiveIntegerField(_("units"), default=0)
    new_workers = models.PositiveSmallIntegerField(_("new workers hired"), default=0)
    purpose = models.TextField(_("purpose"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    disbursed_amount = models.PositiveBigIntegerField(_("disbursed (Rp)"), null=True, blank=True)
    report_due_on = models.DateField(_("report due on"), null=True, blank=True)
    report_submitted_on = models.DateField(_("report submitted on"), null=True, blank=True)
    report_file = models.FileField(
        _("accountability report"), storage=private_storage, upload_to=report_path, blank=True
    )

    class Meta:
        verbose_name = _("grant proposal")
        verbose_name_plural = _("grant proposals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["province", "status", "created_at"], name="finance_grant_queue_idx")]
        constraints = [
            # Maker-checker, held by the database: whoever proposed never decides.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="finance_grant_not_self_decided",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_grant_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "rejected", "disbursed"]) | Q(decided_by__isnull=False),
                name="finance_grant_decided_has_decider",
            ),
            models.CheckConstraint(
                condition=~Q(status="disbursed")
                | Q(
                    disbursed_on__isnull=False,
                    disbursed_amount__isnull=False,
                    disbursed_amount__lte=F("amount"),
                ),
                name="finance_grant_disbursed_has_date_amount",
            ),
            # One live proposal per participant and product version (a rejected one may be proposed again).
            models.UniqueConstraint(
                fields=["participant", "product"],
                condition=~Q(status="rejected"),
                name="finance_grant_one_live_per_product",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.name} — {self.participant.full_name}"

    @property
    def report_late(self) -> bool:
        return bool(
            self.report_due_on and not self.report_submitted_on and self.report_due_on < timezone.localdate()
        )
