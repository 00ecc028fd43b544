"""Deals: the list and one deal with its next step, for its buyer, its participant, their counselor
and admins; nobody else (404)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wirausaha.accounts.scoping import NOTHING
from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.common.pagination import page_of

from .. import actions
from ..forms import DealStepForm
from ..queries import deal_q, deals_visible_to, get_deal_for, moves_deal


@require_GET
def deal_list(request: HttpRequest) -> HttpResponse:
    if deal_q(request.user) == NOTHING:
        raise Http404
    page = page_of(deals_visible_to(request.user).order_by("-updated_at", "-pk"), request.GET.get("page"))
    return render(request, "market/deal_list.html", {"page": page})


@require_GET
def deal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deal = get_deal_for(request.user, pk)
    steps = actions.next_steps(deal)
    can_move = moves_deal(request.user, deal) and steps
    return render(
        request,
        "market/deal_detail.html",
        {"deal": deal, "form": DealStepForm(steps=steps) if can_move else None},
    )


@require_POST
def deal_step(request: HttpRequest, pk: int) -> HttpResponse:
    deal = get_deal_for(request.user, pk)
    if not moves_deal(request.user, deal):
        raise Http404
    steps = actions.next_steps(deal)
    form = DealStepForm(request.POST, steps=steps)
    if form.is_valid():
        values = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
        try:
            actions.advance_deal(deal=deal, to=values.pop("status"), by=request.user, values=values)
        except InvalidInput as error:
            for field, text in error.errors.items():
                form.add_error(field if field in form.fields else None, text)
        except DomainError as error:
            messages.error(request, error.text)
            return redirect("market:deal_detail", deal.pk)
        else:
            messages.success(request, _("The step is recorded."))
            return redirect("market:deal_detail", deal.pk)
    return render(request, "market/deal_detail.html", {"deal": deal, "form": form}, status=400)
