"""One timeline per person: everything that happened to a participant, across every app, in order.

Who may read it: the participant their own; staff who see the dashboard, the people in their
scope (indicators.scope_q). Anyone else gets the same 404 as for a person who does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Q
from django.http import Http404
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.allocation.models import AllocationRun, Placement
from wirausaha.coaching.models import Assignment, BusinessPlan, Milestone
from wirausaha.coaching.presentation import rupiah
from wirausaha.finance.models import Application, Referral
from wirausaha.licensing.models import Business
from wirausaha.market.models.deals import Deal
from wirausaha.programs.models import EnrolmentEvent
from wirausaha.registry.models import LISTED, Participant
from wirausaha.training.models import Attendance, Certificate

from .indicators import scope_q, sees_dashboard
from .models import FollowUpAnswer

JAKARTA = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str
    title: str
    detail: str = ""


def participant_for(user: User, pk: int) -> Participant:
    """The participant whose timeline `user` may read, or Http404."""
    if user.is_authenticated and user.is_active and user.role == Role.PARTICIPANT:
        q = Q(user=user)
    elif sees_dashboard(user):
        q = scope_q(user)
    else:
        raise Http404
    found = Participant.objects.filter(LISTED).filter(q).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def own_participant(user: User) -> Participant:
    found = Participant.objects.filter(LISTED, user=user).first() if user.is_authenticated else None
    if found is None:
        raise Http404
    return found


def _day(value: date) -> datetime:
    return datetime.combine(value, time(12, 0), tzinfo=JAKARTA)


def timeline(participant: Participant) -> list[Entry]:
    """Every entry, oldest first (same moment: in the order the steps happen)."""
    p = participant
    entries = [Entry(p.created_at, "registered", _("Registered"), p.get_source_display())]
    if p.verified_at:
        entries.append(
            Entry(p.verified_at, "verified", _("Registration checked"), p.get_verification_display())
        )
    for event in (
        EnrolmentEvent.objects.filter(enrolment__participant=p)
        .select_related("enrolment__wave")
        .order_by("created_at", "id")
    ):
        entries.append(
            Entry(
                event.created_at,
                f"enrolment.{event.to_state}",
                _("Applied to a wave") if event.to_state == "applied" else event.get_to_state_display(),
                event.enrolment.wave.code,
            )
        )
    for placement in Placement.objects.filter(
        enrolment__participant=p, run__status=AllocationRun.Status.CONFIRMED, cohort__isnull=False
    ).select_related("cohort__centre", "run"):
        at = placement.moved_at or placement.run.decided_at or placement.run.created_at
        entries.append(
            Entry(
                at,
                "placement",
                _("Class assigned"),
                f"{placement.cohort.code} · {placement.cohort.centre.short_name}",
            )
        )
    for row in (
        Attendance.objects.filter(enrolment__participant=p)
        .values("enrolment_id")
        .annotate(marked=Count("pk"), present=Count("pk", filter=Q(status="present")), last=Max("marked_at"))
        .order_by()
    ):
        entries.append(
            Entry(
                row["last"],
                "attendance",
                _("Attendance"),
                _("%(present)d of %(marked)d sessions attended")
                % {"present": row["present"], "marked": row["marked"]},
            )
        )
    for certificate in Certificate.objects.filter(enrolment__participant=p).select_related("document"):
        entries.append(
            Entry(
                certificate.document.issued_at,
                "certificate",
                _("Certificate issued"),
                certificate.document.number,
            )
        )
    for assignment in Assignment.objects.filter(
        participant=p, status__in=[Assignment.Status.ACTIVE, Assignment.Status.ENDED]
    ).select_related("counselor__user"):
        entries.append(
            Entry(
                assignment.started_at or assignment.created_at,
                "counselor",
                _("Counselor assigned"),
                assignment.counselor.user.display_name if assignment.counselor_id else "",
            )
        )
    plan = BusinessPlan.objects.filter(participant=p).first()
    if plan and plan.submitted_at:
        entries.append(Entry(plan.submitted_at, "plan.submitted", _("Business plan submitted")))
    if plan and plan.approved_at:
        entries.append(Entry(plan.approved_at, "plan.approved", _("Business plan approved")))
    milestones = Milestone.objects.filter(participant=p)
    if plan and plan.approved_at:
        milestones = milestones.exclude(kind=Milestone.Kind.PLAN_APPROVED)  # shown from the plan
    for milestone in milestones:
        entries.append(
            Entry(
                _day(milestone.reached_on),
                f"milestone.{milestone.kind}",
                milestone.get_kind_display(),
                milestone.note,
            )
        )
    for business in Business.objects.filter(participant=p):
        if business.nib and business.nib_issued_on:
            entries.append(Entry(_day(business.nib_issued_on), "nib", _("NIB issued"), business.name))
    for application in Application.objects.filter(participant=p).select_related("product"):
        entries.append(
            Entry(
                application.created_at,
                "finance.application",
                _("Application for capital"),
                str(application.product),
            )
        )
    for referral in Referral.objects.filter(application__participant=p).select_related("partner"):
        entries.append(
            Entry(
                referral.referred_at,
                "finance.referral",
                _("Referred to a financing partner"),
                referral.partner.name,
            )
        )
        if referral.decided_at:
            entries.append(
                Entry(
                    referral.decided_at,
                    "finance.decision",
                    _("Financing partner's decision"),
                    referral.get_status_display(),
                )
            )
    entries.extend(_deals(p))
    for answer in FollowUpAnswer.objects.filter(participant=p).select_related("round"):
        entries.append(
            Entry(
                answer.submitted_at,
                "follow_up",
                _("Follow-up after %(months)d months answered") % {"months": answer.round.months},
                _("Business operating") if answer.operating else _("Business not operating"),
            )
        )
    return sorted((e for e in entries if e.at), key=lambda e: e.at)


def _deals(p: Participant) -> list[Entry]:
    """The market's deals of the person's businesses: introduced, contract (the first sale), delivered
    or lost, each at the date it records."""
    entries = []
    for deal in Deal.objects.filter(business__participant=p).select_related("buyer__organisation"):
        buyer = deal.buyer.organisation.name
        entries.append(Entry(deal.created_at, "market.deal", _("Deal with a buyer started"), buyer))
        if deal.contract_on and deal.contract_value is not None:
            detail = f"{buyer} · {rupiah(deal.contract_value)}"
            entries.append(Entry(_day(deal.contract_on), "market.contract", _("Contract signed"), detail))
        if deal.delivered_on and deal.delivered_value is not None:
            detail = f"{buyer} · {rupiah(deal.delivered_value)}"
            entries.append(Entry(_day(deal.delivered_on), "market.delivered", _("Order delivered"), detail))
        if deal.status == Deal.Status.LOST:
            entries.append(Entry(deal.updated_at, "market.lost", _("Deal lost"), deal.lost_reason))
    return entries
