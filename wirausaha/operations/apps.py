from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Operations: backups and restores, readiness and metrics, worker heartbeats and data retention."""

    name = "wirausaha.operations"
    verbose_name = _("Operations")
