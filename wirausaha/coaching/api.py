"""Coaching's API, scoped like its pages: counselors, assignments, sessions, the business plan by
section, submit and review, and the plan calculator (signed in)."""

from typing import Any

from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from wirausaha.accounts.models import Role
from wirausaha.common.errors import InvalidInput, NotFound
from wirausaha.common.pagination import PageNumberPagination

from . import actions
from .calculator import PlanInputError, compute
from .calculator.messages import translated_errors
from .models import Assignment
from .presentation import figures_of
from .queries import (
    assignments_visible_to,
    counselors_visible_to,
    get_coached_participant,
    oversees_coaching,
    sessions_visible_to,
)
from .schemas import AssignmentOut, CalculatorIn, CounselorOut, PlanOut, ReviewIn, SectionIn, SessionOut

router = Router(tags=["coaching"])


@router.get("/coaching/counselors", response=list[CounselorOut])
@paginate(PageNumberPagination, page_size=100)
def list_counselors(request):
    return [
        {
            "id": c.pk,
            "name": str(c),
            "organisation_kind": c.organisation_kind,
            "organisation_name": c.organisation_name,
            "base_district": c.base_district_id,
            "sectors": c.sectors,
            "in_person": c.in_person,
            "remote": c.remote,
            "languages": c.languages,
            "capacity": c.capacity,
            "is_active": c.is_active,
        }
        for c in counselors_visible_to(request.auth).order_by("pk")
    ]


@router.get("/coaching/assignments", response=list[AssignmentOut])
@paginate(PageNumberPagination, page_size=100)
def list_assignments(request):
    rows = assignments_visible_to(request.auth).filter(status=Assignment.Status.ACTIVE).order_by("pk")
    return [
        {
            "id": a.pk,
            "participant_id": a.participant_id,
            "participant_name": a.participant.full_name,
            "counselor_id": a.counselor_id,
            "counselor_name": str(a.counselor) if a.counselor else "",
            "status": a.status,
            "mode": a.mode,
            "distance_km": a.distance_km,
            "sector_match": a.sector_match,
            "started_at": a.started_at,
            "explanation": a.explanation,
        }
        for a in rows
    ]


@router.get("/coaching/sessions", response=list[SessionOut])
@paginate(PageNumberPagination, page_size=100)
def list_sessions(request):
    user = request.auth
    shows_notes = oversees_coaching(user) or user.role == Role.COUNSELOR
    return [
        {
            "id": s.pk,
            "participant_id": s.participant_id,
            "counselor_name": str(s.counselor),
            "starts_at": s.starts_at,
            "time_zone": s.time_zone,
            "mode": s.mode,
            "duration_minutes": s.duration_minutes,
            "topics": s.topics,
            "status": s.status,
            "notes": s.notes if shows_notes else None,
        }
        for s in sessions_visible_to(user).order_by("-starts_at", "pk").distinct()
    ]


def _plan_out(plan) -> dict:
    figures, problems = figures_of(plan.content)
    last = plan.versions.order_by("-number").first()
    return {
        "participant_id": plan.participant_id,
        "status": plan.status,
        "version": plan.version,
        "content": plan.content,
        "submitted_at": plan.submitted_at,
        "approved_at": plan.approved_at,
        "figures": figures,
        "problems": [{"field": p["field"], "message": p["message"]} for p in problems],
        "comments": (last.comments or {}) if last else {},
    }


@router.get("/coaching/plans/{participant_id}", response=PlanOut)
def get_plan(request, participant_id: int):
    participant = get_coached_participant(request.auth, participant_id)
    return _plan_out(actions.plan_for(participant))


@router.post("/coaching/plans/{participant_id}/sections/{key}", response=PlanOut)
def save_plan_section(request, participant_id: int, key: str, payload: SectionIn | None = None):
    """Save one section (the participant's own plan): its fields by key; money as whole rupiah."""
    participant = get_coached_participant(request.auth, participant_id)
    if participant.user_id != request.auth.pk:
        raise NotFound()
    return _plan_out(
        actions.save_plan_section(
            participant=participant, key=key, data=payload.model_dump() if payload else {}, by=request.auth
        )
    )


@router.post("/coaching/plans/{participant_id}/submit", response=PlanOut)
def submit_plan(request, participant_id: int):
    participant = get_coached_participant(request.auth, participant_id)
    if participant.user_id != request.auth.pk:
        raise NotFound()
    return _plan_out(actions.submit_plan(participant=participant, by=request.auth))


@router.post("/coaching/plans/{participant_id}/review", response=PlanOut)
def review_plan(request, participant_id: int, payload: ReviewIn | None = None):
    """Approve the submitted version, or return it with comments: {"decision": "approve" |
    "return", "comments": {section key: text}}. Scope and role are checked before the body."""
    participant = get_coached_participant(request.auth, participant_id)
    if request.auth.role not in (Role.COUNSELOR, Role.NATIONAL_ADMIN):
        raise NotFound()
    if payload is None or payload.decision is None:
        raise InvalidInput({"decision": _("This field is required.")})
    comments = payload.comments.model_dump() if payload.comments else {}
    plan = actions.review_plan(
        participant=participant,
        by=request.auth,
        approve=payload.decision == "approve",
        comments={key: text for key, text in comments.items() if text},
    )
    return _plan_out(plan)


@router.post("/plan-calculator", response=dict[str, Any])
def plan_calculator(request, payload: CalculatorIn):
    """The plan calculator: the command `plan_calc`'s input and output (issue #18 item 5)."""
    try:
        return compute(payload.model_dump(exclude_none=True))
    except PlanInputError as error:
        problems = translated_errors(error.errors)
        raise InvalidInput(
            {p["field"]: p["message"] for p in problems}, _("The plan's figures cannot be computed.")
        ) from None
