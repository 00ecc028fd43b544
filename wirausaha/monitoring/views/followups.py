"""Follow-ups: the form opened by a signed link (no password), the staff's rounds, response rates
and phone-survey entry, and the impact estimate of a round."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from wirausaha.common.errors import DomainError
from wirausaha.common.forms import add_domain_error
from wirausaha.common.pagination import page_of
from wirausaha.registry.models import Participant

from .. import actions, impact, links
from ..forms import AnswerForm, OpenRoundForm
from ..indicators import scope_q
from ..models import FollowUpAnswer, FollowUpInvite
from ..queries import (
    enters_answers,
    get_round_for,
    impact_rows,
    invites_visible_to,
    opens_rounds,
    response_rates,
    rounds_visible_to,
    sees_impact,
)

NOT_VALID = gettext_lazy(
    "This link is not valid. Use the link from your latest message, or ask your labour office."
)
REFUSALS = {
    "tampered": NOT_VALID,
    "other_person": NOT_VALID,
    "expired": gettext_lazy("This follow-up has closed. Thank you; the next one will come with a new link."),
}


def _initial(answer: FollowUpAnswer | None) -> dict:
    if answer is None:
        return {}
    data = {name: getattr(answer, name) for name in actions.followups.ANSWER_FIELDS}
    data["operating"] = "1" if answer.operating else "0"
    return data


def _answer_page(request, *, round_, participant_id, channel, template, context):
    answer = FollowUpAnswer.objects.filter(round=round_, participant_id=participant_id).first()
    form = AnswerForm(request.POST or None, initial=_initial(answer))
    if request.method == "POST" and form.is_valid():
        try:
            actions.submit_answer(
                round_=round_,
                participant_id=participant_id,
                data=form.cleaned_data,
                channel=channel,
                by=request.user if request.user.is_authenticated else None,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return None
    return render(request, template, {**context, "form": form, "round": round_, "answer": answer})


@login_not_required
@require_http_methods(["GET", "POST"])
def follow_up_link(request: HttpRequest, participant_id: int, token: str) -> HttpResponse:
    try:
        round_ = links.read(token, participant_id)
    except links.LinkRefused as refused:
        return render(
            request, "monitoring/link_refused.html", {"message": REFUSALS[refused.reason]}, status=403
        )
    if not FollowUpInvite.objects.filter(round=round_, participant_id=participant_id).exists():
        return render(request, "monitoring/link_refused.html", {"message": NOT_VALID}, status=403)
    response = _answer_page(
        request,
        round_=round_,
        participant_id=participant_id,
        channel=FollowUpAnswer.Channel.LINK,
        template="monitoring/answer.html",
        context={"public": True},
    )
    if response is None:
        return render(request, "monitoring/answer_thanks.html", {"round": round_})
    return response


@require_http_methods(["GET", "POST"])
def round_list(request: HttpRequest) -> HttpResponse:
    if not (enters_answers(request.user) or sees_impact(request.user)):
        raise Http404
    form = OpenRoundForm(request.POST or None) if opens_rounds(request.user) else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                round_ = actions.open_round(
                    wave=form.cleaned_data["wave"],
                    months=form.cleaned_data["months"],
                    by=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Follow-up round opened."))
                return redirect("monitoring:round_detail", round_.pk)
    page = page_of(rounds_visible_to(request.user), request.GET.get("page"))
    return render(request, "monitoring/round_list.html", {"page": page, "form": form})


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for(request.user, pk)
    page = page_of(invites_visible_to(request.user, round_), request.GET.get("page"))
    answered = set(
        FollowUpAnswer.objects.filter(
            round=round_, participant_id__in=[i.participant_id for i in page]
        ).values_list("participant_id", flat=True)
    )
    return render(
        request,
        "monitoring/round_detail.html",
        {
            "round": round_,
            "rates": response_rates(request.user, round_),
            "page": page,
            "answered": answered,
            "can_enter": enters_answers(request.user),
            "can_see_impact": sees_impact(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def answer_entry(request: HttpRequest, pk: int, participant_id: int) -> HttpResponse:
    if not enters_answers(request.user):
        raise Http404
    round_ = get_round_for(request.user, pk)
    participant = get_object_or_404(
        Participant.objects.filter(scope_q(request.user), follow_up_invites__round=round_), pk=participant_id
    )
    response = _answer_page(
        request,
        round_=round_,
        participant_id=participant.pk,
        channel=FollowUpAnswer.Channel.PHONE,
        template="monitoring/answer.html",
        context={"public": False, "participant": participant},
    )
    if response is None:
        messages.success(request, _("Answers saved."))
        return redirect("monitoring:round_detail", round_.pk)
    return response


@require_GET
def impact_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not sees_impact(request.user):
        raise Http404
    round_ = get_round_for(request.user, pk)
    result = impact.estimate(impact_rows(round_))
    return render(request, "monitoring/impact.html", {"round": round_, "result": result})
