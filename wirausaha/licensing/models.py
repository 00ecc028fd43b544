import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wirausaha.common.models import TimestampedModel
from wirausaha.common.storage import private_storage
from wirausaha.registry.models import Participant


def _stored_name(folder: str, filename: str) -> str:
    # The stored name never contains the uploader's file name, which may hold personal data.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def nib_document_path(business, filename: str) -> str:
    return _stored_name(f"licensing/nib/{business.village_code[:2] or 'xx'}", filename)


def item_document_path(item, filename: str) -> str:
    return _stored_name("licensing/items", filename)


class RiskLevel(models.TextChoices):
    """OSS RBA risk levels of a business activity (PP 28/2025)."""

    RENDAH = "rendah", _("Low")
    MENENGAH_RENDAH = "menengah_rendah", _("Medium-low")
    MENENGAH_TINGGI = "menengah_tinggi", _("Medium-high")
    TINGGI = "tinggi", _("High")


class ItemKind(models.TextChoices):
    NIB = "nib", _("Business identification number (NIB)")
    SERTIFIKAT_STANDAR = "sertifikat_standar", _("Standard certificate")
    IZIN = "izin", _("Licence")
    PKP = "pkp", _("Food safety training certificate (PKP)")
    SPP_IRT = "spp_irt", _("Home industry food production certificate (SPP-IRT)")
    BPOM_MD = "bpom_md", _("BPOM registration (MD)")
    HALAL = "halal", _("Halal certificate (self-declaration)")


class Business(TimestampedModel):
    """A participant's business with its NIB as the participant declared it. Wirausaha never checks
    OSS: an officer verifies the declared number against the uploaded document."""

    class Scale(models.TextChoices):
        MICRO = "micro", _("Micro")
        SMALL = "small", _("Small")

    class NibStatus(models.TextChoices):
        NONE = "none", _("No NIB yet")
        DECLARED = "declared", _("Declared, waiting for verification")
        VERIFIED = "verified", _("Verified by an officer")
        REJECTED = "rejected", _("Returned by an officer")

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="businesses"
    )
    name = models.CharField(_("business name"), max_length=200)
    kbli_code = models.CharField(_("KBLI 2020 code"), max_length=5)
    products = models.TextField(_("products"), blank=True)
    village_code = models.CharField(_("village code"), max_length=13)
    address = models.CharField(_("address"), max_length=300, blank=True)
    scale = models.CharField(_("scale"), max_length=5, choices=Scale.choices, default=Scale.MICRO)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    workers = models.PositiveSmallIntegerField(_("workers"), default=0)
    home_produced_food = models.BooleanField(_("food produced at home"), default=False)
    shelf_stable_packaged = models.BooleanField(
        _("packaged product that keeps at room temperature"), default=False
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    nib = models.CharField(_("NIB"), max_length=13, blank=True)
    nib_issued_on = models.DateField(_("NIB issued on"), null=True, blank=True)
    risk_level = models.CharField(_("risk level"), max_length=16, choices=RiskLevel.choices, blank=True)
    nib_document = models.FileField(
        _("NIB document"), storage=private_storage, upload_to=nib_document_path, blank=True, max_length=200
    )
    nib_status = models.CharField(
        _("NIB status"), max_length=10, choices=NibStatus.choices, default=NibStatus.NONE, db_index=True
    )
    nib_declared_at = models.DateTimeField(_("NIB declared at"), null=True, blank=True)
    nib_declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the same NIK already has another NIB on record: an officer reviews, nothing refused.
    nib_warning = models.CharField(_("NIB warning"), max_length=300, blank=True)
    nib_verified_at = models.DateTimeField(_("NIB verified at"), null=True, blank=True)
    nib_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nib_review_note = models.CharField(_("officer's note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["nib"], condition=~Q(nib=""), name="licensing_nib_unique"),
            models.CheckConstraint(
                condition=Q(nib="", nib_status__in=["none", "rejected"])
                | Q(nib__regex=r"^[0-9]{13}$", nib_status__in=["declared", "verified"]),
                name="licensing_nib_status_matches",
            ),
        ]
        indexes = [models.Index(fields=["participant", "closed_on"], name="licensing_business_owner_idx")]

    def __str__(self) -> str:
        return self.name


class LicensingRule(TimestampedModel):
    """One line of the rules that say which item a business needs and when. Kept as data: the
    rules change by regulation. Matching is in `checklist.py` (pure)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("item"), max_length=20, choices=ItemKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    kbli_prefix = models.CharField(_("KBLI prefix"), max_length=5, blank=True)
    risk_levels = models.JSONField(_("risk levels"), default=list, blank=True)
    # Conditions, each optional: home_food (bool), shelf_stable (bool), scales (list), needs_nib (bool).
    conditions = models.JSONField(_("conditions"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    guidance = models.TextField(_("guidance"))
    is_active = models.BooleanField(_("in use"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("licensing rule")
        verbose_name_plural = _("licensing rules")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.code


class ChecklistItem(TimestampedModel):
    """One thing the business needs, in the order to get it. Made by `refresh_checklist` from the
    rules; the participant updates it, their counselor sets the due date."""

    Kind = ItemKind

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        NOT_NEEDED = "not_needed", _("Not needed")

    business = models.ForeignKey(
        Business, verbose_name=_("business"), on_delete=models.CASCADE, related_name="checklist_items"
    )
    kind = models.CharField(_("item"), max_length=20, choices=ItemKind.choices)
    rule = models.ForeignKey(
        LicensingRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED, db_index=True
    )
    number = models.CharField(_("number"), max_length=60, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.FileField(
        _("document"), storage=private_storage, upload_to=item_document_path, blank=True, max_length=200
    )
    not_needed_reason = models.CharField(_("reason it is not needed"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # False once the rules no longer ask for it; kept so its history is not lost.
    required = models.BooleanField(_("required by the rules"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["business", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["business", "kind"], name="licensing_item_once"),
            models.CheckConstraint(
                condition=~Q(status="not_needed") | ~Q(not_needed_reason=""),
                name="licensing_not_needed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business_id} {self.kind}"
