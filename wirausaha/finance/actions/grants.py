"""Programme money with maker-checker: an officer proposes a grant or equipment aid for a participant,
another officer approves or rejects it (nobody decides their own proposal, not even an admin), the
approval commits the province's budget for the year under a row lock, then the money or goods are
disbursed and the beneficiary's accountability report is recorded. National admins set budgets."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.coaching.actions import record_milestone
from wirausaha.coaching.models import Milestone
from wirausaha.coaching.presentation import rupiah
from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError, InvalidInput, PermissionDenied
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.reference.models import Region
from wirausaha.registry.evidence import check_evidence
from wirausaha.registry.models import Participant

from ..models import FinancingProduct, GrantBudget, GrantProposal
from ..queries.grants import PROGRAMME_KINDS, manages_budgets, works_on_grants
from ..queries.products import product_in_force

MAX_BUDGET_RUPIAH = 10**15
MAX_UNITS = 10**6


class GrantStateError(DomainError):
    code = "conflict"


def _officer(by: User) -> None:
    if not works_on_grants(by):
        raise PermissionDenied(_("Only officers of the ministry or a labour office handle programme money."))


def _budget_for_update(product_code: str, province_id: str, year: int) -> GrantBudget | None:
    return (
        GrantBudget.objects.select_for_update()
        .filter(product_code=product_code, province_id=province_id, year=year)
        .first()
    )


def _check_budget(budget: GrantBudget | None, product: FinancingProduct, amount: int, units: int, year: int):
    if budget is None:
        raise InvalidInput(
            {
                "product": _("There is no %(product)s budget for this province in %(year)s.")
                % {"product": product.name, "year": year}
            }
        )
    if product.kind == FinancingProduct.Kind.EQUIPMENT:
        if units > budget.remaining_units:
            raise InvalidInput(
                {
                    "units": _("Only %(left)s units of the province's stock remain for %(year)s.")
                    % {"left": budget.remaining_units, "year": year}
                }
            )
    elif amount > budget.remaining_amount:
        raise InvalidInput(
            {
                "amount": _("Only %(left)s of the province's budget remains for %(year)s.")
                % {"left": rupiah(budget.remaining_amount), "year": year}
            }
        )


def _notify_participant(participant: Participant, subject: str, body: str) -> None:
    if participant.user_id:
        notify(participant.user, subject=subject, body=body)


@transaction.atomic
def propose_grant(
    *,
    participant: Participant,
    product_code: str,
    amount: int,
    purpose: str,
    by: User,
    units: int = 0,
    new_workers: int = 0,
    on: date | None = None,
) -> GrantProposal:
    """Propose programme money for a participant (already fetched through the officer's scope).
    The product must be a grant or equipment aid in force; the amount within its floor and ceiling;
    equipment counts at least one unit; the product's new-worker condition met; and the province's
    budget for the year must still hold it (checked again, under lock, at approval)."""
    _officer(by)
    on = on or timezone.localdate()
    product = product_in_force(product_code, on)
    errors = {}
    if product is None or product.kind not in PROGRAMME_KINDS:
        raise InvalidInput({"product": _("Choose a grant or equipment aid in force today.")})
    if not isinstance(amount, int) or amount <= 0:
        errors["amount"] = _("Enter the amount in whole rupiah.")
    elif amount > product.max_amount:
        errors["amount"] = _("Above the ceiling of %(product)s (%(ceiling)s).") % {
            "product": product.name,
            "ceiling": rupiah(product.max_amount),
        }
    elif amount < product.min_amount:
        errors["amount"] = _("Below the floor of %(product)s (%(floor)s).") % {
            "product": product.name,
            "floor": rupiah(product.min_amount),
        }
    if product.kind == FinancingProduct.Kind.EQUIPMENT:
        if not isinstance(units, int) or not 1 <= units <= MAX_UNITS:
            errors["units"] = _("Equipment aid counts at least one unit.")
    else:
        units = 0
    if new_workers < product.min_new_workers:
        errors["new_workers"] = _("%(product)s needs at least %(count)s new worker(s) hired.") % {
            "product": product.name,
            "count": product.min_new_workers,
        }
    purpose = (purpose or "").strip()
    if not purpose:
        errors["purpose"] = _("Say what the money or equipment is for.")
    if not participant.province_code:
        errors["participant"] = _("The participant has no recorded domicile, so no province budget applies.")
    if errors:
        raise InvalidInput(errors)
    _check_budget(
        GrantBudget.objects.filter(
            product_code=product.code, province_id=participant.province_code, year=on.year
        ).first(),
        product,
        amount,
        units,
        on.year,
    )
    if (
        GrantProposal.objects.filter(participant=participant, product__code=product.code)
        .exclude(status=GrantProposal.Status.REJECTED)
        .exists()
    ):
        raise InvalidInput(
            {"product": _("This participant already has a %(product)s proposal.") % {"product": product.name}}
        )
    try:
        with transaction.atomic():
            proposal = GrantProposal.objects.create(
                participant=participant,
                product=product,
                province=Region.objects.get(pk=participant.province_code),
                year=on.year,
                amount=amount,
                units=units,
                new_workers=new_workers,
                purpose=purpose[:2000],
                proposed_by=by,
            )
    except IntegrityError:
        # The same proposal sent twice at once: the unique constraint kept one.
        raise InvalidInput(
            {"product": _("This participant already has a %(product)s proposal.") % {"product": product.name}}
        ) from None
    record_event(
        by,
        "grant.proposed",
        proposal,
        changes={"product": [None, product.code], "amount": [None, amount], "units": [None, units]},
    )
    with in_recipients_language():
        _notify_participant(
            participant,
            _("Your %(product)s has been proposed") % {"product": product.name},
            _(
                "An officer proposed %(product)s of %(amount)s for you. Another officer will review it; "
                "you will hear the decision here. It is free: nobody may ask you for money for it."
            )
            % {"product": product.name, "amount": rupiah(amount)},
        )
    return proposal


@transaction.atomic
def decide_grant(proposal: GrantProposal, *, approve: bool, by: User, note: str = "") -> GrantProposal:
    """Approve or reject a proposal awaiting a decision. The decider is never the proposer. An approval
    locks the province's budget row for the year and commits the amount (or units) only when it
    still fits; the database's CHECK refuses any overrun that slipped past."""
    _officer(by)
    proposal = (
        GrantProposal.objects.select_for_update().select_related("product", "participant").get(pk=proposal.pk)
    )
    if proposal.proposed_by_id == by.pk:
        raise PermissionDenied(_("You proposed this; another officer must decide it."))
    if proposal.status != GrantProposal.Status.PROPOSED:
        raise GrantStateError(
            _("This proposal has already been decided (%(status)s).")
            % {"status": proposal.get_status_display()}
        )
    note = (note or "").strip()
    product = proposal.product
    if approve:
        budget = _budget_for_update(product.code, proposal.province_id, proposal.year)
        _check_budget(budget, product, proposal.amount, proposal.units, proposal.year)
        if product.kind == FinancingProduct.Kind.EQUIPMENT:
            committed = {"committed_units": F("committed_units") + proposal.units}
        else:
            committed = {"committed_amount": F("committed_amount") + proposal.amount}
        try:
            with transaction.atomic():
                GrantBudget.objects.filter(pk=budget.pk).update(**committed)
        except IntegrityError:
            raise InvalidInput(
                {"amount": _("The province's budget for the year cannot hold this.")}
            ) from None
        proposal.status = GrantProposal.Status.APPROVED
    else:
        if not note:
            raise InvalidInput({"note": _("Say why the proposal is rejected.")})
        proposal.status = GrantProposal.Status.REJECTED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = note[:2000]
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    record_event(
        by,
        "grant.approved" if approve else "grant.rejected",
        proposal,
        reason=note,
        changes={"status": [GrantProposal.Status.PROPOSED, proposal.status]},
    )
    if approve:
        record_milestone(
            participant=proposal.participant,
            kind=Milestone.Kind.FIRST_FINANCING,
            reached_on=timezone.localdate(),
            by=by,
            note=product.name,
            source="finance.grant",
        )
    with in_recipients_language():
        if approve:
            subject = _("Your %(product)s has been approved") % {"product": product.name}
            body = _(
                "%(product)s of %(amount)s has been approved for you. The officer will tell you when "
                "it is disbursed. It is free: nobody may ask you for money for it."
            )
        else:
            subject = _("Your %(product)s was not approved") % {"product": product.name}
            body = _("%(product)s of %(amount)s was not approved. Reason: %(note)s")
        _notify_participant(
            proposal.participant,
            subject,
            body % {"product": product.name, "amount": rupiah(proposal.amount), "note": note},
        )
    return proposal


@transaction.atomic
def disburse_grant(
    proposal: GrantProposal, *, on: date, amount: int, by: User, report_due_on: date | None = None
) -> GrantProposal:
    """Record the disbursement of an approved proposal: the date (not in the future) and the amount (at
    most the approved one). The accountability report falls due on `report_due_on`, by default the
    product's number of days after the disbursement."""
    _officer(by)
    proposal = (
        GrantProposal.objects.select_for_update().select_related("product", "participant").get(pk=proposal.pk)
    )
    if proposal.status != GrantProposal.Status.APPROVED:
        raise GrantStateError(_("Only an approved proposal can be disbursed."))
    errors = {}
    today = timezone.localdate()
    if not isinstance(on, date) or on > today:
        errors["disbursed_on"] = _("Enter a date that is not in the future.")
    if not isinstance(amount, int) or amount <= 0:
        errors["disbursed_amount"] = _("Enter the amount in whole rupiah.")
    elif amount > proposal.amount:
        errors["disbursed_amount"] = _("At most the approved %(amount)s.") % {
            "amount": rupiah(proposal.amount)
        }
    if report_due_on is None and isinstance(on, date) and proposal.product.report_due_days:
        report_due_on = on + timedelta(days=proposal.product.report_due_days)
    if report_due_on is not None and isinstance(on, date) and report_due_on < on:
        errors["report_due_on"] = _("The report cannot fall due before the disbursement.")
    if errors:
        raise InvalidInput(errors)
    proposal.status = GrantProposal.Status.DISBURSED
    proposal.disbursed_on = on
    proposal.disbursed_amount = amount
    proposal.report_due_on = report_due_on
    proposal.save(update_fields=["status", "disbursed_on", "disbursed_amount", "report_due_on", "updated_at"])
    record_event(
        by,
        "grant.disbursed",
        proposal,
        changes={
            "status": [GrantProposal.Status.APPROVED, proposal.status],
            "disbursed_on": [None, on.isoformat()],
            "disbursed_amount": [None, amount],
        },
    )
    record_milestone(
        participant=proposal.participant,
        kind=Milestone.Kind.FIRST_FINANCING,
        reached_on=on,
        by=by,
        note=proposal.product.name,
        source="finance.grant",
    )
    with in_recipients_language():
        due = (
            _(" Please send your report on how it was used by %(due)s.")
            % {"due": report_due_on.strftime("%d/%m/%Y")}
            if report_due_on
            else ""
        )
        _notify_participant(
            proposal.participant,
            _("Your %(product)s has been disbursed") % {"product": proposal.product.name},
            _("%(amount)s of %(product)s was disbursed on %(on)s.")
            % {
                "amount": rupiah(amount),
                "product": proposal.product.name,
                "on": on.strftime("%d/%m/%Y"),
            }
            + due,
        )
    return proposal


@transaction.atomic
def record_grant_report(proposal: GrantProposal, *, submitted_on: date, upload, by: User) -> GrantProposal:
    """Record the beneficiary's accountability report of a disbursed proposal: the date it was
    submitted and the file (a PDF, JPEG or PNG, checked by its content)."""
    _officer(by)
    proposal = GrantProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != GrantProposal.Status.DISBURSED:
        raise GrantStateError(_("The report is recorded after the disbursement."))
    errors = {}
    if not isinstance(submitted_on, date) or submitted_on > timezone.localdate():
        errors["submitted_on"] = _("Enter a date that is not in the future.")
    elif proposal.disbursed_on and submitted_on < proposal.disbursed_on:
        errors["submitted_on"] = _("The report cannot come before the disbursement.")
    extension = None
    if upload is None:
        errors["file"] = _("Upload the report.")
    else:
        try:
            extension, _type = check_evidence(upload)
        except ValueError as error:
            errors["file"] = str(error)
    if errors:
        raise InvalidInput(errors)
    before = proposal.report_submitted_on
    if proposal.report_file:
        proposal.report_file.delete(save=False)
    proposal.report_file.save(f"report.{extension}", upload, save=False)
    proposal.report_submitted_on = submitted_on
    proposal.save(update_fields=["report_file", "report_submitted_on", "updated_at"])
    record_event(
        by,
        "grant.report_recorded",
        proposal,
        changes={"report_submitted_on": [before.isoformat() if before else None, submitted_on.isoformat()]},
    )
    return proposal


@transaction.atomic
def save_budget(
    *, product_code: str, province_id: str, year: int, amount: int = 0, units: int = 0, by: User
) -> GrantBudget:
    """Set a province's budget for a grant (rupiah) or its stock of equipment aid (units) for a year.
    National admins only; never below what approvals already committed."""
    if not manages_budgets(by):
        raise PermissionDenied(_("Only national admins set budgets."))
    errors = {}
    product = FinancingProduct.objects.filter(code=product_code, kind__in=PROGRAMME_KINDS).first()
    if product is None:
        errors["product_code"] = _("Choose a grant or equipment aid.")
    province = Region.objects.filter(pk=province_id, level=Region.Level.PROVINCE).first()
    if province is None:
        errors["province"] = _("Choose a province.")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = _("Enter a year between 2000 and 2100.")
    if not isinstance(amount, int) or not 0 <= amount <= MAX_BUDGET_RUPIAH:
        errors["amount"] = _("Enter the budget in whole rupiah.")
    if not isinstance(units, int) or not 0 <= units <= MAX_UNITS:
        errors["units"] = _("Enter the stock as a whole number of units.")
    if errors:
        raise InvalidInput(errors)
    if product.kind == FinancingProduct.Kind.EQUIPMENT and units == 0:
        raise InvalidInput({"units": _("Equipment aid is budgeted in units: enter the stock.")})
    if product.kind != FinancingProduct.Kind.EQUIPMENT and amount == 0:
        raise InvalidInput({"amount": _("A grant is budgeted in rupiah: enter the budget.")})
    budget, created = GrantBudget.objects.get_or_create(
        product_code=product_code, province=province, year=year, defaults={"updated_by": by}
    )
    budget = GrantBudget.objects.select_for_update().get(pk=budget.pk)
    if amount < budget.committed_amount:
        raise InvalidInput(
            {
                "amount": _("Approvals already committed %(committed)s.")
                % {"committed": rupiah(budget.committed_amount)}
            }
        )
    if units < budget.committed_units:
        raise InvalidInput(
            {
                "units": _("Approvals already committed %(committed)s units.")
                % {"committed": budget.committed_units}
            }
        )
    before = {"amount": None if created else budget.amount, "units": None if created else budget.units}
    budget.amount, budget.units, budget.updated_by = amount, units, by
    budget.save(update_fields=["amount", "units", "updated_by", "updated_at"])
    record_event(
        by,
        "grant_budget.saved",
        budget,
        changes={"amount": [before["amount"], amount], "units": [before["units"], units]},
    )
    return budget
