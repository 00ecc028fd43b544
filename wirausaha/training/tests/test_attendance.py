"""Attendance: a trainer of the cohort (or its centre's operator) marks a whole session at once, on
its day; after the day a change is a correction that needs a reason and is audited. Only the
roster is marked, and the first mark starts the training through the enrolment state machine."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wirausaha.allocation.queries import cohort_roster
from wirausaha.centres.models import Cohort
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.models import AuditEvent
from wirausaha.programs.models import EnrolmentEvent, EnrolmentState
from wirausaha.testing import make_participant, make_selected_wave
from wirausaha.training.actions import AttendanceError, TrainingError, drop_out, mark_attendance, start_cohort
from wirausaha.training.models import Attendance, DropOutReason
from wirausaha.training.queries import cohort_attendance

from .support import (  # noqa: F401
    bekasi_centre,
    english_messages,
    fast_password_hasher,
    make_class,
    other_centre,
    session_days_ago,
    session_days_ahead,
    session_today,
    trainer_of,
)

S = EnrolmentState


@pytest.fixture
def trainer(db):
    return trainer_of(bekasi_centre())


@pytest.fixture
def today_class(trainer):
    cohort, enrolments = make_class(trainer=trainer)
    return cohort, enrolments, session_today(cohort)


def statuses(session) -> dict[int, str]:
    return dict(session.attendance.values_list("enrolment_id", "status"))


def test_a_trainer_marks_the_whole_session_and_the_first_mark_starts_the_training(today_class, trainer):
    cohort, (ani, budi, citra), session = today_class

    result = mark_attendance(session, by=trainer, marks={budi.pk: "late", citra.pk: "absent"}, rest="present")

    assert result == {"written": 3}
    assert statuses(session) == {ani.pk: "present", budi.pk: "late", citra.pk: "absent"}
    assert set(session.attendance.values_list("method", flat=True)) == {Attendance.Method.TRAINER}
    assert set(session.attendance.values_list("marked_by", flat=True)) == {trainer.pk}
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.RUNNING
    for enrolment in (ani, budi, citra):
        enrolment.refresh_from_db()
        assert enrolment.state == S.IN_TRAINING
        assert EnrolmentEvent.objects.filter(
            enrolment=enrolment, from_state=S.PLACED, to_state=S.IN_TRAINING, actor=trainer
        ).exists()
    assert AuditEvent.objects.get(verb="cohort.started").actor == trainer
    marked = AuditEvent.objects.get(verb="attendance.marked")
    assert marked.changes == {"absent": [None, 1], "late": [None, 1], "present": [None, 1]}


def test_the_rest_never_overwrites_a_mark_already_made(today_class, trainer):
    _cohort, (ani, budi, citra), session = today_class
    mark_attendance(session, by=trainer, marks={ani.pk: "excused"})

    mark_attendance(session, by=trainer, marks={}, rest="present")

    assert statuses(session) == {ani.pk: "excused", budi.pk: "present", citra.pk: "present"}


def test_a_change_on_the_day_is_a_plain_mark_and_the_same_mark_twice_writes_nothing(today_class, trainer):
    _cohort, (ani, _budi, _citra), session = today_class
    mark_attendance(session, by=trainer, marks={ani.pk: "absent"})

    assert mark_attendance(session, by=trainer, marks={ani.pk: "absent"}) == {"written": 0}
    mark_attendance(session, by=trainer, marks={ani.pk: "late"})

    row = session.attendance.get(enrolment=ani)
    assert (row.status, row.method, row.correction_reason) == ("late", "trainer", "")
    assert not AuditEvent.objects.filter(verb="attendance.corrected").exists()


def test_after_the_day_a_correction_needs_a_reason_and_is_audited_with_before_and_after(trainer):
    cohort, (ani, budi, _citra) = make_class(trainer=trainer)
    session = session_days_ago(cohort, 2)
    Attendance.objects.create(session=session, enrolment=ani, status="absent", marked_at=timezone.now())

    with pytest.raises(InvalidInput) as refused:
        mark_attendance(session, by=trainer, marks={ani.pk: "present"}, reason="  ")
    assert set(refused.value.errors) == {"reason"}
    assert statuses(session) == {ani.pk: "absent"}

    mark_attendance(
        session, by=trainer, marks={ani.pk: "present", budi.pk: "excused"}, reason="Surat sakit menyusul"
    )

    row = session.attendance.get(enrolment=ani)
    assert (row.status, row.method, row.correction_reason) == (
        "present",
        "correction",
        "Surat sakit menyusul",
    )
    event = AuditEvent.objects.get(verb="attendance.corrected")
    assert event.actor == trainer and event.reason == "Surat sakit menyusul"
    assert event.changes == {str(ani.pk): ["absent", "present"], str(budi.pk): [None, "excused"]}
    assert event.target_id == str(session.pk)


def test_attendance_is_not_marked_before_the_sessions_day(trainer):
    cohort, (ani, *_rest) = make_class(trainer=trainer)
    session = session_days_ahead(cohort, 2)

    with pytest.raises(AttendanceError, match="from the session's day on"):
        mark_attendance(session, by=trainer, marks={ani.pk: "present"})

    assert not session.attendance.exists()
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.PLANNED


def test_only_the_roster_is_marked_and_a_wrong_status_is_named_by_person(today_class, trainer):
    cohort, (ani, budi, _citra), session = today_class
    outsider_wave = make_selected_wave("PHK-LUAR", participants=[make_participant("Orang Luar")])
    outsider = outsider_wave.enrolments.get()

    with pytest.raises(InvalidInput) as refused:
        mark_attendance(
            session, by=trainer, marks={ani.pk: "present", budi.pk: "sleeping", outsider.pk: "present"}
        )

    assert refused.value.errors == {
        f"marks.{budi.pk}": "Choose present, late, excused or absent.",
        f"marks.{outsider.pk}": "Not on this cohort's roster.",
    }
    assert not session.attendance.exists()  # nothing is half-written
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.PLANNED


def test_someone_who_dropped_out_is_no_longer_marked(today_class, trainer):
    cohort, (ani, budi, _citra), session = today_class
    mark_attendance(session, by=trainer, marks={ani.pk: "present"}, rest="present")
    drop_out(budi, cohort=cohort, by=trainer, reason=DropOutReason.WITHDREW, note="Pindah ke Jakarta")
    later = session_today(cohort)

    with pytest.raises(InvalidInput) as refused:
        mark_attendance(later, by=trainer, marks={budi.pk: "present"})
    mark_attendance(later, by=trainer, marks={}, rest="present")

    assert "No longer in training (Dropped out)" in refused.value.errors[f"marks.{budi.pk}"]
    assert budi.pk not in statuses(later)


def test_trainers_of_other_cohorts_and_centres_cannot_mark(today_class, centre_operator):
    cohort, (ani, *_rest), session = today_class
    colleague = trainer_of(bekasi_centre(), "instruktur2")  # same centre, not on this cohort
    elsewhere = trainer_of(other_centre(), "instruktur.bali")
    bali_cohort, _ = make_class(centre=other_centre(), trainer=elsewhere)

    for outsider in (colleague, elsewhere):
        with pytest.raises(PermissionDenied):
            mark_attendance(session, by=outsider, marks={ani.pk: "present"})
    # The centre's operator may, and so may a trainer named on the session alone.
    mark_attendance(session, by=centre_operator, marks={ani.pk: "present"})
    session_today(cohort, trainer=colleague)
    mark_attendance(session, by=colleague, marks={ani.pk: "late"})

    assert statuses(session) == {ani.pk: "late"}
    assert bali_cohort.sessions.count() == 0


def test_the_attendance_share_counts_jp_of_sessions_present_or_late(trainer):
    cohort, (ani, budi, citra) = make_class(trainer=trainer)
    held = [session_days_ago(cohort, days, jp=jp) for days, jp in ((3, 4), (2, 4), (1, 2))]
    session_days_ahead(cohort, 3, jp=4)
    now = timezone.now()
    rows = {held[0]: {ani: "present", budi: "late"}, held[1]: {ani: "excused", budi: "present"}, held[2]: {}}
    for session, marks in rows.items():
        for enrolment, status in marks.items():
            Attendance.objects.create(session=session, enrolment=enrolment, status=status, marked_at=now)

    attendance = cohort_attendance(cohort, now=now)

    assert (attendance.total_jp, attendance.held_jp) == (14, 10)
    assert attendance.so_far(ani.pk).attended_jp == 4 and attendance.so_far(ani.pk).percent == 40
    assert attendance.so_far(budi.pk).percent == 80
    assert attendance.overall(budi.pk).percent == 57  # 8 of 14, rounded down
    assert attendance.so_far(citra.pk).percent == 0


def test_the_operator_starts_the_training_on_or_after_its_first_day(centre_operator):
    cohort, _enrolments = make_class()
    future, _ = make_class(starts_on=timezone.now().date() + timedelta(days=5))

    assert start_cohort(cohort, by=centre_operator) == 3
    with pytest.raises(TrainingError, match="can be started from that day"):
        start_cohort(future, by=centre_operator)

    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.RUNNING
    assert {e.state for e in cohort_roster(cohort)} == {S.IN_TRAINING}
    assert AuditEvent.objects.filter(verb="cohort.started", actor=centre_operator).count() == 1


def test_attendance_shares_take_three_queries_whatever_the_roster(trainer, django_assert_num_queries):
    cohort, enrolments = make_class(tuple(f"Peserta {i:02d}" for i in range(30)), trainer=trainer)
    sessions = [session_days_ago(cohort, days) for days in (3, 2, 1)]
    Attendance.objects.bulk_create(
        Attendance(session=s, enrolment=e, status="present", marked_at=timezone.now())
        for s in sessions
        for e in enrolments
    )

    with django_assert_num_queries(3):
        attendance = cohort_attendance(cohort, now=timezone.now())

    assert {attendance.so_far(e.pk).percent for e in enrolments} == {100}
