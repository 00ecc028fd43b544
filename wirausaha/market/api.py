"""The market's API, scoped like its pages: a buyer's listings and their matches with the reasons,
and deals (read by the buyer, the participant, their counselor and admins; stepped by the buyer,
the participant and national admins)."""

from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.pagination import PageNumberPagination

from . import actions
from .models import Deal, Listing
from .queries import (
    deals_visible_to,
    get_deal_for,
    get_listing_for,
    listings_visible_to,
    matches_of,
    moves_deal,
)
from .schemas import DealOut, DealStepIn, ListingOut, MatchOut

router = Router(tags=["market"])


def _listing_out(listing: Listing) -> dict:
    return {
        "id": listing.pk,
        "buyer": listing.buyer.organisation.name,
        "buyer_kind": listing.buyer.kind,
        "product": listing.product,
        "kbli_code": listing.kbli_code,
        "regions": listing.regions,
        "unit": listing.unit,
        "volume_per_month": listing.volume_per_month,
        "min_per_supplier": listing.min_per_supplier,
        "price_min": listing.price_min,
        "price_max": listing.price_max,
        "requires": listing.requires,
        "route": listing.route,
        "value": listing.value,
        "bela_pengadaan_eligible": listing.bela_eligible,
        "deadline": listing.deadline,
        "status": listing.status,
    }


def _deal_out(deal: Deal) -> dict:
    return {
        "id": deal.pk,
        "buyer": deal.buyer.organisation.name,
        "business_id": deal.business_id,
        "business": deal.business.name,
        "listing_id": deal.listing_id,
        "status": deal.status,
        "next_steps": [str(step) for step in actions.next_steps(deal)],
        "contract_value": deal.contract_value,
        "contract_volume": deal.contract_volume,
        "contract_on": deal.contract_on,
        "delivered_value": deal.delivered_value,
        "delivered_on": deal.delivered_on,
        "lost_reason": deal.lost_reason,
    }


@router.get("/market/listings", response=list[ListingOut])
@paginate(PageNumberPagination, page_size=100)
def list_listings(request):
    return [_listing_out(listing) for listing in listings_visible_to(request.auth).order_by("pk")]


@router.get("/market/listings/{listing_id}", response=ListingOut)
def get_listing(request, listing_id: int):
    return _listing_out(get_listing_for(request.auth, listing_id))


@router.get("/market/listings/{listing_id}/matches", response=list[MatchOut])
def list_matches(request, listing_id: int):
    """The businesses matched with the listing, best first, each with the reason for every part."""
    return [
        {"business_id": m.business_id, "business": m.business.name, "score": m.score, "reasons": m.reasons}
        for m in matches_of(get_listing_for(request.auth, listing_id))
    ]


@router.get("/market/deals", response=list[DealOut])
@paginate(PageNumberPagination, page_size=100)
def list_deals(request):
    return [_deal_out(deal) for deal in deals_visible_to(request.auth).order_by("pk")]


@router.get("/market/deals/{deal_id}", response=DealOut)
def get_deal(request, deal_id: int):
    return _deal_out(get_deal_for(request.auth, deal_id))


@router.post("/market/deals/{deal_id}/step", response=DealOut)
def step_deal(request, deal_id: int, payload: DealStepIn | None = None):
    """Move the deal to its next step: a contract needs contract_value, contract_volume and
    contract_on; a delivery delivered_value and delivered_on; lost a lost_reason."""
    deal = get_deal_for(request.auth, deal_id)
    if not moves_deal(request.auth, deal):
        raise PermissionDenied(_("Only the deal's buyer, its participant or an admin records its steps."))
    if payload is None or payload.status is None:
        raise InvalidInput({"status": _("This field is required.")})
    values = payload.dict(exclude={"status"}, exclude_none=True)
    return _deal_out(actions.advance_deal(deal=deal, to=payload.status, by=request.auth, values=values))
