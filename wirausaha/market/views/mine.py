"""A participant's market page: what their business offers, the listings it matches with the
reasons, and their deals."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wirausaha.accounts.models import Role
from wirausaha.common.errors import InvalidInput

from .. import actions
from ..forms import OfferForm
from ..models import Offer
from ..queries import deals_visible_to, matches_of_business, own_business


@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.PARTICIPANT:
        raise Http404
    business = own_business(request.user)
    offer = Offer.objects.filter(business=business).first() if business else None
    initial = (
        {
            "capacity_per_month": offer.capacity_per_month,
            "unit": offer.unit,
            "price": offer.price,
            "is_open": offer.is_open,
        }
        if offer
        else None
    )
    form = OfferForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if business is None:
            raise Http404
        if form.is_valid():
            try:
                actions.save_offer(business=business, by=request.user, values=form.cleaned_data)
            except InvalidInput as error:
                for field, text in error.errors.items():
                    form.add_error(field if field in form.fields else None, text)
            else:
                messages.success(request, _("Your offer is saved. Matches are refreshed in a moment."))
                return redirect("market:mine")
    return render(
        request,
        "market/mine.html",
        {
            "business": business,
            "form": form,
            "matches": matches_of_business(business)[:20] if business else [],
            "deals": deals_visible_to(request.user)[:20],
        },
    )
