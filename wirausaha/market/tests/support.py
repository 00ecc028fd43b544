"""Builders of the market tests: a buyer organisation with a `pembeli` account, a participant's
business with certificates and an offer, a listing."""

from datetime import date

from django.utils import timezone

from wirausaha.accounts.models import Organisation, Role
from wirausaha.licensing.models import ChecklistItem
from wirausaha.licensing.tests.support import business as make_business
from wirausaha.licensing.tests.support import owner
from wirausaha.testing import make_organisation, make_user

from ..actions import save_listing, save_offer
from ..models import Buyer

LISTING = {
    "product": "Keripik singkong kemasan 200 g",
    "kbli_code": "10794",
    "regions": ["32"],
    "unit": "bungkus",
    "volume_per_month": 1000,
    "min_per_supplier": 200,
    "price_min": 8000,
    "price_max": 12000,
    "requires": ["nib", "pkp"],
    "route": "direct",
    "value": 30_000_000,
}


def buyer(
    name: str = "Koperasi Pemasaran Uji", username: str = "pembeli", kind: str = Buyer.Kind.COOPERATIVE
):
    """A buyer organisation; `buyer.user` is its pembeli account."""
    organisation = make_organisation(name, Organisation.Kind.MARKET_PARTNER)
    found = Buyer.objects.create(organisation=organisation, kind=kind)
    found.user = make_user(username, Role.MARKET_PARTNER, organisation=organisation)
    return found


def supplier(
    username: str = "ani", name: str = "Ani Suryani", *, village: str = "32.16.01.2001", nib: str = ""
):
    """A participant's food business with a PKP certificate done, its NIB (when given) and an offer
    of 500 a month at Rp 10.000."""
    person = owner(username, name, village=village)
    found = make_business(person, village_code=village)
    if nib:
        found.nib, found.nib_status = nib, "declared"
        found.save(update_fields=["nib", "nib_status"])
    item = found.checklist_items.get(kind=ChecklistItem.Kind.PKP)
    item.status, item.done_on = ChecklistItem.Status.DONE, timezone.localdate()
    item.save()
    save_offer(business=found, by=None, values={"capacity_per_month": 500, "price": 10_000})
    return found


def listing(of, **overrides):
    return save_listing(buyer=of, by=of.user, values={**LISTING, **overrides})


TODAY = date.today


def access_world(organisation, inside_business: int, outside_business: int) -> dict[str, dict[str, object]]:
    """For tests/access: the market partner persona's organisation as a buyer with a listing and a
    deal with the participant persona's business ("in"); another buyer's listing and deal with the
    Balinese business ("out")."""
    from wirausaha.licensing.models import Business

    from ..actions import start_deal

    mine = Buyer.objects.create(organisation=organisation, kind=Buyer.Kind.COMPANY)
    other_organisation = make_organisation("Pembeli Matriks Lain", Organisation.Kind.MARKET_PARTNER)
    other = Buyer.objects.create(organisation=other_organisation, kind=Buyer.Kind.GOVERNMENT)
    objects: dict[str, dict[str, object]] = {"listing": {}, "deal": {}}
    for side, of, business in (("in", mine, inside_business), ("out", other, outside_business)):
        posted = save_listing(buyer=of, by=None, values={**LISTING, "regions": []})
        deal = start_deal(buyer=of, business=Business.objects.get(pk=business), listing=posted, by=None)
        objects["listing"][side] = posted.pk
        objects["deal"][side] = deal.pk
    objects.update(_events(mine, other, inside_business, outside_business))
    return objects


def _events(mine, other, inside_business: int, outside_business: int) -> dict[str, dict[str, object]]:
    """Two scheduled events (registration closed): "in" where the persona buyer meets the
    participant persona's business, "out" where the other buyer meets the Balinese business."""
    from datetime import time

    from wirausaha.licensing.models import Business

    from ..actions import create_event, register, request_meeting, schedule_event

    objects: dict[str, dict[str, object]] = {"event": {}, "registration": {}, "meeting": {}, "table": {}}
    for side, of, business in (("in", mine, inside_business), ("out", other, outside_business)):
        event = create_event(
            by=None,
            values={
                "name": f"Temu {side}",
                "held_on": TODAY(),
                "starts_at": time(9),
                "slots": 2,
                "tables": 2,
            },
        )
        seller = register(event=event, business=Business.objects.get(pk=business), by=None)
        buying = register(event=event, buyer=of, by=None)
        request_meeting(source=buying, target=seller, by=None)
        schedule_event(event=event, by=None)
        objects["event"][side] = event.pk
        objects["registration"][side] = (event.pk, buying.pk)
        objects["meeting"][side] = event.meetings.get().pk
        objects["table"][side] = (event.pk, 1)
    return objects


def grow_market(world, people, step: int) -> None:
    """For the list-query test: a listing of the market partner persona's buyer per person, and a
    deal of that buyer with each person's business and with the participant persona's."""
    from wirausaha.licensing.models import Business

    from ..models import Deal, Listing

    mine = Buyer.objects.get(organisation=world.users["market_partner"].organisation)
    Listing.objects.bulk_create(
        Listing(buyer=mine, product=f"Tumbuh {step} {n}", kbli_code="10794", volume_per_month=10)
        for n in range(len(people))
    )
    businesses = list(Business.objects.filter(participant__in=people))
    own = Business.objects.filter(participant__user=world.users["participant"]).first()
    found = [business for business in [*businesses, own] if business]
    Deal.objects.bulk_create(Deal(buyer=mine, business=business) for business in found)
    # An event per person, the persona's buyer registered at each.
    from datetime import time

    from ..models import Event, Registration

    events = Event.objects.bulk_create(
        Event(name=f"Temu tumbuh {step} {n}", held_on=TODAY(), starts_at=time(9), slots=2, tables=2)
        for n in range(len(people))
    )
    Registration.objects.bulk_create(Registration(event=event, buyer=mine) for event in events)
