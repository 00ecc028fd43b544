"""Attendance: marked by a trainer, or by the participant through the QR check-in."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.allocation.queries import cohort_roster
from wirausaha.centres.models import Cohort
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput

from .. import checkin
from ..models import Attendance, Session
from ..queries import (
    local_day,
    local_today,
    zone_of,
)
from .rules import (
    CLOSED,
    AttendanceError,
    CheckInRefused,
    S,
    _lock,
    _require_open,
    _require_teacher,
)
from .start import _start

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
