from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "wirausaha.programs"
    verbose_name = _("Programmes and waves")

    def ready(self) -> None:
        from wirausaha.registry.actions import regency_changed

        from .actions.regions import follow_domicile

        regency_changed.connect(follow_domicile, dispatch_uid="programs.follow_domicile")
