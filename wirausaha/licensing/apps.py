from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    """Licensing: the participant's business, its NIB and the checklist of what it needs to be legal,
    driven by rules kept as data."""

    name = "wirausaha.licensing"
    verbose_name = _("Licensing")
