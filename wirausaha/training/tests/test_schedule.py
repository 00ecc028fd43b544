"""A cohort's schedule is generated from its course: every JP of both parts, on working days, in
the centre's own time zone; the operator may regenerate it until it begins, and edit it one session
at a time, each change audited."""

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone

from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.models import AuditEvent
from wirausaha.testing import make_course
from wirausaha.training import schedule
from wirausaha.training.actions import (
    ScheduleError,
    add_session,
    delete_session,
    edit_session,
    generate_sessions,
)
from wirausaha.training.models import Attendance, Session

from .support import (  # noqa: F401
    bekasi_centre,
    english_messages,
    fast_password_hasher,
    make_class,
    other_centre,
    session_days_ago,
    trainer_of,
)

MONDAY = date(2025, 8, 4)


def plan(technical=40, entrepreneurship=20, first=MONDAY, last=date(2025, 8, 29), zone="Asia/Jakarta"):
    return schedule.plan(
        technical_jp=technical,
        entrepreneurship_jp=entrepreneurship,
        first_day=first,
        last_day=last,
        zone=zone,
    )


# The pure plan -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("technical", "entrepreneurship"), [(40, 20), (0, 24), (100, 0), (1, 1), (37, 13), (240, 60)]
)
def test_the_plan_holds_every_jp_of_both_parts(technical, entrepreneurship):
    sessions = plan(technical, entrepreneurship, last=date(2025, 12, 31))

    assert sum(s.jp for s in sessions if s.kind == schedule.TECHNICAL) == technical
    assert sum(s.jp for s in sessions if s.kind == schedule.ENTREPRENEURSHIP) == entrepreneurship
    assert all(1 <= s.jp <= schedule.BLOCK_JP for s in sessions)
    assert [s.number for s in sessions] == list(range(1, len(sessions) + 1))


def test_sessions_fall_on_working_days_at_most_eight_jp_a_day_and_never_overlap():
    sessions = plan(40, 20)

    assert all(s.day.weekday() < 5 for s in sessions)
    by_day: dict[date, list] = {}
    for s in sessions:
        by_day.setdefault(s.day, []).append(s)
    assert all(sum(s.jp for s in day) <= 8 for day in by_day.values())
    for first, second in itertools.pairwise(sessions):
        assert first.ends_at <= second.starts_at
    # Monday 4 August to Wednesday 13 August: 16 blocks over 8 working days, the weekend skipped.
    assert sorted(by_day)[0] == MONDAY and sorted(by_day)[-1] == date(2025, 8, 13)
    assert date(2025, 8, 9) not in by_day and date(2025, 8, 10) not in by_day


def test_the_entrepreneurship_topics_come_in_order_spread_between_technical_blocks():
    sessions = plan(40, 20)
    topics = [s.topic for s in sessions if s.kind == schedule.ENTREPRENEURSHIP]

    assert topics == list(schedule.ENTREPRENEURSHIP_TOPICS)
    assert [s.jp for s in sessions if s.kind == schedule.ENTREPRENEURSHIP] == [4, 4, 3, 3, 3, 3]
    kinds = [s.kind for s in sessions]
    # Never more than two technical blocks in a row when there are 10 of them for 6 topics.
    longest = max(
        len(run) for run in "".join("T" if k == schedule.TECHNICAL else "E" for k in kinds).split("E")
    )
    assert longest <= 2
    assert kinds[0] == schedule.TECHNICAL and kinds[-1] == schedule.TECHNICAL


def test_a_long_topic_is_cut_into_numbered_parts():
    sessions = plan(0, 48)  # 8 JP per topic: two blocks each

    plan_topic = [(s.part, s.parts, s.jp) for s in sessions if s.topic == "business_plan"]
    assert plan_topic == [(1, 2, 4), (2, 2, 4)]


@pytest.mark.parametrize(
    ("zone", "utc_hour"), [("Asia/Jakarta", 1), ("Asia/Makassar", 0), ("Asia/Jayapura", 23)]
)
def test_local_times_are_stored_in_utc_for_each_of_the_three_zones(zone, utc_hour):
    first = plan(8, 0, zone=zone)[0]

    assert first.starts_at.tzinfo == UTC
    assert first.starts_at.hour == utc_hour  # 08:00 WIB, WITA and WIT
    assert first.ends_at - first.starts_at == timedelta(hours=3)
    expected_day = MONDAY - timedelta(days=1) if zone == "Asia/Jayapura" else MONDAY
    assert first.starts_at.date() == expected_day


def test_a_course_that_does_not_fit_the_dates_is_refused_with_the_days_needed():
    with pytest.raises(schedule.ScheduleDoesNotFit) as refused:
        plan(40, 20, first=MONDAY, last=date(2025, 8, 8))  # one week: 5 working days

    assert (refused.value.days_needed, refused.value.days_available) == (8, 5)


def test_a_cohort_that_starts_on_a_saturday_begins_on_monday():
    assert plan(4, 0, first=date(2025, 8, 2), last=date(2025, 8, 8))[0].day == MONDAY


# The action --------------------------------------------------------------------------------


def future_class(**kwargs):
    today = timezone.now().date()
    starts = today + timedelta(days=7 - today.weekday() + 7)  # a Monday at least a week away
    return make_class(starts_on=starts, ends_on=starts + timedelta(days=25), **kwargs)


def test_the_operator_generates_the_schedule_with_topics_in_indonesian(centre_operator):
    cohort, _ = future_class()

    sessions = generate_sessions(cohort, by=centre_operator)

    assert len(sessions) == cohort.sessions.count() == 16
    assert sum(s.jp for s in cohort.sessions.all()) == cohort.course.total_jp == 60
    topics = list(cohort.sessions.filter(kind=Session.Kind.ENTREPRENEURSHIP).values_list("topic", flat=True))
    assert topics == [
        "Ide usaha",
        "Rencana usaha",
        "Pemasaran",
        "Biaya dan harga jual",
        "Pembukuan",
        "Perizinan (NIB) dan pembiayaan (KUR)",
    ]
    assert cohort.sessions.filter(kind=Session.Kind.TECHNICAL).first().topic == "Materi teknis 1/10"
    first = cohort.sessions.first()
    assert timezone.localtime(first.starts_at, timezone.get_default_timezone()).time() == time(8, 0)
    event = AuditEvent.objects.get(verb="cohort.schedule_generated")
    assert event.actor == centre_operator and event.changes["sessions"] == [0, 16]


def test_a_single_trainer_of_the_cohort_is_named_on_every_session(centre_operator):
    trainer = trainer_of(bekasi_centre())
    cohort, _ = future_class(trainer=trainer)

    generate_sessions(cohort, by=centre_operator)

    assert set(cohort.sessions.values_list("trainer", flat=True)) == {trainer.pk}


def test_generating_again_replaces_a_schedule_that_has_not_begun(centre_operator):
    cohort, _ = future_class()
    generate_sessions(cohort, by=centre_operator)
    first_ids = set(cohort.sessions.values_list("pk", flat=True))

    generate_sessions(cohort, by=centre_operator)

    assert cohort.sessions.count() == 16
    assert not first_ids & set(cohort.sessions.values_list("pk", flat=True))


def test_a_schedule_that_has_begun_is_not_generated_again(centre_operator):
    cohort, enrolments = make_class()
    session = session_days_ago(cohort, 1)
    Attendance.objects.create(
        session=session, enrolment=enrolments[0], status="present", marked_at=timezone.now()
    )

    with pytest.raises(ScheduleError, match="has begun"):
        generate_sessions(cohort, by=centre_operator)

    assert list(cohort.sessions.all()) == [session]


def test_a_course_longer_than_the_cohort_is_refused_with_what_to_do(centre_operator):
    course = make_course("PANJANG", technical_jp=200, entrepreneurship_jp=40)
    cohort, _ = make_class(course=course, starts_on=date(2030, 1, 7), ends_on=date(2030, 1, 18))

    with pytest.raises(ScheduleError) as refused:
        generate_sessions(cohort, by=centre_operator)

    assert "240 JP need 31 working days" in str(refused.value)
    assert "10 working days from 07/01/2030 to 18/01/2030" in str(refused.value)
    assert not cohort.sessions.exists()


def test_only_the_centres_operator_generates_the_schedule(centre_operator):
    cohort, _ = future_class()
    trainer = trainer_of(bekasi_centre())
    cohort.trainers.add(trainer)
    elsewhere, _ = future_class(centre=other_centre())

    with pytest.raises(PermissionDenied):
        generate_sessions(cohort, by=trainer)
    with pytest.raises(PermissionDenied):
        generate_sessions(elsewhere, by=centre_operator)
    assert not Session.objects.exists()


# Editing one session -----------------------------------------------------------------------


def test_the_operator_moves_a_session_and_the_change_is_audited_with_before_and_after(centre_operator):
    cohort, _ = future_class()
    generate_sessions(cohort, by=centre_operator)
    session = cohort.sessions.get(number=1)
    day = cohort.starts_on + timedelta(days=1)

    edit_session(
        session,
        by=centre_operator,
        day=day,
        start=time(13, 0),
        end=time(16, 0),
        kind="technical",
        topic="Praktik produksi",
        jp=4,
    )

    session.refresh_from_db()
    assert session.topic == "Praktik produksi"
    assert session.starts_at == datetime.combine(day, time(6, 0), tzinfo=UTC)  # 13:00 WIB
    event = AuditEvent.objects.get(verb="session.changed")
    assert event.changes["topic"] == ["Materi teknis 1/10", "Praktik produksi"]
    assert "starts_at" in event.changes
    # Numbers follow time order again: the moved session now comes later.
    assert list(cohort.sessions.order_by("starts_at").values_list("number", flat=True)) == list(range(1, 17))
    assert session.number > 1


def test_a_session_is_checked_against_the_cohort_dates_and_its_hours(centre_operator):
    cohort, _ = future_class()

    with pytest.raises(InvalidInput) as refused:
        add_session(
            cohort,
            by=centre_operator,
            day=cohort.ends_on + timedelta(days=1),
            start=time(8, 0),
            end=time(9, 0),
            kind="technical",
            topic=" ",
            jp=2,
        )

    assert set(refused.value.errors) == {"day", "topic", "jp"}
    assert "60 minutes hold 1 to 1 JP" in refused.value.errors["jp"]


def test_a_session_with_attendance_keeps_its_time_and_cannot_be_deleted(centre_operator):
    cohort, enrolments = make_class()
    session = session_days_ago(cohort, 1)
    Attendance.objects.create(
        session=session, enrolment=enrolments[0], status="present", marked_at=timezone.now()
    )
    local = timezone.localtime(session.starts_at, timezone.get_default_timezone())

    with pytest.raises(ScheduleError, match="can no longer change"):
        edit_session(
            session,
            by=centre_operator,
            day=local.date(),
            start=time(9, 0),
            end=time(12, 0),
            kind="technical",
            topic="x",
            jp=4,
        )
    edited = edit_session(
        session,
        by=centre_operator,
        day=local.date(),
        start=time(8, 0),
        end=time(11, 0),
        kind="technical",
        topic="Topik baru",
        jp=4,
    )
    with pytest.raises(ScheduleError, match="cannot be deleted"):
        delete_session(session, by=centre_operator)

    assert edited.topic == "Topik baru"


def test_deleting_a_session_numbers_the_rest_again(centre_operator):
    cohort, _ = future_class()
    generate_sessions(cohort, by=centre_operator)

    delete_session(cohort.sessions.get(number=3), by=centre_operator)

    assert list(cohort.sessions.values_list("number", flat=True)) == list(range(1, 16))
    assert AuditEvent.objects.filter(verb="session.deleted").count() == 1
