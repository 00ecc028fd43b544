"""Milestones of the participant's business. Later stages (licensing, capital, market) set theirs
through `record_milestone`."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.registry.models import Participant

from ..models import Milestone


@transaction.atomic
def record_milestone(
    *,
    participant: Participant,
    kind: str,
    reached_on: date,
    by: User | None,
    note: str = "",
    source: str = "",
) -> Milestone:
    """Record that the participant's business reached `kind` on `reached_on`. Each kind is reached
    once: recording it again keeps the earlier date (a correction to a later date is refused)."""
    errors = {}
    if kind not in Milestone.Kind.values:
        errors["kind"] = _("Unknown milestone.")
    if not isinstance(reached_on, date):
        errors["reached_on"] = _("Enter the date.")
    elif reached_on > date.today().replace(year=date.today().year + 1):
        errors["reached_on"] = _("The date is too far in the future.")
    if errors:
        raise InvalidInput(errors)
    existing = Milestone.objects.select_for_update().filter(participant=participant, kind=kind).first()
    if existing is not None:
        if reached_on >= existing.reached_on:
            return existing
        before = existing.reached_on
        existing.reached_on = reached_on
        existing.note = note or existing.note
        existing.save(update_fields=["reached_on", "note"])
        record_event(
            by,
            "milestone.recorded",
            existing,
            changes={"reached_on": [before.isoformat(), reached_on.isoformat()]},
        )
        return existing
    milestone = Milestone.objects.create(
        participant=participant,
        kind=kind,
        reached_on=reached_on,
        note=note[:300],
        source=source[:40],
        recorded_by=by,
    )
    record_event(
        by,
        "milestone.recorded",
        milestone,
        changes={"kind": [None, kind], "reached_on": [None, reached_on.isoformat()]},
    )
    return milestone
