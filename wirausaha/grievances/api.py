"""Complaints in the API. Public (no sign-in, throttled per client address): report a complaint and
follow it with the tracking code. For grievance officers (scoped like their pages): the cases they
may read, one case, and the steps they take on it."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from wirausaha.centres.models import TrainingCentre
from wirausaha.common.errors import InvalidInput
from wirausaha.common.pagination import PageNumberPagination
from wirausaha.programs.models import Wave
from wirausaha.reference.models import Region

from . import actions
from .models import Grievance, Status
from .queries import get_grievance, grievance_by_code, grievances_visible_to, history, public_history
from .schemas import (
    GrievanceDetailOut,
    GrievanceIn,
    GrievanceOut,
    PublicGrievanceOut,
    StepIn,
    ThrottledOut,
    TrackingOut,
)
from .throttle import LOOKUP_MINUTES, REPORT_MINUTES, allow_lookup, allow_report

router = Router(tags=["grievances"])


def _throttled(minutes: int):
    return 429, {
        "code": "too_many_attempts",
        "detail": _("Too many requests came from your network. Try again in %(minutes)d minutes.")
        % {"minutes": minutes},
    }


def _lookups(payload: GrievanceIn) -> dict:
    errors, found = {}, {}
    if payload.centre is not None:
        found["centre"] = (
            TrainingCentre.objects.filter(pk=payload.centre).select_related("organisation").first()
        )
        if found["centre"] is None:
            errors["centre"] = _("No training centre has this id.")
    if payload.wave:
        found["wave"] = Wave.objects.exclude(status=Wave.Status.DRAFT).filter(code=payload.wave).first()
        if found["wave"] is None:
            errors["wave"] = _("No published wave has this code.")
    if payload.region:
        found["region"] = Region.objects.filter(pk=payload.region).first()
        if found["region"] is None:
            errors["region"] = _("No region has this code.")
    if errors:
        raise InvalidInput(errors)
    return found


@router.post("/grievances", response={201: TrackingOut, 429: ThrottledOut}, auth=None)
def report_grievance(request, payload: GrievanceIn):
    """Report a complaint, with no account needed. Without `contact` it is anonymous. The answer's
    tracking code is the only way to follow the case: keep it."""
    if not allow_report(request):
        return _throttled(REPORT_MINUTES)
    found = _lookups(payload)
    contact = (payload.contact or "").strip()
    contact_name = (payload.contact_name or "").strip()
    _grievance, code = actions.report_grievance(
        category=payload.category,
        description=payload.description,
        centre=found.get("centre"),
        wave=found.get("wave"),
        region=found.get("region"),
        about_labour_office=payload.about_labour_office,
        person_concerned=payload.person_concerned or "",
        occurred_on=payload.occurred_on,
        anonymous=not (contact or contact_name),
        contact_name=contact_name,
        contact=contact,
    )
    return 201, {"tracking_code": code}


@router.get("/grievances/{tracking_code}", response={200: PublicGrievanceOut, 429: ThrottledOut}, auth=None)
def follow_grievance(request, tracking_code: str):
    """The case a tracking code opens: its status, outcome and public history, never who reported
    it. An unknown code is a 404."""
    if not allow_lookup(request):
        return _throttled(LOOKUP_MINUTES)
    grievance = grievance_by_code(tracking_code)
    if grievance is None:
        raise Http404
    return 200, {
        "category": grievance.category,
        "status": grievance.status,
        "status_label": grievance.get_status_display(),
        "level": grievance.level,
        "centre": grievance.centre.short_name if grievance.centre else None,
        "received_at": grievance.created_at,
        "acknowledge_due_at": grievance.acknowledge_due_at,
        "resolve_due_at": grievance.resolve_due_at,
        "outcome": grievance.outcome,
        "outcome_summary": grievance.outcome_summary,
        "can_appeal": grievance.status == Status.RESOLVED and grievance.appealed_at is None,
        "history": [
            {"step": u.kind, "label": u.get_kind_display(), "text": u.text, "at": u.created_at}
            for u in public_history(grievance)
        ],
    }


def _case(g: Grievance) -> dict:
    return {
        "id": g.pk,
        "number": g.number,
        "category": g.category,
        "status": g.status,
        "level": g.level,
        "escalation_reason": g.escalation_reason,
        "centre_id": g.centre_id,
        "region": g.region_id,
        "wave": g.wave.code if g.wave_id else None,
        "received_at": g.created_at,
        "acknowledge_due_at": g.acknowledge_due_at,
        "resolve_due_at": g.resolve_due_at,
        "assigned_to": g.assigned_to.username if g.assigned_to_id else None,
        "outcome": g.outcome,
    }


@router.get("/grievance-cases", response=list[GrievanceOut])
@paginate(PageNumberPagination, page_size=100)
def list_cases(request, status: Status | None = None):
    """The complaints the caller handles or oversees (others: an empty list), latest first."""
    rows = (
        grievances_visible_to(request.auth)
        .select_related("wave", "assigned_to")
        .order_by("-created_at", "-pk")
    )
    if status:
        rows = rows.filter(status=status)
    return [_case(g) for g in rows]


def _detail(g: Grievance) -> dict:
    return {
        **_case(g),
        "description": g.description,
        "person_concerned": g.person_concerned,
        "occurred_on": g.occurred_on,
        "about_labour_office": g.about_labour_office,
        "anonymous": g.is_anonymous,
        "contact_name": g.contact_name,
        "contact": g.contact,
        "outcome_summary": g.outcome_summary,
        "evidence_files": g.evidence.count(),
        "history": [
            {
                "step": u.kind,
                "label": u.get_kind_display(),
                "text": u.text,
                "at": u.created_at,
                "public": u.public,
                "by": u.by.username if u.by_id else None,
            }
            for u in history(g)
        ],
    }


@router.get("/grievance-cases/{grievance_id}", response=GrievanceDetailOut)
def get_case(request, grievance_id: int):
    return _detail(get_grievance(request.auth, grievance_id))


@router.post("/grievance-cases/{grievance_id}/steps", response=GrievanceDetailOut)
def take_step(request, grievance_id: int, payload: StepIn | None = None):
    """One step on the case: acknowledge, note (internal, or `public`), escalate (with `text`), or
    resolve (with `outcome` and `text`, which the reporter reads). Scope is checked before the body."""
    grievance = get_grievance(request.auth, grievance_id)
    if payload is None or payload.step is None:
        raise InvalidInput({"step": _("This field is required.")})
    by = request.auth
    if payload.step == "acknowledge":
        actions.acknowledge(grievance=grievance, by=by, text=payload.text)
    elif payload.step == "note":
        actions.add_note(grievance=grievance, by=by, text=payload.text, public=payload.public)
    elif payload.step == "escalate":
        actions.escalate(grievance=grievance, by=by, text=payload.text)
    else:
        actions.resolve(grievance=grievance, by=by, outcome=payload.outcome or "", summary=payload.text)
    return _detail(get_grievance(by, grievance_id))
