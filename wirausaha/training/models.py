from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from wirausaha.centres.models import Cohort
from wirausaha.common.models import TimestampedModel
from wirausaha.documents.models import Document
from wirausaha.programs.models import Enrolment


class Session(TimestampedModel):
    """One meeting of a cohort. Times are stored in UTC and shown in the centre's zone."""

    class Kind(models.TextChoices):
        TECHNICAL = "technical", _("Technical")
        ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    jp = models.PositiveSmallIntegerField(_("hours (JP)"))
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions_trained",
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["cohort_id", "starts_at", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="session_number_once_per_cohort"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(jp__gt=0), name="session_has_hours"),
        ]
        indexes = [models.Index(fields=["starts_at"], name="session_starts_at_idx")]

    def __str__(self) -> str:
        # The class by its code and the session by its number and topic (the audit trail's label).
        return f"{self.cohort.code} · {self.number}. {self.topic}"


class Attendance(models.Model):
    """One participant at one session. Present and late count as attended."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    class Method(models.TextChoices):
        TRAINER = "trainer", _("Marked by the trainer")
        QR = "qr", _("QR check-in")
        CORRECTION = "correction", _("Correction")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=8, choices=Status.choices)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices, default=Method.TRAINER)
    marked_at = models.DateTimeField(_("marked at"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once_per_session"),
        ]
        indexes = [models.Index(fields=["enrolment", "status"], name="attendance_enrolment_idx")]

    def __str__(self) -> str:
        return f"{self.session} · {self.enrolment.participant.full_name}"


class Assessment(models.Model):
    """The final assessment of one participant in one cohort: a score and whether it passes."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="assessments")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="assessments")
    score = models.PositiveSmallIntegerField(_("score (0-100)"))
    passed = models.BooleanField(_("passed"))
    assessed_at = models.DateTimeField(_("assessed at"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "enrolment"], name="assessment_once_per_cohort"),
            models.CheckConstraint(condition=Q(score__lte=100), name="assessment_score_is_a_score"),
        ]

    def __str__(self) -> str:
        return f"{self.cohort.code} · {self.enrolment.participant.full_name}"


class Certificate(models.Model):
    """Proof of graduation, issued as a verifiable document (documents.Document: its number, code,
    holder, PDF and revocation). What the certificate says of the training is copied in when it is
    issued, so later edits do not change it."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="certificate")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="certificates")
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="certificate")
    course_title = models.CharField(_("course"), max_length=200)
    centre_name = models.CharField(_("training centre"), max_length=200)
    hours_jp = models.PositiveSmallIntegerField(_("hours (JP)"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.document.number

    @property
    def is_valid(self) -> bool:
        return self.document.revoked_at is None


class DropOutReason(models.TextChoices):
    """Why an enrolment left training: the reason of its move to dropped_out (no column of its own).
    Failing the assessment is not one: that enrolment completed training and is not_passed."""

    ATTENDANCE = "attendance", _("Attendance below the minimum")
    WITHDREW = "withdrew", _("Withdrew")
