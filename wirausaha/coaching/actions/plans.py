"""The business plan: saved section by section by its participant, submitted as a version,
returned with the counselor's comments per section or approved (which sets the milestone)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.registry.models import Participant

from ..models import BusinessPlan, Milestone, PlanVersion
from ..presentation import figures_of
from ..queries import active_assignment_of, zone_of
from ..sections import (
    BY_KEY,
    MONEY,
    MONTH_FIELDS,
    MONTHS,
    NUMBER,
    RATE,
    SECTIONS,
    SHARE,
    section_is_filled,
)
from ..tasks import render_plan_pdf
from .milestones import record_milestone
from .rules import StateError, require_coach_of, require_owner

MAX_TEXT = 4000
MAX_MONEY = 100_000_000_000
EDITABLE = (BusinessPlan.Status.DRAFT, BusinessPlan.Status.RETURNED)


def plan_for(participant: Participant) -> BusinessPlan:
    """The participant's plan (an empty draft the first time)."""
    plan, _created = BusinessPlan.objects.get_or_create(participant=participant)
    return plan


def _clean_value(kind: str, raw, field: str, errors: dict):
    if kind not in (MONEY, NUMBER, RATE, SHARE):
        text = str(raw or "").strip()
        if len(text) > MAX_TEXT:
            errors[field] = _("At most %(n)s characters.") % {"n": MAX_TEXT}
        return text
    if raw in (None, ""):
        return None
    text = (
        str(raw).strip().replace(".", "").replace(" ", "")
        if kind == MONEY
        else str(raw).strip().replace(",", ".")
    )
    try:
        value = int(text) if kind in (MONEY, NUMBER) else float(text)
    except ValueError:
        errors[field] = (
            _("Enter a whole number, such as 1500000.") if kind in (MONEY, NUMBER) else _("Enter a number.")
        )
        return None
    top = {MONEY: MAX_MONEY, NUMBER: 120, RATE: 100, SHARE: 1}[kind]
    if not 0 <= value <= top:
        errors[field] = _("Must be between 0 and %(top)s.") % {"top": f"{top:,}".replace(",", ".")}
        return None
    return value


def clean_section(key: str, data: dict) -> dict:
    """A section's fields as stored, or InvalidInput naming each wrong field."""
    section = BY_KEY.get(key)
    if section is None:
        raise InvalidInput({"section": _("Unknown section.")})
    errors: dict[str, str] = {}
    if section.monthly:
        months = []
        for index in range(MONTHS):
            given = data.get("months") or []
            row = given[index] if index < len(given) and isinstance(given[index], dict) else {}
            kinds = {"units": MONEY, "credit_share": RATE, "owner_drawings": MONEY}
            cleaned = {
                name: _clean_value(kinds[name], row.get(name), f"months.{index}.{name}", errors)
                for name in MONTH_FIELDS
            }
            months.append(cleaned)
        while months and all(v is None for v in months[-1].values()):
            months.pop()
        result = {"months": months}
    else:
        result = {f.key: _clean_value(f.kind, data.get(f.key), f.key, errors) for f in section.fields}
    if errors:
        raise InvalidInput(errors)
    return result


@transaction.atomic
def save_plan_section(*, participant: Participant, key: str, data: dict, by: User) -> BusinessPlan:
    """Save one section of the participant's own plan (a draft, or a returned plan)."""
    require_owner(by, participant)
    cleaned = clean_section(key, data)
    plan = BusinessPlan.objects.select_for_update().get(pk=plan_for(participant).pk)
    if plan.status not in EDITABLE:
        raise StateError(
            _("The plan is %(status)s: it cannot be changed now.") % {"status": plan.get_status_display()}
        )
    before = plan.content.get(key)
    plan.content = {**plan.content, key: cleaned}
    plan.save(update_fields=["content", "updated_at"])
    if before != cleaned:
        record_event(by, "business_plan.section_saved", plan, changes={"section": [None, key]})
    return plan


@transaction.atomic
def submit_plan(*, participant: Participant, by: User, now: datetime | None = None) -> BusinessPlan:
    """Send the plan to the counselor for review, as a new version. Every section must be filled
    in and the figures must compute."""
    require_owner(by, participant)
    plan = BusinessPlan.objects.select_for_update().get(pk=plan_for(participant).pk)
    if plan.status not in EDITABLE:
        raise StateError(
            _("The plan is %(status)s: it cannot be submitted now.") % {"status": plan.get_status_display()}
        )
    empty = {
        s.key: _("Fill in this section.")
        for s in SECTIONS
        if not section_is_filled(s, plan.content.get(s.key, {}))
    }
    if empty:
        raise InvalidInput(empty, _("Some sections are still empty."))
    _figures, problems = figures_of(plan.content)
    if problems or _figures is None:
        raise InvalidInput(
            {p["field"]: p["message"] for p in problems} or {"costing": _("Fill in the costing.")}
        )
    now = now or timezone.now()
    PlanVersion.objects.create(plan=plan, number=plan.version, content=plan.content, submitted_at=now)
    before = plan.status
    plan.status, plan.submitted_at = BusinessPlan.Status.SUBMITTED, now
    plan.save(update_fields=["status", "submitted_at", "updated_at"])
    record_event(
        by,
        "business_plan.submitted",
        plan,
        changes={"status": [before, plan.status], "version": [None, plan.version]},
    )
    assignment = active_assignment_of(participant)
    if assignment is not None:
        with in_recipients_language():
            notify(
                assignment.counselor.user,
                subject=_("A business plan to review"),
                body=_("%(name)s submitted version %(version)s of their business plan: %(url)s")
                % {
                    "name": participant.full_name,
                    "version": plan.version,
                    "url": settings.SITE_URL.rstrip("/")
                    + reverse("coaching:plan_review", args=[participant.pk]),
                },
            )
    return plan


@transaction.atomic
def review_plan(
    *,
    participant: Participant,
    by: User | None,
    approve: bool,
    comments: dict[str, str],
    now: datetime | None = None,
) -> BusinessPlan:
    """The counselor approves the submitted version (setting the milestone "plan approved") or
    returns it with at least one comment, on the sections it names."""
    require_coach_of(by, participant)
    plan = BusinessPlan.objects.select_for_update().get(pk=plan_for(participant).pk)
    if plan.status != BusinessPlan.Status.SUBMITTED:
        raise StateError(_("Only a submitted plan can be reviewed."))
    comments = {
        key: text.strip() for key, text in (comments or {}).items() if key in BY_KEY and (text or "").strip()
    }
    if not approve and not comments:
        raise InvalidInput({"comments": _("Write a comment on at least one section to return the plan.")})
    now = now or timezone.now()
    version = PlanVersion.objects.select_for_update().get(plan=plan, number=plan.version)
    version.decision = PlanVersion.Decision.APPROVED if approve else PlanVersion.Decision.RETURNED
    version.comments, version.decided_at, version.decided_by = comments, now, by
    version.save(update_fields=["decision", "comments", "decided_at", "decided_by"])
    before = plan.status
    if approve:
        plan.status, plan.approved_at = BusinessPlan.Status.APPROVED, now
    else:
        plan.status, plan.version = BusinessPlan.Status.RETURNED, plan.version + 1
    plan.save(update_fields=["status", "approved_at", "version", "updated_at"])
    record_event(
        by,
        "business_plan.reviewed",
        plan,
        changes={"status": [before, plan.status], "version": [None, version.number]},
    )
    if approve:
        day = timezone.localtime(now, ZoneInfo(zone_of(participant))).date()
        record_milestone(
            participant=participant,
            kind=Milestone.Kind.PLAN_APPROVED,
            reached_on=day,
            by=by,
            source="coaching",
        )
        plan_id = plan.pk
        transaction.on_commit(lambda: render_plan_pdf.enqueue(plan_id=plan_id))
    if participant.user_id:
        with in_recipients_language(participant.user):
            subject = (
                _("Your business plan was approved")
                if approve
                else _("Your business plan was returned with comments")
            )
            body = _("See your plan: %(url)s") % {
                "url": settings.SITE_URL.rstrip("/") + reverse("coaching:my_plan")
            }
        notify(
            participant.user, subject=subject, body=body, event="plan_decided", params={"decision": subject}
        )
    return plan
