"""Business-matching events: registration, meeting requests, the schedule (the pure scheduler, its
result checked again by the database's unique constraints), and the outcome of each meeting."""

from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.licensing.models import Business

from ..models import Buyer, Event, Meeting, MeetingRequest, Registration
from ..schedule import read_instance, solve

MAX_SLOTS = 48
MAX_TABLES = 500


@transaction.atomic
def create_event(*, by: User | None, values: dict[str, Any]) -> Event:
    errors: dict[str, str] = {}
    name = str(values.get("name") or "").strip()
    if not name:
        errors["name"] = _("Give the event a name.")
    if not isinstance(values.get("held_on"), date):
        errors["held_on"] = _("Enter the date.")
    if not isinstance(values.get("starts_at"), time):
        errors["starts_at"] = _("Enter the time the first slot starts.")
    for key, high in (("slots", MAX_SLOTS), ("tables", MAX_TABLES)):
        value = values.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
            errors[key] = _("Enter a whole number from 1 to %(high)s.") % {"high": high}
    minutes = values.get("slot_minutes", 20)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 5 <= minutes <= 240:
        errors["slot_minutes"] = _("Enter minutes from 5 to 240.")
    if errors:
        raise InvalidInput(errors)
    event = Event.objects.create(
        name=name[:200],
        held_on=values["held_on"],
        place=str(values.get("place") or "")[:200],
        online=bool(values.get("online")),
        starts_at=values["starts_at"],
        slot_minutes=minutes,
        slots=values["slots"],
        tables=values["tables"],
    )
    record_event(by, "market_event.created", event)
    return event


def _open(event: Event) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.OPEN:
        raise InvalidInput({"event": _("Registration for this event is closed.")})
    return event


@transaction.atomic
def register(
    *,
    event: Event,
    by: User | None,
    business: Business | None = None,
    buyer: Buyer | None = None,
    unavailable: list[int] | None = None,
) -> Registration:
    """Register a business or a buyer (exactly one) with the slots they cannot attend; again: the
    slots are updated."""
    event = _open(event)
    if (business is None) == (buyer is None):
        raise InvalidInput({"side": _("Register either a business or a buyer.")})
    slots = sorted(set(unavailable or []))
    if any(isinstance(s, bool) or not isinstance(s, int) or not 0 <= s < event.slots for s in slots):
        raise InvalidInput({"unavailable": _("Choose slots of this event.")})
    registration, created = Registration.objects.get_or_create(
        event=event, business=business, buyer=buyer, defaults={"unavailable": slots}
    )
    if not created:
        registration.unavailable = slots
        registration.save(update_fields=["unavailable", "updated_at"])
    record_event(by, "market_event.registered", registration, changes={"unavailable": [None, slots]})
    return registration


@transaction.atomic
def request_meeting(*, source: Registration, target: Registration, by: User | None) -> MeetingRequest:
    _open(source.event)
    if source.event_id != target.event_id or source.side == target.side:
        raise InvalidInput({"target": _("Ask to meet a registrant of the other side at the same event.")})
    found, _created = MeetingRequest.objects.get_or_create(
        event_id=source.event_id, source=source, target=target
    )
    record_event(by, "market_event.meeting_requested", found)
    return found


def _label(registration: Registration) -> str:
    return f"r{registration.pk}"


@transaction.atomic
def schedule_event(*, event: Event, by: User | None, time_limit: float = 30.0) -> Event:
    """Solve the event's schedule (most weight; proven optimal or not) and store its meetings,
    replacing an earlier schedule while none of its meetings has an outcome (a new schedule would
    delete what was recorded); registration closes."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.HELD:
        raise InvalidInput({"event": _("The event has been held; its schedule is kept.")})
    if event.outcomes_recorded():
        raise InvalidInput(
            {"event": _("Outcomes of this schedule's meetings are recorded; the schedule is kept.")}
        )
    registrations = {r.pk: r for r in event.registrations.all()}
    data = {
        "slots": event.slots,
        "tables": event.tables,
        "parties": [
            {"id": _label(r), "side": r.side, "unavailable": [s for s in r.unavailable if s < event.slots]}
            for r in registrations.values()
        ],
        "requests": [
            {"from": f"r{source}", "to": f"r{target}"}
            for source, target in event.requests.values_list("source_id", "target_id")
        ],
    }
    instance = read_instance(data)
    result = solve(instance, time_limit=time_limit)
    Meeting.objects.filter(event=event).delete()
    Meeting.objects.bulk_create(
        Meeting(
            event=event,
            business_id=int(m.business[1:]),
            buyer_id=int(m.buyer[1:]),
            slot=m.slot,
            table=m.table,
            weight=instance.weights[(m.business, m.buyer)],
        )
        for m in result.meetings
    )
    event.status, event.optimal, event.weight = Event.Status.SCHEDULED, result.optimal, result.weight
    event.agendas_sent_at = None  # a new schedule: the agendas are sent again
    event.save(update_fields=["status", "optimal", "weight", "agendas_sent_at", "updated_at"])
    record_event(
        by,
        "market_event.scheduled",
        event,
        changes={
            "meetings": [None, len(result.meetings)],
            "weight": [None, result.weight],
            "optimal": [None, result.optimal],
        },
    )
    return event
