"""Manual moves: one person into another cohort, into a cohort when unplaced, or out of their
cohort, with a reason."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.centres.models import Cohort
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.programs.actions import transition
from wirausaha.programs.models import Enrolment

from .. import optimizer
from ..messages import placement_message, placement_params
from ..models import AllocationRun, Placement
from ..queries import cohorts_in_window, locate, proposed_counts, seated_counts
from .rules import AllocationError, CapacityConflict, RunStateError, S, _check_wave, _require_allocator
from .summary import count_move


@transaction.atomic
def move_placement(
    placement: Placement, *, to_cohort: Cohort | None, by: User | None, reason: str
) -> Placement:
    """Move one person by hand: into another cohort, into a cohort when unplaced, or out of their
    cohort (`to_cohort` None). The reason is required and recorded with the before and after. The
    target cohort's row is locked while its seats are counted, so concurrent moves never overfill
    it. In the confirmed run the enrolment follows (placed, or back to selected) and the
    participant is told; in a proposed run only the proposal changes."""
    _require_allocator(by)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput({"reason": _("Say why this person is moved.")})
    run = AllocationRun.objects.select_for_update().select_related("wave").get(pk=placement.run_id)
    if run.status not in (AllocationRun.Status.PROPOSED, AllocationRun.Status.CONFIRMED):
        raise RunStateError(
            _("Run #%(run)s is “%(status)s”: its placements can no longer be moved.")
            % {"run": run.pk, "status": run.get_status_display()}
        )
    _check_wave(run.wave)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    placement.run = run
    enrolment = Enrolment.objects.select_related("participant").get(pk=placement.enrolment_id)
    confirmed = run.status == AllocationRun.Status.CONFIRMED
    movable = [S.SELECTED, S.PLACED] if confirmed else [S.SELECTED]
    if enrolment.state not in movable:
        raise AllocationError(
            _("This enrolment is “%(state)s”: it can no longer be moved.")
            % {"state": S(enrolment.state).label}
        )
    if to_cohort is None and placement.cohort_id is None:
        raise InvalidInput({"cohort": _("This person has no class to be taken out of.")})
    if to_cohort is not None and to_cohort.pk == placement.cohort_id:
        raise InvalidInput({"cohort": _("This person is in this class already.")})

    before = _snapshot(placement)
    counted = (placement.regency_code, placement.unplaced_reason, placement.distance_km)
    if to_cohort is None:
        _take_out(placement, reason=reason)
    else:
        cohort = _seat_in(placement, to_cohort, run=run)
        distance = None
        point = locate([enrolment.participant.domicile_id]).get(enrolment.participant.domicile_id)
        if point is not None:
            distance = optimizer.great_circle_km(
                point[0], point[1], cohort.centre.latitude, cohort.centre.longitude
            )
        match = optimizer.sectors_match(
            enrolment.participant.business_interest_sector_id, cohort.course.sector_id
        )
        placement.cohort = cohort
        placement.distance_km = distance
        placement.sector_match = match
        placement.cost = None if distance is None else distance + (0 if match else run.sector_mismatch_km)
        placement.unplaced_reason = ""
    placement.next_best_cohort = None
    placement.next_best_km = placement.next_best_cost = None
    placement.next_best_why_not = ""
    placement.moved_at, placement.moved_by, placement.move_reason = timezone.now(), by, reason
    placement.save()
    count_move(run, counted, placement)

    state_before = enrolment.state
    if confirmed:
        if to_cohort is None:
            transition(enrolment, S.SELECTED, by=by, reason=reason)
        elif enrolment.state == S.SELECTED:
            transition(enrolment, S.PLACED, by=by, reason=reason)
    after = _snapshot(placement)
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if enrolment.state != state_before:
        changes["state"] = [state_before, enrolment.state]
    record_event(by, "placement.moved", placement, reason=reason, changes=changes)
    if confirmed and enrolment.participant.user_id:
        _tell_moved(placement, before_code=before["cohort"], user=enrolment.participant.user)
    return placement


def _seat_in(placement: Placement, to_cohort: Cohort, *, run: AllocationRun) -> Cohort:
    # The target row is locked before its seats are counted: a second move into it waits here and
    # then counts this one.
    Cohort.objects.select_for_update().filter(pk=to_cohort.pk).values_list("pk", flat=True).first()
    cohort = (
        cohorts_in_window(run.wave).select_related("centre__region", "course").filter(pk=to_cohort.pk).first()
    )
    if cohort is None:
        raise InvalidInput(
            {
                "cohort": _(
                    "This class is not open to this wave (cancelled, started, or outside its "
                    "training window)."
                )
            }
        )
    taken = seated_counts([cohort.pk]).get(cohort.pk, 0)
    if run.status == AllocationRun.Status.PROPOSED:
        taken += proposed_counts(run, [cohort.pk]).get(cohort.pk, 0)
    if taken >= cohort.seats:
        raise CapacityConflict(
            _("Class %(cohort)s is full (%(seats)s seats).") % {"cohort": cohort.code, "seats": cohort.seats}
        )
    return cohort


def _take_out(placement: Placement, *, reason: str) -> None:
    placement.cohort = None
    placement.distance_km = placement.cost = placement.sector_match = None
    placement.unplaced_reason = Placement.Unplaced.REMOVED


def _snapshot(placement: Placement) -> dict:
    return {
        "cohort": placement.cohort.code if placement.cohort_id else None,
        "distance_km": None if placement.distance_km is None else round(placement.distance_km, 3),
        "unplaced_reason": placement.unplaced_reason or None,
    }


def _tell_moved(placement: Placement, *, before_code: str | None, user) -> None:
    with in_recipients_language(user=user):
        if placement.cohort_id is None:
            subject = _("Your training class has been cancelled")
            body = _(
                "Your place in class %(cohort)s has been cancelled. You stay selected: we will tell you "
                "your new class."
            ) % {"cohort": before_code}
        else:
            placement.cohort = Cohort.objects.select_related("centre__region", "course").get(
                pk=placement.cohort_id
            )
            subject, body = placement_message(placement, moved=before_code is not None, user=user)
    if placement.cohort_id is None:
        notify(user, subject=subject, body=body)
    else:
        notify(
            user, subject=subject, body=body, event="placed", params=placement_params(placement, user=user)
        )
