from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from wirausaha.accounts.models import Organisation
from wirausaha.common.models import TimestampedModel
from wirausaha.reference.models import Region, Sector


class TrainingCentre(TimestampedModel):
    """A place where cohorts are trained. Its staff belong to the organisation that is the centre."""

    class Kind(models.TextChoices):
        BBPVP = "bbpvp", _("BBPVP (Kemnaker)")
        BPVP = "bpvp", _("BPVP (Kemnaker)")
        UPTD_PROVINCE = "uptd_province", _("BLK UPTD (province)")
        UPTD_REGENCY = "uptd_regency", _("BLK UPTD (regency/city)")
        COMMUNITY = "blk_komunitas", _("BLK Komunitas")
        BPKK = "bpkk", _("BPKK")
        PARTNER_VENUE = "partner_venue", _("Partner venue")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="centre"
    )
    short_name = models.CharField(_("short name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, db_index=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # Who runs it: Kemnaker, a provincial or regency government, or the community (pesantren, yayasan).
    operated_by = models.CharField(_("operated by"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    # Who signs its certificates: the head of the centre, printed with their title (issue #23).
    head_name = models.CharField(_("head of the centre"), max_length=120, blank=True)
    head_title = models.CharField(
        _("title of the head"), max_length=160, blank=True, help_text=_("For example: Kepala UPTD BLK Bekasi")
    )
    source_note = models.TextField(_("source"), blank=True)
    is_synthetic = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        verbose_name = _("training centre")
        verbose_name_plural = _("training centres")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name


class Course(TimestampedModel):
    """What a cohort is taught: a vocational track (a KBLI sector) plus the entrepreneurship module."""

    class Delivery(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        BLENDED = "blended", _("Blended")
        ONLINE = "online", _("Online")

    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    # A course suits a participant whose business interest shares a KBLI prefix with this sector.
    sector = models.ForeignKey(
        Sector, verbose_name=_("vocational track (KBLI)"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)
    technical_jp = models.PositiveSmallIntegerField(_("technical hours (JP)"))
    entrepreneurship_jp = models.PositiveSmallIntegerField(_("entrepreneurship module hours (JP)"))
    delivery = models.CharField(
        _("delivery mode"), max_length=10, choices=Delivery.choices, default=Delivery.IN_PERSON
    )
    min_attendance_percent = models.PositiveSmallIntegerField(_("minimum attendance (%)"), default=80)
    assessment_required = models.BooleanField(_("assessment required"), default=True)
    pass_score = models.PositiveSmallIntegerField(_("pass score (0-100)"), default=70)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100), name="course_attendance_is_a_share"
            ),
            models.CheckConstraint(condition=Q(pass_score__lte=100), name="course_pass_score_is_a_score"),
            models.CheckConstraint(
                condition=Q(technical_jp__gt=0) | Q(entrepreneurship_jp__gt=0), name="course_has_hours"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def total_jp(self) -> int:
        return self.technical_jp + self.entrepreneurship_jp


class Cohort(TimestampedModel):
    """One class (kelas): a course at a centre between two dates, with a number of seats."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    centre = models.ForeignKey(
        TrainingCentre, verbose_name=_("training centre"), on_delete=models.PROTECT, related_name="cohorts"
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="cohorts"
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    seats = models.PositiveSmallIntegerField(_("seats"))
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), blank=True, related_name="cohorts_trained"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["starts_on", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="cohort_ends_after_start"),
            models.CheckConstraint(condition=Q(seats__gt=0), name="cohort_has_seats"),
        ]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="cohort_dates_idx")]

    def __str__(self) -> str:
        return self.code
