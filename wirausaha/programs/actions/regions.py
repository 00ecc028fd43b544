"""A person's regency kept on their enrolments (models.Enrolment.regency_code), for the wave lists of
the labour offices: moved with the person when a correction changes their regency."""

from django.utils import timezone

from ..models import Enrolment


def follow_domicile(sender, *, participant, **kwargs) -> int:
    """Receiver of registry.actions.regency_changed, inside the correction's transaction (its audit
    event records the new domicile): the person's enrolments move to the new office's lists."""
    return Enrolment.objects.filter(participant=participant).update(
        regency_code=participant.domicile_id[:5], updated_at=timezone.now()
    )
