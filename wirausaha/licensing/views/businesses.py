"""Businesses for those who work with participants: a counselor's clients (and their due dates), a
labour office's region, all for national admins and auditors."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wirausaha.accounts.models import Role
from wirausaha.common.errors import DomainError
from wirausaha.common.pagination import page_of

from .. import actions
from ..forms import DueForm
from ..queries import (
    businesses_visible_to,
    get_business_for,
    get_item_for,
    is_counselor,
    works_with_businesses,
)
from .common import checklist_context, file_response


def _require_staff(request: HttpRequest) -> None:
    if not works_with_businesses(request.user):
        raise Http404


@require_GET
def business_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    businesses = businesses_visible_to(request.user).filter(closed_on__isnull=True)
    if request.GET.get("nib") == "belum":
        businesses = businesses.filter(nib="")
    page = page_of(businesses.order_by("name", "pk"), request.GET.get("page"))
    return render(
        request,
        "licensing/business_list.html",
        {"page": page, "only_without_nib": request.GET.get("nib") == "belum"},
    )


@require_GET
def business_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    business = get_business_for(request.user, pk)
    return render(
        request,
        "licensing/business_detail.html",
        {
            **checklist_context(business),
            "sets_due_dates": is_counselor(request.user),
            "due_form": DueForm(),
        },
    )


@require_POST
def item_due(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_counselor(request.user) and request.user.role != Role.NATIONAL_ADMIN:
        raise Http404
    item = get_item_for(request.user, pk)
    form = DueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the due date as a date."))
    else:
        try:
            actions.set_due_date(item=item, by=request.user, due_on=form.cleaned_data["due_on"])
        except DomainError as error:
            messages.error(request, error.text)
        else:
            messages.success(request, _("The due date is saved."))
    return redirect("licensing:business_detail", item.business_id)


@require_GET
def nib_document(request: HttpRequest, pk: int) -> HttpResponse:
    business = get_business_for(request.user, pk)
    return file_response(business.nib_document, f"nib-{business.pk}")


@require_GET
def item_document(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for(request.user, pk)
    return file_response(item.document, f"{item.kind}-{item.business_id}")
