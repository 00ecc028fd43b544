"""Matching graduates to counselors: a run is proposed (solved exactly by `matching.assign` and
stored with each person's explanation), reviewed, then confirmed or discarded. A national admin
reassigns by hand with a reason; participants and counselors ask for a change, which an admin
decides.

Locks, always in this order so that two requests never deadlock: the participant, then the
counselors (by id), then the assignments. A counselor's caseload is counted only while their row
is locked, so concurrent confirmations and reassignments never exceed a capacity."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.allocation.queries import locate
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.programs.models import Enrolment, EnrolmentState, Wave
from wirausaha.registry.models import Participant

from ..matching import assign
from ..models import Assignment, AssignmentRun, BusinessProfile, ChangeRequest, Counselor
from ..queries import active_counts
from .rules import CapacityConflict, StateError, require_assigner

DEFAULT_MAX_KM = 50.0
DEFAULT_REMOTE_KM = 30.0
DEFAULT_SECTOR_MISMATCH_KM = 25.0


def waiting_graduates(wave: Wave | None = None):
    """Graduates (of `wave`, or of any wave) with consent, not merged, and no active counselor."""
    enrolments = Enrolment.objects.filter(state=EnrolmentState.GRADUATED)
    if wave is not None:
        enrolments = enrolments.filter(wave=wave)
    return (
        Participant.objects.filter(
            pk__in=enrolments.values("participant_id"),
            merged_into__isnull=True,
            consent_withdrawn_at__isnull=True,
        )
        .exclude(coaching_assignments__status=Assignment.Status.ACTIVE)
        .order_by("pk")
    )


def _instance(graduates: list[Participant], counselors: list[Counselor], params: dict) -> dict:
    points = locate({p.domicile_id for p in graduates} | {c.base_district_id for c in counselors})
    profiles = dict(
        BusinessProfile.objects.filter(participant__in=graduates).values_list("participant_id", "remote_ok")
    )
    sectors = dict(
        BusinessProfile.objects.filter(participant__in=graduates)
        .exclude(sector="")
        .values_list("participant_id", "sector")
    )
    taken = active_counts(c.pk for c in counselors)
    people, located = [], {}
    for p in graduates:
        point = points.get(p.domicile_id)
        if point is None:
            continue
        located[p.pk] = point
        people.append(
            {
                "id": str(p.pk),
                "lat": point[0],
                "lng": point[1],
                "sector": sectors.get(p.pk) or p.business_interest_sector_id or "",
                "remote_ok": profiles.get(p.pk, True),
            }
        )
    coaches = []
    for c in counselors:
        point = points.get(c.base_district_id)
        room = c.capacity - taken.get(c.pk, 0)
        if point is None or room <= 0:
            continue
        coaches.append(
            {
                "id": str(c.pk),
                "lat": point[0],
                "lng": point[1],
                "sectors": list(c.sectors),
                "capacity": room,
                "remote": c.remote,
                "in_person": c.in_person,
            }
        )
    return {**params, "graduates": people, "counselors": coaches}


@transaction.atomic
def propose_assignment_run(
    *,
    by: User | None,
    wave: Wave | None = None,
    max_km: float = DEFAULT_MAX_KM,
    remote_km: float = DEFAULT_REMOTE_KM,
    sector_mismatch_km: float = DEFAULT_SECTOR_MISMATCH_KM,
) -> AssignmentRun:
    """Solve the assignment of the waiting graduates (of `wave`, or everyone waiting) to the active
    counselors' free places, and store every result with its explanation, for review."""
    require_assigner(by)
    errors = {}
    for name, value, top in (
        ("max_km", max_km, 2000),
        ("remote_km", remote_km, 2000),
        ("sector_mismatch_km", sector_mismatch_km, 2000),
    ):
        if not isinstance(value, int | float) or not 0 <= value <= top:
            errors[name] = _("A number of km from 0 to %(top)s.") % {"top": top}
    if errors:
        raise InvalidInput(errors)
    graduates = list(waiting_graduates(wave))
    counselors = list(Counselor.objects.filter(is_active=True).order_by("pk"))
    params = {
        "max_km": float(max_km),
        "remote_km": float(remote_km),
        "sector_mismatch_km": float(sector_mismatch_km),
    }
    instance = _instance(graduates, counselors, params)
    result = assign(instance)
    run = AssignmentRun.objects.create(
        wave=wave,
        created_by=by,
        graduates=len(graduates),
        assigned=result["assigned"],
        unassigned=len(graduates) - result["assigned"],
        total_cost=result["total_cost"],
        seconds=result["seconds"],
        **params,
    )
    by_id = {str(c.pk): c for c in counselors}
    people = {g["id"]: g for g in instance["graduates"]}
    explanations = result.get("explanations") or {}
    reasons = result.get("unassigned_reasons") or {}
    rows = []
    for participant in graduates:
        gid = str(participant.pk)
        cid = result["assignments"].get(gid)
        explanation = explanations.get(gid) or {}
        if gid not in people:
            explanation = {"reason": "no_location"}
        row = Assignment(
            participant=participant,
            run=run,
            created_by=by,
            explanation=explanation,
            status=Assignment.Status.PROPOSED if cid else Assignment.Status.UNASSIGNED,
        )
        if cid:
            row.counselor = by_id[cid]
            row.mode = explanation.get("mode") or Assignment.Mode.IN_PERSON
            row.distance_km = round(explanation.get("distance_km", 0.0), 1)
            row.sector_match = explanation.get("sector_match")
            row.cost = round(explanation.get("cost", 0.0), 1)
        elif gid in people:
            row.explanation = {"reason": reasons.get(gid, "all_reachable_counselors_full")}
        rows.append(row)
    Assignment.objects.bulk_create(rows, batch_size=1000)
    record_event(
        by,
        "coaching_run.proposed",
        run,
        changes={"assigned": [0, run.assigned], "unassigned": [0, run.unassigned]},
    )
    return run


def _locked_proposed(run: AssignmentRun) -> AssignmentRun:
    locked = AssignmentRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != AssignmentRun.Status.PROPOSED:
        raise StateError(_("Only a proposed run can be confirmed or discarded."))
    return locked


def _lock_counselors(ids) -> dict[int, Counselor]:
    return {
        c.pk: c for c in Counselor.objects.select_for_update().filter(pk__in=sorted(set(ids))).order_by("pk")
    }


@transaction.atomic
def confirm_assignment_run(run: AssignmentRun, *, by: User | None) -> AssignmentRun:
    """Start the run's assignments. People who got a counselor meanwhile keep theirs (their row is
    discarded); refused when a counselor no longer has the places the run gives out."""
    require_assigner(by)
    run = _locked_proposed(run)
    proposed = list(
        run.assignments.filter(status=Assignment.Status.PROPOSED).select_related("participant__user")
    )
    counselors = _lock_counselors(row.counselor_id for row in proposed)
    already = set(
        Assignment.objects.filter(
            participant_id__in=[row.participant_id for row in proposed], status=Assignment.Status.ACTIVE
        ).values_list("participant_id", flat=True)
    )
    starting = [row for row in proposed if row.participant_id not in already]
    taken = active_counts(counselors)
    wanted: dict[int, int] = {}
    for row in starting:
        wanted[row.counselor_id] = wanted.get(row.counselor_id, 0) + 1
    short = [counselors[pk] for pk, n in wanted.items() if taken.get(pk, 0) + n > counselors[pk].capacity]
    if short:
        raise CapacityConflict(
            _("These counselors no longer have the places this run gives out: %(names)s. Propose a new run.")
            % {"names": ", ".join(str(c) for c in short)}
        )
    now = timezone.now()
    Assignment.objects.filter(pk__in=[r.pk for r in starting]).update(
        status=Assignment.Status.ACTIVE, started_at=now
    )
    Assignment.objects.filter(run=run).exclude(pk__in=[r.pk for r in starting]).filter(
        status=Assignment.Status.PROPOSED
    ).update(status=Assignment.Status.DISCARDED)
    run.status, run.decided_at, run.decided_by = AssignmentRun.Status.CONFIRMED, now, by
    run.save(update_fields=["status", "decided_at", "decided_by"])
    record_event(
        by,
        "coaching_run.confirmed",
        run,
        changes={"status": [AssignmentRun.Status.PROPOSED, run.status], "started": [0, len(starting)]},
    )
    for row in starting:
        row.counselor = counselors[row.counselor_id]
        _tell_participant(row)
    return run


@transaction.atomic
def discard_assignment_run(run: AssignmentRun, *, by: User | None, reason: str = "") -> AssignmentRun:
    require_assigner(by)
    run = _locked_proposed(run)
    run.status, run.decided_at, run.decided_by = AssignmentRun.Status.DISCARDED, timezone.now(), by
    run.save(update_fields=["status", "decided_at", "decided_by"])
    run.assignments.filter(status=Assignment.Status.PROPOSED).update(status=Assignment.Status.DISCARDED)
    record_event(
        by,
        "coaching_run.discarded",
        run,
        reason=reason,
        changes={"status": [AssignmentRun.Status.PROPOSED, run.status]},
    )
    return run


def _tell_participant(assignment: Assignment) -> None:
    user = assignment.participant.user
    if user is None:
        return
    with in_recipients_language(user):
        subject = _("Your business counselor")
        body = _("%(name)s is your business counselor from now on. See your coaching page: %(url)s") % {
            "name": assignment.counselor.user.display_name,
            "url": settings.SITE_URL.rstrip("/") + reverse("coaching:mine"),
        }
    params = {"counselor": assignment.counselor.user.display_name}
    notify(user, subject=subject, body=body, event="counselor_assigned", params=params)


@transaction.atomic
def reassign_participant(
    *, participant: Participant, counselor: Counselor, by: User | None, reason: str
) -> Assignment:
    """Give the participant `counselor` (ending the current assignment, if any). The reason is
    required and audited; refused when the counselor is inactive or has no free place, counted
    under the counselor's row lock so that concurrent reassignments never exceed the capacity."""
    require_assigner(by)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput({"reason": _("Say why the participant gets another counselor.")})
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    locked = Counselor.objects.select_for_update().get(pk=counselor.pk)
    current = (
        Assignment.objects.select_for_update()
        .filter(participant=participant, status=Assignment.Status.ACTIVE)
        .first()
    )
    if current is not None and current.counselor_id == locked.pk:
        raise StateError(_("This counselor is already the participant's counselor."))
    if not locked.is_active:
        raise CapacityConflict(_("This counselor is not active."), field="counselor")
    if active_counts([locked.pk]).get(locked.pk, 0) >= locked.capacity:
        raise CapacityConflict(
            _("%(name)s has no free place (capacity %(capacity)s).")
            % {"name": locked, "capacity": locked.capacity},
            field="counselor",
        )
    now = timezone.now()
    if current is not None:
        current.status, current.ended_at = Assignment.Status.ENDED, now
        current.save(update_fields=["status", "ended_at"])
    try:
        with transaction.atomic():
            created = Assignment.objects.create(
                participant=participant,
                counselor=locked,
                status=Assignment.Status.ACTIVE,
                started_at=now,
                reason=reason,
                created_by=by,
                mode=Assignment.Mode.IN_PERSON if locked.in_person else Assignment.Mode.REMOTE,
            )
    except IntegrityError:
        raise StateError(_("The participant's counselor changed meanwhile: reload the page.")) from None
    record_event(
        by,
        "coaching.reassigned",
        created,
        reason=reason,
        changes={"counselor": [current.counselor_id if current else None, locked.pk]},
    )
    created.participant = participant
    _tell_participant(created)
    return created


@transaction.atomic
def request_counselor_change(*, assignment: Assignment, by: User, reason: str) -> ChangeRequest:
    """The participant or their counselor asks for another counselor, with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput({"reason": _("Say why you ask for another counselor.")})
    if (
        by.pk not in (assignment.participant.user_id, assignment.counselor.user_id)
        or assignment.status != Assignment.Status.ACTIVE
    ):
        raise StateError(_("Only the participant or their counselor may ask for a change."))
    if ChangeRequest.objects.filter(assignment=assignment, status=ChangeRequest.Status.PENDING).exists():
        raise StateError(_("A request for a change is already waiting for a decision."))
    request = ChangeRequest.objects.create(assignment=assignment, requested_by=by, reason=reason)
    record_event(by, "coaching.change_requested", request, reason=reason)
    return request


@transaction.atomic
def decide_counselor_change(
    request: ChangeRequest,
    *,
    by: User | None,
    approve: bool,
    counselor: Counselor | None = None,
    note: str = "",
) -> ChangeRequest:
    """An admin approves a request (reassigning to `counselor`) or rejects it with a note."""
    require_assigner(by)
    locked = ChangeRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != ChangeRequest.Status.PENDING:
        raise StateError(_("This request was decided already."))
    if approve:
        if counselor is None:
            raise InvalidInput({"counselor": _("Choose the new counselor.")})
        reassign_participant(
            participant=locked.assignment.participant,
            counselor=counselor,
            by=by,
            reason=_("Change requested: %(reason)s") % {"reason": locked.reason},
        )
    elif not (note or "").strip():
        raise InvalidInput({"note": _("Say why the request is rejected.")})
    locked.status = ChangeRequest.Status.APPROVED if approve else ChangeRequest.Status.REJECTED
    locked.decided_by, locked.decided_at, locked.decision_note = by, timezone.now(), note.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    record_event(
        by, "coaching.change_decided", locked, reason=note, changes={"status": ["pending", locked.status]}
    )
    return locked
