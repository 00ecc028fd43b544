from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wirausaha.common.models import TimestampedModel
from wirausaha.reference.models import Region


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National admin")
    MINISTRY_PARTNER = "ministry_partner", _("Ministry partner")
    PROVINCIAL_OFFICER = "provincial_officer", _("Provincial officer")
    REGENCY_OFFICER = "regency_officer", _("Regency officer")
    CENTRE_OPERATOR = "centre_operator", _("Training centre operator")
    TRAINER = "trainer", _("Trainer")
    COUNSELOR = "counselor", _("Counselor")
    FINANCING_PARTNER = "financing_partner", _("Financing partner")
    MARKET_PARTNER = "market_partner", _("Market partner")
    PARTICIPANT = "participant", _("Participant")
    AUDITOR = "auditor", _("Auditor")
    GRIEVANCE_OFFICER = "grievance_officer", _("Grievance officer")


# Which kind of scope each role carries. The rules that read it live in scoping.py.
REGION_ROLES = {Role.PROVINCIAL_OFFICER: Region.Level.PROVINCE, Role.REGENCY_OFFICER: Region.Level.REGENCY}
ORGANISATION_ROLES = {
    Role.MINISTRY_PARTNER,
    Role.CENTRE_OPERATOR,
    Role.TRAINER,
    Role.FINANCING_PARTNER,
    Role.MARKET_PARTNER,
}


class Language(models.TextChoices):
    """The languages an account can read (settings.LANGUAGES); Indonesian unless chosen."""

    ID = "id", _("Indonesian")
    EN = "en", _("English")


class Organisation(TimestampedModel):
    class Kind(models.TextChoices):
        MINISTRY_UNIT = "ministry_unit", _("Ministry unit")
        PROVINCIAL_OFFICE = "provincial_office", _("Provincial labour office")
        REGENCY_OFFICE = "regency_office", _("Regency/city labour office")
        TRAINING_CENTRE = "training_centre", _("Training centre")
        FINANCING_PARTNER = "financing_partner", _("Financing partner")
        MARKET_PARTNER = "market_partner", _("Market partner")
        COMMUNITY = "community", _("Community organisation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_synthetic = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """An account. Its role says what it may do; its scope (a region, an organisation, or
    itself) says on whose records."""

    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT, db_index=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    scope_region = models.ForeignKey(
        Region,
        verbose_name=_("scope region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    # The language the person reads: their messages and documents are written in it (issue #23).
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.ID)
    is_synthetic = models.BooleanField(_("synthetic (demo)"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=sorted(REGION_ROLES)) | Q(scope_region__isnull=False),
                name="user_region_role_has_region",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(ORGANISATION_ROLES)) | Q(organisation__isnull=False),
                name="user_organisation_role_has_organisation",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        level = REGION_ROLES.get(self.role)
        if level and self.scope_region_id and self.scope_region.level != level:
            raise ValidationError(
                {
                    "scope_region": _("A %(role)s is scoped to a %(level)s.")
                    % {"role": self.get_role_display(), "level": Region.Level(level).label}
                }
            )
        if level and not self.scope_region_id:
            raise ValidationError({"scope_region": _("This role needs a region.")})
        if self.role in ORGANISATION_ROLES and not self.organisation_id:
            raise ValidationError({"organisation": _("This role needs an organisation.")})

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token for the API. Only the SHA-256 of the secret is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(
        _("prefix"), max_length=12, help_text=_("The first characters, to recognise a token.")
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username})"


class OneTimeCode(models.Model):
    """The one live code sent to a person's phone (one per account: a new code replaces it). Only
    a keyed hash is stored (codes.py)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="one_time_code")
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"code for {self.user_id}"


class ThrottleHit(models.Model):
    """One counted attempt at a throttled public step (throttle.py): the scope and a keyed hash
    of the address or NIK, never the value itself."""

    scope = models.CharField(max_length=40)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key_hash", "created_at"])]

    def __str__(self) -> str:
        return self.scope
