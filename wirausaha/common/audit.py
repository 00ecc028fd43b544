"""The audit trail: every action calls `record_event` inside its own transaction."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from .insert import insert_new
from .masking import mask_value
from .models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def field_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """`{field: [before, after]}` for the fields whose value differs, sensitive ones masked."""
    changed = {}
    for field in sorted(set(before) | set(after)):
        old, new = _plain(before.get(field)), _plain(after.get(field))
        if old != new:
            changed[field] = [mask_value(field, old), mask_value(field, new)]
    return changed


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {field: getattr(instance, field) for field in fields}


def record_event(actor, verb: str, target: models.Model | None = None, **details: Any) -> AuditEvent:
    """Write one audit row: `new_event`'s, with its keyword arguments (`reason`, `changes`)."""
    event = new_event(actor, verb, target, **details)
    insert_new(event)  # save() for a new row, its statement built once (insert.py)
    return event


def new_event(
    actor,
    verb: str,
    target: models.Model | None = None,
    *,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """One audit row, not yet written. `actor` is a user, or None for the system (commands, tasks).
    `record_event` writes it; a caller that writes it in the same statement as its target
    (registry/store.py) sets `target_id` then."""
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "username", None) or "system",
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        reason=reason,
        changes=dict(changes or {}),
    )
