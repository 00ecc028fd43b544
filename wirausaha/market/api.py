"""The market's API, scoped like its pages: a buyer's listings and their matches with the reasons,
business-matching events (registering, asking to meet, the schedule and each meeting's outcome),
and deals (read by the buyer, the participant, their counselor and admins; stepped by the buyer,
the participant and national admins)."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.pagination import PageNumberPagination

from . import actions
from .models import Deal, Event, Listing, Meeting
from .queries import (
    buyer_of,
    deals_visible_to,
    events_visible_to,
    get_deal_for,
    get_event_for,
    get_listing_for,
    get_meeting_for,
    listings_visible_to,
    matches_of,
    meetings_shown,
    moves_deal,
    organises_events,
    own_business,
    own_registration,
    own_registrations,
    records_outcomes,
    registrations_shown,
)
from .schemas import (
    DealOut,
    DealStepIn,
    EventOut,
    ListingOut,
    MatchOut,
    MeetingOut,
    MeetingRequestIn,
    OutcomeIn,
    RegisterIn,
    ScheduleIn,
)

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


def _event_out(event: Event, user, mine: dict[int, int] | None = None) -> dict:
    mine = own_registrations(user) if mine is None else mine
    return {
        "id": event.pk,
        "name": event.name,
        "held_on": event.held_on,
        "place": event.place,
        "online": event.online,
        "slots": [event.slot_time(s) for s in range(event.slots)],
        "tables": event.tables,
        "status": event.status,
        "optimal": event.optimal,
        "weight": event.weight,
        "registration_id": mine.get(event.pk),
    }


def _meeting_out(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "slot": meeting.slot,
        "time": meeting.event.slot_time(meeting.slot),
        "table": meeting.table + 1,
        "business_registration": meeting.business_id,
        "business": meeting.business.name,
        "buyer_registration": meeting.buyer_id,
        "buyer": meeting.buyer.name,
        "weight": meeting.weight,
        "outcome": meeting.outcome,
    }


@router.get("/market/events", response=list[EventOut])
@paginate(PageNumberPagination, page_size=100)
def list_events(request):
    mine = own_registrations(request.auth)
    return [_event_out(event, request.auth, mine) for event in events_visible_to(request.auth).order_by("pk")]


@router.get("/market/events/{event_id}", response=EventOut)
def get_event(request, event_id: int):
    return _event_out(get_event_for(request.auth, event_id), request.auth)


@router.get("/market/events/{event_id}/meetings", response=list[MeetingOut])
@paginate(PageNumberPagination, page_size=500)
def list_meetings(request, event_id: int):
    """The schedule: all of it for national admins and auditors, a registrant's own meetings."""
    event = get_event_for(request.auth, event_id)
    return [_meeting_out(m) for m in meetings_shown(request.auth, event).select_related("event")]


@router.post("/market/events/{event_id}/register", response=EventOut)
def register_for_event(request, event_id: int, payload: RegisterIn | None = None):
    """Register your buyer organisation or your business, with the slots you cannot attend."""
    event = get_event_for(request.auth, event_id)
    buyer, business = buyer_of(request.auth), own_business(request.auth)
    if buyer is None and business is None:
        raise PermissionDenied(_("Only a buyer or a participant with a business registers."))
    unavailable = payload.unavailable if payload else []
    actions.register(event=event, by=request.auth, buyer=buyer, business=business if buyer is None else None,
                     unavailable=unavailable)  # fmt: skip
    return _event_out(event, request.auth)


@router.post("/market/events/{event_id}/requests", response=EventOut)
def request_meeting(request, event_id: int, payload: MeetingRequestIn | None = None):
    """Ask to meet a registrant of the other side (`target`, a registration id)."""
    event = get_event_for(request.auth, event_id)
    mine = own_registration(request.auth, event)
    if mine is None:
        raise Http404  # only a registrant asks, like the page
    if payload is None or payload.target is None:
        raise InvalidInput({"target": _("This field is required.")})
    target = registrations_shown(request.auth, event).filter(pk=payload.target).first()
    if target is None:
        raise InvalidInput({"target": _("Choose whom to meet from the registrants of the other side.")})
    actions.request_meeting(source=mine, target=target, by=request.auth)
    return _event_out(event, request.auth)


@router.post("/market/events/{event_id}/schedule", response=EventOut)
def schedule(request, event_id: int, payload: ScheduleIn | None = None):
    """Run the scheduler (national admins): registration closes; an earlier schedule is replaced.
    The body's time_limit_seconds is required, so that no empty request replaces a schedule."""
    event = get_event_for(request.auth, event_id)
    if not organises_events(request.auth):
        raise PermissionDenied(_("Only national admins organise business-matching events."))
    if payload is None or payload.time_limit_seconds is None:
        raise InvalidInput({"time_limit_seconds": _("This field is required.")})
    event = actions.schedule_event(event=event, by=request.auth, time_limit=payload.time_limit_seconds)
    return _event_out(event, request.auth)


@router.post("/market/meetings/{meeting_id}/outcome", response=MeetingOut)
def record_outcome(request, meeting_id: int, payload: OutcomeIn | None = None):
    """Record how a meeting went; a follow-up or a deal starts (or moves on) the pair's deal."""
    meeting = Meeting.objects.select_related("event").filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    meeting = get_meeting_for(request.auth, get_event_for(request.auth, meeting.event_id), meeting_id)
    if not records_outcomes(request.auth, meeting):
        raise PermissionDenied(_("Only the organisers and the meeting's two sides record its outcome."))
    if payload is None or payload.outcome is None:
        raise InvalidInput({"outcome": _("This field is required.")})
    actions.record_outcome(meeting=meeting, outcome=payload.outcome, by=request.auth)
    meeting.refresh_from_db()
    return _meeting_out(meeting)
