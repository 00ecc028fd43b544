"""The market on the database: listings matched with real businesses and their certificates, the
stored matches refreshed when either side changes, deals and who sees them, the first sale, an
event's schedule, and the report."""

from datetime import date, time, timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.coaching.models import Milestone
from wirausaha.common.audit import AuditEvent
from wirausaha.common.errors import InvalidInput
from wirausaha.licensing.models import ChecklistItem
from wirausaha.licensing.tests.support import coach
from wirausaha.testing import make_user

from .. import actions
from ..models import Buyer, Deal, Match, Meeting
from ..queries import contract_report, deals_visible_to, get_deal_for, get_listing_for
from .support import buyer, listing, supplier

pytestmark = pytest.mark.django_db(transaction=False)


def test_a_listing_matches_the_business_whose_certificates_are_valid_with_reasons(
    django_capture_on_commit_callbacks,
):
    ani = supplier(nib="9120000000011")
    budi = supplier("budi", "Budi Santoso")  # no NIB: the listing requires one
    pembeli = buyer()
    with django_capture_on_commit_callbacks(execute=True):
        posted = listing(pembeli)
    found = list(Match.objects.filter(listing=posted))
    assert [m.business_id for m in found] == [ani.pk]
    assert budi.pk not in {m.business_id for m in found}
    assert [r["part"] for r in found[0].reasons] == ["kbli", "distance", "capacity", "price"]
    assert "Harga Rp 10.000 dalam kisaran pembeli." in [r["text"] for r in found[0].reasons]


def test_an_expired_certificate_stops_the_match_when_the_business_changes(django_capture_on_commit_callbacks):
    ani = supplier(nib="9120000000011")
    pembeli = buyer()
    with django_capture_on_commit_callbacks(execute=True):
        posted = listing(pembeli)
    assert Match.objects.filter(listing=posted, business=ani).exists()
    item = ani.checklist_items.get(kind=ChecklistItem.Kind.PKP)
    item.valid_until = timezone.localdate() - timedelta(days=1)
    item.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_offer(business=ani, by=None, values={"capacity_per_month": 500, "price": 10_000})
    assert not Match.objects.filter(listing=posted).exists()


def test_a_bad_listing_names_each_field():
    pembeli = buyer()
    with pytest.raises(InvalidInput) as caught:
        listing(
            pembeli, kbli_code="1079", regions=["99.99"], min_per_supplier=5000, requires=["sim"], price_min=9
        )
    assert set(caught.value.errors) == {"kbli_code", "regions", "min_per_supplier", "requires"}


def test_a_government_listing_up_to_the_ceiling_is_bela_pengadaan_eligible():
    kementerian = buyer("Dinas Uji", "dinas", kind=Buyer.Kind.GOVERNMENT)
    assert listing(kementerian, value=50_000_000).bela_eligible
    assert not listing(kementerian, value=50_000_001).bela_eligible
    assert not listing(buyer(), value=10_000_000).bela_eligible


def test_a_buyer_cannot_see_another_buyers_deal_or_listing():
    ani = supplier(nib="9120000000011")
    mine, other = buyer(), buyer("Toko Lain", "pembeli2")
    deal = actions.start_deal(buyer=mine, business=ani, by=mine.user)
    posted = listing(mine)
    assert get_deal_for(mine.user, deal.pk) == deal
    with pytest.raises(Http404):
        get_deal_for(other.user, deal.pk)
    with pytest.raises(Http404):
        get_listing_for(other.user, posted.pk)


def test_a_deal_is_seen_by_the_buyer_the_participant_their_counselor_and_admins_only():
    ani = supplier(nib="9120000000011")
    counselor = coach(ani.participant)
    pembeli = buyer()
    deal = actions.start_deal(buyer=pembeli, business=ani, by=pembeli.user)
    seeing = [pembeli.user, ani.participant.user, counselor, make_user("admin", Role.NATIONAL_ADMIN)]
    for user in seeing:
        assert list(deals_visible_to(user)) == [deal]
    others = [make_user("officer", Role.PROVINCIAL_OFFICER, region="32"), make_user("k2", Role.COUNSELOR)]
    others.append(supplier("budi", "Budi Santoso").participant.user)
    for user in others:
        assert not deals_visible_to(user).exists()


def test_the_first_contract_records_the_first_sale_and_every_step_is_audited():
    ani = supplier(nib="9120000000011")
    pembeli = buyer()
    deal = actions.start_deal(buyer=pembeli, business=ani, by=pembeli.user)
    with pytest.raises(InvalidInput):
        actions.advance_deal(deal=deal, to=Deal.Status.DELIVERED, by=pembeli.user)
    actions.advance_deal(deal=deal, to=Deal.Status.NEGOTIATING, by=pembeli.user)
    with pytest.raises(InvalidInput) as caught:
        actions.advance_deal(deal=deal, to=Deal.Status.CONTRACT, by=pembeli.user, values={})
    assert set(caught.value.errors) == {"contract_value", "contract_volume", "contract_on"}
    signed = date(2026, 11, 20)
    values = {"contract_value": 6_000_000, "contract_volume": 600, "contract_on": signed}
    actions.advance_deal(deal=deal, to=Deal.Status.CONTRACT, by=pembeli.user, values=values)
    milestone = Milestone.objects.get(participant=ani.participant, kind=Milestone.Kind.FIRST_SALE)
    assert milestone.reached_on == signed
    delivered = {"delivered_value": 6_000_000, "delivered_on": signed + timedelta(days=10)}
    actions.advance_deal(deal=deal, to=Deal.Status.DELIVERED, by=ani.participant.user, values=delivered)
    verbs = list(AuditEvent.objects.filter(verb__startswith="market_deal").values_list("verb", flat=True))
    assert verbs.count("market_deal.advanced") == 3
    assert actions.next_steps(Deal.objects.get(pk=deal.pk)) == []


def test_the_report_counts_contract_value_by_province_sector_buyer_and_government_unit():
    ani = supplier(nib="9120000000011")
    dinas = buyer("Dinas Uji", "dinas", kind=Buyer.Kind.GOVERNMENT)
    dinas.unit_code = "SATKER-1"
    dinas.save()
    for of, value in ((dinas, 5_000_000), (buyer(), 7_000_000)):
        deal = actions.start_deal(buyer=of, business=ani, by=None)
        values = {"contract_value": value, "contract_volume": 100, "contract_on": date(2026, 11, 1)}
        actions.advance_deal(deal=deal, to=Deal.Status.CONTRACT, by=None, values=values)
    report = contract_report(make_user("admin", Role.NATIONAL_ADMIN))
    assert report["total"] == 12_000_000
    assert report["by_province"] == [{"province": "32", "value": 12_000_000, "contracts": 2}]
    assert report["by_sector"] == [{"division": "10", "value": 12_000_000, "contracts": 2}]
    assert [row["value"] for row in report["government"]] == [5_000_000]
    with pytest.raises(Http404):
        contract_report(dinas.user)


def test_an_events_schedule_gives_the_mutual_pair_the_only_table_and_is_stored():
    ani, budi = supplier(nib="9120000000011"), supplier("budi", "Budi Santoso")
    pembeli = buyer()
    event = actions.create_event(
        by=None,
        values={
            "name": "Temu Bisnis Uji",
            "held_on": date(2026, 12, 20),
            "starts_at": time(9),
            "slots": 1,
            "tables": 1,
        },
    )
    ra = actions.register(event=event, business=ani, by=None)
    rb = actions.register(event=event, business=budi, by=None)
    ru = actions.register(event=event, buyer=pembeli, by=None)
    actions.request_meeting(source=ra, target=ru, by=None)
    actions.request_meeting(source=rb, target=ru, by=None)
    actions.request_meeting(source=ru, target=rb, by=None)
    with pytest.raises(InvalidInput):
        actions.request_meeting(source=ra, target=rb, by=None)
    event = actions.schedule_event(event=event, by=None)
    assert (event.status, event.weight, event.optimal) == ("scheduled", 2, True)
    [meeting] = Meeting.objects.filter(event=event)
    assert (meeting.business_id, meeting.buyer_id, meeting.slot, meeting.table) == (rb.pk, ru.pk, 0, 0)
    actions.record_outcome(meeting=meeting, outcome=Meeting.Outcome.FOLLOW_UP, by=None)
    with pytest.raises(InvalidInput):
        actions.register(event=event, business=ani, by=None, unavailable=[0])
