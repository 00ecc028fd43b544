"""Stored matches, refreshed when a listing or a business changes (tasks.py runs these after the
change is committed). Each listing keeps its best MATCHES_KEPT businesses; a business's change
refreshes the listings it may match."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wirausaha.licensing.models import Business

from ..matching import BusinessIndex, ListingIndex
from ..models import Listing, Match
from ..reading import demand_of, offers_of

MATCHES_KEPT = 20


def candidate_businesses(division: str):
    return (
        Business.objects.filter(kbli_code__startswith=division, closed_on__isnull=True)
        .filter(Q(market_offer__isnull=True) | Q(market_offer__is_open=True))
        .select_related("market_offer")
    )


@transaction.atomic
def refresh_listing(listing_id: int) -> int:
    """Recompute the listing's stored matches; the number kept."""
    listing = Listing.objects.select_for_update().filter(pk=listing_id).first()
    if listing is None:
        return 0
    Match.objects.filter(listing=listing).delete()
    if listing.status != Listing.Status.OPEN:
        return 0
    demand = demand_of(listing)
    index = BusinessIndex(offers_of(candidate_businesses(demand.division)), timezone.localdate())
    found = index.top(demand, MATCHES_KEPT)
    Match.objects.bulk_create(
        Match(listing=listing, business_id=int(offer.id), score=round(score, 4), reasons=reasons)
        for offer, score, reasons in found
    )
    listing.matched_at = timezone.now()
    listing.save(update_fields=["matched_at"])
    return len(found)


@transaction.atomic
def refresh_business(business_id: int) -> int:
    """Recompute the business's stored matches with every open listing of its division; the number
    kept. A listing's own list keeps its best MATCHES_KEPT: a business newly better than the last
    one replaces it."""
    business = candidate_businesses("").filter(pk=business_id).first()
    Match.objects.filter(business_id=business_id).delete()
    if business is None:
        return 0
    listings = list(
        Listing.objects.filter(status=Listing.Status.OPEN, kbli_code__startswith=business.kbli_code[:2])
    )
    [offer] = offers_of([business])
    found = ListingIndex([demand_of(listing) for listing in listings], timezone.localdate()).top(
        offer, len(listings)
    )
    kept = 0
    for demand, score, reasons in found:
        lowest = Match.objects.filter(listing_id=int(demand.id)).order_by("score", "-business_id")
        if lowest.count() >= MATCHES_KEPT:
            last = lowest.first()
            if last.score >= score:
                continue
            last.delete()
        Match.objects.create(
            listing_id=int(demand.id), business=business, score=round(score, 4), reasons=reasons
        )
        kept += 1
    return kept
