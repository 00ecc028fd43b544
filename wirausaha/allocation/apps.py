from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "wirausaha.allocation"
    verbose_name = _("Placement")

    def ready(self) -> None:
        from wirausaha.registry.actions import regency_changed

        from .actions.summary import follow_domicile

        regency_changed.connect(follow_domicile, dispatch_uid="allocation.follow_domicile")
