from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Operations: backups and restores, readiness and metrics, worker heartbeats and data retention."""

    name = "wirausaha.operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from .metrics import count_refused_login

        user_login_failed.connect(count_refused_login, dispatch_uid="operations.count_refused_login")
