from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wirausaha.common.masking import mask_nik
from wirausaha.common.models import TimestampedModel
from wirausaha.reference.models import Region


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


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
    full_name = models.CharField(_("full name"), max_length=150, db_index=True)
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # A village when known, else a district: scoping matches on the code prefix either way.
    domicile = models.ForeignKey(
        Region, verbose_name=_("domicile"), on_delete=models.PROTECT, related_name="+"
    )
    nik_flags = models.JSONField(_("NIK flags"), default=list, blank=True)
    is_synthetic = models.BooleanField(_("synthetic (demo)"), default=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return f"{self.full_name} ({mask_nik(self.nik)})"
