"""Programme money with maker-checker: proposing within the product's ceiling and the province's
budget, approval by another officer only, the budget committed on approval, disbursement, the
accountability report, audit rows, notifications and the first-financing milestone."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.coaching.models import Milestone
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.models import AuditEvent
from wirausaha.finance.actions.grants import (
    GrantStateError,
    decide_grant,
    disburse_grant,
    propose_grant,
    record_grant_report,
    save_budget,
)
from wirausaha.finance.models import GrantBudget, GrantProposal
from wirausaha.finance.queries.grants import approvals_queue, get_proposal_for, proposals_visible_to
from wirausaha.notifications.models import Message
from wirausaha.testing import make_user

from .grant_support import beneficiary, budget_for, officers, product

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def propose(participant, by, code="tkm_pemula", **changes):
    item = product(code)
    data = {"amount": item.max_amount, "purpose": "Modal awal warung", **changes}
    return propose_grant(participant=participant, product_code=code, by=by, **data)


def test_a_grant_proposed_by_one_officer_and_approved_by_another_commits_the_budget():
    maker, checker, _admin = officers()
    budget = budget_for("tkm_pemula", grants=2)
    person = beneficiary()
    proposal = propose(person, maker)
    assert proposal.status == GrantProposal.Status.PROPOSED
    assert proposal.province_id == "32" and proposal.year == timezone.localdate().year

    decide_grant(proposal, approve=True, by=checker)

    proposal.refresh_from_db()
    budget.refresh_from_db()
    assert proposal.status == GrantProposal.Status.APPROVED and proposal.decided_by == checker
    assert budget.committed_amount == proposal.amount
    assert Milestone.objects.filter(participant=person, kind=Milestone.Kind.FIRST_FINANCING).exists()
    verbs = list(
        AuditEvent.objects.filter(
            target_type="finance.grantproposal", target_id=str(proposal.pk)
        ).values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["grant.approved", "grant.proposed"]
    subjects = list(Message.objects.filter(recipient=person.user).values_list("subject", flat=True))
    assert len(subjects) == 2


@pytest.mark.parametrize("role", ["maker", "admin"])
def test_nobody_approves_their_own_proposal_not_even_an_admin(role):
    maker, checker, admin = officers()
    budget_for("tkm_pemula")
    proposer = {"maker": maker, "admin": admin}[role]
    proposal = propose(beneficiary(), proposer)
    with pytest.raises(PermissionDenied):
        decide_grant(proposal, approve=True, by=proposer)
    proposal.refresh_from_db()
    assert proposal.status == GrantProposal.Status.PROPOSED
    assert proposal not in approvals_queue(proposer)
    assert proposal in approvals_queue(checker)


def test_the_database_refuses_a_self_decided_proposal_even_past_the_action():
    maker, _checker, _admin = officers()
    budget_for("tkm_pemula")
    proposal = propose(beneficiary(), maker)
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantProposal.objects.filter(pk=proposal.pk).update(status="approved", decided_by=maker)


def test_an_amount_above_the_ceiling_or_below_the_floor_is_refused():
    maker, _checker, _admin = officers()
    budget_for("tkm_lanjutan", grants=3)
    lanjutan = product("tkm_lanjutan")
    with pytest.raises(InvalidInput) as above:
        propose(beneficiary(), maker, "tkm_lanjutan", amount=lanjutan.max_amount + 1, new_workers=1)
    assert set(above.value.errors) == {"amount"}
    with pytest.raises(InvalidInput) as below:
        propose(
            beneficiary("Tuti Lestari"), maker, "tkm_lanjutan", amount=lanjutan.min_amount - 1, new_workers=1
        )
    assert set(below.value.errors) == {"amount"}
    assert not GrantProposal.objects.exists()


def test_tkm_lanjutan_needs_the_products_new_workers():
    maker, _checker, _admin = officers()
    budget_for("tkm_lanjutan")
    needed = product("tkm_lanjutan").min_new_workers
    with pytest.raises(InvalidInput) as refused:
        propose(beneficiary(), maker, "tkm_lanjutan", new_workers=needed - 1)
    assert set(refused.value.errors) == {"new_workers"}
    assert propose(beneficiary("Tuti Lestari"), maker, "tkm_lanjutan", new_workers=needed).pk


def test_a_kur_loan_is_not_programme_money():
    maker, _checker, _admin = officers()
    with pytest.raises(InvalidInput) as refused:
        propose(beneficiary(), maker, "kur_super_mikro")
    assert set(refused.value.errors) == {"product"}


def test_without_a_budget_or_beyond_what_remains_the_proposal_or_approval_is_refused():
    maker, checker, _admin = officers()
    with pytest.raises(InvalidInput):
        propose(beneficiary(), maker)
    budget_for("tkm_pemula", grants=1)
    first = propose(beneficiary("Ani Suryani"), maker)
    second = propose(beneficiary("Budi Hartono"), maker)  # fits today: nothing committed yet
    decide_grant(first, approve=True, by=checker)
    with pytest.raises(InvalidInput) as refused:
        decide_grant(second, approve=True, by=checker)
    assert set(refused.value.errors) == {"amount"}
    second.refresh_from_db()
    assert second.status == GrantProposal.Status.PROPOSED
    with pytest.raises(InvalidInput):
        propose(beneficiary("Cici Paramida"), maker)


def test_equipment_aid_counts_units_of_the_provinces_stock():
    maker, checker, _admin = officers()
    budget = budget_for("bantuan_peralatan", units=3)
    with pytest.raises(InvalidInput) as no_units:
        propose(beneficiary(), maker, "bantuan_peralatan", units=0)
    assert set(no_units.value.errors) == {"units"}
    proposal = propose(beneficiary("Tuti Lestari"), maker, "bantuan_peralatan", units=2)
    decide_grant(proposal, approve=True, by=checker)
    budget.refresh_from_db()
    assert (budget.committed_units, budget.committed_amount) == (2, 0)
    with pytest.raises(InvalidInput) as over:
        propose(beneficiary("Ani Suryani"), maker, "bantuan_peralatan", units=2)
    assert set(over.value.errors) == {"units"}


def test_a_rejection_needs_a_reason_and_commits_nothing():
    maker, checker, _admin = officers()
    budget = budget_for("tkm_pemula")
    proposal = propose(beneficiary(), maker)
    with pytest.raises(InvalidInput):
        decide_grant(proposal, approve=False, by=checker)
    decide_grant(proposal, approve=False, by=checker, note="Sudah menerima bantuan serupa")
    budget.refresh_from_db()
    assert budget.committed_amount == 0
    with pytest.raises(GrantStateError):
        decide_grant(proposal, approve=True, by=checker)


def test_disbursement_and_the_accountability_report_are_recorded():
    maker, checker, _admin = officers()
    budget_for("tkm_pemula")
    person = beneficiary()
    proposal = propose(person, maker)
    with pytest.raises(GrantStateError):
        disburse_grant(proposal, on=timezone.localdate(), amount=proposal.amount, by=checker)
    decide_grant(proposal, approve=True, by=checker)
    today = timezone.localdate()
    with pytest.raises(InvalidInput) as too_much:
        disburse_grant(proposal, on=today, amount=proposal.amount + 1, by=maker)
    assert set(too_much.value.errors) == {"disbursed_amount"}
    with pytest.raises(InvalidInput):
        disburse_grant(proposal, on=today + timedelta(days=1), amount=proposal.amount, by=maker)
    disburse_grant(proposal, on=today, amount=proposal.amount, by=maker)
    proposal.refresh_from_db()
    assert proposal.status == GrantProposal.Status.DISBURSED
    assert proposal.report_due_on == today + timedelta(days=proposal.product.report_due_days)

    with pytest.raises(InvalidInput) as not_pdf:
        record_grant_report(
            proposal, submitted_on=today, upload=SimpleUploadedFile("laporan.pdf", b"MZ not a pdf"), by=maker
        )
    assert set(not_pdf.value.errors) == {"file"}
    record_grant_report(proposal, submitted_on=today, upload=SimpleUploadedFile("laporan.pdf", PDF), by=maker)
    proposal.refresh_from_db()
    assert proposal.report_submitted_on == today and proposal.report_file.name.endswith(".pdf")
    assert proposal.report_file.read().startswith(b"%PDF")
    verbs = set(AuditEvent.objects.filter(target_id=str(proposal.pk)).values_list("verb", flat=True))
    assert {"grant.disbursed", "grant.report_recorded"} <= verbs


def test_officers_see_the_proposals_of_their_region_only_and_participants_their_own():
    maker, _checker, _admin = officers()
    bali = make_user("bali.petugas", Role.PROVINCIAL_OFFICER, region="51")
    counselor = make_user("pendamping.hibah", Role.COUNSELOR)
    budget_for("tkm_pemula")
    person = beneficiary()
    proposal = propose(person, maker)
    assert get_proposal_for(maker, proposal.pk) == proposal
    assert get_proposal_for(person.user, proposal.pk) == proposal
    for outsider in (bali, counselor, beneficiary("Tuti Lestari").user):
        assert not proposals_visible_to(outsider).filter(pk=proposal.pk).exists()
    with pytest.raises(PermissionDenied):
        propose(beneficiary("Ani Suryani"), counselor)


def test_only_national_admins_set_budgets_and_never_below_what_is_committed():
    maker, checker, admin = officers()
    budget = budget_for("tkm_pemula", grants=2, admin=admin)
    with pytest.raises(PermissionDenied):
        save_budget(
            product_code="tkm_pemula", province_id="32", year=budget.year, amount=budget.amount, by=maker
        )
    decide_grant(propose(beneficiary(), maker), approve=True, by=checker)
    budget.refresh_from_db()
    with pytest.raises(InvalidInput):
        save_budget(
            product_code="tkm_pemula",
            province_id="32",
            year=budget.year,
            amount=budget.committed_amount - 1,
            by=admin,
        )
    with pytest.raises(InvalidInput) as regency:
        save_budget(product_code="tkm_pemula", province_id="32.16", year=budget.year, amount=1, by=admin)
    assert set(regency.value.errors) == {"province"}
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantBudget.objects.filter(pk=budget.pk).update(amount=budget.committed_amount - 1)
