from django.db import models
from django.utils.translation import gettext_lazy as _

from wirausaha.accounts.models import Organisation
from wirausaha.common.models import TimestampedModel
from wirausaha.reference.models import Region


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
    source_note = models.TextField(_("source"), blank=True)
    is_synthetic = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        verbose_name = _("training centre")
        verbose_name_plural = _("training centres")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name
