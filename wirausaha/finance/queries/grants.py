"""What each user may see of programme money (grants and equipment aid). Officers of a labour office
see the proposals of the participants living in their region and the budgets of their province;
national admins and auditors see everything; a participant sees their own proposals; anyone else
nothing. Out of scope is missing (404), the same answer as for a record that does not exist."""

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from wirausaha.accounts.models import REGION_ROLES, Role, User
from wirausaha.accounts.scoping import NOTHING, participant_q

from ..models import GrantBudget, GrantProposal

# Who proposes, approves and disburses programme money: the ministry and the labour offices.
GRANT_OFFICERS = frozenset({Role.NATIONAL_ADMIN, Role.PROVINCIAL_OFFICER, Role.REGENCY_OFFICER})
GRANT_READERS = GRANT_OFFICERS | {Role.AUDITOR}
NATIONWIDE = frozenset({Role.NATIONAL_ADMIN, Role.AUDITOR})
PROGRAMME_KINDS = ("grant", "equipment")


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def works_on_grants(user: User) -> bool:
    """Proposes, approves (another officer's proposals) and disburses."""
    return _active(user) and user.role in GRANT_OFFICERS


def reads_grants(user: User) -> bool:
    return _active(user) and user.role in GRANT_READERS


def manages_budgets(user: User) -> bool:
    return _active(user) and user.role == Role.NATIONAL_ADMIN


def proposals_visible_to(user: User) -> QuerySet[GrantProposal]:
    if not _active(user):
        return GrantProposal.objects.none()
    if user.role in NATIONWIDE:
        scope = Q()
    elif user.role in REGION_ROLES or user.role == Role.PARTICIPANT:
        scope = participant_q(user, "participant__")
    else:
        scope = NOTHING
    return GrantProposal.objects.filter(scope).select_related(
        "participant", "product", "province", "proposed_by", "decided_by"
    )


def approvals_queue(user: User) -> QuerySet[GrantProposal]:
    """Proposals awaiting a decision that this officer may take: never their own."""
    if not works_on_grants(user):
        return GrantProposal.objects.none()
    return (
        proposals_visible_to(user)
        .filter(status=GrantProposal.Status.PROPOSED)
        .exclude(proposed_by=user)
        .order_by("created_at", "id")
    )


def get_proposal_for(user: User, pk: int) -> GrantProposal:
    proposal = proposals_visible_to(user).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def _province_of(user: User) -> str | None:
    code = user.scope_region_id or ""
    return code.split(".")[0] if code else None


def budgets_visible_to(user: User) -> QuerySet[GrantBudget]:
    if not reads_grants(user):
        return GrantBudget.objects.none()
    budgets = GrantBudget.objects.select_related("province")
    if user.role in NATIONWIDE:
        return budgets
    province = _province_of(user)
    return budgets.filter(province_id=province) if province else budgets.none()


def get_budget_for(user: User, pk: int) -> GrantBudget:
    budget = budgets_visible_to(user).filter(pk=pk).first()
    if budget is None:
        raise Http404
    return budget


def reconciliation_rows(user: User, *, year: int | None = None) -> list[dict]:
    """Per province, product and year: the budget, what approvals committed, what was disbursed and
    how many accountability reports are in or late. Two queries whatever the number of rows."""
    budgets = budgets_visible_to(user)
    if year:
        budgets = budgets.filter(year=year)
    budgets = budgets.order_by("year", "province_id", "product_code")
    proposals = proposals_visible_to(user)
    if year:
        proposals = proposals.filter(year=year)
    decided = ("approved", "disbursed")
    totals = {
        (row["province_id"], row["product__code"], row["year"]): row
        for row in proposals.order_by()
        .values("province_id", "product__code", "year")
        .annotate(
            proposed=Count("id"),
            approved=Count("id", filter=Q(status__in=decided)),
            approved_amount=Sum("amount", filter=Q(status__in=decided)),
            approved_units=Sum("units", filter=Q(status__in=decided)),
            disbursed=Count("id", filter=Q(status="disbursed")),
            disbursed_amount=Sum("disbursed_amount", filter=Q(status="disbursed")),
            reports_in=Count("id", filter=Q(report_submitted_on__isnull=False)),
        )
    }
    rows = []
    for budget in budgets:
        total = totals.get((budget.province_id, budget.product_code, budget.year), {})
        rows.append(
            {
                "year": budget.year,
                "province_code": budget.province_id,
                "province": budget.province.name,
                "product_code": budget.product_code,
                "budget_amount": budget.amount,
                "budget_units": budget.units,
                "committed_amount": budget.committed_amount,
                "committed_units": budget.committed_units,
                "proposed": total.get("proposed") or 0,
                "approved": total.get("approved") or 0,
                "approved_amount": total.get("approved_amount") or 0,
                "approved_units": total.get("approved_units") or 0,
                "disbursed": total.get("disbursed") or 0,
                "disbursed_amount": total.get("disbursed_amount") or 0,
                "reports_in": total.get("reports_in") or 0,
            }
        )
    return rows
