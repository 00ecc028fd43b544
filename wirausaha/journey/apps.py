from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneyConfig(AppConfig):
    """The participant's own pages over the whole journey. It sits above every stage and reads
    from them through their queries; no stage imports it."""

    name = "wirausaha.journey"
    verbose_name = _("Participant's journey")
