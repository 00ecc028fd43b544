"""The API of financing products (read), the readiness check (the `kur_readiness` command's input and
output, signed in), and programme money: grant proposals, decisions, disbursements and budgets,
scoped like their pages (officers their region, national admins and auditors all)."""

from datetime import date
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.pagination import PageNumberPagination
from wirausaha.registry.queries import get_participant_for

from ..actions import grants as actions
from ..models import FinancingProduct, GrantBudget, GrantProposal
from ..queries.grants import (
    budgets_visible_to,
    get_proposal_for,
    manages_budgets,
    proposals_visible_to,
    works_on_grants,
)
from ..queries.products import products_visible_to, terms_by_code
from ..readiness import DOCUMENT_CODES, EVIDENCE_CODES, InstanceError, assess_many, read_instance

router = Router(tags=["finance"])
MAX_RUPIAH = 10**15
MAX_ID = 2**31 - 1


class FinancingProductOut(Schema):
    id: int
    code: str
    kind: str
    name: str
    min_amount: int
    max_amount: int
    annual_rate_bp: int | None
    max_tenor_months: int | None
    collateral_rule: str
    required_documents: list[str]
    eligibility_conditions: str
    min_business_months: int
    business_age_exempt_evidence: list[str]
    npwp_above: int | None
    min_new_workers: int
    legal_basis: str
    in_force_from: date
    in_force_until: date | None


@router.get("/finance/products", response=list[FinancingProductOut])
@paginate(PageNumberPagination, page_size=100)
def list_products(request):
    """Every version of every financing product, with its dates and legal basis."""
    return products_visible_to(request.auth).order_by("code", "in_force_from", "pk")


class ReadinessApplicantIn(Schema):
    id: str = Field(..., min_length=1, max_length=100)
    product: str = Field(..., min_length=1, max_length=40)
    amount: int = Field(..., ge=1, le=MAX_RUPIAH)
    business_started: date | None = None
    documents: list[Literal[DOCUMENT_CODES]] = Field(default_factory=list, max_length=len(DOCUMENT_CODES) * 2)  # type: ignore[valid-type]
    plan_approved: bool = False
    evidence: list[Literal[EVIDENCE_CODES]] = Field(default_factory=list, max_length=len(EVIDENCE_CODES) * 2)  # type: ignore[valid-type]
    new_workers: int = Field(0, ge=0, le=10**6)


class ReadinessCheckIn(Schema):
    date: date
    applicants: list[ReadinessApplicantIn] = Field(..., max_length=10_000)


class ReadinessVerdictOut(Schema):
    id: str
    ready: bool
    missing: list[str]


class ReadinessCheckOut(Schema):
    applicants: list[ReadinessVerdictOut]


@router.post("/finance/readiness", response=ReadinessCheckOut)
def check_readiness(request, payload: ReadinessCheckIn):
    """The readiness of each applicant on the date: `kur_readiness`'s input and output. Missing codes
    are sorted; an unknown product code is a 422 naming the applicant's field."""
    data = {
        "date": payload.date.isoformat(),
        "applicants": [
            {
                **item.model_dump(exclude={"business_started"}),
                "business_started": item.business_started.isoformat() if item.business_started else None,
            }
            for item in payload.applicants
        ],
    }
    codes = frozenset(FinancingProduct.objects.values_list("code", flat=True).distinct())
    try:
        on, applicants = read_instance(data, codes)
    except InstanceError as error:
        raise InvalidInput({e["field"]: e["message"] for e in error.errors}) from None
    verdicts = assess_many(applicants, terms_by_code(on), on)
    return {
        "applicants": [
            {"id": a.id, "ready": v.ready, "missing": list(v.missing)}
            for a, v in zip(applicants, verdicts, strict=True)
        ]
    }


class GrantOut(Schema):
    id: int
    participant_id: int
    participant_name: str
    product: str
    product_name: str
    kind: str
    province: str
    year: int
    amount: int
    units: int
    new_workers: int
    purpose: str
    status: str
    proposed_by: str
    decided_by: str | None
    decided_at: str | None
    decision_note: str
    disbursed_on: date | None
    disbursed_amount: int | None
    report_due_on: date | None
    report_submitted_on: date | None


def _grant_out(p: GrantProposal) -> dict:
    return {
        "id": p.pk,
        "participant_id": p.participant_id,
        "participant_name": p.participant.full_name,
        "product": p.product.code,
        "product_name": p.product.name,
        "kind": p.product.kind,
        "province": p.province_id,
        "year": p.year,
        "amount": p.amount,
        "units": p.units,
        "new_workers": p.new_workers,
        "purpose": p.purpose,
        "status": p.status,
        "proposed_by": p.proposed_by.username,
        "decided_by": p.decided_by.username if p.decided_by_id else None,
        "decided_at": p.decided_at.isoformat() if p.decided_at else None,
        "decision_note": p.decision_note,
        "disbursed_on": p.disbursed_on,
        "disbursed_amount": p.disbursed_amount,
        "report_due_on": p.report_due_on,
        "report_submitted_on": p.report_submitted_on,
    }


@router.get("/finance/grants", response=list[GrantOut])
@paginate(PageNumberPagination, page_size=100)
def list_grants(request, status: GrantProposal.Status | None = None):
    rows = proposals_visible_to(request.auth).order_by("-created_at", "-pk")
    if status:
        rows = rows.filter(status=status)
    return [_grant_out(p) for p in rows]


class GrantIn(Schema):
    # Every field may be left out so that the role is checked before the body (a refusal, not a 422).
    participant_id: int | None = Field(None, ge=1, le=MAX_ID)
    product: str | None = Field(None, min_length=1, max_length=40)
    amount: int | None = Field(None, ge=1, le=MAX_RUPIAH)
    units: int = Field(0, ge=0, le=actions.MAX_UNITS)
    new_workers: int = Field(0, ge=0, le=10_000)
    purpose: str | None = Field(None, min_length=1, max_length=2000)


def _required(payload, names: tuple[str, ...]) -> None:
    missing = {name: _("This field is required.") for name in names if getattr(payload, name, None) is None}
    if missing:
        raise InvalidInput(missing)


@router.post("/finance/grants", response={201: GrantOut})
def propose_grant(request, payload: GrantIn | None = None):
    """Propose a grant or equipment aid for a participant in your region (officers). Another officer
    decides it."""
    if not works_on_grants(request.auth):
        raise PermissionDenied(_("Only officers of the ministry or a labour office handle programme money."))
    _required(payload, ("participant_id", "product", "amount", "purpose"))
    try:
        participant = get_participant_for(request.auth, payload.participant_id)
    except Http404:
        raise InvalidInput({"participant_id": _("No participant with this number in your region.")}) from None
    proposal = actions.propose_grant(
        participant=participant,
        product_code=payload.product,
        amount=payload.amount,
        units=payload.units,
        new_workers=payload.new_workers,
        purpose=payload.purpose,
        by=request.auth,
    )
    return 201, _grant_out(get_proposal_for(request.auth, proposal.pk))


@router.get("/finance/grants/{grant_id}", response=GrantOut)
def get_grant(request, grant_id: int):
    return _grant_out(get_proposal_for(request.auth, grant_id))


class GrantDecisionIn(Schema):
    decision: Literal["approve", "reject"] | None = None
    note: str = Field("", max_length=2000)


@router.post("/finance/grants/{grant_id}/decision", response=GrantOut)
def decide_grant(request, grant_id: int, payload: GrantDecisionIn | None = None):
    """Approve or reject another officer's proposal: {"decision": "approve" | "reject", "note"}.
    A rejection needs a note. Your own proposal is refused (403)."""
    proposal = get_proposal_for(request.auth, grant_id)
    if not works_on_grants(request.auth):
        raise Http404
    if payload is None or payload.decision is None:
        raise InvalidInput({"decision": _("This field is required.")})
    actions.decide_grant(proposal, approve=payload.decision == "approve", note=payload.note, by=request.auth)
    return _grant_out(get_proposal_for(request.auth, grant_id))


class GrantDisbursementIn(Schema):
    disbursed_on: date | None = None
    disbursed_amount: int | None = Field(None, ge=1, le=MAX_RUPIAH)
    report_due_on: date | None = None


@router.post("/finance/grants/{grant_id}/disbursement", response=GrantOut)
def disburse_grant(request, grant_id: int, payload: GrantDisbursementIn | None = None):
    """Record the disbursement of an approved proposal (date, amount; the report's due date defaults
    to the product's)."""
    proposal = get_proposal_for(request.auth, grant_id)
    if not works_on_grants(request.auth):
        raise Http404
    errors = {}
    if payload is None or payload.disbursed_on is None:
        errors["disbursed_on"] = _("This field is required.")
    if payload is None or payload.disbursed_amount is None:
        errors["disbursed_amount"] = _("This field is required.")
    if errors:
        raise InvalidInput(errors)
    actions.disburse_grant(
        proposal,
        on=payload.disbursed_on,
        amount=payload.disbursed_amount,
        report_due_on=payload.report_due_on,
        by=request.auth,
    )
    return _grant_out(get_proposal_for(request.auth, grant_id))


class BudgetOut(Schema):
    id: int
    product: str
    province: str
    year: int
    amount: int
    units: int
    committed_amount: int
    committed_units: int
    remaining_amount: int
    remaining_units: int


def _budget_out(b: GrantBudget) -> dict:
    return {
        "id": b.pk,
        "product": b.product_code,
        "province": b.province_id,
        "year": b.year,
        "amount": b.amount,
        "units": b.units,
        "committed_amount": b.committed_amount,
        "committed_units": b.committed_units,
        "remaining_amount": b.remaining_amount,
        "remaining_units": b.remaining_units,
    }


class BudgetFilter(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


@router.get("/finance/budgets", response=list[BudgetOut])
@paginate(PageNumberPagination, page_size=100)
def list_budgets(request, filters: Query[BudgetFilter]):
    rows = budgets_visible_to(request.auth).order_by("-year", "province_id", "product_code", "pk")
    if filters.year:
        rows = rows.filter(year=filters.year)
    return [_budget_out(b) for b in rows]


class BudgetIn(Schema):
    product: str | None = Field(None, min_length=1, max_length=40)
    province: str | None = Field(None, min_length=1, max_length=13)
    year: int | None = Field(None, ge=2000, le=2100)
    amount: int = Field(0, ge=0, le=MAX_RUPIAH)
    units: int = Field(0, ge=0, le=actions.MAX_UNITS)


@router.post("/finance/budgets", response=BudgetOut)
def save_budget(request, payload: BudgetIn | None = None):
    """Set a province's budget (rupiah) or stock (units) for a product and year: national admins."""
    if not manages_budgets(request.auth):
        raise PermissionDenied(_("Only national admins set budgets."))
    _required(payload, ("product", "province", "year"))
    budget = actions.save_budget(
        product_code=payload.product,
        province_id=payload.province,
        year=payload.year,
        amount=payload.amount,
        units=payload.units,
        by=request.auth,
    )
    return _budget_out(budget)
