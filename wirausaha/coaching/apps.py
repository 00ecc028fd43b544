from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    """Coaching and the business plan: counselors matched to graduates, sessions, action items,
    the plan (written, reviewed, approved), milestones and the mentoring letter."""

    name = "wirausaha.coaching"
    verbose_name = _("Coaching")

    def ready(self) -> None:
        # The mentoring letter is a documents.Document: its number prefix and PDF wording are
        # registered through documents' public hook (documents.kinds), as documents knows no stage.
        from .letters import register_letter_kind

        register_letter_kind()
