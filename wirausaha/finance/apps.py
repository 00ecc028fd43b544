from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """Access to capital: financing products as dated data, readiness, referrals to financing partners, and
    programme money (grants, equipment aid) with maker-checker and budgets."""

    name = "wirausaha.finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        # The referral dossier is a documents.Document (its number and public check): its prefix
        # and slip are registered through documents' public hook, as documents knows no stage.
        from .dossier.verifiable import register_dossier_kind

        register_dossier_kind()
