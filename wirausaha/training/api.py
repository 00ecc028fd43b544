from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from wirausaha.common.errors import InvalidInput, NotFound

from .actions import mark_attendance
from .queries import attendance_of, get_cohort_for, get_session_for, roster_visible_to, teaches
from .schemas import AttendanceIn, AttendanceOut, SessionOut

router = Router(tags=["training"])


@router.get("/cohorts/{cohort_id}/sessions", response=list[SessionOut])
def list_sessions(request, cohort_id: int):
    cohort = get_cohort_for(request.auth, cohort_id)
    return list(cohort.sessions.select_related("cohort__centre__region", "trainer"))


def _attendance(user, session) -> list[dict]:
    marks = attendance_of(session)
    rows = []
    for enrolment in roster_visible_to(user, session.cohort):
        mark = marks.get(enrolment.pk)
        rows.append(
            {
                "enrolment_id": enrolment.pk,
                "participant_name": enrolment.participant.full_name,
                "state": enrolment.state,
                "status": mark.status if mark else None,
                "method": mark.method if mark else None,
                "marked_at": mark.marked_at if mark else None,
                "correction_reason": mark.correction_reason if mark else "",
            }
        )
    return rows


@router.get("/sessions/{session_id}/attendance", response=list[AttendanceOut])
def list_attendance(request, session_id: int):
    """The roster with each one's mark; a participant sees only their own row."""
    session = get_session_for(request.auth, session_id)
    return _attendance(request.auth, session)


@router.post("/sessions/{session_id}/attendance", response=list[AttendanceOut])
def post_attendance(request, session_id: int, payload: AttendanceIn):
    """Mark attendance (a trainer of the cohort or the centre's operator). After the session's day
    a change is a correction and needs `reason`."""
    session = get_session_for(request.auth, session_id)
    if not teaches(request.auth, session.cohort):
        raise NotFound()
    marks, errors = {}, {}
    for index, mark in enumerate(payload.marks):
        if mark.enrolment_id in marks:
            errors[f"marks.{index}.enrolment_id"] = _("This person is marked twice in one request.")
        marks[mark.enrolment_id] = mark.status.value
    if errors:
        raise InvalidInput(errors)
    positions = {mark.enrolment_id: index for index, mark in enumerate(payload.marks)}
    try:
        mark_attendance(
            session,
            by=request.auth,
            marks=marks,
            rest=payload.rest.value if payload.rest else None,
            reason=payload.reason,
            now=timezone.now(),
        )
    except InvalidInput as error:
        # Name the request's own fields: marks.<position>.enrolment_id rather than the enrolment id.
        renamed = {}
        for field, message in error.errors.items():
            if field.startswith("marks."):
                enrolment_id = int(field.split(".", 1)[1])
                field = f"marks.{positions[enrolment_id]}.enrolment_id"
            renamed[field] = message
        raise InvalidInput(renamed) from error
    return _attendance(request.auth, session)
