from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from wirausaha.accounts.models import Role
from wirausaha.common.errors import NotFound
from wirausaha.common.pagination import CursorPagination
from wirausaha.registry.queries import get_participant_for, participants_visible_to

from .actions import apply_to_wave, can_act_for
from .models import EnrolmentState
from .queries import enrolments_visible_to, get_wave_for, waves_visible_to
from .schemas import EnrolIn, EnrolmentOut, WaveOut

router = Router(tags=["waves"])


class EnrolmentFilter(Schema):
    state: EnrolmentState | None = None


@router.get("/waves", response=list[WaveOut])
def list_waves(request):
    return list(waves_visible_to(request.auth).prefetch_related("quotas"))


@router.get("/waves/{code}/enrolments", response=list[EnrolmentOut])
@paginate(CursorPagination, page_size=100)
def list_enrolments(request, code: str, filters: Query[EnrolmentFilter]):
    enrolments = enrolments_visible_to(request.auth, get_wave_for(request.auth, code))
    if filters.state:
        enrolments = enrolments.filter(state=filters.state)
    return enrolments.order_by("quota_region", "rank", "id")


@router.post("/waves/{code}/enrolments", response={201: EnrolmentOut})
def enrol(request, code: str, payload: EnrolIn):
    """A participant applies to an open wave; an officer may enrol someone in their area."""
    wave = get_wave_for(request.auth, code)
    if request.auth.role == Role.PARTICIPANT:
        participant = participants_visible_to(request.auth).filter(user=request.auth).first()
        if participant is None:
            raise NotFound()
    else:
        if payload.participant_id is None:
            raise NotFound()
        participant = get_participant_for(request.auth, payload.participant_id)
    if not can_act_for(request.auth, participant):
        raise NotFound()
    return Status(201, apply_to_wave(wave=wave, participant=participant, by=request.auth))


@router.get("/waves/{code}/lottery", auth=None)
def wave_lottery(request, code: str):
    """The wave's published lottery record (no sign-in), in the shape that
    /static/programs/verify_draw.py checks: frozen entrants, seed, results and the log of changes.
    Pseudonymous ids only."""
    from django.http import StreamingHttpResponse

    from .publication import lottery_record, public_wave

    wave = public_wave(code)
    if wave is None or wave.frozen_at is None:
        raise NotFound()
    return StreamingHttpResponse(lottery_record(wave), content_type="application/json")
