"""Database records turned into the pure matching's values."""

from wirausaha.licensing.models import Business
from wirausaha.licensing.queries import certificates_of
from wirausaha.reference.models import Region

from .matching import Demand, Offer
from .models import Listing


def places_of(codes) -> dict[str, tuple[float | None, float | None]]:
    """Coordinates of each code's regency centroid (the village's own when known)."""
    wanted = set()
    for code in codes:
        wanted.update({code, code[:5]})
    found = Region.objects.filter(code__in=wanted).values_list("code", "latitude", "longitude")
    by_code = {code: (lat, lng) for code, lat, lng in found if lat is not None and lng is not None}
    return {code: by_code.get(code) or by_code.get(code[:5]) or (None, None) for code in codes}


def offer_of(business: Business, place: tuple[float | None, float | None]) -> Offer:
    offer = getattr(business, "market_offer", None)
    return Offer(
        id=str(business.pk),
        kbli=business.kbli_code,
        region=business.village_code,
        capacity_per_month=offer.capacity_per_month if offer else 0,
        certificates=tuple(certificates_of(business)),
        lat=place[0],
        lng=place[1],
        price=offer.price if offer else None,
    )


def offers_of(businesses) -> list[Offer]:
    businesses = list(businesses)
    places = places_of({b.village_code for b in businesses})
    return [offer_of(b, places[b.village_code]) for b in businesses]


def demand_of(listing: Listing) -> Demand:
    return Demand(
        id=str(listing.pk),
        kbli=listing.kbli_code,
        regions=tuple(listing.regions),
        min_per_supplier=listing.min_per_supplier,
        requires=frozenset(listing.requires),
        volume_per_month=listing.volume_per_month,
        price_min=listing.price_min,
        price_max=listing.price_max,
        lat=listing.delivery_lat,
        lng=listing.delivery_lng,
    )
