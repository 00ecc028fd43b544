"""The demo's market: "Koperasi Pemasaran (sintetis)" as a cooperative buyer whose `pembeli` posted a
listing for cassava crisps, matched with `lulusan`'s business (its offer: 600 packs a month at
Rp 9.000); a temu bisnis next week where both are registered, asked to meet each other and are
scheduled, their agendas sent (a message to each, the PDF on the event's page); and the deal from
that meeting, for `pembeli` to record the meeting's outcome and take the deal to a contract in the
walk-through (the contract then shows in the report).

Everything goes through the market's actions; nothing runs when the buyer has a listing already."""

from datetime import date, time, timedelta

from django.db import transaction

from wirausaha.accounts.models import Organisation, User
from wirausaha.licensing.models import Business
from wirausaha.market import actions
from wirausaha.market.models import Buyer, Listing, Meeting

BUYER, GRADUATE = "pembeli", "lulusan"


@transaction.atomic
def seed_market(*, today: date | None = None) -> dict | None:
    today = today or date.today()
    users = {u.username: u for u in User.objects.filter(username__in=[BUYER, GRADUATE])}
    if BUYER not in users or GRADUATE not in users or not users[BUYER].organisation_id:
        return None
    business = Business.objects.filter(participant__user=users[GRADUATE], closed_on__isnull=True).first()
    organisation = Organisation.objects.get(pk=users[BUYER].organisation_id)
    buyer, _created = Buyer.objects.get_or_create(
        organisation=organisation, defaults={"kind": Buyer.Kind.COOPERATIVE}
    )
    if business is None or Listing.objects.filter(buyer=buyer).exists():
        return None
    pembeli = users[BUYER]
    actions.save_offer(
        business=business,
        by=users[GRADUATE],
        values={"capacity_per_month": 600, "unit": "bungkus", "price": 9_000},
    )
    listing = actions.save_listing(
        buyer=buyer,
        by=pembeli,
        values={
            "product": "Keripik singkong kemasan 150 gram untuk toko koperasi",
            "kbli_code": "10794",
            "regions": ["32"],
            "unit": "bungkus",
            "volume_per_month": 2_000,
            "min_per_supplier": 300,
            "price_min": 8_000,
            "price_max": 10_000,
            "requires": [],
            "route": Listing.Route.DIRECT,
            "value": 18_000_000,
            "deadline": today + timedelta(days=21),
        },
    )
    actions.refresh_listing(listing.pk)
    event = actions.create_event(
        by=None,
        values={
            "name": "Temu Bisnis UMKM Bekasi (demo)",
            "held_on": today + timedelta(days=7),
            "place": "BBPVP Bekasi, Aula 2",
            "starts_at": time(9, 0),
            "slot_minutes": 20,
            "slots": 6,
            "tables": 4,
        },
    )
    seller = actions.register(event=event, business=business, by=users[GRADUATE], unavailable=[0])
    buying = actions.register(event=event, buyer=buyer, by=pembeli)
    actions.request_meeting(source=buying, target=seller, by=pembeli)
    actions.request_meeting(source=seller, target=buying, by=users[GRADUATE])
    event = actions.schedule_event(event=event, by=None, time_limit=5)
    actions.send_agendas(event=event, by=None)
    meeting = Meeting.objects.filter(event=event).first()
    deal = actions.start_deal(buyer=buyer, business=business, listing=listing, meeting=meeting, by=pembeli)
    return {"listings": 1, "events": 1, "meetings": int(meeting is not None), "deals": int(deal is not None)}
