"""The hard rules of a match, one by one, for a single pair (the index applies the same rules to many
at once). Pure: no Django import."""

from datetime import date

from .model import Demand, Offer

# Codes of the rules a pair can fail, in the order they are checked.
RULES = ("kbli_division", "region", "capacity", "certificates")


def region_served(region: str, regions: tuple[str, ...]) -> bool:
    """A business is served when its code starts with one of the listing's regions; none: nationwide."""
    return not regions or any(region.startswith(prefix) for prefix in regions)


def missing_certificates(offer: Offer, demand: Demand, on: date) -> frozenset[str]:
    """The required kinds the business holds no certificate valid on `on` for."""
    return demand.requires - offer.valid_kinds(on)


def failed_rules(offer: Offer, demand: Demand, on: date) -> list[str]:
    """The codes of every hard rule the pair fails (empty: the pair may match)."""
    failed = []
    if offer.kbli[:2] != demand.kbli[:2]:
        failed.append("kbli_division")
    if not region_served(offer.region, demand.regions):
        failed.append("region")
    if offer.capacity_per_month < demand.min_per_supplier:
        failed.append("capacity")
    if missing_certificates(offer, demand, on):
        failed.append("certificates")
    return failed


def passes(offer: Offer, demand: Demand, on: date) -> bool:
    return not failed_rules(offer, demand, on)
