import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wirausaha.common.masking import mask_nik
from wirausaha.common.models import TimestampedModel
from wirausaha.common.storage import private_storage
from wirausaha.reference.models import Region, Sector


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Education(models.TextChoices):
    NONE = "none", _("No schooling")
    SD = "sd", _("Primary school (SD)")
    SMP = "smp", _("Junior secondary (SMP)")
    SMA = "sma", _("Senior secondary (SMA/SMK)")
    DIPLOMA = "diploma", _("Diploma (D1-D3)")
    BACHELOR = "s1", _("Bachelor (D4/S1)")
    MASTER = "s2", _("Master (S2)")
    DOCTORATE = "s3", _("Doctorate (S3)")


class Disability(models.TextChoices):
    """Categories of UU 8/2016 on persons with disabilities."""

    NONE = "none", _("None")
    PHYSICAL = "physical", _("Physical")
    SENSORY = "sensory", _("Sensory (sight, hearing, speech)")
    INTELLECTUAL = "intellectual", _("Intellectual")
    MENTAL = "mental", _("Mental")
    MULTIPLE = "multiple", _("Multiple")


class Verification(models.TextChoices):
    PENDING = "pending", _("Waiting for verification")
    NEEDS_CORRECTION = "needs_correction", _("Correction requested")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class Source(models.TextChoices):
    SELF = "self", _("Self-registration")
    OFFICER = "officer", _("Registered by an officer")
    IMPORT = "import", _("Imported from a layoff list")
    DEMO = "demo", _("Synthetic demo data")


def evidence_path(participant, filename: str) -> str:
    # The stored name never contains the uploader's file name, which may hold personal data.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"layoff-evidence/{participant.domicile_id[:2]}/{uuid.uuid4().hex}.{extension}"


# Records in lists: not merged away. Records in the verification queue: listed, waiting for a
# decision, consent not withdrawn.
LISTED = Q(merged_into__isnull=True)
QUEUE = Q(verification="pending", consent_withdrawn_at__isnull=True, merged_into__isnull=True)


class Participant(TimestampedModel):
    """A laid-off worker in the national registry: one row per person, keyed by NIK."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant",
    )
    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # A village when known, else a district: scoping matches on the code prefix either way.
    domicile = models.ForeignKey(
        Region, verbose_name=_("domicile"), on_delete=models.PROTECT, related_name="+"
    )
    education = models.CharField(_("highest education"), max_length=10, choices=Education.choices, blank=True)
    disability = models.CharField(
        _("disability"), max_length=12, choices=Disability.choices, default=Disability.NONE
    )

    last_employer = models.CharField(_("last employer"), max_length=200, blank=True)
    employer_sector = models.ForeignKey(
        Sector,
        verbose_name=_("employer's sector (KBLI)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    layoff_date = models.DateField(_("layoff date"), null=True, blank=True)
    layoff_reason = models.CharField(_("layoff reason"), max_length=300, blank=True)
    layoff_evidence = models.FileField(
        _("layoff evidence"), storage=private_storage, upload_to=evidence_path, blank=True, max_length=200
    )
    jkp_recipient = models.BooleanField(_("JKP benefit recipient"), null=True, blank=True)

    business_interest_sector = models.ForeignKey(
        Sector,
        verbose_name=_("business interest (KBLI)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    business_interest = models.CharField(_("business interest"), max_length=300, blank=True)
    existing_business = models.CharField(_("existing business"), max_length=300, blank=True)
    existing_business_since = models.DateField(_("existing business since"), null=True, blank=True)

    consent_version = models.CharField(_("consent text version"), max_length=20)
    consent_at = models.DateTimeField(_("consent given at"))
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)

    verification = models.CharField(
        _("verification"),
        max_length=20,
        choices=Verification.choices,
        default=Verification.PENDING,
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    # A duplicate merged into another record is kept (nothing is lost) but leaves every list.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.SELF)
    # Work that belongs to the row: empty until the duplicate check (`scan_duplicates --pending`)
    # has compared the record with the registry, and emptied again when a correction changes the
    # name, birth date, phone or domicile.
    duplicates_checked_at = models.DateTimeField(
        _("checked for duplicates at"), null=True, blank=True, editable=False
    )
    nik_flags = models.JSONField(_("NIK flags"), default=list, blank=True)
    is_synthetic = models.BooleanField(_("synthetic (demo)"), default=False)

    # Columns kept for the lists that a labour office opens all day, so that each list's filter
    # and order is one index at a million records (see Meta.indexes):
    # - the province and regency of the domicile, derived by the database from its code (a
    #   domicile is a district or a village, so its code starts with both), which scope the
    #   officers' lists by equality instead of a join and a LIKE over the region table;
    # - whether an open duplicate pair names the record, kept by the duplicate actions
    #   (`duplicates.actions.sync_pairs`), and from it and the NIK flags the record's
    #   place in the verification queue: probable duplicates (2), then flagged NIKs (1), then the
    #   rest (0), each oldest first.
    province_code = models.GeneratedField(
        expression=Substr("domicile", 1, 2),
        output_field=models.CharField(max_length=2),
        db_persist=True,
        verbose_name=_("province"),
    )
    regency_code = models.GeneratedField(
        expression=Substr("domicile", 1, 5),
        output_field=models.CharField(max_length=5),
        db_persist=True,
        verbose_name=_("regency"),
    )
    open_duplicate = models.BooleanField(_("probable duplicate to review"), default=False, db_default=False)
    review_rank = models.GeneratedField(
        expression=Case(
            When(open_duplicate=True, then=Value(2)),
            When(nik_flags=[], then=Value(0)),
            default=Value(1),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
        verbose_name=_("place in the verification queue"),
    )

    # The history is read per record (by `id`, in date order): the other columns' indexes would only
    # make every write slower.
    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "duplicates_checked_at",
            "province_code",
            "regency_code",
            "open_duplicate",
            "review_rank",
        ],
        no_db_index=[
            "user",
            "nik",
            "full_name",
            "phone",
            "domicile",
            "employer_sector",
            "business_interest_sector",
            "verification",
            "verified_by",
            "merged_into",
        ],
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["full_name", "id"]
        # Plain indexes rather than `db_index=True`, which on PostgreSQL adds a second, LIKE-prefix
        # index to each text column; only the NIK (searched by prefix) and the domicile (scoped by
        # code prefix) need one.
        indexes = [
            models.Index(fields=["birth_date", "full_name"], name="participant_birth_name_idx"),
            # The participant list, nationwide, of a province and of a regency, in its order. Only
            # the records in lists (not merged away): a count or a deep page then reads the index
            # alone, without visiting the table.
            models.Index(fields=["full_name", "id"], condition=LISTED, name="participant_name_order_idx"),
            models.Index(
                fields=["province_code", "full_name", "id"],
                condition=LISTED,
                name="participant_prov_name_idx",
            ),
            models.Index(
                fields=["regency_code", "full_name", "id"], condition=LISTED, name="participant_reg_name_idx"
            ),
            # The verification queue, nationwide, of a province and of a regency; each partial
            # index holds only the records waiting, in the queue's order.
            models.Index(
                fields=["-review_rank", "created_at", "id"], condition=QUEUE, name="participant_queue_idx"
            ),
            models.Index(
                fields=["province_code", "-review_rank", "created_at", "id"],
                condition=QUEUE,
                name="participant_prov_queue_idx",
            ),
            models.Index(
                fields=["regency_code", "-review_rank", "created_at", "id"],
                condition=QUEUE,
                name="participant_reg_queue_idx",
            ),
            models.Index(fields=["phone"], name="participant_phone_idx"),
            models.Index(fields=["verification"], name="participant_verification_idx"),
            models.Index(fields=["employer_sector"], name="participant_employer_kbli_idx"),
            models.Index(fields=["business_interest_sector"], name="participant_interest_kbli_idx"),
            models.Index(
                fields=["id"],
                condition=Q(duplicates_checked_at__isnull=True),
                name="participant_dup_pending_idx",
            ),
            # How many of an office's records still wait for their duplicate check (the duplicate
            # list says so): read from these small indexes alone.
            models.Index(
                fields=["province_code"],
                condition=Q(duplicates_checked_at__isnull=True, merged_into__isnull=True),
                name="participant_prov_dup_wait_idx",
            ),
            models.Index(
                fields=["regency_code"],
                condition=Q(duplicates_checked_at__isnull=True, merged_into__isnull=True),
                name="participant_reg_dup_wait_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(nik__regex=r"^[0-9]{16}$"), name="participant_nik_16_digits"),
            models.CheckConstraint(
                condition=Q(layoff_date__isnull=True) | Q(layoff_date__gt=F("birth_date")),
                name="participant_laid_off_after_birth",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({mask_nik(self.nik)})"

    @property
    def flagged(self) -> bool:
        return bool(self.nik_flags)

    @property
    def consent_active(self) -> bool:
        return self.consent_withdrawn_at is None


class NikChangeRequest(TimestampedModel):
    """A participant's correction of their own NIK waits for an officer's approval."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="nik_changes")
    old_nik = models.CharField(_("current NIK"), max_length=16)
    new_nik = models.CharField(_("new NIK"), max_length=16)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("NIK change request")
        verbose_name_plural = _("NIK change requests")
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(status="pending"), name="one_pending_nik_change"
            ),
        ]


class DuplicateCandidate(TimestampedModel):
    """Two records that may be the same person under different NIKs, with why we think so."""

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        MERGED = "merged", _("Merged")
        DISTINCT = "distinct", _("Different people")

    first = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The list's order, open pairs first, as a column the database keeps, so that one index serves
    # the list at any size (an expression in ORDER BY would sort every pair to show 25).
    is_open = models.GeneratedField(
        expression=Case(When(status="open", then=Value(True)), default=Value(False)),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    # Where the pair is listed, kept by the duplicate actions (`duplicates.actions.sync_pairs`)
    # from its two records, so that each office's list is one partial index at national scale
    # rather than two joins to the registry for every pair: the province and the regency both
    # records live in ("" when they live in different ones), and whether both are still listed
    # (neither merged away).
    province_code = models.CharField(
        _("shared province"), max_length=2, blank=True, default="", db_default=""
    )
    regency_code = models.CharField(_("shared regency"), max_length=5, blank=True, default="", db_default="")
    listed = models.BooleanField(_("both records listed"), default=True, db_default=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-score", "id"]
        # The list of pairs, nationwide, of a province and of a regency, in its order; only the
        # pairs whose two records are both listed.
        indexes = [
            models.Index(
                fields=["-is_open", "-score", "id"], condition=Q(listed=True), name="duplicate_list_idx"
            ),
            models.Index(
                fields=["province_code", "-is_open", "-score", "id"],
                condition=Q(listed=True),
                name="duplicate_prov_list_idx",
            ),
            models.Index(
                fields=["regency_code", "-is_open", "-score", "id"],
                condition=Q(listed=True),
                name="duplicate_reg_list_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_once"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="duplicate_pair_ordered"),
        ]


class ImportJob(TimestampedModel):
    """One uploaded layoff list: checked (dry run) first, then applied, in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("In progress")
        CHECKED = "checked", _("Checked (nothing written)")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(storage=private_storage, upload_to="imports/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    dry_run = models.BooleanField(_("dry run"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    valid = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Touched by the worker as it makes progress, from a connection of its own: a running job
    # whose heartbeat is older than settings.STALE_JOB_SECONDS lost its worker (imports/stale.py).
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} (#{self.pk})"
