"""Applications for capital and their referral to a financing partner.

A participant, with their counselor, applies for a financing product (amount, tenor, purpose) and
uploads the documents the partner asks for. When the application is ready (readiness.assess), the
counselor refers it to a financing partner (an Organisation of kind financing_partner) with a
dossier (one PDF and a ZIP of the documents). The partner records the outcome; each step is a
transition of `Referral.Status` (see actions/decisions.py for the allowed ones)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wirausaha.accounts.models import Organisation
from wirausaha.common.models import TimestampedModel
from wirausaha.common.storage import private_storage
from wirausaha.registry.models import Participant


class Application(TimestampedModel):
    """One request for capital of one participant for one product (the version in force when it
    was made). Being prepared until referred; back to prepared when a partner rejects it."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        REFERRED = "referred", _("Referred to a financing partner")
        FUNDED = "funded", _("Funded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="finance_applications"
    )
    product = models.ForeignKey(
        "finance.FinancingProduct",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    tenor_months = models.PositiveSmallIntegerField(_("tenor (months)"))
    purpose = models.TextField(_("purpose"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREPARING, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("application for capital")
        verbose_name_plural = _("applications for capital")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_application_amount_positive"),
            models.CheckConstraint(
                condition=Q(tenor_months__gt=0), name="finance_application_tenor_positive"
            ),
        ]
        indexes = [models.Index(fields=["participant", "status"], name="finance_app_person_idx")]

    def __str__(self) -> str:
        return f"#{self.pk}"


def document_path(document: "ApplicationDocument", filename: str) -> str:
    # Never the uploaded name: it may carry a NIK or a path.
    return f"finance/applications/{document.application_id}/{uuid.uuid4().hex}.{document.extension}"


class ApplicationDocument(models.Model):
    """A scan or photo the participant uploaded for an application; one per kind (a new upload of
    the same kind replaces the earlier one). NIB, the plan, the mentoring letter and the training
    certificate come from licensing, coaching and training, not from uploads."""

    class Kind(models.TextChoices):
        EKTP = "ektp", _("e-KTP")
        KK = "kk", _("Family card (KK)")
        SKU = "sku", _("Business statement letter (SKU)")
        NPWP = "npwp", _("Tax number (NPWP)")
        BANK_ACCOUNT = "bank_account", _("Bank account book")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_path, max_length=200)
    extension = models.CharField(max_length=4)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="finance_document_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"


class Referral(TimestampedModel):
    """An application sent to one financing partner, with its dossier, and the partner's outcome.
    At most one referral of an application is open (not rejected) at a time."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent, waiting for the partner")
        MORE_DOCUMENTS = "more_documents", _("More documents needed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DISBURSED = "disbursed", _("Disbursed")

    # Waiting for the partner's decision: these count for the late flag.
    UNDECIDED = (Status.SENT, Status.MORE_DOCUMENTS)

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="referrals")
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("financing partner"),
        on_delete=models.PROTECT,
        related_name="finance_referrals",
        limit_choices_to={"kind": Organisation.Kind.FINANCING_PARTNER},
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SENT)
    note = models.TextField(_("counselor's note"), blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referred_at = models.DateTimeField(_("referred at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    documents_requested = models.TextField(_("documents requested"), blank=True)
    approved_amount = models.PositiveBigIntegerField(_("approved amount (Rp)"), null=True, blank=True)
    approved_tenor_months = models.PositiveSmallIntegerField(
        _("approved tenor (months)"), null=True, blank=True
    )
    # Basis points a year (600 = 6 %), like FinancingProduct.annual_rate_bp: an exact integer.
    approved_rate_bp = models.PositiveIntegerField(_("annual rate (basis points)"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    disbursed_amount = models.PositiveBigIntegerField(_("disbursed amount (Rp)"), null=True, blank=True)
    # SIKP (the Ministry of Finance's programme-credit system) is never checked by Wirausaha: this is
    # the status the partner reports, with when.
    sikp_status = models.CharField(_("SIKP status (as reported)"), max_length=120, blank=True)
    sikp_reported_at = models.DateTimeField(_("SIKP status reported at"), null=True, blank=True)
    dossier_pdf = models.FileField(
        _("dossier (PDF)"), storage=private_storage, upload_to="finance/dossiers/", blank=True, max_length=200
    )
    dossier_zip = models.FileField(
        _("dossier documents (ZIP)"),
        storage=private_storage,
        upload_to="finance/dossiers/",
        blank=True,
        max_length=200,
    )
    dossier_rendered_at = models.DateTimeField(null=True, blank=True)
    # The dossier's number and public check (documents): what /verify/ confirms, without the
    # dossier's personal data. None for referrals sent before dossiers were numbered.
    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("dossier number"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referral",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=~Q(status="rejected"), name="finance_one_open_referral"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_amount__isnull=False),
                name="finance_approved_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(status="disbursed")
                | Q(disbursed_on__isnull=False, disbursed_amount__isnull=False),
                name="finance_disbursed_has_date_amount",
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "status", "referred_at"], name="finance_referral_inbox_idx"),
            models.Index(fields=["status", "referred_at"], name="finance_referral_late_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"
