"""Plain words for the audit trail: what an action code means, what a changed key is called, and a
stored value as a person reads it. The trail keeps codes and raw values (they are the evidence);
this module only translates them for the page, in the active language.

Every action code written by `record_event` has a label here; a test reads the code base for the
codes and fails on one without a label. An unknown code (an old event) is shown as it is."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AuditEvent

VERBS = {
    "action_item.added": gettext_lazy("Coaching action item added"),
    "action_item.changed": gettext_lazy("Coaching action item changed"),
    "allocation.confirmed": gettext_lazy("Placement confirmed"),
    "allocation.discarded": gettext_lazy("Placement proposal discarded"),
    "allocation.exported": gettext_lazy("Placement list downloaded"),
    "allocation.proposed": gettext_lazy("Placement proposed"),
    "api_token.created": gettext_lazy("API token created"),
    "api_token.revoked": gettext_lazy("API token revoked"),
    "assessment.recorded": gettext_lazy("Assessment scores recorded"),
    "attendance.checked_in": gettext_lazy("Checked in by QR code"),
    "attendance.corrected": gettext_lazy("Attendance corrected"),
    "attendance.marked": gettext_lazy("Attendance marked"),
    "business.changed": gettext_lazy("Business changed"),
    "business.created": gettext_lazy("Business recorded"),
    "business.nib_declared": gettext_lazy("NIB recorded as declared"),
    "business.nib_returned": gettext_lazy("NIB returned for correction"),
    "business.nib_verified": gettext_lazy("NIB verified against its document"),
    "business_plan.downloaded": gettext_lazy("Business plan downloaded"),
    "business_plan.reviewed": gettext_lazy("Business plan reviewed"),
    "business_plan.section_saved": gettext_lazy("Business plan section saved"),
    "business_plan.submitted": gettext_lazy("Business plan submitted"),
    "certificate.downloaded": gettext_lazy("Certificate downloaded"),
    "certificate.issued": gettext_lazy("Certificate issued"),
    "certificate.revoked": gettext_lazy("Certificate revoked"),
    "coaching.change_decided": gettext_lazy("Counselor change request decided"),
    "coaching.change_requested": gettext_lazy("Another counselor requested"),
    "coaching.reassigned": gettext_lazy("Counselor reassigned"),
    "coaching_run.confirmed": gettext_lazy("Counselor assignment confirmed"),
    "coaching_run.discarded": gettext_lazy("Counselor assignment discarded"),
    "coaching_run.proposed": gettext_lazy("Counselor assignment proposed"),
    "coaching_session.planned": gettext_lazy("Coaching session planned"),
    "coaching_session.recorded": gettext_lazy("Coaching session recorded"),
    "checklist.refreshed": gettext_lazy("Licensing checklist refreshed from the rules"),
    "checklist_item.due_set": gettext_lazy("Licensing item due date set"),
    "checklist_item.updated": gettext_lazy("Licensing item updated"),
    "centre.signatory_changed": gettext_lazy("Certificate signatory of the centre changed"),
    "cohort.cancelled": gettext_lazy("Class cancelled"),
    "cohort.completed": gettext_lazy("Class completed"),
    "cohort.created": gettext_lazy("Class planned"),
    "cohort.joined": gettext_lazy("Participant added to a class"),
    "cohort.schedule_generated": gettext_lazy("Class schedule generated"),
    "cohort.started": gettext_lazy("Class started"),
    "cohort.updated": gettext_lazy("Class changed"),
    "counselor.changed": gettext_lazy("Counselor profile changed"),
    "counselor.created": gettext_lazy("Counselor profile created"),
    "course.changed": gettext_lazy("Course changed"),
    "course.created": gettext_lazy("Course created"),
    "demo.seeded": gettext_lazy("Demo data created"),
    "duplicate.marked_distinct": gettext_lazy("Possible duplicate marked as different people"),
    "enrolment.applied": gettext_lazy("Applied to a wave"),
    "enrolment.dropped_out": gettext_lazy("Left training"),
    "enrolment.promoted": gettext_lazy("Moved up from the waiting list"),
    "enrolment.withdrawn": gettext_lazy("Withdrew from a wave"),
    "finance_application.document_uploaded": gettext_lazy("Document for an application for capital uploaded"),
    "finance_application.document_viewed": gettext_lazy("Document of an application for capital opened"),
    "finance_application.started": gettext_lazy("Application for capital started"),
    "finance_application.withdrawn": gettext_lazy("Application for capital withdrawn"),
    "finance_referral.approved": gettext_lazy("Referral approved by the financing partner"),
    "finance_referral.disbursed": gettext_lazy("Financing disbursed"),
    "finance_referral.dossier_downloaded": gettext_lazy("Referral dossier downloaded"),
    "finance_referral.more_documents": gettext_lazy("Financing partner asked for more documents"),
    "finance_referral.rejected": gettext_lazy("Referral rejected by the financing partner"),
    "finance_referral.resent": gettext_lazy("Referral sent again"),
    "finance_referral.sent": gettext_lazy("Application referred to a financing partner"),
    "finance_referral.sikp_reported": gettext_lazy("SIKP status reported"),
    "grant.approved": gettext_lazy("Grant or equipment aid approved"),
    "grant.disbursed": gettext_lazy("Grant or equipment aid disbursed"),
    "grant.proposed": gettext_lazy("Grant or equipment aid proposed"),
    "grant.rejected": gettext_lazy("Grant or equipment aid rejected"),
    "grant.report_downloaded": gettext_lazy("Grant accountability report downloaded"),
    "grant.report_recorded": gettext_lazy("Grant accountability report recorded"),
    "grant_budget.reconciliation_exported": gettext_lazy("Programme money reconciliation downloaded"),
    "grant_budget.saved": gettext_lazy("Programme budget saved"),
    "grievance.acknowledged": gettext_lazy("Complaint acknowledged"),
    "grievance.appeal_decided": gettext_lazy("Complaint appeal decided"),
    "grievance.appealed": gettext_lazy("Complaint outcome appealed"),
    "grievance.escalated": gettext_lazy("Complaint escalated to the national level"),
    "grievance.evidence_downloaded": gettext_lazy("Complaint evidence file downloaded"),
    "grievance.information_added": gettext_lazy("Information added to a complaint"),
    "grievance.noted": gettext_lazy("Note added to a complaint"),
    "grievance.reported": gettext_lazy("Complaint reported"),
    "grievance.resolved": gettext_lazy("Complaint resolved"),
    "grievance_desk.saved": gettext_lazy("Grievance desk saved"),
    "grievance_setting.saved": gettext_lazy("Complaint service level or holiday saved"),
    "mentoring_letter.issued": gettext_lazy("Mentoring letter issued"),
    "licensing_rule.changed": gettext_lazy("Licensing rule changed"),
    "licensing_rule.created": gettext_lazy("Licensing rule added"),
    "milestone.recorded": gettext_lazy("Business milestone recorded"),
    "market_deal.started": gettext_lazy("Deal with a buyer started"),
    "market_deal.advanced": gettext_lazy("Deal with a buyer moved to its next step"),
    "market_event.created": gettext_lazy("Business-matching event created"),
    "market_event.registered": gettext_lazy("Registered for a business-matching event"),
    "market_event.meeting_requested": gettext_lazy("Meeting requested at a business-matching event"),
    "market_event.scheduled": gettext_lazy("Business-matching meetings scheduled"),
    "market_event.agendas_sent": gettext_lazy("Business-matching agendas sent"),
    "market_listing.changed": gettext_lazy("Demand listing changed"),
    "market_listing.closed": gettext_lazy("Demand listing closed"),
    "market_listing.created": gettext_lazy("Demand listing posted"),
    "market_meeting.outcome": gettext_lazy("Meeting outcome recorded"),
    "market_offer.saved": gettext_lazy("Business offer to buyers saved"),
    "monitoring.exported": gettext_lazy("Monitoring indicators exported"),
    "follow_up.answered": gettext_lazy("Follow-up answered"),
    "follow_up.edited": gettext_lazy("Follow-up answer changed"),
    "follow_up_round.opened": gettext_lazy("Follow-up round opened"),
    "participant.consent_withdrawn": gettext_lazy("Consent withdrawn"),
    "participant.duplicates_queued": gettext_lazy("Possible duplicates queued for review"),
    "participant.evidence_viewed": gettext_lazy("Layoff letter viewed"),
    "operations.backed_up": gettext_lazy("Backup made"),
    "operations.restored": gettext_lazy("Backup restored"),
    "operations.retention_applied": gettext_lazy("Retention periods applied"),
    "operations.task_retried": gettext_lazy("Failed task queued again"),
    "participant.exported": gettext_lazy("Participant's data downloaded"),
    "participant.import_errors_downloaded": gettext_lazy("Import error file downloaded"),
    "participant.imported": gettext_lazy("Layoff list imported"),
    "participant.import_stopped": gettext_lazy("Import failed: its worker stopped"),
    "participant.merged": gettext_lazy("Duplicate records merged"),
    "participant.merged_into": gettext_lazy("Record merged into another"),
    "participant.needs_correction": gettext_lazy("Registration sent back for correction"),
    "participant.nik_change_requested": gettext_lazy("NIK change requested"),
    "participant.nik_changed": gettext_lazy("NIK changed"),
    "participant.registered": gettext_lazy("Participant registered"),
    "participant.rejected": gettext_lazy("Registration rejected"),
    "participant.updated": gettext_lazy("Participant's data changed"),
    "participant.verified": gettext_lazy("Registration verified"),
    "placement.moved": gettext_lazy("Participant moved to another class"),
    "programme.saved": gettext_lazy("Programme saved"),
    "registry.duplicates_scanned": gettext_lazy("Duplicate scan run"),
    "session.added": gettext_lazy("Session added"),
    "session.changed": gettext_lazy("Session changed"),
    "session.deleted": gettext_lazy("Session deleted"),
    "user.created": gettext_lazy("Account created"),
    "user.deactivated": gettext_lazy("Account deactivated"),
    "user.password_link_issued": gettext_lazy("One-time password link made"),
    "user.reactivated": gettext_lazy("Account activated again"),
    "organisation.created": gettext_lazy("Organisation created"),
    "user.password_set": gettext_lazy("New password chosen after a code sent to the phone"),
    "account.code_sent": gettext_lazy("Sign-in code sent to the mobile number on record"),
    "account.code_used": gettext_lazy("Signed in with a code sent to the phone"),
    "account.code_locked": gettext_lazy("Sign-in code blocked after too many tries"),
    "user.language_set": gettext_lazy("Language of the account changed"),
    "user.channels_set": gettext_lazy("Message channels chosen"),
    "whatsapp_template.status_set": gettext_lazy("WhatsApp template status recorded"),
    "wave.carried_over": gettext_lazy("Waiting list carried over to another wave"),
    "wave.closed": gettext_lazy("Wave closed for applications"),
    "wave.closed_early": gettext_lazy("Wave closed for applications before its announced closing day"),
    "wave.defined": gettext_lazy("Wave set up"),
    "wave.drawn": gettext_lazy("Lottery drawn"),
    "wave.opened": gettext_lazy("Wave opened for applications"),
    "wave.public_value_corrected": gettext_lazy("Lottery's public value corrected"),
    "wave.public_value_entered": gettext_lazy("Lottery's public value entered"),
    "wave.reopened": gettext_lazy("Wave reopened (frozen entrant list discarded)"),
    "wave.randomness_redeclared": gettext_lazy("Lottery's randomness source re-declared (wave open)"),
    "wave.screened": gettext_lazy("Applicants screened"),
    "wave.training_followed": gettext_lazy("Wave moved to training"),
}

# Keys of `changes` that are counts or settings of an action, not fields of its record.
KEYS = {
    "absent": gettext_lazy("Absent"),
    "added": gettext_lazy("Added"),
    "centres": gettext_lazy("Training centres"),
    "cohorts": gettext_lazy("Classes"),
    "count": gettext_lazy("Number"),
    "created": gettext_lazy("Created"),
    "discarded": gettext_lazy("Discarded"),
    "dropped_out_assessment": gettext_lazy("Assessment not passed"),
    "dropped_out_attendance": gettext_lazy("Drops out: attendance below the minimum"),
    "eligible": gettext_lazy("Eligible"),
    "excused": gettext_lazy("Excused"),
    "from": gettext_lazy("From wave"),
    "graduated": gettext_lazy("Graduated"),
    "in_training": gettext_lazy("In training"),
    "ineligible": gettext_lazy("Not eligible"),
    "invalid": gettext_lazy("Rows with errors"),
    "jp": gettext_lazy("Lesson hours (JP)"),
    "late": gettext_lazy("Late"),
    "max_km": gettext_lazy("Longest distance (km)"),
    "no_longer_required": gettext_lazy("No longer required"),
    "not_passed": gettext_lazy("Not passed"),
    "participants": gettext_lazy("Participants"),
    "people": gettext_lazy("Participants to place"),
    "placed": gettext_lazy("Placed"),
    "possible_duplicates": gettext_lazy("Possible duplicates"),
    "restored": gettext_lazy("Required again"),
    "present": gettext_lazy("Present"),
    "rows": gettext_lazy("Rows read"),
    "sector_mismatch_km": gettext_lazy("Penalty for another field (km)"),
    "selected": gettext_lazy("Selected"),
    "sessions": gettext_lazy("Sessions"),
    "total_km": gettext_lazy("Total distance (km)"),
    "trainers": gettext_lazy("Trainers"),
    "training_wave": gettext_lazy("Wave in training"),
    "unplaced": gettext_lazy("Not placed"),
    "updated": gettext_lazy("Updated"),
    "waitlisted": gettext_lazy("Waitlisted"),
}


# A linked record: its model and its key as text.
Named = tuple[type[models.Model], str]


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def verb_label(verb: str) -> str:
    label = VERBS.get(verb)
    return str(label) if label is not None else verb


def verb_choices() -> list[tuple[str, str]]:
    """Every action, by its label in the active language: the trail's filter."""
    return sorted(((verb, str(label)) for verb, label in VERBS.items()), key=lambda choice: choice[1])


@cache
def _model(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type) if "." in target_type else None
    except LookupError:
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    for name in (key, key.removesuffix("_id")):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return field if isinstance(field, models.Field) else None
    return None


# Events on these records keep one change per enrolment, keyed by its id (a score or an attendance
# per person): the page names the person instead of the id.
PER_ENROLMENT = {"centres.cohort", "training.session"}


def key_label(key: str, field: models.Field | None, rows: Mapping[str, str] | None = None) -> str:
    if key in KEYS:
        return str(KEYS[key])
    if field is not None and getattr(field, "verbose_name", None):
        return capfirst(str(field.verbose_name))
    if key.isdigit():  # one row among many, e.g. a score per enrolment: its person's name
        return (rows or {}).get(key) or f"#{key}"
    return capfirst(key.replace("_", " "))


def _names_of_enrolments(keys: set[str]) -> dict[str, str]:
    """Each enrolment's participant by name (the trail names participants), one query for all."""
    if not keys:
        return {}
    enrolments = apps.get_model("programs.enrolment")._default_manager
    return {
        str(pk): name
        for pk, name in enrolments.filter(pk__in=[int(k) for k in keys]).values_list(
            "pk", "participant__full_name"
        )
    }


def _moment(text: str) -> str | None:
    """A stored date or date-time ('2026-11-29' or '2026-11-29 04:00:00+00:00') in local words."""
    if len(text) < 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        if len(text) == 10:
            return formats.date_format(date.fromisoformat(text), "d/m/Y")
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "d/m/Y H:i")


def value_text(value: Any, field: models.Field | None, names: Mapping[Named, str]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is not None and field.choices:
        label = dict(field.flatchoices).get(value)
        if label is not None:
            return str(label)
    if isinstance(field, models.ForeignKey):
        # The record as it is named today (`names`, see changes_of_all); its key when it is gone.
        return names.get((field.related_model, str(value)), str(value))
    if isinstance(value, float):
        return formats.number_format(round(value, 1), decimal_pos=1, force_grouping=True)
    if isinstance(value, int):
        return formats.number_format(value, force_grouping=True)
    if isinstance(value, str):
        return _moment(value) or value
    return str(value)


def changes_of(event: AuditEvent) -> list[Change]:
    """One event's changes, labelled: see changes_of_all."""
    return changes_of_all([event])[0]


def changes_of_all(events: Iterable[AuditEvent]) -> list[list[Change]]:
    """Each event's changes, labelled; a value that did not exist before is shown as "—". A linked
    record is named by one query per kind of record for all the events, not one per value."""
    events = list(events)
    rows = []
    for event in events:
        model = _model(event.target_type)
        pairs = []
        for key, values in (event.changes or {}).items():
            before, after = [*values, None, None][:2] if isinstance(values, list) else (None, values)
            pairs.append((key, _field(model, key), before, after))
        rows.append(pairs)
    names = _names_of_linked_records(
        (field, value) for pairs in rows for _key, field, *values in pairs for value in values
    )
    people = _names_of_enrolments(
        {
            key
            for event, pairs in zip(events, rows, strict=True)
            if event.target_type in PER_ENROLMENT
            for key, *_rest in pairs
            if key.isdigit()
        }
    )
    return [
        [
            Change(
                key_label(key, field, people),
                value_text(before, field, names),
                value_text(after, field, names),
            )
            for key, field, before, after in pairs
        ]
        for pairs in rows
    ]


def _names_of_linked_records(values: Iterable[tuple[models.Field | None, Any]]) -> dict[Named, str]:
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for field, value in values:
        if isinstance(field, models.ForeignKey) and value not in (None, ""):
            try:
                wanted[field.related_model].add(field.target_field.to_python(value))
            except ValidationError:
                continue  # not a key of that record: shown as stored
    return {
        (model, str(pk)): str(record)
        for model, keys in wanted.items()
        for pk, record in model._default_manager.in_bulk(keys).items()
    }


def is_creation(event: AuditEvent) -> bool:
    """True when nothing had a value before: the page then shows the values alone, without arrows."""
    return all(
        not isinstance(values, list) or not values or values[0] in (None, "", 0)
        for values in (event.changes or {}).values()
    )
