from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .timezones import WIB, WIT, WITA, ZONE_NAMES


class Region(models.Model):
    """A Kemendagri region, keyed by its dotted code: 32, 32.16, 32.16.01, 32.16.01.2001."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        REGENCY = "regency", _("Regency/city")
        DISTRICT = "district", _("District")
        VILLAGE = "village", _("Village")

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Regency (kabupaten)")
        KOTA = "kota", _("City (kota)")
        DESA = "desa", _("Village (desa)")
        KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
        DESA_ADAT = "desa_adat", _("Customary village (desa adat)")

    class TimeZone(models.TextChoices):
        WIB = WIB, "WIB"
        WITA = WITA, "WITA"
        WIT = WIT, "WIT"

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=100, db_index=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=4, choices=TimeZone.choices)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="province", parent__isnull=True) | Q(parent__isnull=False),
                name="region_parent_below_province",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def nik_prefix(self) -> str:
        return self.code.replace(".", "")

    @property
    def zone_name(self) -> str:
        return ZONE_NAMES[self.time_zone]


class Sector(models.Model):
    """A KBLI 2020 entry at any level: kategori letter, then 2- to 5-digit codes."""

    class Level(models.TextChoices):
        KATEGORI = "kategori", _("Section (kategori)")
        GOLONGAN_POKOK = "golongan_pokok", _("Division (golongan pokok)")
        GOLONGAN = "golongan", _("Group (golongan)")
        SUBGOLONGAN = "subgolongan", _("Class (subgolongan)")
        KELOMPOK = "kelompok", _("Subclass (kelompok)")

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    level = models.CharField(_("level"), max_length=14, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kategori = models.CharField(_("section"), max_length=1, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("KBLI sector")
        verbose_name_plural = _("KBLI sectors")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
