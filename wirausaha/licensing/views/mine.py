"""The participant's "Usaha saya": the business, its NIB and the checklist with guidance."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wirausaha.common.errors import DomainError
from wirausaha.common.forms import add_domain_error
from wirausaha.registry.queries import get_own_participant

from .. import actions
from ..forms import BusinessForm, ItemForm, NibForm
from ..models import Business, ChecklistItem
from ..queries import business_of
from .common import checklist_context, file_response


def _own_business(request: HttpRequest) -> Business:
    business = business_of(get_own_participant(request.user))
    if business is None:
        raise Http404
    return business


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    participant = get_own_participant(request.user)
    business = business_of(participant)
    if business is None:
        # An empty state, not a redirect: the person reads what this is for before filling a form.
        return render(request, "licensing/mine_empty.html", {"participant": participant})
    return render(request, "licensing/mine.html", {"participant": participant, **checklist_context(business)})


def _initial_of(participant, business: Business | None) -> dict:
    if business is None:
        sector = participant.business_interest_sector_id or ""
        return {
            "village_code": participant.domicile_id,
            "kbli_code": sector if len(sector) == 5 else "",
            "scale": Business.Scale.MICRO,
            "workers": 0,
        }
    return {field: getattr(business, field) for field in actions.businesses.FIELDS}


@require_http_methods(["GET", "POST"])
def business_edit(request: HttpRequest) -> HttpResponse:
    participant = get_own_participant(request.user)
    business = business_of(participant)
    form = BusinessForm(request.POST or None, initial=_initial_of(participant, business))
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        if business is not None and business.nib:
            values["risk_level"] = business.risk_level
        try:
            actions.save_business(participant=participant, by=request.user, values=values, business=business)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your business is saved. The checklist below follows from it."))
            return redirect("licensing:my_business")
    return render(
        request,
        "licensing/business_form.html",
        {"form": form, "business": business, "cancel_url": "licensing:my_business" if business else "home"},
    )


@require_http_methods(["GET", "POST"])
def nib_edit(request: HttpRequest) -> HttpResponse:
    business = _own_business(request)
    initial = {"nib": business.nib, "issued_on": business.nib_issued_on, "risk_level": business.risk_level}
    form = NibForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.declare_nib(
                business=business,
                by=request.user,
                nib=data["nib"],
                issued_on=data["issued_on"],
                risk_level=data["risk_level"],
                document=data.get("document"),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Your NIB is recorded. A labour office officer will check the document.")
            )
            return redirect("licensing:my_business")
    return render(request, "licensing/nib_form.html", {"form": form, "business": business})


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    business = _own_business(request)
    item = business.checklist_items.select_related("rule").filter(pk=pk).first()
    if item is None:
        raise Http404
    if item.kind == ChecklistItem.Kind.NIB:
        return redirect("licensing:my_nib")
    initial = {
        "status": item.status,
        "number": item.number,
        "done_on": item.done_on,
        "valid_until": item.valid_until,
        "not_needed_reason": item.not_needed_reason,
    }
    form = ItemForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_item(
                item=item,
                by=request.user,
                status=data["status"],
                number=data["number"],
                done_on=data["done_on"],
                valid_until=data["valid_until"],
                not_needed_reason=data["not_needed_reason"],
                document=data.get("document"),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The checklist is updated."))
            return redirect("licensing:my_business")
    return render(request, "licensing/item_form.html", {"form": form, "item": item, "business": business})


@require_GET
def my_nib_document(request: HttpRequest) -> HttpResponse:
    business = _own_business(request)
    return file_response(business.nib_document, f"nib-{business.pk}")


@require_GET
def my_item_document(request: HttpRequest, pk: int) -> HttpResponse:
    business = _own_business(request)
    item = business.checklist_items.filter(pk=pk).first()
    if item is None:
        raise Http404
    return file_response(item.document, f"{item.kind}-{business.pk}")
