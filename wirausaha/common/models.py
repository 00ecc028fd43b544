from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who did what, to which record, when and why; `changes` holds masked before/after values."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept apart from the foreign key so the trail still says who acted after an account is deleted.
    actor_label = models.CharField(_("actor"), max_length=150)
    verb = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("record type"), max_length=100, blank=True)
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    target_label = models.CharField(_("record"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.target_label}"
