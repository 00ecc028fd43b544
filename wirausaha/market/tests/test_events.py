"""Business-matching events on their pages: an organiser creates one, a buyer and a participant
register and ask to meet each other, the scheduler runs from the page, the agendas (PDF per
registrant and per table) are sent through the notifications outbox, and each meeting's outcome
feeds the pair's deal and the report."""

import io
from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from pypdf import PdfReader

from wirausaha.accounts.models import Role
from wirausaha.common.errors import InvalidInput
from wirausaha.notifications.models import Message
from wirausaha.testing import make_user

from .. import actions
from ..models import Deal, Event, Match, Meeting, Registration
from ..queries import suggested
from .support import buyer, listing, supplier

pytestmark = pytest.mark.django_db

HELD_ON = date.today() + timedelta(days=14)


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def admin():
    return make_user("admin", Role.NATIONAL_ADMIN)


def create_event(client, admin, **overrides) -> Event:
    client.force_login(admin)
    data = {
        "name": "Temu Bisnis Bekasi",
        "held_on": HELD_ON.isoformat(),
        "place": "BBPVP Bekasi",
        "starts_at": "09:00",
        "slot_minutes": 20,
        "slots": 3,
        "tables": 2,
        **overrides,
    }
    answer = client.post(reverse("market:event_create"), data)
    event = Event.objects.get()
    assert answer.url == reverse("market:event_detail", args=[event.pk])
    return event


def test_an_event_from_creation_to_agendas_and_outcomes_on_its_pages(
    client, admin, django_capture_on_commit_callbacks
):
    ani = supplier(nib="9120000000011")
    pembeli = buyer()
    with django_capture_on_commit_callbacks(execute=True):
        listing(pembeli)
    event = create_event(client, admin)
    detail = reverse("market:event_detail", args=[event.pk])

    client.force_login(ani.participant.user)  # slot 0 (from 09.00) unavailable
    assert (
        client.post(reverse("market:event_register", args=[event.pk]), {"unavailable": ["0"]}).status_code
        == 302
    )
    client.force_login(pembeli.user)
    client.post(reverse("market:event_register", args=[event.pk]), {})
    page = client.get(detail).content.decode()
    seller = Registration.objects.get(business=ani)
    assert ani.name in page and "disarankan" in page  # the matching suggests Ani's business
    client.post(reverse("market:event_request", args=[event.pk]), {"target": seller.pk})
    client.force_login(ani.participant.user)
    buying = Registration.objects.get(buyer=pembeli)
    assert suggested(ani.participant.user, event) == {
        buying.pk: Match.objects.get(business=ani).score
    }  # and the buyer to Ani's business
    client.post(reverse("market:event_request", args=[event.pk]), {"target": buying.pk})
    assert Registration.objects.get(pk=seller.pk).unavailable == [0]

    client.force_login(admin)
    refused = client.post(reverse("market:event_schedule", args=[event.pk]), {})
    assert refused.status_code == 302 and Event.objects.get().status == "open"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("market:event_schedule", args=[event.pk]), {"confirm": "yes"})
    event.refresh_from_db()
    assert (event.status, event.weight, event.optimal) == ("scheduled", 2, True)
    [meeting] = Meeting.objects.all()
    assert meeting.slot != 0  # never in a slot the business cannot attend
    page = client.get(detail).content.decode()
    assert "terbukti optimal" in page and event.slot_time(meeting.slot) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("market:event_send_agendas", args=[event.pk]))
    told = Message.objects.filter(event="agenda_ready")
    assert {m.recipient.username for m in told} == {"ani", "pembeli"}
    assert "1" in told.get(recipient=ani.participant.user).body
    table = pdf_text(client.get(reverse("market:table_agenda", args=[event.pk, meeting.table + 1])))
    assert ani.name in table and "Koperasi Pemasaran Uji" in table
    assert client.get(reverse("market:table_agenda", args=[event.pk, 3])).status_code == 404

    client.force_login(ani.participant.user)
    agenda = pdf_text(client.get(reverse("market:my_agenda", args=[event.pk])))
    assert "Koperasi Pemasaran Uji" in agenda and f"{meeting.table + 1}" in agenda
    assert event.slot_time(meeting.slot).replace("–", "-")[:5] in agenda
    # Somebody who is not registered has no agenda; nobody but the organisers reads another's.
    budi = supplier("budi", "Budi Santoso")
    client.force_login(budi.participant.user)
    assert client.get(reverse("market:my_agenda", args=[event.pk])).status_code == 404
    assert client.get(reverse("market:registrant_agenda", args=[event.pk, seller.pk])).status_code == 404
    assert client.get(reverse("market:event_outcomes", args=[event.pk])).status_code == 200
    forbidden = client.post(
        reverse("market:event_outcomes", args=[event.pk]), {"meeting": meeting.pk, "outcome": "deal"}
    )
    assert forbidden.status_code == 404

    client.force_login(ani.participant.user)
    outcomes = reverse("market:event_outcomes", args=[event.pk])
    assert client.post(outcomes, {"meeting": meeting.pk, "outcome": "deal"}).status_code == 302
    deal = Deal.objects.get()
    assert (deal.status, deal.meeting_id, deal.business_id) == ("negotiating", meeting.pk, ani.pk)
    client.force_login(admin)
    report = client.get(reverse("market:report")).content.decode()
    assert "Temu Bisnis Bekasi" in report and "Kesepakatan" in report


def test_the_outcome_moves_the_pairs_open_deal_forward_never_back_and_a_no_show_starts_none():
    ani = supplier(nib="9120000000011")
    pembeli = buyer()
    event = actions.create_event(
        by=None,
        values={
            "name": "Uji",
            "held_on": HELD_ON,
            "starts_at": time(9),
            "slots": 2,
            "tables": 1,
        },
    )
    seller = actions.register(event=event, business=ani, by=None)
    buying = actions.register(event=event, buyer=pembeli, by=None)
    actions.request_meeting(source=buying, target=seller, by=None)
    actions.schedule_event(event=event, by=None)
    meeting = Meeting.objects.get()
    actions.record_outcome(meeting=meeting, outcome=Meeting.Outcome.NO_SHOW, by=None)
    actions.record_outcome(meeting=meeting, outcome=Meeting.Outcome.NOT_INTERESTED, by=None)
    assert not Deal.objects.exists()  # no-show, then not interested: no deal
    introduced = actions.start_deal(buyer=pembeli, business=ani, by=None)
    actions.record_outcome(meeting=meeting, outcome=Meeting.Outcome.FOLLOW_UP, by=None)
    introduced.refresh_from_db()
    assert (introduced.status, introduced.meeting_id) == ("met", meeting.pk)
    actions.advance_deal(
        deal=introduced, to="contract", by=None,
        values={"contract_value": 9_000_000, "contract_volume": 1000, "contract_on": date.today()},
    )  # fmt: skip
    actions.record_outcome(meeting=meeting, outcome=Meeting.Outcome.DEAL, by=None)
    introduced.refresh_from_db()
    assert introduced.status == "contract" and Deal.objects.count() == 1
    with pytest.raises(InvalidInput):
        actions.record_outcome(meeting=meeting, outcome="met", by=None)


def test_closing_a_listing_asks_first_and_stops_its_matches(client, django_capture_on_commit_callbacks):
    supplier(nib="9120000000011")
    pembeli, other = buyer(), buyer("Toko Lain", "pembeli2")
    with django_capture_on_commit_callbacks(execute=True):
        posted = listing(pembeli)
    assert posted.matches.exists()
    close = reverse("market:listing_close", args=[posted.pk])
    client.force_login(other.user)
    assert client.get(close).status_code == 404
    assert client.post(close).status_code == 404
    client.force_login(pembeli.user)
    detail = client.get(reverse("market:listing_detail", args=[posted.pk])).content.decode()
    assert close in detail and "Rp 30.000.000" in detail and "Rp 8.000" in detail
    page = client.get(close).content.decode()
    assert "Ya, tutup permintaan" in page
    posted.refresh_from_db()
    assert posted.status == "open"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(close, {"reason": "Sudah cukup pemasok"}).status_code == 302
    posted.refresh_from_db()
    assert posted.status == "closed" and not posted.matches.exists()
    assert close not in client.get(reverse("market:listing_detail", args=[posted.pk])).content.decode()


def test_a_market_partner_with_matches_is_not_told_they_will_appear(
    client, django_capture_on_commit_callbacks
):
    supplier(nib="9120000000011")
    pembeli = buyer()
    with django_capture_on_commit_callbacks(execute=True):
        listing(pembeli)
    client.force_login(pembeli.user)
    home = client.get("/").content.decode()
    assert "akan tampil di sini" not in home
    assert reverse("market:event_list") in home


def one_meeting_event(slots: int = 1):
    """A buyer asks to meet one business at a scheduled event: (event, the buyer, their meeting)."""
    pembeli = buyer()
    event = actions.create_event(
        by=None, values={"name": "Uji", "held_on": HELD_ON, "starts_at": time(9), "slots": slots, "tables": 1}
    )
    seller = actions.register(event=event, business=supplier(nib="9120000000011"), by=None)
    buying = actions.register(event=event, buyer=pembeli, by=None)
    actions.request_meeting(source=buying, target=seller, by=None)
    actions.schedule_event(event=event, by=None)
    return event, pembeli, Meeting.objects.get()


def test_an_interested_meeting_starts_the_pairs_deal_at_met():
    _event, pembeli, meeting = one_meeting_event()
    actions.record_outcome(meeting=meeting, outcome=Meeting.Outcome.INTERESTED, by=None)
    deal = Deal.objects.get()
    assert (deal.status, deal.meeting_id, deal.buyer_id) == ("met", meeting.pk, pembeli.pk)


def test_a_schedule_with_recorded_outcomes_is_not_made_again(client):
    event, _pembeli, _meeting = one_meeting_event(slots=2)
    actions.schedule_event(event=event, by=None)  # nothing recorded yet: made again
    meeting = Meeting.objects.get()
    actions.record_outcome(meeting=meeting, outcome=Meeting.Outcome.FOLLOW_UP, by=None)

    with pytest.raises(InvalidInput) as refused:
        actions.schedule_event(event=event, by=None)
    assert "event" in refused.value.errors
    client.force_login(make_user("admin", Role.NATIONAL_ADMIN))
    answer = client.post(reverse("market:event_schedule", args=[event.pk]), {"confirm": "yes"}, follow=True)
    assert "Hasil pertemuan" in answer.content.decode()
    assert reverse("market:event_schedule", args=[event.pk]) not in answer.content.decode()  # no button
    assert Meeting.objects.get().pk == meeting.pk
    assert Meeting.objects.get().outcome == Meeting.Outcome.FOLLOW_UP
