"""Buyers' demand listings and businesses' offers. Every save refreshes the stored matches after
the change is committed."""

import re
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.licensing.models import Business
from wirausaha.reference.models import Region, Sector

from ..matching import CERTIFICATE_KINDS
from ..models import Buyer, Listing, Offer

MAX_AMOUNT = 10**15
_REGION = re.compile(r"^[0-9]{2}(\.[0-9]{2})?$")
LISTING_FIELDS = (
    "product",
    "kbli_code",
    "regions",
    "unit",
    "volume_per_month",
    "min_per_supplier",
    "price_min",
    "price_max",
    "requires",
    "route",
    "value",
    "deadline",
)


def _whole(errors: dict, values: dict, key: str, *, required: bool = False, low: int = 0) -> int | None:
    value = values.get(key)
    if value in (None, ""):
        if required:
            errors[key] = _("Enter a whole number.")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_AMOUNT:
        errors[key] = _("Enter a whole number from %(low)s.") % {"low": low}
        return None
    return value


def check_listing(values: dict[str, Any]) -> dict[str, Any]:
    """The listing's fields, cleaned; or InvalidInput naming each bad field."""
    errors: dict[str, str] = {}
    product = str(values.get("product") or "").strip()
    if not product:
        errors["product"] = _("Say what you want to buy.")
    kbli = str(values.get("kbli_code") or "").strip()
    if (
        not re.fullmatch(r"[0-9]{5}", kbli)
        or not Sector.objects.filter(code=kbli, level=Sector.Level.KELOMPOK).exists()
    ):
        errors["kbli_code"] = _("Enter a KBLI 2020 code of 5 digits, such as 10792.")
    regions = [str(code).strip() for code in values.get("regions") or [] if str(code).strip()]
    bad = [code for code in regions if not _REGION.fullmatch(code)]
    known = set(Region.objects.filter(code__in=regions).values_list("code", flat=True))
    if bad or len(known) != len(set(regions)):
        errors["regions"] = _("Enter province or regency codes such as 32 or 32.16, or none for nationwide.")
    volume = _whole(errors, values, "volume_per_month", required=True, low=1)
    least = _whole(errors, values, "min_per_supplier") or 0
    if volume is not None and least > volume:
        errors["min_per_supplier"] = _("The minimum per supplier cannot be more than the volume per month.")
    low = _whole(errors, values, "price_min")
    high = _whole(errors, values, "price_max")
    if low is not None and high is not None and low > high:
        errors["price_min"] = _("The lowest price cannot be above the highest price.")
    requires = list(dict.fromkeys(values.get("requires") or []))
    if any(kind not in CERTIFICATE_KINDS for kind in requires):
        errors["requires"] = _("Choose certificates from the list.")
    route = values.get("route") or Listing.Route.DIRECT
    if route not in Listing.Route.values:
        errors["route"] = _("Choose a procurement route from the list.")
    value = _whole(errors, values, "value") or 0
    deadline = values.get("deadline")
    if deadline is not None and not isinstance(deadline, date):
        errors["deadline"] = _("Enter a date.")
    if errors:
        raise InvalidInput(errors)
    return {
        "product": product[:200],
        "kbli_code": kbli,
        "regions": sorted(set(regions)),
        "unit": str(values.get("unit") or "pcs").strip()[:30] or "pcs",
        "volume_per_month": volume,
        "min_per_supplier": least,
        "price_min": low,
        "price_max": high,
        "requires": requires,
        "route": route,
        "value": value,
        "deadline": deadline,
    }


@transaction.atomic
def save_listing(
    *, buyer: Buyer, by: User | None, values: dict[str, Any], listing: Listing | None = None
) -> Listing:
    """Create (listing None) or change a buyer's demand listing; its matches are refreshed after commit."""
    cleaned = check_listing(values)
    if listing is None:
        listing = Listing.objects.create(buyer=buyer, created_by=by, **cleaned)
        record_event(by, "market_listing.created", listing)
    else:
        listing = Listing.objects.select_for_update().get(pk=listing.pk)
        changes = {
            key: [str(getattr(listing, key)), str(value)]
            for key, value in cleaned.items()
            if getattr(listing, key) != value
        }
        for key, value in cleaned.items():
            setattr(listing, key, value)
        listing.save()
        record_event(by, "market_listing.changed", listing, changes=changes)
    _refresh_listing_later(listing.pk)
    return listing


@transaction.atomic
def close_listing(*, listing: Listing, by: User | None, reason: str = "") -> Listing:
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status != Listing.Status.CLOSED:
        listing.status = Listing.Status.CLOSED
        listing.save(update_fields=["status", "updated_at"])
        record_event(by, "market_listing.closed", listing, reason=reason[:300])
        _refresh_listing_later(listing.pk)
    return listing


@transaction.atomic
def save_offer(*, business: Business, by: User | None, values: dict[str, Any]) -> Offer:
    """What the business offers buyers (capacity per month, unit, price, open or not)."""
    errors: dict[str, str] = {}
    capacity = _whole(errors, values, "capacity_per_month", required=True)
    price = _whole(errors, values, "price")
    if errors:
        raise InvalidInput(errors)
    offer, created = Offer.objects.select_for_update().get_or_create(business=business)
    before = {"capacity_per_month": offer.capacity_per_month, "price": offer.price, "is_open": offer.is_open}
    offer.capacity_per_month = capacity
    offer.price = price
    offer.unit = str(values.get("unit") or offer.unit).strip()[:30] or "pcs"
    offer.is_open = bool(values.get("is_open", True))
    offer.save()
    after = {"capacity_per_month": offer.capacity_per_month, "price": offer.price, "is_open": offer.is_open}
    record_event(
        by,
        "market_offer.saved",
        offer,
        changes={key: [before[key], after[key]] for key in after if created or before[key] != after[key]},
    )
    refresh_business_later(business.pk)
    return offer


def _refresh_listing_later(listing_id: int) -> None:
    from ..tasks import refresh_listing_matches

    transaction.on_commit(lambda: refresh_listing_matches.enqueue(listing_id=listing_id))


def refresh_business_later(business_id: int) -> None:
    from ..tasks import refresh_business_matches

    transaction.on_commit(lambda: refresh_business_matches.enqueue(business_id=business_id))
