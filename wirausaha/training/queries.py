"""What each user may see of training, and the attendance shares everyone reads.

Centre operators see their centre's cohorts, trainers the cohorts they train (named on the cohort
or on one of its sessions), participants their own cohort, national admins and auditors all.
Anything else is missing, which the interfaces show as 404.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from wirausaha.accounts.models import Role, User
from wirausaha.accounts.scoping import NATIONWIDE_ROLES, NOTHING
from wirausaha.allocation.models import AllocationRun, Placement
from wirausaha.allocation.queries import ON_ROSTER, cohort_roster
from wirausaha.centres.models import Cohort
from wirausaha.programs.models import Enrolment, EnrolmentEvent, EnrolmentState
from wirausaha.reference.timezones import ZONE_NAMES

from . import completion
from .models import Assessment, Attendance, Session

ATTENDED = [Attendance.Status.PRESENT, Attendance.Status.LATE]


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _cohorts_q(user: User) -> Q:
    if not _active(user):
        return NOTHING
    if user.role in NATIONWIDE_ROLES:
        return Q()
    if user.role == Role.CENTRE_OPERATOR and user.organisation_id:
        return Q(centre__organisation_id=user.organisation_id)
    if user.role == Role.TRAINER:
        return Q(pk__in=Cohort.trainers.through.objects.filter(user=user).values("cohort_id")) | Q(
            pk__in=Session.objects.filter(trainer=user).values("cohort_id")
        )
    if user.role == Role.PARTICIPANT:
        # The person's few classes are read first (one short query): as a subquery, PostgreSQL
        # joined every class of the country to its centre and region before keeping the one or two
        # (40 ms at 8,000 classes, growing with them) where a list of ids is read by primary key.
        own = Placement.objects.filter(
            run__status=AllocationRun.Status.CONFIRMED,
            enrolment__participant__user=user,
            enrolment__state__in=ON_ROSTER,
            cohort__isnull=False,
        ).values_list("cohort_id", flat=True)
        return Q(pk__in=list(own))
    return NOTHING


class CohortScope(StrEnum):
    """Which cohorts a user's list holds, by the branch of _cohorts_q that applies to them."""

    NATIONWIDE = "nationwide"
    CENTRE = "centre"
    TRAINER = "trainer"
    PARTICIPANT = "participant"
    NONE = "none"  # labour-office officers and partners: training is followed by the centres


def cohort_scope(user: User) -> CohortScope:
    """What cohorts_visible_to(user) lists, so a page can say why it is empty."""
    if not _active(user):
        return CohortScope.NONE
    if user.role in NATIONWIDE_ROLES:
        return CohortScope.NATIONWIDE
    if user.role == Role.CENTRE_OPERATOR and user.organisation_id:
        return CohortScope.CENTRE
    if user.role == Role.TRAINER:
        return CohortScope.TRAINER
    if user.role == Role.PARTICIPANT:
        return CohortScope.PARTICIPANT
    return CohortScope.NONE


def cohorts_visible_to(user: User) -> QuerySet[Cohort]:
    return Cohort.objects.filter(_cohorts_q(user)).select_related(
        "centre", "centre__region", "centre__organisation", "course"
    )


def get_cohort_for(user: User, pk: int) -> Cohort:
    return get_object_or_404(cohorts_visible_to(user), pk=pk)


def sessions_visible_to(user: User) -> QuerySet[Session]:
    return Session.objects.filter(
        cohort__in=Cohort.objects.filter(_cohorts_q(user)).values("pk")
    ).select_related("cohort", "cohort__centre", "cohort__centre__region", "cohort__course", "trainer")


def get_session_for(user: User, pk: int) -> Session:
    return get_object_or_404(sessions_visible_to(user), pk=pk)


# Who may do what, once the record is visible ---------------------------------------------


def manages_cohort(user: User, cohort: Cohort) -> bool:
    """National admins, and the operators of the cohort's centre: the schedule, start, completion."""
    if not _active(user):
        return False
    if user.role == Role.NATIONAL_ADMIN:
        return True
    return user.role == Role.CENTRE_OPERATOR and user.organisation_id == cohort.centre.organisation_id


def trains_cohort(user: User, cohort: Cohort) -> bool:
    return (
        _active(user)
        and user.role == Role.TRAINER
        and (cohort.trainers.filter(pk=user.pk).exists() or cohort.sessions.filter(trainer=user).exists())
    )


def teaches(user: User, cohort: Cohort) -> bool:
    """Marks attendance, records assessments and drop-outs: the cohort's trainers and its managers."""
    return manages_cohort(user, cohort) or trains_cohort(user, cohort)


def sees_roster(user: User, cohort: Cohort) -> bool:
    """Everyone who may see the cohort except its participants, who see only themselves."""
    return _active(user) and (user.role in NATIONWIDE_ROLES or teaches(user, cohort))


def trainers_for(cohort: Cohort) -> QuerySet[User]:
    """Who may be named trainer of a session: the centre's trainers and the cohort's own."""
    return User.objects.filter(
        Q(role=Role.TRAINER, organisation_id=cohort.centre.organisation_id) | Q(cohorts_trained=cohort),
        is_active=True,
    ).distinct()


# Time ------------------------------------------------------------------------------------


def zone_of(cohort: Cohort) -> ZoneInfo:
    return ZoneInfo(cohort.centre.region.zone_name)


def local_day(session: Session) -> date:
    return session.starts_at.astimezone(zone_of(session.cohort)).date()


def local_today(cohort: Cohort, now: datetime) -> date:
    return now.astimezone(zone_of(cohort)).date()


def sessions_on_local_day(user: User, now: datetime) -> QuerySet[Session]:
    """The user's sessions whose local day (in each centre's own zone) is today, in time order.
    Trainers see the sessions of the cohorts they train, operators their centre's, national roles
    the whole country's (thousands on a weekday: the query pages them). Today is a different UTC
    interval in each of Indonesia's three zones: one condition per zone, and around them the
    interval that holds all three as a plain condition. The planner cannot bound the index scan of
    the start by an OR that also names the centre's zone, so without it the scan reads every
    session from the first ever (80,000 index entries at national scale to find today's 118)."""
    today, earliest, latest = NOTHING, None, None
    for code, name in ZONE_NAMES.items():
        zone = ZoneInfo(name)
        midnight = datetime.combine(now.astimezone(zone).date(), time.min, tzinfo=zone)
        today |= Q(
            cohort__centre__region__time_zone=code,
            starts_at__gte=midnight,
            starts_at__lt=midnight + timedelta(days=1),
        )
        earliest = midnight if earliest is None else min(earliest, midnight)
        latest = midnight if latest is None else max(latest, midnight)
    return (
        sessions_visible_to(user)
        .filter(today, starts_at__gte=earliest, starts_at__lt=latest + timedelta(days=1))
        .order_by("starts_at", "id")
    )


def upcoming_sessions(user: User, now: datetime, limit: int = 5) -> QuerySet[Session]:
    return sessions_visible_to(user).filter(starts_at__gt=now).order_by("starts_at")[:limit]


# Roster and attendance -------------------------------------------------------------------


def roster_visible_to(user: User, cohort: Cohort) -> QuerySet[Enrolment]:
    roster = cohort_roster(cohort)
    if sees_roster(user, cohort):
        return roster
    if _active(user) and user.role == Role.PARTICIPANT:
        return roster.filter(participant__user=user)
    return roster.none()


def own_enrolment(user: User, cohort: Cohort) -> Enrolment | None:
    if not _active(user) or user.role != Role.PARTICIPANT:
        return None
    return cohort_roster(cohort).filter(participant__user=user).first()


@dataclass(frozen=True)
class CohortAttendance:
    """The hours of a cohort's sessions and the hours each enrolment attended."""

    total_jp: int  # every session of the schedule
    held_jp: int  # sessions begun, or with attendance recorded
    attended: dict[int, int]  # enrolment id -> JP attended (present or late)

    def so_far(self, enrolment_id: int) -> completion.Share:
        return completion.Share(self.attended.get(enrolment_id, 0), self.held_jp)

    def overall(self, enrolment_id: int) -> completion.Share:
        return completion.Share(self.attended.get(enrolment_id, 0), self.total_jp)


def cohort_attendance(cohort: Cohort, *, now: datetime, enrolment_ids=None) -> CohortAttendance:
    """Three small queries whatever the roster's size: sessions, sessions with marks, sums."""
    sessions = list(cohort.sessions.values_list("pk", "jp", "starts_at"))
    marked = set(
        Attendance.objects.filter(session__cohort=cohort).values_list("session_id", flat=True).distinct()
    )
    attended = Attendance.objects.filter(session__cohort=cohort, status__in=ATTENDED)
    if enrolment_ids is not None:
        attended = attended.filter(enrolment_id__in=enrolment_ids)
    return CohortAttendance(
        total_jp=sum(jp for _, jp, _ in sessions),
        held_jp=sum(jp for pk, jp, starts_at in sessions if starts_at <= now or pk in marked),
        attended=dict(
            attended.order_by()
            .values("enrolment_id")
            .annotate(jp=Sum("session__jp"))
            .values_list("enrolment_id", "jp")
        ),
    )


def attendance_of(session: Session) -> dict[int, Attendance]:
    """The marks of one session by enrolment id."""
    return {row.enrolment_id: row for row in session.attendance.select_related("marked_by")}


def session_marks_for(enrolment: Enrolment, cohort: Cohort) -> dict[int, Attendance]:
    """One participant's marks in a cohort, by session id."""
    return {
        row.session_id: row for row in Attendance.objects.filter(enrolment=enrolment, session__cohort=cohort)
    }


def scores_of(cohort: Cohort) -> dict[int, Assessment]:
    return {row.enrolment_id: row for row in cohort.assessments.all()}


@dataclass(frozen=True)
class Standing:
    """Where one enrolment stands at completion: what would happen to it, and why."""

    enrolment: Enrolment
    share: completion.Share
    score: int | None
    outcome: completion.Outcome


def completion_standings(cohort: Cohort, *, now: datetime) -> list[Standing]:
    """The decision for every roster enrolment still in training (or placed and never started),
    from attendance over the whole schedule and the assessment. Shared by the confirmation page
    and the action, so the page shows exactly what completing will do."""
    course = cohort.course
    enrolments = list(
        cohort_roster(cohort).filter(state__in=[EnrolmentState.IN_TRAINING, EnrolmentState.PLACED])
    )
    attendance = cohort_attendance(cohort, now=now, enrolment_ids=[e.pk for e in enrolments])
    scores = dict(cohort.assessments.values_list("enrolment_id", "score"))
    standings = []
    for enrolment in enrolments:
        share = attendance.overall(enrolment.pk)
        score = scores.get(enrolment.pk)
        outcome = completion.decide(
            share,
            min_attendance_percent=course.min_attendance_percent,
            assessment_required=course.assessment_required,
            score=score,
            pass_score=course.pass_score,
        )
        standings.append(Standing(enrolment, share, score, outcome))
    return standings


def dropouts_by_reason(cohort: Cohort) -> dict[str, int]:
    """How the cohort's drop-outs left: the reason of each one's move to dropped_out."""
    counts: dict[str, int] = {}
    reasons = EnrolmentEvent.objects.filter(
        to_state=EnrolmentState.DROPPED_OUT,
        enrolment__in=cohort_roster(cohort).filter(state=EnrolmentState.DROPPED_OUT).values("pk"),
    ).values_list("reason", flat=True)
    for reason in reasons:
        counts[reason] = counts.get(reason, 0) + 1
    return counts
