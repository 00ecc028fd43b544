"""What each user may see of the market. A buyer (`pembeli`, a market partner user) sees its own
organisation's listings, matches, registrations and deals; a participant sees their own business's
matches and deals; a counselor sees the deals of the participants they coach; national admins and
auditors see all. A deal is seen by nobody else. Anything out of reach is missing (404)."""

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from wirausaha.accounts.models import Role, User
from wirausaha.accounts.scoping import NATIONWIDE_ROLES, NOTHING
from wirausaha.coaching.queries import coached_q
from wirausaha.licensing.models import Business
from wirausaha.licensing.queries import business_of, own_participant

from .models import Buyer, Deal, Event, Listing, Match


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def buyer_of(user: User) -> Buyer | None:
    if not _active(user) or user.role != Role.MARKET_PARTNER or not user.organisation_id:
        return None
    return Buyer.objects.filter(organisation_id=user.organisation_id).select_related("organisation").first()


def is_buyer(user: User) -> bool:
    return buyer_of(user) is not None


def oversees_market(user: User) -> bool:
    return _active(user) and user.role in NATIONWIDE_ROLES


def organises_events(user: User) -> bool:
    return _active(user) and user.role == Role.NATIONAL_ADMIN


def own_business(user: User) -> Business | None:
    if not _active(user) or user.role != Role.PARTICIPANT:
        return None
    participant = own_participant(user)
    return business_of(participant) if participant else None


def listings_visible_to(user: User) -> QuerySet[Listing]:
    found = Listing.objects.select_related("buyer__organisation")
    if oversees_market(user):
        return found
    buyer = buyer_of(user)
    if buyer is not None:
        return found.filter(buyer=buyer)
    return found.none()


def get_listing_for(user: User, pk: int) -> Listing:
    listing = listings_visible_to(user).filter(pk=pk).first()
    if listing is None:
        raise Http404
    return listing


def matches_of(listing: Listing) -> QuerySet[Match]:
    return listing.matches.select_related("business")


def matches_of_business(business: Business) -> QuerySet[Match]:
    return (
        Match.objects.filter(business=business, listing__status=Listing.Status.OPEN)
        .select_related("listing__buyer__organisation")
        .order_by("-score", "listing_id")
    )


def deal_q(user: User) -> Q:
    if not _active(user):
        return NOTHING
    if user.role in NATIONWIDE_ROLES:
        return Q()
    if user.role == Role.MARKET_PARTNER:
        buyer = buyer_of(user)
        return Q(buyer=buyer) if buyer else NOTHING
    if user.role == Role.PARTICIPANT:
        return Q(business__participant__user_id=user.pk)
    if user.role == Role.COUNSELOR:
        return coached_q(user, "business__participant__")
    return NOTHING


def deals_visible_to(user: User) -> QuerySet[Deal]:
    scope = deal_q(user)
    if scope == NOTHING:
        return Deal.objects.none()
    found = Deal.objects.filter(scope)
    if user.role == Role.COUNSELOR:
        found = Deal.objects.filter(pk__in=found.values("pk"))
    return found.select_related("buyer__organisation", "business", "listing")


def get_deal_for(user: User, pk: int) -> Deal:
    deal = deals_visible_to(user).filter(pk=pk).first()
    if deal is None:
        raise Http404
    return deal


def moves_deal(user: User, deal: Deal) -> bool:
    """Who records a deal's steps: its buyer, its participant, national admins (not auditors)."""
    if not _active(user):
        return False
    if user.role == Role.NATIONAL_ADMIN:
        return True
    if user.role == Role.MARKET_PARTNER:
        buyer = buyer_of(user)
        return buyer is not None and deal.buyer_id == buyer.pk
    return user.role == Role.PARTICIPANT and deal.business.participant.user_id == user.pk


def events_visible_to(user: User) -> QuerySet[Event]:
    if not _active(user):
        return Event.objects.none()
    if oversees_market(user) or is_buyer(user) or user.role == Role.PARTICIPANT:
        return Event.objects.all()
    return Event.objects.none()


def get_event_for(user: User, pk: int) -> Event:
    event = events_visible_to(user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


CONTRACTED = Q(status__in=[Deal.Status.CONTRACT, Deal.Status.DELIVERED])


def contract_report(user: User) -> dict:
    """Contract value by province, by KBLI division and by buyer; and for government buyers, the
    UMK contracts per K/L/PD (contributory evidence toward the 40% allocation, not the official
    measure). National admins and auditors only."""
    if not oversees_market(user):
        raise Http404
    deals = Deal.objects.filter(CONTRACTED)

    def grouped(*keys):
        return list(
            deals.values(*keys)
            .annotate(value=Sum("contract_value"), contracts=Count("pk"))
            .order_by("-value", *keys)
        )

    by_province = {}
    for row in deals.values_list("business__village_code", "contract_value"):
        code = row[0][:2]
        total = by_province.setdefault(code, {"province": code, "value": 0, "contracts": 0})
        total["value"] += row[1]
        total["contracts"] += 1
    by_sector = {}
    for code, value in deals.values_list("business__kbli_code", "contract_value"):
        total = by_sector.setdefault(code[:2], {"division": code[:2], "value": 0, "contracts": 0})
        total["value"] += value
        total["contracts"] += 1
    return {
        "by_province": sorted(by_province.values(), key=lambda r: (-r["value"], r["province"])),
        "by_sector": sorted(by_sector.values(), key=lambda r: (-r["value"], r["division"])),
        "by_buyer": grouped("buyer__organisation__name"),
        "government": list(
            deals.filter(buyer__kind=Buyer.Kind.GOVERNMENT, business__scale__in=["micro", "small"])
            .values("buyer__organisation__name", "buyer__unit_code")
            .annotate(value=Sum("contract_value"), contracts=Count("pk"))
            .order_by("-value", "buyer__organisation__name")
        ),
        "total": deals.aggregate(value=Sum("contract_value"))["value"] or 0,
    }
