"""The grievance officer's steps: acknowledge, note, escalate, resolve (and decide an appeal), and
the automatic escalation of late cases, which the periodic sweep runs (stale.py)."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wirausaha.accounts.models import User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput, NotFound, PermissionDenied

from ..models import EscalationReason, Grievance, Level, Outcome, Status, Update
from ..queries import acts_on, desk_of, grievances_visible_to
from .reporting import MAX_TEXT, MIN_TEXT
from .rules import StateError, add_update, choose_officer, now, tell_officer, tell_reporter


def _for_officer(grievance: Grievance, by: User) -> Grievance:
    """The case locked for a change by `by`: missing when out of their reach, refused when they
    may read it but not handle it (a national admin, a regional desk on a national case)."""
    if not grievances_visible_to(by).filter(pk=grievance.pk).exists():
        raise NotFound(_("Not found."))
    if not acts_on(by, grievance):
        raise PermissionDenied(_("Only the grievance officers handling this case may change it."))
    return Grievance.objects.select_for_update().get(pk=grievance.pk)


def _text(field: str, text: str, *, required: bool = True) -> str:
    text = (text or "").strip()
    if required and len(text) < MIN_TEXT:
        raise InvalidInput({field: _("Write at least %(min)d characters.") % {"min": MIN_TEXT}})
    if len(text) > MAX_TEXT:
        raise InvalidInput({field: _("Write at most %(max)d characters.") % {"max": MAX_TEXT}})
    return text


@transaction.atomic
def acknowledge(*, grievance: Grievance, by: User, text: str = "") -> Grievance:
    text = _text("text", text, required=False)
    grievance = _for_officer(grievance, by)
    if grievance.status != Status.RECEIVED:
        raise StateError(_("This case was acknowledged already."))
    grievance.status = Status.ACKNOWLEDGED
    grievance.acknowledged_at = now()
    if grievance.assigned_to_id is None:
        grievance.assigned_to = by
    grievance.save(update_fields=["status", "acknowledged_at", "assigned_to", "updated_at"])
    add_update(grievance, Update.Kind.ACKNOWLEDGED, text=text, by=by)
    record_event(
        by, "grievance.acknowledged", grievance, changes={"status": [Status.RECEIVED, Status.ACKNOWLEDGED]}
    )
    tell_reporter(grievance)
    return grievance


@transaction.atomic
def add_note(*, grievance: Grievance, by: User, text: str, public: bool = False) -> Update:
    """A note on the case: internal, or shown to the reporter (`public`)."""
    text = _text("text", text)
    grievance = _for_officer(grievance, by)
    update = add_update(grievance, Update.Kind.NOTE, text=text, public=public, by=by)
    record_event(by, "grievance.noted", grievance, changes={"public": [None, public]})
    if public:
        tell_reporter(grievance)
    return update


def _escalate(grievance: Grievance, *, by: User | None, reason: str, text: str = "") -> Grievance:
    before = grievance.assigned_to_id
    grievance.level = Level.NATIONAL
    grievance.escalated_at = now()
    grievance.escalation_reason = reason
    grievance.assigned_to = choose_officer(grievance, national=True) or grievance.assigned_to
    grievance.save(update_fields=["level", "escalated_at", "escalation_reason", "assigned_to", "updated_at"])
    add_update(grievance, Update.Kind.ESCALATED, text=text, by=by)
    record_event(
        by,
        "grievance.escalated",
        grievance,
        reason=str(EscalationReason(reason).label),
        changes={
            "level": [Level.REGIONAL, Level.NATIONAL],
            "assigned_to": [before, grievance.assigned_to_id],
        },
    )
    tell_officer(grievance, gettext_lazy("A complaint was escalated to you"))
    tell_reporter(grievance)
    return grievance


@transaction.atomic
def escalate(*, grievance: Grievance, by: User, text: str) -> Grievance:
    """A regional officer refers the case to the national level, saying why (shown to the reporter)."""
    text = _text("text", text)
    grievance = _for_officer(grievance, by)
    if grievance.level == Level.NATIONAL:
        raise StateError(_("This case is at the national level already."))
    if not grievance.is_open:
        raise StateError(_("This case is closed."))
    return _escalate(grievance, by=by, reason=EscalationReason.BY_OFFICER, text=text)


@transaction.atomic
def resolve(*, grievance: Grievance, by: User, outcome: str, summary: str) -> Grievance:
    """Record the outcome, with a summary the reporter reads. On an appealed case this is the
    appeal's decision (national level only), and the case is closed for good."""
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    try:
        summary = _text("summary", summary)
    except InvalidInput as error:
        errors.update(error.errors)
    if errors:
        raise InvalidInput(errors)
    grievance = _for_officer(grievance, by)
    if not grievance.is_open:
        raise StateError(_("This case is closed."))
    moment = now()
    before = grievance.status
    if grievance.status == Status.APPEALED:
        desk = desk_of(by)
        if desk is None or not desk.is_national:
            raise PermissionDenied(_("An appeal is decided at the national level."))
        grievance.status = Status.CLOSED
        grievance.closed_at = moment
        kind, verb = Update.Kind.APPEAL_DECIDED, "grievance.appeal_decided"
    else:
        grievance.status = Status.RESOLVED
        grievance.acknowledged_at = grievance.acknowledged_at or moment
        kind, verb = Update.Kind.RESOLVED, "grievance.resolved"
    grievance.resolved_at = moment
    grievance.outcome = outcome
    grievance.outcome_summary = summary
    if grievance.assigned_to_id is None:
        grievance.assigned_to = by
    grievance.save()
    add_update(grievance, kind, text=summary, by=by)
    record_event(
        by, verb, grievance, changes={"status": [before, grievance.status], "outcome": [None, outcome]}
    )
    tell_reporter(grievance)
    return grievance


def late_cases(at):
    """Regional cases past a service level at `at`: not acknowledged, or not resolved, in time."""
    return Grievance.objects.filter(level=Level.REGIONAL).filter(
        Q(status=Status.RECEIVED, acknowledge_due_at__lt=at)
        | Q(status__in=[Status.RECEIVED, Status.ACKNOWLEDGED], resolve_due_at__lt=at)
    )


def escalate_late_cases(*, limit: int = 500) -> int:
    """Escalate to the national level each regional case past its service level, each in its own
    transaction with the row locked and the condition checked again, so that overlapping sweeps
    never escalate one twice. Returns how many."""
    at = now()
    escalated = 0
    for pk in late_cases(at).order_by("pk").values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            grievance = late_cases(at).select_for_update().filter(pk=pk).first()
            if grievance is None:
                continue
            late_ack = grievance.status == Status.RECEIVED and grievance.acknowledge_due_at < at
            reason = EscalationReason.LATE_ACKNOWLEDGEMENT if late_ack else EscalationReason.LATE_RESOLUTION
            _escalate(grievance, by=None, reason=reason)
            escalated += 1
    return escalated


@transaction.atomic
def note_evidence_opened(*, grievance: Grievance, evidence_id: int, by: User) -> None:
    """An evidence file was handed out: who read it is part of the case's trail."""
    record_event(by, "grievance.evidence_downloaded", grievance, changes={"evidence": [None, evidence_id]})
