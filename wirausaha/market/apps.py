from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    """Market access: buyers' demand, explainable matches with businesses, business-matching events with an
    optimal meeting schedule, and deals."""

    name = "wirausaha.market"
    verbose_name = _("Market")

    def ready(self) -> None:
        from .signals import connect

        connect()
