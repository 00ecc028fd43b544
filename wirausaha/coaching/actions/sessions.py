"""Coaching sessions and action items, and the reminders sent before a session and when an item is
overdue (through the notifications outbox)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.registry.models import Participant

from ..models import ActionItem, Assignment, CoachingSession, Topic
from ..queries import zone_of
from .rules import StateError, require_coach_of

REMIND_BEFORE = timedelta(hours=24)
LONGEST_SESSION = 480


def _check_session(*, day, start, mode, duration_minutes, topics) -> dict:
    errors = {}
    if not isinstance(day, date):
        errors["day"] = _("Enter the date.")
    if not isinstance(start, time):
        errors["start"] = _("Enter the time, such as 09:00.")
    if mode not in Assignment.Mode.values:
        errors["mode"] = _("Choose in person or remote.")
    if not isinstance(duration_minutes, int) or not 15 <= duration_minutes <= LONGEST_SESSION:
        errors["duration_minutes"] = _("The duration is 15 to %(max)s minutes.") % {"max": LONGEST_SESSION}
    unknown = [t for t in topics if t not in Topic.values]
    if unknown:
        errors["topics"] = _("Unknown topics: %(topics)s.") % {"topics": ", ".join(unknown)}
    if errors:
        raise InvalidInput(errors)
    return errors


@transaction.atomic
def plan_session(
    *,
    participant: Participant,
    by: User | None,
    day: date,
    start: time,
    mode: str,
    duration_minutes: int = 60,
    topics: list[str] = (),
    notes: str = "",
) -> CoachingSession:
    """Plan a session with the participant at `day` `start` in the participant's own zone."""
    assignment = require_coach_of(by, participant)
    if assignment is None:
        raise StateError(_("This participant has no counselor."))
    topics = list(topics)
    _check_session(day=day, start=start, mode=mode, duration_minutes=duration_minutes, topics=topics)
    zone = zone_of(participant)
    session = CoachingSession.objects.create(
        participant=participant,
        counselor=assignment.counselor,
        starts_at=datetime.combine(day, start, tzinfo=ZoneInfo(zone)),
        time_zone=zone,
        mode=mode,
        duration_minutes=duration_minutes,
        topics=topics,
        notes=notes.strip(),
    )
    record_event(
        by, "coaching_session.planned", session, changes={"starts_at": [None, session.starts_at.isoformat()]}
    )
    return session


@transaction.atomic
def record_session(
    session: CoachingSession,
    *,
    by: User | None,
    status: str,
    notes: str = "",
    topics: list[str] | None = None,
    duration_minutes: int | None = None,
) -> CoachingSession:
    """Mark a session held (with its notes and topics) or cancelled."""
    require_coach_of(by, session.participant)
    if status not in (CoachingSession.Status.HELD, CoachingSession.Status.CANCELLED):
        raise InvalidInput({"status": _("Choose held or cancelled.")})
    locked = CoachingSession.objects.select_for_update().get(pk=session.pk)
    topics = locked.topics if topics is None else list(topics)
    duration = locked.duration_minutes if duration_minutes is None else duration_minutes
    local = timezone.localtime(locked.starts_at, ZoneInfo(locked.time_zone))
    _check_session(
        day=local.date(), start=local.time(), mode=locked.mode, duration_minutes=duration, topics=topics
    )
    before = locked.status
    locked.status, locked.topics, locked.duration_minutes = status, topics, duration
    if notes.strip():
        locked.notes = notes.strip()
    locked.save(update_fields=["status", "topics", "duration_minutes", "notes", "updated_at"])
    record_event(by, "coaching_session.recorded", locked, changes={"status": [before, status]})
    return locked


@transaction.atomic
def add_action_item(
    *,
    participant: Participant,
    by: User | None,
    text: str,
    due_on: date,
    session: CoachingSession | None = None,
) -> ActionItem:
    require_coach_of(by, participant)
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("Say what is to be done.")
    if not isinstance(due_on, date):
        errors["due_on"] = _("Enter the due date.")
    if errors:
        raise InvalidInput(errors)
    item = ActionItem.objects.create(
        participant=participant, session=session, text=text.strip()[:300], due_on=due_on
    )
    record_event(by, "action_item.added", item, changes={"due_on": [None, due_on.isoformat()]})
    return item


@transaction.atomic
def set_action_item_status(item: ActionItem, *, by: User, status: str) -> ActionItem:
    """The participant or their counselor marks an item done (or the counselor drops it)."""
    if status not in ActionItem.Status.values:
        raise InvalidInput({"status": _("Unknown status.")})
    if by.pk != item.participant.user_id:
        require_coach_of(by, item.participant)
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    before = locked.status
    locked.status = status
    locked.done_at = timezone.now() if status == ActionItem.Status.DONE else None
    locked.save(update_fields=["status", "done_at", "updated_at"])
    record_event(by, "action_item.changed", locked, changes={"status": [before, status]})
    return locked


def _page_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("coaching:mine")


def send_due_reminders(*, now: datetime | None = None) -> dict[str, int]:
    """Remind participants of sessions starting within a day and of overdue action items, once
    each: every reminder is claimed with a conditional UPDATE, so two runs never send it twice."""
    now = now or timezone.now()
    sent = {"sessions": 0, "items": 0}
    due = CoachingSession.objects.filter(
        status=CoachingSession.Status.PLANNED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMIND_BEFORE,
        participant__user__isnull=False,
    ).select_related("participant__user", "counselor__user")
    for session in due:
        with transaction.atomic():
            if not CoachingSession.objects.filter(pk=session.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            local = timezone.localtime(session.starts_at, ZoneInfo(session.time_zone))
            with in_recipients_language(session.participant.user):
                subject = _("Coaching session reminder")
                when = formats.date_format(local, "j F Y H:i")
                body = _(
                    "Your coaching session with %(name)s is on %(when)s (%(mode)s). Details: %(url)s"
                ) % {
                    "name": session.counselor.user.display_name,
                    "when": when,
                    "mode": session.get_mode_display(),
                    "url": _page_url(),
                }
                params = {"session": subject, "when": when}
            notify(
                session.participant.user, subject=subject, body=body, event="session_reminder", params=params
            )
            sent["sessions"] += 1
    overdue = ActionItem.objects.filter(
        status=ActionItem.Status.OPEN,
        due_on__lt=now.date(),
        overdue_notified_at__isnull=True,
        participant__user__isnull=False,
    ).select_related("participant__user")
    for item in overdue:
        with transaction.atomic():
            if not ActionItem.objects.filter(pk=item.pk, overdue_notified_at__isnull=True).update(
                overdue_notified_at=now
            ):
                continue
            with in_recipients_language(item.participant.user):
                subject = _("An action item is overdue")
                body = _("“%(text)s” was due on %(day)s. Mark it done or talk to your counselor: %(url)s") % {
                    "text": item.text,
                    "day": formats.date_format(item.due_on, "j F Y"),
                    "url": _page_url(),
                }
            notify(item.participant.user, subject=subject, body=body)
            sent["items"] += 1
    return sent
