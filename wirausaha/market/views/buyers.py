"""A buyer's pages: its demand listings, a new listing, a listing's matches with their reasons, and
starting a deal with a matched business."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.common.pagination import page_of

from .. import actions
from ..forms import CERTIFICATE_LABELS, ListingForm
from ..queries import buyer_of, get_listing_for, listings_visible_to, matches_of, oversees_market


def _require_reader(request: HttpRequest) -> None:
    if buyer_of(request.user) is None and not oversees_market(request.user):
        raise Http404


@require_GET
def listing_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    page = page_of(listings_visible_to(request.user).order_by("-created_at", "-pk"), request.GET.get("page"))
    return render(
        request, "market/listing_list.html", {"page": page, "is_buyer": buyer_of(request.user) is not None}
    )


@require_http_methods(["GET", "POST"])
def listing_create(request: HttpRequest) -> HttpResponse:
    buyer = buyer_of(request.user)
    if buyer is None:
        raise Http404
    form = ListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            listing = actions.save_listing(buyer=buyer, by=request.user, values=form.values())
        except InvalidInput as error:
            for field, text in error.errors.items():
                form.add_error(field if field in form.fields else None, text)
        else:
            messages.success(request, _("The listing is posted. Matching businesses appear below."))
            return redirect("market:listing_detail", listing.pk)
    return render(request, "market/listing_form.html", {"form": form})


@require_GET
def listing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    listing = get_listing_for(request.user, pk)
    return render(
        request,
        "market/listing_detail.html",
        {
            "listing": listing,
            "matches": matches_of(listing)[:20],
            "requires": [CERTIFICATE_LABELS.get(kind, kind) for kind in listing.requires],
            "is_buyer": buyer_of(request.user) is not None,
            "deal_business_ids": set(listing.deals.values_list("business_id", flat=True)),
        },
    )


@require_POST
def deal_start(request: HttpRequest, pk: int) -> HttpResponse:
    buyer = buyer_of(request.user)
    if buyer is None:
        raise Http404
    listing = get_listing_for(request.user, pk)
    match = matches_of(listing).filter(business_id=request.POST.get("business") or 0).first()
    if match is None:
        messages.error(request, _("Choose a business from the matches."))
        return redirect("market:listing_detail", listing.pk)
    try:
        deal = actions.start_deal(buyer=buyer, business=match.business, listing=listing, by=request.user)
    except DomainError as error:
        messages.error(request, error.text)
        return redirect("market:listing_detail", listing.pk)
    messages.success(request, _("The deal is started. Record each step as it happens."))
    return redirect("market:deal_detail", deal.pk)


@require_http_methods(["GET", "POST"])
def listing_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a listing, after a confirmation: it stops matching; its deals go on."""
    if buyer_of(request.user) is None:
        raise Http404
    listing = get_listing_for(request.user, pk)
    if listing.status == listing.Status.CLOSED:
        messages.info(request, _("The listing is closed already."))
        return redirect("market:listing_detail", listing.pk)
    if request.method == "POST":
        actions.close_listing(listing=listing, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The listing is closed. Businesses no longer see it."))
        return redirect("market:listing_detail", listing.pk)
    return render(request, "market/listing_close.html", {"listing": listing})
