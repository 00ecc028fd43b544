"""The demo's programme money: budgets for a few provinces, and a TKM Pemula grant proposed by
`disnaker.bekasi` and approved by `disnaker.jabar`, two different officers."""

from io import StringIO

import pytest
from django.core.management import call_command

from wirausaha.finance.models import GrantBudget, GrantProposal

pytestmark = pytest.mark.django_db


def test_a_tkm_pemula_grant_is_proposed_and_approved_by_two_officers():
    call_command("seed_demo", "--participants", "5", stdout=StringIO())
    proposal = GrantProposal.objects.get()
    assert proposal.product.code == "tkm_pemula" and proposal.status == GrantProposal.Status.APPROVED
    assert (proposal.proposed_by.username, proposal.decided_by.username) == (
        "disnaker.bekasi",
        "disnaker.jabar",
    )
    assert GrantBudget.objects.values("province").distinct().count() >= 3
    budget = GrantBudget.objects.get(
        product_code="tkm_pemula", province_id=proposal.province_id, year=proposal.year
    )
    assert budget.committed_amount == proposal.amount
    call_command("seed_demo", "--participants", "5", stdout=StringIO())
    assert GrantProposal.objects.count() == 1
