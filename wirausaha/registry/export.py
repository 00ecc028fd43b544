"""Everything the registry holds about one participant, for the participant to download (UU 27/2022
gives them the right to it). Plain JSON values only: dates and times as ISO 8601, times in UTC."""

from datetime import UTC, date, datetime
from typing import Any

from django.db import models
from django.utils import timezone

from wirausaha.common.audit_texts import verb_label
from wirausaha.common.models import AuditEvent
from wirausaha.notifications.queries import messages_for

from .consent import CONSENT_TEXT, CONSENT_VERSION
from .models import Participant

EXPORT_FORMAT = 1


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def _fields(record: models.Model, model: type[models.Model] = Participant) -> dict[str, Any]:
    """Every concrete field of a participant (foreign keys as their code or id)."""
    values = {}
    for model_field in model._meta.concrete_fields:
        if model_field.is_relation:
            values[model_field.name] = getattr(record, model_field.attname)
        else:
            values[model_field.name] = _plain(getattr(record, model_field.attname))
    return values


def participant_export(participant: Participant) -> dict[str, Any]:
    """The record with its account, NIK change requests, messages, audit events and field history."""
    record = _fields(participant)
    if participant.user_id:
        record["user"] = participant.user.username
    names, region = [], participant.domicile
    while region is not None:
        names.append(region.name)
        region = region.parent
    record["domicile_name"] = ", ".join(names)
    user = participant.user
    history = list(participant.history.select_related("history_user").order_by("history_date", "history_id"))
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _plain(timezone.now()),
        "participant": record,
        "consent": {
            "version": participant.consent_version,
            "given_at": _plain(participant.consent_at),
            "withdrawn_at": _plain(participant.consent_withdrawn_at),
            "text": str(CONSENT_TEXT) if participant.consent_version == CONSENT_VERSION else None,
        },
        "account": None
        if user is None
        else {
            "username": user.username,
            "phone": user.phone,
            "email": user.email,
            "name": user.get_full_name(),
            "role": user.role,
            "joined_at": _plain(user.date_joined),
            "last_login_at": _plain(user.last_login),
        },
        "nik_change_requests": [
            {
                "requested_at": _plain(change.created_at),
                "old_nik": change.old_nik,
                "new_nik": change.new_nik,
                "reason": change.reason,
                "status": change.status,
                "decided_at": _plain(change.decided_at),
                "decision_note": change.decision_note,
            }
            for change in participant.nik_changes.order_by("created_at", "id")
        ],
        "messages": []
        if user is None
        else [
            {
                "sent_at": _plain(message.created_at),
                "subject": message.subject,
                "body": message.body,
                "channel": message.channel,
                "status": message.status,
            }
            for message in messages_for(user).order_by("created_at", "id")
        ],
        "audit_events": [
            {
                "at": _plain(event.created_at),
                "by": event.actor_label,
                "action": event.verb,
                "action_label": verb_label(event.verb),
                "reason": event.reason,
                "changes": event.changes,
            }
            for event in AuditEvent.objects.filter(
                target_type=Participant._meta.label_lower, target_id=str(participant.pk)
            ).order_by("created_at", "id")
        ],
        "history": [
            {
                "at": _plain(version.history_date),
                "type": version.get_history_type_display(),
                "by": version.history_user.username if version.history_user else None,
                "reason": version.history_change_reason,
                "changed": sorted(version.diff_against(older).changed_fields) if older else [],
                "values": _fields(version.instance),
            }
            for version, older in zip(history, [None, *history[:-1]], strict=True)
        ],
    }
