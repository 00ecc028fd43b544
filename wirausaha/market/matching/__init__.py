"""Match buyers' demand listings with businesses, both ways.

Hard rules (rules.py): every required certificate kind is held with a certificate valid on the
matching date (valid until that day inclusive; no date: no expiry); the business's region code starts
with one of the listing's regions (none: nationwide); its capacity per month is at least the
listing's minimum per supplier; the two KBLI codes share at least their two-digit division. Pairs
that pass are scored between 0 and 1 (score.py: KBLI closeness, distance, capacity against volume,
price fit), each part explained in Indonesian. The top k both ways come from indexes by KBLI division
and region (index.py), never from a loop over all pairs. Pure: no Django import.
"""

from typing import Any

from .index import BusinessIndex, ListingIndex
from .model import CERTIFICATE_KINDS, Demand, Offer
from .reading import DEFAULT_TEXT, MAX_K, ROOT, MatchingInputError, check_k, problem, read_instance
from .rules import RULES, failed_rules, passes
from .score import WEIGHTS, Weights, explain

SCORE_DIGITS = 3


def match(instance: Any, k: int, *, both: bool = False) -> dict[str, Any]:
    """Match an instance ({"date", "businesses", "listings"}) and return {"listings": [{"id",
    "matches": [{"business", "score", "reasons"}]}]} with each listing's best k matches in
    non-increasing score (ties by business id); with `both`, also {"businesses": [{"id", "matches":
    [{"listing", "score", "reasons"}]}]}. Raises MatchingInputError naming every bad field."""
    k = check_k(k)
    on, offers, demands = read_instance(instance)
    businesses = BusinessIndex(offers, on)
    result: dict[str, Any] = {
        "listings": [
            {
                "id": demand.id,
                "matches": [
                    {"business": offer.id, "score": round(score, SCORE_DIGITS), "reasons": reasons}
                    for offer, score, reasons in businesses.top(demand, k)
                ],
            }
            for demand in demands
        ]
    }
    if both:
        listings = ListingIndex(demands, on)
        result["businesses"] = [
            {
                "id": offer.id,
                "matches": [
                    {"listing": demand.id, "score": round(score, SCORE_DIGITS), "reasons": reasons}
                    for demand, score, reasons in listings.top(offer, k)
                ],
            }
            for offer in offers
        ]
    return result


__all__ = [
    "CERTIFICATE_KINDS",
    "DEFAULT_TEXT",
    "MAX_K",
    "ROOT",
    "RULES",
    "WEIGHTS",
    "BusinessIndex",
    "Demand",
    "ListingIndex",
    "MatchingInputError",
    "Offer",
    "Weights",
    "explain",
    "failed_rules",
    "match",
    "passes",
    "problem",
    "read_instance",
]
