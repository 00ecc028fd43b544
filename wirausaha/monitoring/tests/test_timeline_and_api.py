"""One timeline per person (page and API), and the indicators and follow-up API, all scoped."""

import pytest
from django.urls import reverse

from wirausaha.accounts.models import Role
from wirausaha.monitoring.models import FollowUpAnswer
from wirausaha.testing import make_user

from .support import build_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def history():
    return build_history()


def test_the_timeline_holds_every_step_in_order(client, history, national_admin):
    ani = history.people["ani"]
    client.force_login(national_admin)
    entries = client.get(f"/api/v1/participants/{ani.pk}/timeline").json()
    kinds = [e["kind"] for e in entries]
    # (The built history dates its milestones in 2025, before the records were made: they come first.)
    assert kinds.index("registered") < kinds.index("enrolment.applied")
    for kind in [
        "enrolment.applied",
        "enrolment.selected",
        "enrolment.graduated",
        "placement",
        "counselor",
        "milestone.nib",
        "milestone.plan_approved",
        "follow_up",
    ]:
        assert kind in kinds, kind
    assert (
        kinds.index("enrolment.applied")
        < kinds.index("enrolment.selected")
        < kinds.index("enrolment.graduated")
    )
    assert [e["at"] for e in entries] == sorted(e["at"] for e in entries)


def test_the_participant_sees_their_own_timeline_and_nobody_elses(client, history):
    user = make_user("ani.account", Role.PARTICIPANT)
    ani = history.people["ani"]
    ani.user = user
    ani.save(update_fields=["user"])
    client.force_login(user)
    assert client.get(reverse("monitoring:my_timeline")).status_code == 200
    assert client.get(reverse("monitoring:timeline", args=[ani.pk])).status_code == 200
    assert client.get(reverse("monitoring:timeline", args=[history.people["bayu"].pk])).status_code == 404
    assert client.get(f"/api/v1/participants/{history.people['bayu'].pk}/timeline").status_code == 404


def test_staff_see_the_timelines_in_their_scope_only(client, history, bali_officer):
    client.force_login(bali_officer)
    assert client.get(reverse("monitoring:timeline", args=[history.people["citra"].pk])).status_code == 200
    assert client.get(reverse("monitoring:timeline", args=[history.people["ani"].pk])).status_code == 404


def test_the_indicators_api_takes_the_dashboards_filters_and_scope(
    client, history, jabar_officer, national_admin
):
    client.force_login(national_admin)
    body = client.get("/api/v1/indicators", {"by": "province"}).json()
    assert body["totals"]["registered"] == 5
    assert {row["group"]: row["registered"] for row in body["breakdown"]} == {"32": 4, "51": 1}
    verified = body["funnel"][1]
    assert (verified["key"], verified["count"], verified["conversion"]) == ("verified", 3, 60.0)
    assert client.get("/api/v1/indicators", {"wave": "MON-2"}).json()["totals"]["registered"] == 1
    refused = client.get("/api/v1/indicators", {"age_band": "99+"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "age_band"
    client.force_login(jabar_officer)
    body = client.get("/api/v1/indicators", {"by": "province"}).json()
    assert body["totals"]["registered"] == 4
    assert [row["group"] for row in body["breakdown"]] == ["32"]


def test_the_follow_up_api_gives_rates_takes_phone_answers_and_the_estimate(client, history, national_admin):
    client.force_login(national_admin)
    from wirausaha.monitoring.models import FollowUpInvite

    for person, arm in (("ani", "selected"), ("eka", "selected"), ("bayu", "waitlisted")):
        FollowUpInvite.objects.create(
            round=history.round3, participant=history.people[person], arm=arm, stratum="-|1"
        )
    rounds = client.get("/api/v1/follow-ups").json()
    assert [r["wave"] for r in rounds["items"]] == ["MON-1"]
    detail = client.get(f"/api/v1/follow-ups/{history.round3.pk}").json()
    rates = {r["arm"]: r for r in detail["response_rates"]}
    assert (rates["selected"]["due"], rates["selected"]["answered"], rates["selected"]["rate"]) == (
        2,
        1,
        50.0,
    )
    answer = client.post(
        f"/api/v1/follow-ups/{history.round3.pk}/answers",
        {"participant_id": history.people["eka"].pk, "operating": True, "monthly_revenue": 1_000_000},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert FollowUpAnswer.objects.get(participant=history.people["eka"]).channel == "phone"
    estimate = client.get(f"/api/v1/follow-ups/{history.round3.pk}/impact").json()
    assert estimate["responded_selected"] == 2
    assert estimate["dropped_strata"] == ["-|1"]


def test_a_centre_operator_cannot_read_the_impact_or_enter_for_people_outside(client, history):
    from .support import centre_user

    client.force_login(centre_user(history.centre))
    assert client.get(f"/api/v1/follow-ups/{history.round3.pk}/impact").status_code in {403, 404}
    outside = client.post(
        f"/api/v1/follow-ups/{history.round3.pk}/answers",
        {"participant_id": history.people["citra"].pk, "operating": True},
        content_type="application/json",
    )
    assert outside.status_code == 404
