from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wirausaha.common.storage import private_storage


class Document(models.Model):
    """A paper the programme issues and anyone may check: a printed `number` for people and filing,
    and an unguessable `code` in its QR code and check address, so documents cannot be enumerated.
    What it says is copied in when it is issued, so later edits of the records do not change it.

    `facts` are the labelled values the public check shows, in the order given: a list of
    {"key", "label", "value"} where the label is an English msgid (shown translated) and a value is
    text, a number, or for "type": "period" two ISO dates."""

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate")
        MENTORING_LETTER = "mentoring_letter", _("Letter of mentoring and training")
        REFERRAL_DOSSIER = "referral_dossier", _("Referral dossier")
        # Next: the record of the draw. Each kind registers its number
        # prefix and PDF wording with kinds.register_kind when its app starts.

    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=40, unique=True)
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    holder_name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    facts = models.JSONField(_("facts"), default=list, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    time_zone = models.CharField(_("time zone"), max_length=40)
    # The language its PDF is written in: the holder's, when they have an account (issue #23).
    language = models.CharField(_("language"), max_length=5, default="id")
    issued_at = models.DateTimeField(_("issued at"))
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to="documents/", blank=True, max_length=200
    )
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["kind", "issued_at"], name="document_kind_issued_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    def fact(self, key: str):
        """The value stated under `key` (a period as a pair of dates), or None."""
        for fact in self.facts:
            if fact.get("key") == key:
                return _value(fact)
        return None

    def statements(self) -> list[dict]:
        """The facts as the check page shows them: label, and value or period (dates)."""
        return [
            {"label": fact["label"], "value": _value(fact), "type": fact.get("type", "")}
            for fact in self.facts
        ]


def _value(fact: dict):
    if fact.get("type") == "period":
        return tuple(date.fromisoformat(day) for day in fact["value"])
    return fact["value"]
