"""Coaching's API: the plan calculator for anyone signed in, and plans read and written only within
the caller's coaching scope."""

import pytest

from wirausaha.accounts.models import Role
from wirausaha.coaching import actions
from wirausaha.testing import make_user

from .support import counselor, graduates

pytestmark = pytest.mark.django_db
EXAMPLE = {
    "price_per_unit": 15000, "variable_cost_per_unit": 9000, "fixed_costs_per_month": 1200000,
    "opening_cash": 2000000, "start_up_costs": 9500000,
    "loan": {"principal": 10000000, "annual_rate": 0.06, "months": 12},
    "months": [{"units": 150, "credit_share": 0.2, "owner_drawings": 500000}] * 12,
}  # fmt: skip


def test_the_calculator_answers_signed_in_callers_and_names_the_wrong_field(client):
    assert client.post("/api/v1/plan-calculator", EXAMPLE, content_type="application/json").status_code == 401
    client.force_login(make_user("siti", Role.PARTICIPANT))
    body = client.post("/api/v1/plan-calculator", EXAMPLE, content_type="application/json").json()
    assert body["instalment"] == 860664 and len(body["months"]) == 12
    refused = client.post(
        "/api/v1/plan-calculator", {**EXAMPLE, "price_per_unit": 9000}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["price_per_unit"]


def test_a_plan_is_read_only_by_its_owner_and_its_counselor(client, national_admin):
    siti_user = make_user("siti", Role.PARTICIPANT)
    (siti,) = graduates(("Siti",), users={"Siti": siti_user})
    dewi, other = counselor("dewi", by=national_admin), counselor("wayan", by=national_admin)
    actions.reassign_participant(participant=siti, counselor=dewi, by=national_admin, reason="Uji")
    client.force_login(siti_user)
    saved = client.post(
        f"/api/v1/coaching/plans/{siti.pk}/sections/costing",
        {"price_per_unit": 15000, "variable_cost_per_unit": 9000},
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["content"]["costing"]["price_per_unit"] == 15000
    client.force_login(dewi.user)
    assert client.get(f"/api/v1/coaching/plans/{siti.pk}").status_code == 200
    client.force_login(other.user)
    assert client.get(f"/api/v1/coaching/plans/{siti.pk}").status_code == 404
    assert client.get("/api/v1/coaching/assignments").json()["items"] == []
