"""The events API, scoped like the pages: a buyer and a participant register and ask to meet, a
national admin runs the scheduler, each registrant reads only their own meetings and records
their outcome; another buyer's meeting is missing. And the batched reading of certificates: a
listing's refresh takes the same number of queries for 2 businesses as for 6."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.licensing.queries import certificates_of
from wirausaha.testing import make_user

from .. import actions
from ..models import Deal, Meeting
from ..reading import certificates_of_many
from .support import buyer, listing, supplier

pytestmark = pytest.mark.django_db

API = "/api/v1/market"


def test_events_through_the_api(client):
    ani = supplier(nib="9120000000011")
    pembeli, other = buyer(), buyer("Toko Lain", "pembeli2")
    event = actions.create_event(
        by=None,
        values={
            "name": "Temu API",
            "held_on": timezone.localdate() + timedelta(days=3),
            "starts_at": time(13),
            "slots": 2,
            "tables": 1,
        },
    )
    client.force_login(pembeli.user)
    assert client.get(f"{API}/events").json()["items"][0]["slots"] == ["13.00–13.20", "13.20–13.40"]
    bad = client.post(
        f"{API}/events/{event.pk}/register", {"unavailable": [5]}, content_type="application/json"
    )
    assert bad.status_code == 422 and "unavailable" in bad.content.decode()
    mine = client.post(f"{API}/events/{event.pk}/register", {}, content_type="application/json").json()
    client.force_login(ani.participant.user)
    seller = client.post(
        f"{API}/events/{event.pk}/register", {"unavailable": [0]}, content_type="application/json"
    ).json()
    asked = client.post(
        f"{API}/events/{event.pk}/requests",
        {"target": mine["registration_id"]},
        content_type="application/json",
    )
    assert asked.status_code == 200
    assert client.post(f"{API}/events/{event.pk}/schedule", {"time_limit_seconds": 5},
                       content_type="application/json").status_code == 403  # fmt: skip

    client.force_login(make_user("admin", Role.NATIONAL_ADMIN))
    assert (
        client.post(f"{API}/events/{event.pk}/schedule", {}, content_type="application/json").status_code
        == 422
    )
    done = client.post(
        f"{API}/events/{event.pk}/schedule", {"time_limit_seconds": 5}, content_type="application/json"
    ).json()
    assert (done["status"], done["weight"], done["optimal"]) == ("scheduled", 1, True)
    [meeting] = client.get(f"{API}/events/{event.pk}/meetings").json()["items"]
    assert (meeting["slot"], meeting["table"], meeting["time"]) == (1, 1, "13.20–13.40")
    assert meeting["business_registration"] == seller["registration_id"]

    client.force_login(other.user)  # not registered: sees no meeting, records none
    assert client.get(f"{API}/events/{event.pk}/meetings").json()["items"] == []
    outcome = f"{API}/meetings/{meeting['id']}/outcome"
    assert client.post(outcome, {"outcome": "deal"}, content_type="application/json").status_code == 404
    client.force_login(pembeli.user)
    assert client.post(outcome, {"outcome": "maybe"}, content_type="application/json").status_code == 422
    recorded = client.post(outcome, {"outcome": "follow_up"}, content_type="application/json").json()
    assert recorded["outcome"] == "follow_up"
    deal = Deal.objects.get()
    assert (deal.status, deal.buyer_id, deal.meeting_id) == ("met", pembeli.pk, meeting["id"])
    assert Meeting.objects.get().outcome == "follow_up"


def refresh_queries(listing_id: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        actions.refresh_listing(listing_id)
    return len(queries)


def test_a_listings_refresh_reads_certificates_in_one_batched_query(django_capture_on_commit_callbacks):
    pembeli = buyer()
    found = [supplier(f"u{n}", f"Pemilik {n}", nib=f"91200000000{n:02d}") for n in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        posted = listing(pembeli)
    few = refresh_queries(posted.pk)
    found += [supplier(f"u{n}", f"Pemilik {n}", nib=f"91200000000{n:02d}") for n in range(2, 6)]
    many = refresh_queries(posted.pk)
    assert posted.matches.count() == 6
    assert many == few  # not one query per business
    batched = certificates_of_many(found)
    assert batched == {business.pk: certificates_of(business) for business in found}
