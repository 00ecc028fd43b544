from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wirausaha.common.models import TimestampedModel
from wirausaha.common.storage import private_storage
from wirausaha.documents.models import Document
from wirausaha.programs.models import Wave
from wirausaha.reference.models import Region
from wirausaha.registry.models import Participant


class Counselor(TimestampedModel):
    """A `pendamping` account's profile: where they are based, which sectors (KBLI codes; one
    matches another when one is a prefix of the other), how they coach and how many they take."""

    class OrganisationKind(models.TextChoices):
        KEMNAKER = "kemnaker", _("Kemnaker")
        KEMENUMKM = "kemenumkm", _("Ministry of SMEs")
        PLUT = "plut", _("PLUT-KUMKM")
        UNIVERSITY = "university", _("University")
        COMPANY = "company", _("Company")
        COMMUNITY = "community", _("Community")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="counselor",
    )
    organisation_kind = models.CharField(
        _("organisation type"), max_length=12, choices=OrganisationKind.choices
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    base_district = models.ForeignKey(
        Region, verbose_name=_("base district"), on_delete=models.PROTECT, related_name="+"
    )
    sectors = models.JSONField(_("sectors (KBLI)"), default=list, blank=True)
    in_person = models.BooleanField(_("coaches in person"), default=True)
    remote = models.BooleanField(_("coaches remotely"), default=False)
    languages = models.CharField(_("languages"), max_length=200, blank=True, default="Bahasa Indonesia")
    capacity = models.PositiveSmallIntegerField(_("caseload capacity"), default=20)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("counselor")
        verbose_name_plural = _("counselors")
        ordering = ["user__first_name", "user__username"]

    def __str__(self) -> str:
        return self.user.display_name


class AssignmentRun(models.Model):
    """One exact solve matching graduates without a counselor to counselors with capacity, with
    each person's explanation. Reviewed, then confirmed (assignments start) or discarded."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed, to review")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    wave = models.ForeignKey(
        Wave, verbose_name=_("wave"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    max_km = models.FloatField(_("maximum distance (km)"))
    remote_km = models.FloatField(_("cost of remote coaching (km)"))
    sector_mismatch_km = models.FloatField(_("sector mismatch penalty (km)"))
    graduates = models.PositiveIntegerField(_("graduates"), default=0)
    assigned = models.PositiveIntegerField(_("assigned"), default=0)
    unassigned = models.PositiveIntegerField(_("unassigned"), default=0)
    total_cost = models.FloatField(_("objective (km-equivalents)"), default=0)
    seconds = models.FloatField(_("solver seconds"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("assignment run")
        verbose_name_plural = _("assignment runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Assignment(models.Model):
    """A participant with a counselor: proposed by a run, active once confirmed (or assigned by
    hand with a reason), ended on reassignment. At most one active assignment per participant."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        UNASSIGNED = "unassigned", _("Not assigned")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        DISCARDED = "discarded", _("Discarded")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        REMOTE = "remote", _("Remote")

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="coaching_assignments"
    )
    counselor = models.ForeignKey(
        Counselor, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    run = models.ForeignKey(
        AssignmentRun, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, db_index=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, blank=True)
    distance_km = models.FloatField(_("distance (km)"), null=True, blank=True)
    sector_match = models.BooleanField(_("sector fits"), null=True, blank=True)
    cost = models.FloatField(_("cost (km-equivalents)"), null=True, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(status="active"), name="coaching_one_active_assignment"
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(counselor__isnull=False),
                name="coaching_active_has_counselor",
            ),
        ]
        indexes = [models.Index(fields=["counselor", "status"], name="coaching_assign_counselor_idx")]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.counselor_id} ({self.status})"


class ChangeRequest(models.Model):
    """A participant or their counselor asks for another counselor; an admin decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="change_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(status="pending"), name="coaching_one_pending_change"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.status}"


class Topic(models.TextChoices):
    IDEA = "idea", _("Business idea")
    MARKET = "market", _("Market")
    MARKETING = "marketing", _("Marketing")
    COSTING = "costing", _("Costing and pricing")
    BOOKKEEPING = "bookkeeping", _("Bookkeeping")
    LICENSING = "licensing", _("Licensing")
    FINANCING = "financing", _("Financing")
    DIGITAL = "digital", _("Digital selling")
    PLAN = "plan", _("Business plan")
    OTHER = "other", _("Other")


class CoachingSession(TimestampedModel):
    """A planned or held meeting of a counselor with one participant. The time is stored in UTC
    and shown in the participant's zone (`time_zone`)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="coaching_sessions")
    counselor = models.ForeignKey(Counselor, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("date and time"))
    time_zone = models.CharField(_("time zone"), max_length=40)
    mode = models.CharField(_("mode"), max_length=10, choices=Assignment.Mode.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    # Visible to the counselor and admins only.
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["participant", "starts_at"], name="coaching_session_person_idx"),
            models.Index(fields=["status", "starts_at"], name="coaching_session_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.starts_at:%Y-%m-%d %H:%M}"


class ActionItem(TimestampedModel):
    """Something the participant agreed to do by a date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="action_items")
    session = models.ForeignKey(
        CoachingSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    text = models.CharField(_("what to do"), max_length=300)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="coaching_item_due_idx")]

    def __str__(self) -> str:
        return self.text


class BusinessPlan(TimestampedModel):
    """One plan per participant's business, in the section order of the ILO business plan
    (sections.py). `content` holds each section's saved fields; `version` counts submissions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned with comments")
        APPROVED = "approved", _("Approved")

    participant = models.OneToOneField(Participant, on_delete=models.PROTECT, related_name="business_plan")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    content = models.JSONField(_("content"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to="plans/", blank=True, max_length=200)
    pdf_version = models.PositiveSmallIntegerField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")

    def __str__(self) -> str:
        return f"{self.participant_id} v{self.version}"


class PlanVersion(models.Model):
    """What was submitted as one version, and the counselor's decision with a comment per section."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        RETURNED = "returned", _("Returned with comments")
        APPROVED = "approved", _("Approved")

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    content = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(_("submitted at"))
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    comments = models.JSONField(_("comments per section"), default=dict, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="coaching_plan_version_once")]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"


class BusinessProfile(TimestampedModel):
    """The participant's business as coaching knows it; its milestones are `Milestone` rows."""

    participant = models.OneToOneField(Participant, on_delete=models.PROTECT, related_name="business_profile")
    name = models.CharField(_("business name"), max_length=200, blank=True)
    sector = models.CharField(_("sector (KBLI)"), max_length=5, blank=True)
    remote_ok = models.BooleanField(_("accepts remote coaching"), default=True)

    class Meta:
        verbose_name = _("business profile")
        verbose_name_plural = _("business profiles")

    def __str__(self) -> str:
        return self.name or str(self.participant_id)


class Milestone(models.Model):
    """A dated step of the participant's business. Each kind is reached once."""

    class Kind(models.TextChoices):
        IDEA = "idea", _("Business idea")
        PLAN_APPROVED = "plan_approved", _("Business plan approved")
        NIB = "nib", _("NIB obtained")
        FIRST_FINANCING = "first_financing", _("First financing")
        FIRST_SALE = "first_sale", _("First sale")
        FIRST_HIRE = "first_hire", _("First hire")

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="milestones")
    kind = models.CharField(_("milestone"), max_length=16, choices=Kind.choices)
    reached_on = models.DateField(_("reached on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(_("recorded through"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["reached_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "kind"], name="coaching_milestone_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.kind}"


class MentoringLetter(models.Model):
    """The numbered letter of mentoring and training (a documents.Document, checked at /verify/)."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="mentoring_letters")
    counselor = models.ForeignKey(Counselor, on_delete=models.PROTECT, related_name="letters")
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="mentoring_letter")

    class Meta:
        verbose_name = _("mentoring letter")
        verbose_name_plural = _("mentoring letters")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.document.number
