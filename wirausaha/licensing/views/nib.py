"""The labour offices' NIB queue: declared NIBs of businesses in their region, the second-NIB
warnings first; verify against the document, or return with the reason."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wirausaha.common.errors import DomainError
from wirausaha.common.forms import add_domain_error
from wirausaha.common.pagination import page_of

from .. import actions
from ..forms import ReviewForm
from ..queries import get_queued_business_for, nib_queue, other_nibs_of_nik, verifies_nib


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    if not verifies_nib(request.user):
        raise Http404
    found = nib_queue(request.user)
    if request.GET.get("peringatan"):
        found = found.exclude(nib_warning="")
    page = page_of(found, request.GET.get("page"))
    return render(
        request,
        "licensing/nib_queue.html",
        {"page": page, "only_warnings": bool(request.GET.get("peringatan"))},
    )


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    if not verifies_nib(request.user):
        raise Http404
    business = get_queued_business_for(request.user, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "verify":
                actions.verify_nib(business=business, by=request.user, note=note)
            else:
                actions.return_nib(business=business, by=request.user, reason=note)
        except DomainError as error:
            if "reason" in getattr(error, "errors", {}):
                form.add_error("note", error.errors["reason"])
            else:
                add_domain_error(form, error)
        else:
            if decision == "verify":
                messages.success(request, _("The NIB is verified."))
            else:
                messages.success(request, _("The NIB is returned to the participant."))
            return redirect("licensing:nib_queue")
    others = other_nibs_of_nik(business.participant.nik, exclude_business=business.pk)
    return render(
        request,
        "licensing/nib_review.html",
        {"business": business, "form": form, "others": others.select_related("participant")},
    )
