from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from wirausaha.accounts.api import auth_allowing
from wirausaha.accounts.scoping import verifies_participants
from wirausaha.common.errors import NotFound
from wirausaha.common.pagination import CursorPagination

from .actions import export_participant_data, register_participant
from .models import Source, Verification
from .queries import get_participant_for, search_participants_filtered
from .schemas import ParticipantIn, ParticipantOut

router = Router(tags=["participants"])


class ParticipantFilter(Schema):
    region: str = Field("", max_length=13, pattern=r"^(\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?)?$")
    status: Verification | None = None
    q: str = Field("", max_length=100)


@router.post("/participants", response={201: ParticipantOut}, auth=auth_allowing(verifies_participants))
def create_participant(request, payload: ParticipantIn):
    """An officer registers someone who gave consent (on paper or in person)."""
    data = payload.dict(exclude={"consent"})
    participant = register_participant(
        data=data, consent=payload.consent, by=request.auth, source=Source.OFFICER
    )
    return Status(201, participant)


@router.get("/participants", response=list[ParticipantOut])
@paginate(CursorPagination, page_size=50)
def list_participants(request, filters: Query[ParticipantFilter]):
    return search_participants_filtered(
        request.auth, query=filters.q, region=filters.region, verification=filters.status or ""
    )


@router.get("/participants/{participant_id}", response=ParticipantOut)
def get_participant(request, participant_id: int):
    return get_participant_for(request.auth, participant_id)


@router.get("/participants/{participant_id}/export", response=dict)
def export_participant(request, participant_id: int):
    """Everything held about one person (data subject access), for the person or an officer."""
    participant = get_participant_for(request.auth, participant_id)
    if participant.user_id != request.auth.pk and not verifies_participants(request.auth):
        raise NotFound()
    return export_participant_data(participant, by=request.auth)
