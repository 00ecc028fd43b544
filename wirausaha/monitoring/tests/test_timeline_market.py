"""The market's deals on the participant's timeline: started, contract signed (the first sale,
also a milestone), delivered, and a lost deal with its reason."""

from datetime import date, timedelta

import pytest

from wirausaha.market.actions import advance_deal, start_deal
from wirausaha.market.models import Deal
from wirausaha.market.tests.support import buyer, supplier
from wirausaha.monitoring.timeline import timeline

pytestmark = pytest.mark.django_db


def test_deals_and_the_first_sale_are_on_the_timeline():
    business = supplier()
    pembeli = buyer()
    other = buyer("Toko Lain", username="pembeli.lain")
    signed = date(2026, 11, 20)
    deal = start_deal(buyer=pembeli, business=business, by=pembeli.user)
    advance_deal(deal=deal, to=Deal.Status.NEGOTIATING, by=pembeli.user)
    values = {"contract_value": 6_000_000, "contract_volume": 600, "contract_on": signed}
    advance_deal(deal=deal, to=Deal.Status.CONTRACT, by=pembeli.user, values=values)
    delivered = {"delivered_value": 5_500_000, "delivered_on": signed + timedelta(days=10)}
    advance_deal(deal=deal, to=Deal.Status.DELIVERED, by=pembeli.user, values=delivered)
    lost = start_deal(buyer=other, business=business, by=other.user)
    advance_deal(
        deal=lost, to=Deal.Status.LOST, by=other.user, values={"lost_reason": "Harga terlalu tinggi"}
    )

    entries = timeline(business.participant)
    kinds = [e.kind for e in entries]
    assert kinds.count("market.deal") == 2
    assert "milestone.first_sale" in kinds
    contract = next(e for e in entries if e.kind == "market.contract")
    assert contract.at.date() == signed
    assert "Koperasi Pemasaran Uji" in contract.detail and "6.000.000" in contract.detail
    shipped = next(e for e in entries if e.kind == "market.delivered")
    assert shipped.at.date() == signed + timedelta(days=10) and "5.500.000" in shipped.detail
    assert next(e for e in entries if e.kind == "market.lost").detail == "Harga terlalu tinggi"
    assert kinds.index("market.contract") < kinds.index("market.delivered")
    assert [e.at for e in entries] == sorted(e.at for e in entries)
