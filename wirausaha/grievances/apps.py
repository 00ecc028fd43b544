from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrievancesConfig(AppConfig):
    """Complaints, including illegal fees (pungli): reported by anyone, followed with a tracking code,
    handled by grievance officers away from the people concerned."""

    name = "wirausaha.grievances"
    verbose_name = _("Grievances")
