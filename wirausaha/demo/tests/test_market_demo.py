"""The demo's market: `pembeli`'s listing matched with `lulusan`'s business, both scheduled to meet
at the demo temu bisnis, and the deal from that meeting taken to a contract that shows in the
report."""

import io
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from wirausaha.accounts.models import User
from wirausaha.market.models import Deal, Event, Listing, Match, Meeting
from wirausaha.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_pembeli_sees_lulusan_matched_scheduled_and_records_a_contract_that_reaches_the_report(client):
    call_command("seed_demo", "--participants", "5", stdout=StringIO())
    listing = Listing.objects.get(buyer__organisation__members__username="pembeli")
    lulusan = Match.objects.get(listing=listing, business__participant__user__username="lulusan")
    assert lulusan.reasons
    event = Event.objects.get()
    assert (event.status, event.optimal, event.weight) == ("scheduled", True, 2)
    assert Meeting.objects.filter(event=event).count() == 1
    deal = Deal.objects.get(listing=listing)
    told = Message.objects.filter(event="agenda_ready", recipient__username__in=["pembeli", "lulusan"])
    assert told.count() == 2
    client.force_login(User.objects.get(username="lulusan"))
    agenda = client.get(f"/pasar/acara/{event.pk}/agenda-saya/")
    text = PdfReader(io.BytesIO(agenda.content)).pages[0].extract_text()
    assert "Koperasi Pemasaran" in text and event.slot_time(Meeting.objects.get().slot)[:5] in text
    client.force_login(User.objects.get(username="pembeli"))
    page = client.get(f"/pasar/permintaan/{listing.pk}/").content.decode()
    assert "Keripik Singkong Lulusan" in page
    meeting = Meeting.objects.get()
    outcome = client.post(f"/pasar/acara/{event.pk}/hasil/", {"meeting": meeting.pk, "outcome": "deal"})
    assert outcome.status_code == 302
    deal.refresh_from_db()
    assert (deal.status, deal.meeting_id) == ("negotiating", meeting.pk)
    signed = {
        "status": "contract",
        "contract_value": 9_000_000,
        "contract_volume": 1000,
        "contract_on": date.today(),
    }
    assert client.post(f"/pasar/kesepakatan/{deal.pk}/langkah/", signed).status_code == 302
    client.force_login(User.objects.get(username="admin"))
    report = client.get("/pasar/laporan/").content.decode()
    assert "Rp 9.000.000" in report and "Temu Bisnis UMKM Bekasi (demo)" in report
    call_command("seed_demo", "--participants", "5", stdout=StringIO())
    assert Listing.objects.count() == 1
