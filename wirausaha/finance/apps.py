from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """Access to capital: financing products as dated data, readiness, referrals to financing partners, and
    programme money (grants, equipment aid) with maker-checker and budgets."""

    name = "wirausaha.finance"
    verbose_name = _("Finance")
