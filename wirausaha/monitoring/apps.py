from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """Monitoring and evaluation: indicators defined once, the dashboard, one timeline per person, follow-
    up rounds and the lottery-based impact estimate."""

    name = "wirausaha.monitoring"
    verbose_name = _("Monitoring")
