"""The market's pages as a buyer and a participant use them: posting a listing, seeing the matched
business with its reasons, starting a deal and recording its contract; a step refused with the
field named; another buyer's deal is missing."""

import pytest
from django.urls import reverse

from ..models import Deal, Listing
from .support import LISTING, buyer, supplier

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    data = {**LISTING, "regions": "32, 32.16", "requires": ["nib", "pkp"], **overrides}
    return {key: value for key, value in data.items() if value is not None}


def test_a_buyer_posts_a_listing_sees_the_business_with_its_reasons_and_records_a_contract(
    client, django_capture_on_commit_callbacks
):
    ani = supplier(nib="9120000000011")
    pembeli = buyer()
    client.force_login(pembeli.user)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("market:listing_create"), form_data())
    listing = Listing.objects.get(buyer=pembeli)
    assert answer.status_code == 302
    assert listing.regions == ["32", "32.16"]
    page = client.get(reverse("market:listing_detail", args=[listing.pk])).content.decode()
    assert ani.name in page
    assert "Harga Rp 10.000 dalam kisaran pembeli." in page
    answer = client.post(reverse("market:deal_start", args=[listing.pk]), {"business": ani.pk})
    deal = Deal.objects.get(buyer=pembeli)
    assert answer.url == reverse("market:deal_detail", args=[deal.pk])
    step = reverse("market:deal_step", args=[deal.pk])
    refused = client.post(step, {"status": "contract", "contract_volume": 500})
    assert refused.status_code == 400
    assert "Isi jumlah lebih dari nol." in refused.content.decode()
    signed = {
        "status": "contract",
        "contract_value": 5_000_000,
        "contract_volume": 500,
        "contract_on": "2026-11-30",
    }
    assert client.post(step, signed).status_code == 302
    deal.refresh_from_db()
    assert (deal.status, deal.contract_value) == ("contract", 5_000_000)


def test_a_listing_with_bad_fields_is_shown_again_with_each_field_named(client):
    pembeli = buyer()
    client.force_login(pembeli.user)
    answer = client.post(reverse("market:listing_create"), form_data(kbli_code="99999", regions="Bekasi"))
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Isi kode KBLI 2020 lima angka" in page
    assert "Isi kode provinsi atau kabupaten/kota" in page
    assert not Listing.objects.exists()


def test_another_buyers_deal_is_missing(client):
    ani = supplier(nib="9120000000011")
    mine, other = buyer(), buyer("Toko Lain", "pembeli2")
    client.force_login(mine.user)
    client.post(reverse("market:listing_create"), form_data())
    from ..actions import start_deal

    deal = start_deal(buyer=mine, business=ani, by=None)
    client.force_login(other.user)
    assert client.get(reverse("market:deal_detail", args=[deal.pk])).status_code == 404
    assert client.post(reverse("market:deal_step", args=[deal.pk]), {"status": "met"}).status_code == 404


def test_the_participant_keeps_their_offer_current(client):
    ani = supplier(nib="9120000000011")
    client.force_login(ani.participant.user)
    answer = client.post(
        reverse("market:mine"), {"capacity_per_month": 800, "unit": "bungkus", "price": 9500, "is_open": "on"}
    )
    assert answer.status_code == 302
    ani.market_offer.refresh_from_db()
    assert (ani.market_offer.capacity_per_month, ani.market_offer.price) == (800, 9500)
