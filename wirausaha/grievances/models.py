"""Complaints (pengaduan), including reports of illegal fees (pungli).

A case is reported by anyone, signed in or not, and followed with a tracking code of which only a
hash is kept. Who reported it (an account, a name, a contact) sits on the case itself and is read
only by the grievance officers who handle it: the public history, the API for the reporter and the
audit trail's labels never carry it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wirausaha.accounts.models import Organisation
from wirausaha.centres.models import TrainingCentre
from wirausaha.common.models import TimestampedModel
from wirausaha.common.storage import private_storage
from wirausaha.programs.models import Wave
from wirausaha.reference.models import Region


class Category(models.TextChoices):
    ILLEGAL_FEE = "illegal_fee", _("Illegal fee or gift asked for (pungli)")
    SERVICE_NOT_DELIVERED = "service_not_delivered", _("Service not delivered")
    DISCRIMINATION = "discrimination", _("Discrimination")
    DATA_MISUSE = "data_misuse", _("Misuse of personal data")
    HARASSMENT = "harassment", _("Harassment")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Being handled")
    RESOLVED = "resolved", _("Resolved")
    APPEALED = "appealed", _("Appealed")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.RECEIVED, Status.ACKNOWLEDGED, Status.APPEALED)


class Level(models.TextChoices):
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld: action taken")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")
    WITHDRAWN = "withdrawn", _("Withdrawn or cannot be pursued")


class EscalationReason(models.TextChoices):
    LATE_ACKNOWLEDGEMENT = "late_acknowledgement", _("Not acknowledged in time")
    LATE_RESOLUTION = "late_resolution", _("Not resolved in time")
    LABOUR_OFFICE = "labour_office", _("About a labour office")
    APPEAL = "appeal", _("Appealed by the reporter")
    BY_OFFICER = "by_officer", _("Referred by the officer")


class ServiceLevel(models.Model):
    """How many working days a case may wait to be acknowledged and to be resolved: data, editable
    by an admin. The row with no category is the default; a category's own row overrides it."""

    category = models.CharField(
        _("category"), max_length=30, choices=Category.choices, blank=True, unique=True
    )
    acknowledge_working_days = models.PositiveSmallIntegerField(_("acknowledge within (working days)"))
    resolve_working_days = models.PositiveSmallIntegerField(_("resolve within (working days)"))
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledge_working_days__gte=1)
                & Q(resolve_working_days__gte=models.F("acknowledge_working_days")),
                name="grievance_service_level_sane",
            )
        ]

    def __str__(self) -> str:
        return self.get_category_display() or str(_("All categories"))


class Holiday(models.Model):
    """A national public holiday or collective leave day (cuti bersama): not a working day."""

    day = models.DateField(_("day"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


class Desk(models.Model):
    """A grievance officer's reach: a region (none: the national level, which sees every case) and
    the categories handled (none listed: all)."""

    officer = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.CASCADE,
        related_name="grievance_desk",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the national level."),
    )
    categories = models.JSONField(_("categories"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("grievance desk")
        verbose_name_plural = _("grievance desks")

    def __str__(self) -> str:
        return f"{self.officer} · {self.region_id or _('national')}"

    @property
    def is_national(self) -> bool:
        return self.region_id is None


class Grievance(TimestampedModel):
    tracking_hash = models.CharField(max_length=64, unique=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, db_index=True)
    description = models.TextField(_("what happened"))
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    centre = models.ForeignKey(
        TrainingCentre,
        verbose_name=_("training centre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    wave = models.ForeignKey(
        Wave, verbose_name=_("wave"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The organisation the complaint is about (the centre's, a labour office): never its handler.
    concerned_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    about_labour_office = models.BooleanField(_("about a labour office"), default=False)
    person_concerned = models.CharField(_("person concerned"), max_length=200, blank=True)

    # The reporter: read only by the handling grievance officers.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=True)
    contact_name = models.CharField(_("reporter's name"), max_length=120, blank=True)
    contact = models.CharField(_("reporter's contact"), max_length=200, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.REGIONAL)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grievances_assigned",
    )
    acknowledge_due_at = models.DateTimeField(_("acknowledge by"))
    resolve_due_at = models.DateTimeField(_("resolve by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalation_reason = models.CharField(
        _("escalation reason"), max_length=30, choices=EscalationReason.choices, blank=True
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_summary = models.TextField(_("outcome"), blank=True)
    appealed_at = models.DateTimeField(_("appealed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("grievance")
        verbose_name_plural = _("grievances")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "level", "acknowledge_due_at"], name="grievance_ack_due"),
            models.Index(fields=["status", "level", "resolve_due_at"], name="grievance_resolve_due"),
            models.Index(fields=["region", "status"], name="grievance_region_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=[Status.RESOLVED, Status.CLOSED]) | ~Q(outcome=""),
                name="grievance_resolved_has_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.APPEALED) | Q(appealed_at__isnull=False),
                name="grievance_appeal_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(is_anonymous=True) | (Q(reporter__isnull=True) & Q(contact_name="")),
                name="grievance_anonymous_has_no_reporter",
            ),
        ]

    def __str__(self) -> str:
        # Shown in the audit trail: the case number only, never who reported it.
        return f"ADU-{self.pk}"

    @property
    def number(self) -> str:
        return f"ADU-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Update(models.Model):
    """One step in a case's history. `public` steps are shown to whoever holds the tracking code;
    the others (officers' notes) only to the handling officers. No step names the reporter."""

    class Kind(models.TextChoices):
        REPORTED = "reported", _("Complaint received")
        ASSIGNED = "assigned", _("Assigned to a grievance officer")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged: being handled")
        INFORMATION = "information", _("Information added by the reporter")
        NOTE = "note", _("Note from the grievance officer")
        ESCALATED = "escalated", _("Escalated to the national level")
        RESOLVED = "resolved", _("Resolved")
        APPEALED = "appealed", _("Appealed by the reporter")
        APPEAL_DECIDED = "appeal_decided", _("Appeal decided")

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"), blank=True)
    public = models.BooleanField(_("shown to the reporter"), default=True)
    # The officer who wrote it (None: the reporter or the system); never shown on public pages.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["grievance", "created_at"], name="grievance_update_time")]

    def __str__(self) -> str:
        return f"{self.grievance} {self.kind}"


def evidence_path(evidence, filename: str) -> str:
    # The stored name never holds the uploader's file name, which may carry personal data.
    return f"grievances/{evidence.grievance_id}/{evidence.token}.{evidence.extension}"


class Evidence(models.Model):
    """A file sent with a complaint (a photo of a receipt, a screenshot of a chat): a PDF, JPEG or
    PNG recognised by its content, served only to the handling officers."""

    grievance = models.ForeignKey(Grievance, on_delete=models.CASCADE, related_name="evidence")
    token = models.CharField(max_length=32)
    extension = models.CharField(max_length=4)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    file = models.FileField(storage=private_storage, upload_to=evidence_path, max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.grievance} {self.pk}"
