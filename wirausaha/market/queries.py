"""What each user may see of the market. A buyer (`pembeli`, a market partner user) sees its own
organisation's listings, matches, registrations and deals; a participant sees their own business's
matches and deals; a counselor sees the deals of the participants they coach; national admins and
auditors see all. A deal is seen by nobody else. Anything out of reach is missing (404)."""

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import Http404

from wirausaha.accounts.models import Role, User
from wirausaha.accounts.scoping import NATIONWIDE_ROLES, NOTHING
from wirausaha.coaching.queries import coached_q
from wirausaha.licensing.models import Business
from wirausaha.licensing.queries import business_of, own_participant

from .models import Buyer, Deal, Event, Listing, Match, Meeting, Registration


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


def own_registration(user: User, event: Event) -> Registration | None:
    """The user's registration at the event: their buyer's, or their business's."""
    buyer = buyer_of(user)
    if buyer is not None:
        return event.registrations.filter(buyer=buyer).first()
    business = own_business(user)
    if business is not None:
        return event.registrations.filter(business=business).first()
    return None


def own_registrations(user: User) -> dict[int, int]:
    """The user's registration at each event they registered for: {event id: registration id}."""
    buyer = buyer_of(user)
    if buyer is not None:
        found = Registration.objects.filter(buyer=buyer)
    else:
        business = own_business(user)
        if business is None:
            return {}
        found = Registration.objects.filter(business=business)
    return dict(found.values_list("event_id", "pk"))


def registrations_shown(user: User, event: Event) -> QuerySet[Registration]:
    """Who is registered, as the user sees it: the organisers all; a buyer the businesses (to ask
    to meet them); a participant the buyers."""
    found = event.registrations.select_related("business", "buyer__organisation").order_by("pk")
    if oversees_market(user):
        return found
    if is_buyer(user):
        return found.filter(business__isnull=False)
    if own_business(user) is not None:
        return found.filter(buyer__isnull=False)
    return found.none()


def meetings_shown(user: User, event: Event) -> QuerySet[Meeting]:
    """The schedule as the user sees it: the organisers all of it; a registrant their own meetings."""
    found = event.meetings.select_related("business__business", "buyer__buyer__organisation")
    if oversees_market(user):
        return found
    mine = own_registration(user, event)
    if mine is None:
        return found.none()
    return found.filter(Q(business=mine) | Q(buyer=mine))


def suggested(user: User, event: Event) -> dict[int, float]:
    """Registrations of the other side that the matching suggests to the user, with the best score
    of a match between them (a buyer's open listings and the business)."""
    buyer, business = buyer_of(user), own_business(user)
    matches = Match.objects.filter(listing__status=Listing.Status.OPEN)
    if buyer is not None:
        matches, other, field = matches.filter(listing__buyer=buyer), "business_id", "business_id"
    elif business is not None:
        matches, other, field = matches.filter(business=business), "listing__buyer_id", "buyer_id"
    else:
        return {}
    best = dict(matches.values(other).annotate(best=Max("score")).values_list(other, "best"))
    found = event.registrations.filter(**{f"{field}__in": best}).values_list("pk", field)
    return {pk: best[party] for pk, party in found}


def unregistered_for(user: User, event: Event) -> dict[str, QuerySet]:
    """What an organiser may register: buyers, and the businesses matched with an open listing,
    not registered yet (nothing for anyone else)."""
    if not organises_events(user):
        return {"buyers": Buyer.objects.none(), "businesses": Business.objects.none()}
    registered = event.registrations.values_list
    buyers = Buyer.objects.exclude(pk__in=registered("buyer_id").exclude(buyer_id=None)).select_related(
        "organisation"
    )
    matched = Match.objects.filter(listing__status=Listing.Status.OPEN).values("business_id")
    businesses = (
        Business.objects.filter(pk__in=matched, closed_on__isnull=True)
        .exclude(pk__in=registered("business_id").exclude(business_id=None))
        .order_by("name")
    )
    return {"buyers": buyers, "businesses": businesses}


def side_chosen(user: User, *, buyer: str | None, business: str | None) -> dict:
    """The buyer or the business an organiser picked to register ({"buyer": None} when the pick is
    unknown); nothing for anyone else."""
    if not organises_events(user):
        return {}
    if buyer:
        return {"buyer": Buyer.objects.filter(pk=buyer).first() if buyer.isdigit() else None}
    if business:
        return {"business": Business.objects.filter(pk=business).first() if business.isdigit() else None}
    return {}


def get_meeting_for(user: User, event: Event, pk: int) -> Meeting:
    meeting = meetings_shown(user, event).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def records_outcomes(user: User, meeting: Meeting) -> bool:
    """A meeting's outcome is recorded by the organisers (national admins) or by its two sides."""
    if organises_events(user):
        return True
    mine = own_registration(user, meeting.event) if _active(user) else None
    return mine is not None and mine.pk in (meeting.business_id, meeting.buyer_id)


def outcome_counts(user: User) -> list[dict]:
    """Per event, its meetings by outcome (the report). National admins and auditors only."""
    if not oversees_market(user):
        raise Http404
    rows = list(
        Meeting.objects.values("event__name", "event__held_on", "outcome")
        .annotate(meetings=Count("pk"))
        .order_by("-event__held_on", "event__name", "outcome")
    )
    labels = dict(Meeting.Outcome.choices)
    for row in rows:
        row["outcome_label"] = labels.get(row["outcome"], row["outcome"])
    return rows


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
        "from_meetings": deals.filter(meeting__isnull=False).aggregate(
            value=Sum("contract_value"), contracts=Count("pk")
        ),
    }
