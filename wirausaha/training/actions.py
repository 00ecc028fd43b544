"""What happens in training: the schedule, attendance (marked by a trainer or by QR check-in),
assessment, drop-outs and completion. Every write is one transaction with an audit row; enrolment
states change only through programs.actions (transition, bulk_transition)."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wirausaha.accounts.models import User
from wirausaha.allocation.queries import cohort_roster
from wirausaha.centres.models import Cohort
from wirausaha.common.audit import field_changes, record_event, snapshot
from wirausaha.common.errors import DomainError, InvalidInput, PermissionDenied
from wirausaha.programs.actions import bulk_transition, follow_training, transition
from wirausaha.programs.models import Enrolment, EnrolmentState
from wirausaha.training.certificates import issue_certificates

from . import checkin, completion, schedule
from .models import Assessment, Attendance, DropOutReason, Session
from .queries import (
    completion_standings,
    local_day,
    local_today,
    manages_cohort,
    teaches,
    trainers_for,
    zone_of,
)

S = EnrolmentState
CLOSED = (Cohort.Status.FINISHED, Cohort.Status.CANCELLED)
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


class TrainingError(DomainError):
    code = "training"


class ScheduleError(TrainingError):
    code = "schedule"


class AttendanceError(TrainingError):
    code = "attendance"


class CompletionError(TrainingError):
    code = "completion"


class CheckInRefused(TrainingError):
    """A QR check-in that does not count; `reason` says which rule refused it."""

    code = "check_in_refused"

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason
        self.session: Session | None = None  # the code's session, when it names one


def _lock(cohort: Cohort) -> Cohort:
    """The cohort row is the lock of everything in it: schedule, marks, start and completion."""
    return (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("centre", "centre__region", "centre__organisation", "course")
        .get(pk=cohort.pk)
    )


def _require_manager(user: User | None, cohort: Cohort) -> None:
    if user is not None and not manages_cohort(user, cohort):
        raise PermissionDenied(_("Only the centre's operator changes the cohort's schedule and status."))


def _require_teacher(user: User | None, cohort: Cohort) -> None:
    if user is not None and not teaches(user, cohort):
        raise PermissionDenied(_("Only the cohort's trainers and the centre's operator do this."))


def _require_open(cohort: Cohort) -> None:
    if cohort.status in CLOSED:
        raise TrainingError(
            _("This cohort is %(status)s: it can no longer change.") % {"status": cohort.get_status_display()}
        )


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


# Start and drop-out ----------------------------------------------------------------------


def _start(cohort: Cohort, *, by: User | None) -> int:
    """Move the roster's placed enrolments into training and the cohort to running (idempotent)."""
    placed = list(cohort_roster(cohort).filter(state=S.PLACED).values_list("pk", flat=True))
    moved = (
        bulk_transition({S.PLACED: placed}, S.IN_TRAINING, by=by, reason="training started") if placed else 0
    )
    started = cohort.status == Cohort.Status.PLANNED
    if started:
        Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.RUNNING, updated_at=timezone.now())
        cohort.status = Cohort.Status.RUNNING
        record_event(
            by,
            "cohort.started",
            cohort,
            changes={"status": ["planned", "running"], "in_training": [0, moved]},
        )
    elif moved:
        record_event(by, "cohort.joined", cohort, changes={"in_training": [None, moved]})
    if started or moved:
        follow_training(_waves_of(cohort), by=by)
    return moved


def _waves_of(cohort: Cohort) -> list[int]:
    return list(cohort_roster(cohort).order_by().values_list("wave_id", flat=True).distinct())


@transaction.atomic
def start_cohort(cohort: Cohort, *, by: User | None, now: datetime | None = None) -> int:
    """Training begins: the placed participants go into training. Marking the first attendance does
    the same, so a trainer never waits for the operator. Returns how many started."""
    now = now or timezone.now()
    cohort = _lock(cohort)
    _require_manager(by, cohort)
    _require_open(cohort)
    if local_today(cohort, now) < cohort.starts_on:
        raise TrainingError(
            _("Training starts on %(day)s: the cohort can be started from that day on.")
            % {"day": cohort.starts_on.strftime("%d/%m/%Y")}
        )
    if not cohort_roster(cohort).filter(state__in=[S.PLACED, S.IN_TRAINING]).exists():
        raise TrainingError(_("Nobody is placed in this cohort yet."))
    return _start(cohort, by=by)


@transaction.atomic
def drop_out(
    enrolment: Enrolment, *, cohort: Cohort, by: User | None, reason: str, note: str = ""
) -> Enrolment:
    """Record that a participant left training, with the reason; the seat stays counted as used."""
    cohort = _lock(cohort)
    _require_teacher(by, cohort)
    _require_open(cohort)
    if reason not in DropOutReason.values:
        raise InvalidInput({"reason": _("Choose why the participant left.")})
    current = cohort_roster(cohort).filter(pk=enrolment.pk).first()
    if current is None:
        raise InvalidInput({"enrolment": _("This person is not on the cohort's roster.")})
    if current.state != S.IN_TRAINING:
        raise TrainingError(
            _(
                "Only someone in training can drop out; before training starts, the enrolment is "
                "withdrawn instead."
            )
        )
    moved = transition(current, S.DROPPED_OUT, by=by, reason=reason)
    record_event(by, "enrolment.dropped_out", moved, reason=note.strip(), changes={"reason": [None, reason]})
    follow_training([moved.wave_id], by=by)
    enrolment.state = moved.state
    return moved


# Attendance ------------------------------------------------------------------------------


@transaction.atomic
def mark_attendance(
    session: Session,
    *,
    by: User | None,
    marks: dict[int, str],
    rest: str | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> dict[str, int]:
    """Mark a session's attendance: `marks` by enrolment id, and `rest` (when given) for everyone
    on the roster not marked yet. On the session's local day a mark is plain; after it, each change
    is a correction that needs a reason and is audited with its before and after. Marking starts
    the cohort if it has not started. Returns how many rows were written."""
    now = now or timezone.now()
    cohort = _lock(session.cohort)
    session = Session.objects.select_related("cohort").get(pk=session.pk, cohort=cohort)
    session.cohort = cohort
    _require_teacher(by, cohort)
    _require_open(cohort)
    day, today = local_day(session), local_today(cohort, now)
    if today < day:
        raise AttendanceError(
            _("Attendance is marked from the session's day on (%(day)s).") % {"day": day.strftime("%d/%m/%Y")}
        )
    correction = today > day
    reason = reason.strip()

    roster = dict(cohort_roster(cohort).values_list("pk", "state"))
    errors = {}
    for enrolment_id, status in marks.items():
        if enrolment_id not in roster:
            errors[f"marks.{enrolment_id}"] = _("Not on this cohort's roster.")
        elif roster[enrolment_id] not in (S.PLACED, S.IN_TRAINING):
            errors[f"marks.{enrolment_id}"] = _("No longer in training (%(state)s).") % {
                "state": S(roster[enrolment_id]).label
            }
        elif status not in Attendance.Status.values:
            errors[f"marks.{enrolment_id}"] = _("Choose present, late, excused or absent.")
    if rest is not None and rest not in Attendance.Status.values:
        errors["rest"] = _("Choose present, late, excused or absent.")
    if correction and not reason:
        errors["reason"] = _("The session's day is over: say why its attendance is corrected.")
    if errors:
        raise InvalidInput(errors)

    existing = {row.enrolment_id: row for row in session.attendance.all()}
    wanted = dict(marks)
    if rest is not None:
        for enrolment_id, state in roster.items():
            if (
                state in (S.PLACED, S.IN_TRAINING)
                and enrolment_id not in existing
                and enrolment_id not in wanted
            ):
                wanted[enrolment_id] = rest
    changed = {
        enrolment_id: status
        for enrolment_id, status in wanted.items()
        if enrolment_id not in existing or existing[enrolment_id].status != status
    }
    if not changed:
        return {"written": 0}
    if cohort.status == Cohort.Status.PLANNED or any(roster[pk] == S.PLACED for pk in changed):
        _start(cohort, by=by)

    method = Attendance.Method.CORRECTION if correction else Attendance.Method.TRAINER
    # One statement for new and changed rows alike; a QR check-in that lands meanwhile is overwritten
    # by the trainer's mark, which is what the trainer sees on the page.
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                enrolment_id=enrolment_id,
                status=status,
                method=method,
                marked_at=now,
                marked_by=by,
                correction_reason=reason if correction else "",
            )
            for enrolment_id, status in changed.items()
        ],
        update_conflicts=True,
        unique_fields=["session", "enrolment"],
        update_fields=["status", "method", "marked_at", "marked_by", "correction_reason"],
    )
    before_after = {
        str(enrolment_id): [existing[enrolment_id].status if enrolment_id in existing else None, status]
        for enrolment_id, status in sorted(changed.items())
    }
    if correction:
        record_event(by, "attendance.corrected", session, reason=reason, changes=before_after)
    else:
        counts: dict[str, int] = {}
        for status in changed.values():
            counts[status] = counts.get(status, 0) + 1
        record_event(
            by, "attendance.marked", session, changes={k: [None, v] for k, v in sorted(counts.items())}
        )
    return {"written": len(changed)}


def check_in_window_text(session: Session) -> dict[str, str]:
    """The session's check-in window as the pages say it: in the centre's time zone, with its label."""
    zone = zone_of(session.cohort)
    window = checkin.window(starts_at=session.starts_at, ends_at=session.ends_at)
    opens, closes = window.opens_at.astimezone(zone), window.closes_at.astimezone(zone)
    return {
        "day": formats.date_format(opens, "j F Y"),
        "opens": formats.time_format(opens, "H:i"),
        "closes_day": formats.date_format(closes, "j F Y"),
        "closes": formats.time_format(closes, "H:i"),
        "zone": session.cohort.centre.region.time_zone,
    }


def check_in_refusal(
    code: str, *, user: User, seen_at: datetime, now: datetime
) -> tuple[Session | None, CheckInRefused | None, str]:
    """Would this QR check-in count? The session, the refusal (None if it counts) and the status it
    would give. Reads only: the check-in page asks before it offers the button."""
    try:
        read = checkin.read_code(code)
    except checkin.InvalidCode:
        read = None
    session = (
        Session.objects.select_related("cohort", "cohort__centre__region", "cohort__course")
        .filter(pk=read.session_id)
        .first()
        if read
        else None
    )
    if session is None:
        return (
            None,
            CheckInRefused(
                _("This code is not valid. Scan the code the trainer shows on screen."), reason="invalid"
            ),
            "",
        )
    verdict = checkin.judge(
        read, seen_at=seen_at, now=now, starts_at=session.starts_at, ends_at=session.ends_at
    )
    times = check_in_window_text(session)
    refusals = {
        checkin.Verdict.EXPIRED: (
            "expired",
            _("The code has expired: ask the trainer to show a new code."),
        ),
        checkin.Verdict.NOT_YET: (
            "not_yet",
            _(
                "Check-in for this session is not open yet: it opens on %(day)s at %(opens)s %(zone)s, "
                "30 minutes before the session starts."
            )
            % times,
        ),
        checkin.Verdict.OVER: (
            "over",
            _(
                "Check-in for this session closed on %(closes_day)s at %(closes)s %(zone)s. Ask the "
                "trainer to mark your attendance."
            )
            % times,
        ),
    }
    if verdict in refusals:
        reason, message = refusals[verdict]
        return session, CheckInRefused(message, reason=reason), ""
    # Before the roster: once a cohort is finished, its people are no longer in training.
    if session.cohort.status in CLOSED:
        return session, CheckInRefused(_("This cohort has finished."), reason="closed"), ""
    enrolment = cohort_roster(session.cohort).filter(participant__user=user).first()
    if enrolment is None or enrolment.state not in (S.PLACED, S.IN_TRAINING):
        return (
            session,
            CheckInRefused(
                _("You are not on the roster of this cohort, so you cannot check in to its session."),
                reason="not_on_roster",
            ),
            "",
        )
    mark = session.attendance.filter(enrolment=enrolment).first()
    if mark is not None:
        return (
            session,
            CheckInRefused(
                _("Your attendance for this session is recorded already: %(status)s.")
                % {"status": mark.get_status_display()},
                reason="already_checked_in",
            ),
            "",
        )
    return session, None, str(verdict)


@transaction.atomic
def check_in(
    code: str, *, by: User, seen_at: datetime | None = None, now: datetime | None = None
) -> Attendance:
    """A participant checks in by the session's QR code: present, or late 15 minutes after the
    start. Refused (CheckInRefused) for a code that is invalid or expired, outside the session's
    time, for someone not on the roster, and for a second check-in. See checkin.py."""
    now = now or timezone.now()
    session, refusal, status = check_in_refusal(code, user=by, seen_at=seen_at or now, now=now)
    if refusal is not None:
        refusal.session = session
        raise refusal
    cohort = _lock(session.cohort)
    enrolment = cohort_roster(cohort).get(participant__user=by)
    if cohort.status == Cohort.Status.PLANNED or enrolment.state == S.PLACED:
        _start(cohort, by=by)
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                session=session,
                enrolment=enrolment,
                status=status,
                method=Attendance.Method.QR,
                marked_at=now,
                marked_by=by,
            )
    except IntegrityError as error:
        raise CheckInRefused(
            _("Your attendance for this session is recorded already."), reason="already_checked_in"
        ) from error
    record_event(by, "attendance.checked_in", session, changes={str(enrolment.pk): [None, status]})
    return attendance


# Assessment and completion ---------------------------------------------------------------


@transaction.atomic
def record_assessment(
    cohort: Cohort, *, by: User | None, scores: dict[int, int], now: datetime | None = None
) -> int:
    """Store final assessment scores (0-100) by enrolment id; passed means at or above the course's
    pass score. Changes are audited with their before and after. Returns how many changed."""
    now = now or timezone.now()
    cohort = _lock(cohort)
    _require_teacher(by, cohort)
    _require_open(cohort)
    roster = dict(cohort_roster(cohort).values_list("pk", "state"))
    errors = {}
    for enrolment_id, score in scores.items():
        if enrolment_id not in roster:
            errors[f"scores.{enrolment_id}"] = _("Not on this cohort's roster.")
        elif roster[enrolment_id] != S.IN_TRAINING:
            errors[f"scores.{enrolment_id}"] = _("Only participants in training are assessed.")
        elif not isinstance(score, int) or not 0 <= score <= 100:
            errors[f"scores.{enrolment_id}"] = _("A score is a whole number from 0 to 100.")
    if errors:
        raise InvalidInput(errors)
    existing = dict(cohort.assessments.values_list("enrolment_id", "score"))
    changed = {pk: score for pk, score in scores.items() if existing.get(pk) != score}
    if not changed:
        return 0
    pass_score = cohort.course.pass_score
    Assessment.objects.bulk_create(
        [
            Assessment(
                cohort=cohort,
                enrolment_id=pk,
                score=score,
                passed=score >= pass_score,
                assessed_at=now,
                assessed_by=by,
            )
            for pk, score in changed.items()
        ],
        update_conflicts=True,
        unique_fields=["cohort", "enrolment"],
        update_fields=["score", "passed", "assessed_at", "assessed_by"],
    )
    record_event(
        by,
        "assessment.recorded",
        cohort,
        changes={str(pk): [existing.get(pk), score] for pk, score in sorted(changed.items())},
    )
    return len(changed)


def completion_blocker(cohort: Cohort, *, now: datetime) -> str:
    """Why the cohort cannot be completed now (empty when it can): it must be running, have
    sessions, and be past its last day or have all its sessions over."""
    if cohort.status == Cohort.Status.FINISHED:
        return _("This cohort is completed already.")
    if cohort.status != Cohort.Status.RUNNING:
        return _("Only a running cohort can be completed: it has not started.")
    last_end = cohort.sessions.aggregate(last=Max("ends_at"))["last"]
    if last_end is None:
        return _("The cohort has no sessions.")
    if not (local_today(cohort, now) > cohort.ends_on or last_end <= now):
        return _(
            "The cohort ends on %(day)s: complete it after that day, or once all its sessions are over."
        ) % {"day": cohort.ends_on.strftime("%d/%m/%Y")}
    return ""


@transaction.atomic
def complete_cohort(cohort: Cohort, *, by: User | None, now: datetime | None = None) -> dict:
    """Close a running cohort after its last day (or once all its sessions are over): everyone in
    training graduates with enough attendance over the whole schedule and, where required, a passed
    assessment. Below the minimum attendance they drop out (reason "attendance"); with enough
    attendance but no passing score they are not passed (reason "assessment"): they completed the
    training, they did not leave it. Each graduate gets a certificate. `by` None is the system."""
    now = now or timezone.now()
    cohort = _lock(cohort)
    _require_manager(by, cohort)
    blocker = completion_blocker(cohort, now=now)
    if blocker:
        raise CompletionError(blocker)
    # Someone seated in the cohort who never came went into training all the same, and leaves it
    # through the same door as the others.
    _start(cohort, by=by)
    standings = completion_standings(cohort, now=now)
    graduates = [s.enrolment.pk for s in standings if s.outcome.graduates]
    failed = [s.enrolment.pk for s in standings if s.outcome.reason == completion.ASSESSMENT]
    short = [s.enrolment.pk for s in standings if s.outcome.reason == completion.ATTENDANCE]

    def move(ids: list[int], to: str, reason: str) -> int:
        return bulk_transition({S.IN_TRAINING: ids}, to, by=by, reason=reason) if ids else 0

    graduated = move(graduates, S.GRADUATED, "completed")
    not_passed = move(failed, S.NOT_PASSED, completion.ASSESSMENT)
    dropped = {completion.ATTENDANCE: move(short, S.DROPPED_OUT, completion.ATTENDANCE)}
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.FINISHED, updated_at=now)
    cohort.status = Cohort.Status.FINISHED
    record_event(
        by,
        "cohort.completed",
        cohort,
        changes={
            "status": ["running", "finished"],
            "graduated": [0, graduated],
            "not_passed": [0, not_passed],
            **{f"dropped_out_{reason}": [0, n] for reason, n in dropped.items()},
        },
    )
    certificates = issue_certificates(
        cohort=cohort, enrolments=cohort_roster(cohort).filter(pk__in=graduates, state=S.GRADUATED), by=by
    )
    follow_training(_waves_of(cohort), by=by)
    return {
        "graduated": graduated,
        "not_passed": not_passed,
        "dropped_out": dropped,
        "certificates": len(certificates),
    }
