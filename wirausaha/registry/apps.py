from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "wirausaha.registry"
    verbose_name = _("Participant registry")

    def ready(self) -> None:
        from .actions import regency_changed
        from .duplicates.actions import follow_domicile

        regency_changed.connect(follow_domicile, dispatch_uid="registry.duplicates.follow_domicile")
