"""The start of a cohort's training, and a participant leaving it."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.allocation.queries import cohort_roster
from wirausaha.centres.models import Cohort
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.programs.actions import bulk_transition, follow_training, transition
from wirausaha.programs.models import Enrolment

from ..models import DropOutReason
from ..queries import (
    local_today,
)
from .rules import (
    S,
    TrainingError,
    _lock,
    _require_manager,
    _require_open,
    _require_teacher,
)

# Start and drop-out ----------------------------------------------------------------------


def _start(cohort: Cohort, *, by: User | None) -> int:
    """Move the roster's placed enrolments into training and the cohort to running (idempotent)."""
    placed = list(cohort_roster(cohort).filter(state=S.PLACED).values_list("pk", flat=True))
    moved = (
        bulk_transition({S.PLACED: placed}, S.IN_TRAINING, by=by, reason="training started") if placed else 0
    )
    started = cohort.status == Cohort.Status.PLANNED
    if started:
        Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.RUNNING, updated_at=timezone.now())
        cohort.status = Cohort.Status.RUNNING
        record_event(
            by,
            "cohort.started",
            cohort,
            changes={"status": ["planned", "running"], "in_training": [0, moved]},
        )
    elif moved:
        record_event(by, "cohort.joined", cohort, changes={"in_training": [None, moved]})
    if started or moved:
        follow_training(_waves_of(cohort), by=by)
    return moved


def _waves_of(cohort: Cohort) -> list[int]:
    return list(cohort_roster(cohort).order_by().values_list("wave_id", flat=True).distinct())


@transaction.atomic
def start_cohort(cohort: Cohort, *, by: User | None, now: datetime | None = None) -> int:
    """Training begins: the placed participants go into training. Marking the first attendance does
    the same, so a trainer never waits for the operator. Returns how many started."""
    now = now or timezone.now()
    cohort = _lock(cohort)
    _require_manager(by, cohort)
    _require_open(cohort)
    if local_today(cohort, now) < cohort.starts_on:
        raise TrainingError(
            _("Training starts on %(day)s: the cohort can be started from that day on.")
            % {"day": cohort.starts_on.strftime("%d/%m/%Y")}
        )
    if not cohort_roster(cohort).filter(state__in=[S.PLACED, S.IN_TRAINING]).exists():
        raise TrainingError(_("Nobody is placed in this cohort yet."))
    return _start(cohort, by=by)


@transaction.atomic
def drop_out(
    enrolment: Enrolment, *, cohort: Cohort, by: User | None, reason: str, note: str = ""
) -> Enrolment:
    """Record that a participant left training, with the reason; the seat stays counted as used."""
    cohort = _lock(cohort)
    _require_teacher(by, cohort)
    _require_open(cohort)
    if reason not in DropOutReason.values:
        raise InvalidInput({"reason": _("Choose why the participant left.")})
    current = cohort_roster(cohort).filter(pk=enrolment.pk).first()
    if current is None:
        raise InvalidInput({"enrolment": _("This person is not on the cohort's roster.")})
    if current.state != S.IN_TRAINING:
        raise TrainingError(
            _(
                "Only someone in training can drop out; before training starts, the enrolment is "
                "withdrawn instead."
            )
        )
    moved = transition(current, S.DROPPED_OUT, by=by, reason=reason)
    record_event(by, "enrolment.dropped_out", moved, reason=note.strip(), changes={"reason": [None, reason]})
    follow_training([moved.wave_id], by=by)
    enrolment.state = moved.state
    return moved
