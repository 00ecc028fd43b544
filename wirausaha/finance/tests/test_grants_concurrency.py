"""Concurrent approvals never commit more than a province's budget: the budget row is locked while
the remainder is checked, and a CHECK constraint backs it. Real concurrent transactions need
PostgreSQL (CI runs it); SQLite serialises every write, so there is nothing to race there."""

import pytest
from django.db import connection

from wirausaha.finance.actions.grants import decide_grant, propose_grant
from wirausaha.finance.models import GrantBudget, GrantProposal
from wirausaha.testing import all_at_once

from .grant_support import beneficiary, budget_for, officers, product

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent row locks need PostgreSQL (set DATABASE_URL; CI runs it)",
    ),
]


def test_eight_approvals_at_once_against_a_budget_for_three_approve_exactly_three(reference_regions):
    maker, checker, admin = officers()
    budget = budget_for("tkm_pemula", grants=3, admin=admin)
    ceiling = product("tkm_pemula").max_amount
    proposals = [
        propose_grant(
            participant=beneficiary(f"Peserta {index}", with_account=False),
            product_code="tkm_pemula",
            amount=ceiling,
            purpose="Modal awal",
            by=maker,
        )
        for index in range(8)
    ]

    results, failures = all_at_once(
        [lambda p=p: decide_grant(p, approve=True, by=checker) for p in proposals]
    )

    budget.refresh_from_db()
    assert len(results) == 3
    assert len(failures) == 5 and all(getattr(f, "code", "") == "invalid" for f in failures)
    assert budget.committed_amount == 3 * ceiling == budget.amount
    assert GrantProposal.objects.filter(status="approved").count() == 3
    assert GrantBudget.objects.count() == 1
