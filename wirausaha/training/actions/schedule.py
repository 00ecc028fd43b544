"""The schedule of a cohort: generated from its course, then edited session by session."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wirausaha.accounts.models import User
from wirausaha.centres.models import Cohort
from wirausaha.common.audit import field_changes, record_event, snapshot
from wirausaha.common.errors import InvalidInput

from .. import schedule
from ..models import Attendance, Session
from ..queries import (
    trainers_for,
    zone_of,
)
from .rules import (
    ScheduleError,
    _lock,
    _require_manager,
    _require_open,
)

# Topic names are stored in the programme's language, as course titles are; operators may edit them.
TOPICS = {
    "business_idea": gettext_lazy("Business idea"),
    "business_plan": gettext_lazy("Business plan"),
    "marketing": gettext_lazy("Marketing"),
    "costing_and_pricing": gettext_lazy("Costing and pricing"),
    "bookkeeping": gettext_lazy("Bookkeeping"),
    "licensing_and_financing": gettext_lazy("Licensing (NIB) and financing (KUR)"),
}
SESSION_FIELDS = ("kind", "topic", "starts_at", "ends_at", "jp", "trainer")

# The schedule ----------------------------------------------------------------------------


def topic_text(kind: str, topic: str, part: int, parts: int) -> str:
    if kind == schedule.TECHNICAL:
        return _("Technical material %(part)s/%(parts)s") % {"part": part, "parts": parts}
    name = str(TOPICS[topic])
    return f"{name} ({part}/{parts})" if parts > 1 else name


@transaction.atomic
def generate_sessions(
    cohort: Cohort, *, by: User | None, trainer: User | None = None, now: datetime | None = None
) -> list[Session]:
    """Build the cohort's schedule from its course (see schedule.plan), replacing the present one
    only while none of its sessions has begun or has attendance."""
    now = now or timezone.now()
    cohort = _lock(cohort)
    _require_manager(by, cohort)
    _require_open(cohort)
    existing = cohort.sessions.all()
    if (
        existing.filter(starts_at__lte=now).exists()
        or Attendance.objects.filter(session__cohort=cohort).exists()
    ):
        raise ScheduleError(
            _("The schedule has begun: change its sessions one by one instead of generating it again.")
        )
    if trainer is not None:
        _check_trainer(trainer, cohort)
    else:
        named = list(cohort.trainers.all()[:2])
        trainer = named[0] if len(named) == 1 else None
    course = cohort.course
    try:
        planned = schedule.plan(
            technical_jp=course.technical_jp,
            entrepreneurship_jp=course.entrepreneurship_jp,
            first_day=cohort.starts_on,
            last_day=cohort.ends_on,
            zone=cohort.centre.region.zone_name,
        )
    except schedule.ScheduleDoesNotFit as error:
        raise ScheduleError(
            _(
                "The course's %(jp)s JP need %(needed)s working days (at most %(per_day)s JP a day), but the "
                "cohort has %(available)s working days from %(first)s to %(last)s. Move its end date or "
                "add sessions by hand."
            )
            % {
                "jp": course.total_jp,
                "needed": error.days_needed,
                "per_day": schedule.BLOCK_JP * len(schedule.BLOCK_STARTS),
                "available": error.days_available,
                "first": cohort.starts_on.strftime("%d/%m/%Y"),
                "last": cohort.ends_on.strftime("%d/%m/%Y"),
            }
        ) from error
    replaced = existing.count()
    existing.delete()
    with translation.override(settings.LANGUAGE_CODE):
        sessions = Session.objects.bulk_create(
            Session(
                cohort=cohort,
                number=item.number,
                kind=item.kind,
                topic=topic_text(item.kind, item.topic, item.part, item.parts),
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                jp=item.jp,
                trainer=trainer,
            )
            for item in planned
        )
    record_event(
        by,
        "cohort.schedule_generated",
        cohort,
        changes={"sessions": [replaced, len(sessions)], "jp": [None, sum(s.jp for s in sessions)]},
    )
    return sessions


def _check_trainer(trainer: User, cohort: Cohort) -> None:
    if not trainers_for(cohort).filter(pk=trainer.pk).exists():
        raise InvalidInput({"trainer": _("Choose a trainer of this centre.")})


def _local(cohort: Cohort, day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=zone_of(cohort))


def _session_values(
    cohort: Cohort, *, day: date, start: time, end: time, kind: str, topic: str, jp: int, trainer: User | None
) -> dict:
    """Check a session's fields against the cohort and the course; the values to store."""
    errors = {}
    if kind not in Session.Kind.values:
        errors["kind"] = _("Choose technical or entrepreneurship.")
    if not topic.strip():
        errors["topic"] = _("Say what the session is about.")
    if not cohort.starts_on <= day <= cohort.ends_on:
        errors["day"] = _("Choose a day between %(first)s and %(last)s, the cohort's dates.") % {
            "first": cohort.starts_on.strftime("%d/%m/%Y"),
            "last": cohort.ends_on.strftime("%d/%m/%Y"),
        }
    starts_at, ends_at = _local(cohort, day, start), _local(cohort, day, end)
    minutes = (ends_at - starts_at) // timedelta(minutes=1)
    if minutes <= 0:
        errors["end"] = _("The session must end after it starts.")
    elif jp < 1 or jp * schedule.JP_MINUTES > minutes:
        errors["jp"] = _("%(minutes)s minutes hold 1 to %(most)s JP of 45 minutes.") % {
            "minutes": minutes,
            "most": minutes // schedule.JP_MINUTES,
        }
    if trainer is not None and not trainers_for(cohort).filter(pk=trainer.pk).exists():
        errors["trainer"] = _("Choose a trainer of this centre.")
    if errors:
        raise InvalidInput(errors)
    return {
        "kind": kind,
        "topic": topic.strip(),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "jp": jp,
        "trainer": trainer,
    }


def _renumber(cohort: Cohort) -> None:
    """Number the sessions 1, 2, ... in time order. Two steps, so that no two rows ever share a
    number on the way (the database checks the unique number row by row)."""
    cohort.sessions.update(number=F("number") + 10000)
    sessions = list(cohort.sessions.order_by("starts_at", "number"))
    for number, session in enumerate(sessions, 1):
        session.number = number
    Session.objects.bulk_update(sessions, ["number"])


@transaction.atomic
def add_session(
    cohort: Cohort,
    *,
    by: User | None,
    day: date,
    start: time,
    end: time,
    kind: str,
    topic: str,
    jp: int,
    trainer: User | None = None,
) -> Session:
    cohort = _lock(cohort)
    _require_manager(by, cohort)
    _require_open(cohort)
    values = _session_values(
        cohort, day=day, start=start, end=end, kind=kind, topic=topic, jp=jp, trainer=trainer
    )
    number = (cohort.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
    session = Session.objects.create(cohort=cohort, number=number, **values)
    _renumber(cohort)
    session.refresh_from_db()
    record_event(by, "session.added", session, changes=field_changes({}, snapshot(session, SESSION_FIELDS)))
    return session


@transaction.atomic
def edit_session(
    session: Session,
    *,
    by: User | None,
    day: date,
    start: time,
    end: time,
    kind: str,
    topic: str,
    jp: int,
    trainer: User | None = None,
) -> Session:
    """Change a session. Once attendance is recorded for it, its time and hours stay as they are."""
    cohort = _lock(session.cohort)
    session = Session.objects.get(pk=session.pk, cohort=cohort)
    _require_manager(by, cohort)
    _require_open(cohort)
    values = _session_values(
        cohort, day=day, start=start, end=end, kind=kind, topic=topic, jp=jp, trainer=trainer
    )
    before = snapshot(session, SESSION_FIELDS)
    fixed = ("starts_at", "ends_at", "jp")
    if session.attendance.exists() and any(values[field] != before[field] for field in fixed):
        raise ScheduleError(
            _("Attendance is recorded for this session: its day, times and hours can no longer change.")
        )
    for field, value in values.items():
        setattr(session, field, value)
    session.save()
    _renumber(cohort)
    session.refresh_from_db()
    changes = field_changes(before, snapshot(session, SESSION_FIELDS))
    if changes:
        record_event(by, "session.changed", session, changes=changes)
    return session


@transaction.atomic
def delete_session(session: Session, *, by: User | None) -> None:
    cohort = _lock(session.cohort)
    session = Session.objects.get(pk=session.pk, cohort=cohort)
    _require_manager(by, cohort)
    _require_open(cohort)
    if session.attendance.exists():
        raise ScheduleError(_("Attendance is recorded for this session: it cannot be deleted."))
    record_event(by, "session.deleted", session, changes=field_changes(snapshot(session, SESSION_FIELDS), {}))
    session.delete()
    _renumber(cohort)
