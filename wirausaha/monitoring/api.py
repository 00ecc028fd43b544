"""Monitoring's API, scoped like its pages: the indicators with the dashboard's filters, one
person's timeline, follow-up rounds with their response rates, phone-survey answers, and the
impact estimate of a round."""

from django.http import Http404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from wirausaha.accounts.api import auth_allowing
from wirausaha.common.errors import InvalidInput
from wirausaha.common.pagination import PageNumberPagination
from wirausaha.registry.models import Participant

from . import actions, impact
from .forms import FilterForm
from .indicators import DIMENSIONS, INDICATORS, conversions, scope_q, sees_dashboard
from .models import FollowUpAnswer
from .queries import (
    enters_answers,
    get_round_for,
    impact_rows,
    response_rates,
    rounds_visible_to,
    sees_impact,
)
from .schemas import AnswerIn, AnswerOut, ImpactOut, IndicatorsOut, RoundOut, TimelineEntryOut
from .summary import read_breakdown as breakdown
from .summary import read_totals as totals
from .timeline import participant_for, timeline

router = Router(tags=["monitoring"])


class IndicatorQuery(Schema):
    wave: str = Field("", max_length=30, description="A wave's code.")
    province: str = Field("", max_length=2, description="A province's code, such as 32.")
    sex: str = Field("", max_length=1, description="M or F.")
    age_band: str = Field("", max_length=5, description="18-24, 25-34, 35-44, 45-54 or 55+.")
    by: str = Field("", max_length=12, description="A disaggregation: " + ", ".join(DIMENSIONS) + ".")


@router.get("/indicators", response=IndicatorsOut, auth=auth_allowing(sees_dashboard))
def indicators(request, filters: Query[IndicatorQuery]):
    """Each indicator's count of people in your scope, the funnel with its conversions, and (with
    `by`) the breakdown by one disaggregation."""
    if not sees_dashboard(request.auth):
        raise Http404
    form = FilterForm({k: v for k, v in filters.dict().items() if v})
    if not form.is_valid():
        raise InvalidInput({field: " ".join(errors) for field, errors in form.errors.items()})
    f = form.filters()
    counts = totals(request.auth, f)
    by = form.cleaned_data.get("by") or ""
    return {
        "totals": counts,
        "labels": {i.key: str(i.label) for i in INDICATORS},
        "funnel": [{**step, "label": str(step["label"])} for step in conversions(counts)],
        "by": by,
        "breakdown": breakdown(request.auth, f, by) if by else [],
    }


@router.get("/participants/{participant_id}/timeline", response=list[TimelineEntryOut])
def participant_timeline(request, participant_id: int):
    """Everything recorded of one participant, oldest first: yours, or a person in your scope."""
    if not 0 < participant_id < 2**31:
        raise Http404
    return [e.__dict__ for e in timeline(participant_for(request.auth, participant_id))]


def _round_out(user, round_, rates=True) -> dict:
    return {
        "id": round_.pk,
        "wave": round_.wave.code,
        "months": round_.months,
        "opens_on": round_.opens_on,
        "closes_on": round_.closes_on,
        "response_rates": response_rates(user, round_) if rates else [],
    }


def _round(user, round_id: int):
    if not 0 < round_id < 2**31:
        raise Http404
    return get_round_for(user, round_id)


@router.get("/follow-ups", response=list[RoundOut])
@paginate(PageNumberPagination, page_size=50)
def list_rounds(request):
    return [_round_out(request.auth, r, rates=False) for r in rounds_visible_to(request.auth)]


@router.get("/follow-ups/{round_id}", response=RoundOut)
def get_round(request, round_id: int):
    """A round and its response rates per arm, out of everyone due in your scope."""
    return _round_out(request.auth, _round(request.auth, round_id))


@router.post("/follow-ups/{round_id}/answers", response=AnswerOut, auth=auth_allowing(enters_answers))
def enter_answer(request, round_id: int, payload: AnswerIn):
    """Answers taken by phone for a person due in the round (a second submission changes them)."""
    user = request.auth
    round_ = _round(user, round_id)
    if (
        not enters_answers(user)
        or not Participant.objects.filter(scope_q(user), pk=payload.participant_id).exists()
    ):
        raise Http404
    data = payload.dict()
    participant_id = data.pop("participant_id")
    answer = actions.submit_answer(
        round_=round_, participant_id=participant_id, data=data, channel=FollowUpAnswer.Channel.PHONE, by=user
    )
    return {
        "id": answer.pk,
        "round_id": round_.pk,
        "participant_id": answer.participant_id,
        "arm": answer.arm,
        "operating": answer.operating,
        "channel": answer.channel,
        "updated_at": answer.updated_at,
    }


@router.get("/follow-ups/{round_id}/impact", response=ImpactOut, auth=auth_allowing(sees_impact))
def round_impact(request, round_id: int):
    """The lottery-based estimate of the programme's effect at this round (whole wave)."""
    if not sees_impact(request.auth):
        raise Http404
    return impact.estimate(impact_rows(_round(request.auth, round_id)))
