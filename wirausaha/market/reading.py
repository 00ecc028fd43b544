"""Database records turned into the pure matching's values."""

from datetime import date

from wirausaha.licensing.models import Business, ChecklistItem
from wirausaha.reference.models import Region

from .matching import Demand, Offer
from .models import Listing

BATCH = 5000


def places_of(codes) -> dict[str, tuple[float | None, float | None]]:
    """Coordinates of each code's regency centroid (the village's own when known)."""
    wanted = set()
    for code in codes:
        wanted.update({code, code[:5]})
    found = Region.objects.filter(code__in=wanted).values_list("code", "latitude", "longitude")
    by_code = {code: (lat, lng) for code, lat, lng in found if lat is not None and lng is not None}
    return {code: by_code.get(code) or by_code.get(code[:5]) or (None, None) for code in codes}


def certificates_of_many(businesses) -> dict[int, list[tuple[str, date | None]]]:
    """licensing.queries.certificates_of for many businesses in one query per BATCH of them, not
    one per business: (kind, valid_until) of each item done, the NIB first (valid_until None) once
    recorded."""
    found: dict[int, list[tuple[str, date | None]]] = {}
    for business in businesses:
        found[business.pk] = [(ChecklistItem.Kind.NIB.value, None)] if business.nib else []
    ids = list(found)
    for start in range(0, len(ids), BATCH):  # within every database's limit of query parameters
        items = (
            ChecklistItem.objects.filter(
                business_id__in=ids[start : start + BATCH], status=ChecklistItem.Status.DONE
            )
            .exclude(kind=ChecklistItem.Kind.NIB)
            .order_by("business_id", "order", "pk")
            .values_list("business_id", "kind", "valid_until")
        )
        for business_id, kind, valid_until in items:
            found[business_id].append((kind, valid_until))
    return found


def offer_of(
    business: Business,
    place: tuple[float | None, float | None],
    certificates: list[tuple[str, date | None]],
) -> Offer:
    offer = getattr(business, "market_offer", None)
    return Offer(
        id=str(business.pk),
        kbli=business.kbli_code,
        region=business.village_code,
        capacity_per_month=offer.capacity_per_month if offer else 0,
        certificates=tuple(certificates),
        lat=place[0],
        lng=place[1],
        price=offer.price if offer else None,
    )


def offers_of(businesses) -> list[Offer]:
    businesses = list(businesses)
    places = places_of({b.village_code for b in businesses})
    certificates = certificates_of_many(businesses)
    return [offer_of(b, places[b.village_code], certificates[b.pk]) for b in businesses]


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
