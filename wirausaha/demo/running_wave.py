"""The demo's earlier wave, DEMO-2026-0, already selected and placed and in training around today,
so that a newcomer can walk the later stages in the browser: a class at BBPVP Bekasi is running
(the demo trainer marks today's attendance, the demo participant sees their schedule), one has
finished its sessions and waits for the operator to complete it (the demo graduate then downloads
the certificate), and one was completed with certificates already drawn (anyone can check one at
/verify/<code>). Two classes at other centres near Bekasi start next week.

Everything after the wave's set-up goes through the real actions, in the order the programme runs:
open, apply, close, screen, draw, propose and confirm the placement, generate the schedules, mark
attendance (on each session's own day), record the assessment, complete. Dates are relative to
today in the centres' zone (WIB); nothing here runs when the wave exists already."""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from wirausaha.accounts.models import Role, User
from wirausaha.allocation.actions import confirm_run, move_placement, notify_placed, propose_run
from wirausaha.allocation.models import AllocationRun
from wirausaha.allocation.queries import cohort_roster
from wirausaha.centres.actions import create_cohort
from wirausaha.centres.models import Cohort, Course, TrainingCentre
from wirausaha.documents.models import Document
from wirausaha.documents.rendering import render_documents
from wirausaha.programs import actions as programs
from wirausaha.programs.models import EligibilityRule, PriorityRule, Programme, Quota, Wave
from wirausaha.registry.actions import update_participant, verify_participant
from wirausaha.registry.models import Participant, Verification
from wirausaha.training import actions as training
from wirausaha.training.models import Attendance, Certificate, Session
from wirausaha.training.schedule import WORKING_DAYS, working_days

from .people import make_participants

TRAINING_WAVE = "DEMO-2026-0"
PROGRAMME = ("LK-PHK-2025", "Layanan Kewirausahaan Korban PHK 2025")
ADMIN, OPERATOR, TRAINER, OFFICER = "admin", "operator.bekasi", "instruktur", "disnaker.bekasi"
PARTICIPANT, GRADUATE = "peserta", "lulusan"
CENTRE = "BBPVP Bekasi"
ZONE = ZoneInfo("Asia/Jakarta")  # every centre of this wave is in West Java or Jakarta
RANDOMNESS_SOURCE = "Demo: nomor undian DEMO-2026-0 yang diumumkan sehari setelah penutupan"
PUBLIC_VALUE = "Demo 07 19 23 31 40 44"
# The demo's people were laid off in 2025 (people.LAYOFF_START): the wave's layoff rule reaches back
# to that year, at least 12 months as in the open wave.
LAYOFF_FROM = date(2025, 1, 1)


@dataclass(frozen=True)
class DemoClass:
    """A class the wave fills, and the applicants who want its course and live near it."""

    key: str
    centre: str
    course: str
    seats: int
    applicants: int
    regencies: tuple[str, ...]


BEKASI = ("32.75", "32.16")
RUNNING, FINISHED, COMPLETED = "running", "finished", "completed"
CLASSES = [
    DemoClass(RUNNING, CENTRE, "KWU-BOGA", 20, 16, BEKASI),
    DemoClass(FINISHED, CENTRE, "KWU-DIGITAL", 20, 16, BEKASI),
    DemoClass(COMPLETED, CENTRE, "KWU-OLAHAN", 16, 14, BEKASI),
    DemoClass("upcoming-kab", "UPTD BLK Kabupaten Bekasi", "KWU-JAHIT", 16, 10, ("32.16",)),
    DemoClass("upcoming-jaktim", "UPTD BLK Kota Administrasi Jakarta Timur", "KWU-SALON", 16, 8, ("31.75",)),
]
# Applicants too far from any class of the wave (unplaced, or waitlisted), and applicants whose
# record the labour office has not verified (ineligible).
FAR_AWAY = ("35.78", 4)  # Kota Surabaya
UNVERIFIED = 4
# How many people the wave adds to the demo (the demo participant applies besides them).
NEW_APPLICANTS = sum(c.applicants for c in CLASSES) + FAR_AWAY[1]
# Working days of the running class before today.
RUNNING_DAYS_BEFORE_TODAY = 8


@dataclass
class RunningWave:
    wave: Wave
    cohorts: dict[str, Cohort]
    participants_created: int


def local_today() -> date:
    return timezone.now().astimezone(ZONE).date()


def _days_needed(course: Course) -> int:
    from wirausaha.training import schedule

    planned = schedule.plan(
        technical_jp=course.technical_jp,
        entrepreneurship_jp=course.entrepreneurship_jp,
        first_day=date(2000, 1, 3),
        last_day=date(2000, 12, 31),
        zone="Asia/Jakarta",
    )
    return len({session.day for session in planned})


def _working_days_back(before: date, count: int) -> list[date]:
    """The `count` working days before `before` (not included), oldest first."""
    days = working_days(before - timedelta(days=count * 2 + 10), before - timedelta(days=1))
    return days[-count:]


def _working_days_from(first: date, count: int) -> list[date]:
    return working_days(first, first + timedelta(days=count * 2 + 10))[:count]


def class_dates(today: date, courses: dict[str, Course]) -> dict[str, tuple[date, date]]:
    """Each class's first and last day: the completed, the finished and the running class follow
    each other at BBPVP Bekasi (the same trainer teaches them), the running one began some working
    days before today; the two others start a week after today."""
    need = {c.key: _days_needed(courses[c.course]) for c in CLASSES}
    running_start = _working_days_back(today, RUNNING_DAYS_BEFORE_TODAY)[0]
    running = _working_days_from(running_start, need[RUNNING])
    finished = _working_days_back(running_start, need[FINISHED])
    completed = _working_days_back(finished[0], need[COMPLETED])
    dates = {
        RUNNING: (running[0], running[-1]),
        FINISHED: (finished[0], finished[-1]),
        COMPLETED: (completed[0], completed[-1]),
    }
    next_start = working_days(today + timedelta(days=7), today + timedelta(days=14))[0]
    for c in CLASSES:
        if c.key not in dates:
            days = _working_days_from(next_start, need[c.key])
            dates[c.key] = (days[0], days[-1])
    return dates


def _users() -> dict[str, User] | None:
    found = {u.username: u for u in User.objects.filter(username__in=[ADMIN, OPERATOR, TRAINER, OFFICER])}
    return found if len(found) == 4 else None


def _people(seed: int, taken: set[str], courses: dict[str, Course], opens_on: date) -> list[Participant]:
    """The wave's applicants, verified (but a few), each wanting the course of the class near them."""
    rng = random.Random(seed)
    people: list[Participant] = []
    groups = [(c.regencies, c.applicants, courses[c.course]) for c in CLASSES]
    groups.append(((FAR_AWAY[0],), FAR_AWAY[1], None))
    for number, (regencies, count, course) in enumerate(groups):
        for index, regency in enumerate(regencies):
            share = count // len(regencies) + (1 if index < count % len(regencies) else 0)
            for person in make_participants(share, seed * 100 + number * 10 + index, taken, regency=regency):
                chosen = course or courses[rng.choice(CLASSES).course]
                person.business_interest_sector_id = chosen.sector_id
                person.business_interest = chosen.title
                person.verification = Verification.VERIFIED
                person.layoff_date = min(person.layoff_date, opens_on - timedelta(days=30))
                people.append(person)
    for person in rng.sample(people, UNVERIFIED):
        person.verification = Verification.PENDING
    return people


def _create_wave(*, opens_on: date, window: tuple[date, date], people: list[Participant]) -> Wave:
    """The wave with its rules and quotas, in draft (it is opened through the action)."""
    programme, _created = Programme.objects.get_or_create(code=PROGRAMME[0], defaults={"name": PROGRAMME[1]})
    verified = [p for p in people if p.verification == Verification.VERIFIED]
    seats: dict[str, int] = {}
    for person in verified:
        seats[person.domicile_id[:2]] = seats.get(person.domicile_id[:2], 0) + 1
    # Far from Bekasi there are fewer seats than applicants: part of the waitlist.
    far = FAR_AWAY[0][:2]
    if far in seats:
        seats[far] = max(1, seats[far] // 2)
    months = max(12, (opens_on.year - LAYOFF_FROM.year) * 12 + opens_on.month - LAYOFF_FROM.month + 1)
    wave = Wave.objects.create(
        programme=programme,
        code=TRAINING_WAVE,
        name="Gelombang demo 2026-0",
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=42),
        selection_date=opens_on + timedelta(days=49),
        training_starts_on=window[0],
        training_ends_on=window[1],
        target=sum(seats.values()),
        status=Wave.Status.DRAFT,
        # A wave in the past, whose declared public value was published the day after it closed.
        randomness_source=RANDOMNESS_SOURCE,
        randomness_published_after=datetime.combine(opens_on + timedelta(days=43), time(12, 0), tzinfo=UTC),
    )
    Quota.objects.bulk_create(
        [Quota(wave=wave, region_id=code, seats=n) for code, n in sorted(seats.items())]
    )
    # No "not in another open wave" rule: the demo participant has applied to the open wave too.
    for kind, params in [
        (EligibilityRule.Kind.LAID_OFF_WITHIN_MONTHS, {"months": months}),
        (EligibilityRule.Kind.AGE_BETWEEN, {"min": 18, "max": 60}),
        (EligibilityRule.Kind.DOMICILE_IN_WAVE_REGIONS, {}),
        (EligibilityRule.Kind.VERIFIED, {}),
    ]:
        EligibilityRule.objects.create(wave=wave, kind=kind, params=params)
    for kind, points in [(PriorityRule.Kind.WOMEN, 2), (PriorityRule.Kind.DISABILITY, 3)]:
        PriorityRule.objects.create(wave=wave, kind=kind, points=points, params={})
    return wave


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


def _mark_sessions(
    cohort: Cohort, sessions, *, trainer: User, rng: random.Random, absent_often: set[int] = frozenset()
) -> None:
    """Attendance of each session on its own day, a few minutes after it began: mostly present,
    some late, excused or absent; the people in `absent_often` miss about half the sessions."""
    roster = list(cohort_roster(cohort).values_list("pk", flat=True))
    for session in sessions:
        marks = {}
        for pk in roster:
            draw = rng.random()
            if pk in absent_often:
                status = Attendance.Status.ABSENT if draw < 0.5 else Attendance.Status.PRESENT
            elif draw < 0.86:
                status = Attendance.Status.PRESENT
            elif draw < 0.93:
                status = Attendance.Status.LATE
            elif draw < 0.97:
                status = Attendance.Status.EXCUSED
            else:
                status = Attendance.Status.ABSENT
            marks[pk] = status
        training.mark_attendance(
            session, by=trainer, marks=marks, now=session.starts_at + timedelta(minutes=10)
        )


def _scores(cohort: Cohort, *, trainer: User, rng: random.Random, failing: set[int], at: datetime) -> None:
    scores = {
        pk: rng.randint(45, 65) if pk in failing else rng.randint(72, 96)
        for pk in cohort_roster(cohort).values_list("pk", flat=True)
    }
    training.record_assessment(cohort, by=trainer, scores=scores, now=at)


def _place(run: AllocationRun, enrolment_id: int, cohort: Cohort, *, by: User) -> None:
    """Make sure a demo account sits in its class (the optimizer puts them there: this only guards)."""
    placement = run.placements.get(enrolment_id=enrolment_id)
    if placement.cohort_id != cohort.pk:
        move_placement(placement, to_cohort=cohort, by=by, reason="Demo: kelas akun demo")


def _enrolment_of(wave: Wave, user: User | None) -> int | None:
    if user is None:
        return None
    return wave.enrolments.filter(participant__user=user).values_list("pk", flat=True).first()


@transaction.atomic
def seed_running_wave(*, seed: int = 2025, today: date | None = None) -> RunningWave | None:
    """Build DEMO-2026-0 through the actions (see the module docstring). Returns None when the wave
    exists already or the demo accounts and centres are missing."""
    if Wave.objects.filter(code=TRAINING_WAVE).exists():
        return None
    users = _users()
    centres = {
        c.short_name: c for c in TrainingCentre.objects.filter(short_name__in={c.centre for c in CLASSES})
    }
    courses = {c.code: c for c in Course.objects.filter(code__in={c.course for c in CLASSES})}
    if users is None or len(centres) < len({c.centre for c in CLASSES}) or len(courses) < len(CLASSES):
        return None
    admin, operator, trainer, officer = (users[name] for name in (ADMIN, OPERATOR, TRAINER, OFFICER))
    today = today or local_today()
    rng = random.Random(seed)

    dates = class_dates(today, courses)
    window = (min(d[0] for d in dates.values()), max(d[1] for d in dates.values()))
    cohorts = {}
    for c in CLASSES:
        ours = c.centre == CENTRE
        cohorts[c.key] = create_cohort(
            centre=centres[c.centre],
            course=courses[c.course],
            starts_on=dates[c.key][0],
            ends_on=dates[c.key][1],
            seats=c.seats,
            trainers=[trainer] if ours else [],
            by=operator if ours else None,
        )

    # Applicants: new synthetic people, one of them the demo graduate's record, and the demo
    # participant (their record exists) who wants the running class's course.
    opens_on = window[0] - timedelta(days=84)
    taken = set(Participant.objects.values_list("nik", flat=True))
    people = _people(seed, taken, courses, opens_on)
    graduate = User.objects.filter(username=GRADUATE, role=Role.PARTICIPANT, participant__isnull=True).first()
    if graduate is not None:
        wanted = courses[next(c.course for c in CLASSES if c.key == FINISHED)].sector_id
        own = next(
            p
            for p in people
            if p.business_interest_sector_id == wanted
            and p.verification == Verification.VERIFIED
            and p.domicile_id.startswith("32.16")
        )
        own.user = graduate
        own.full_name = graduate.get_full_name() or own.full_name
    bulk_create_with_history(people, Participant, batch_size=500, default_change_reason="demo data")
    applicants = list(Participant.objects.filter(nik__in=[p.nik for p in people]).select_related("user"))
    participant = (
        Participant.objects.filter(user__username=PARTICIPANT, merged_into__isnull=True)
        .select_related("user")
        .first()
    )
    if participant is not None:
        running_course = courses[CLASSES[0].course]
        if participant.business_interest_sector_id != running_course.sector_id:
            update_participant(
                participant,
                data={
                    "business_interest_sector": running_course.sector_id,
                    "business_interest": running_course.title,
                },
                by=participant.user,
            )
        if participant.verification != Verification.VERIFIED:
            verify_participant(participant, by=officer)
        applicants.append(participant)

    # Selection: open, apply, close, screen, draw.
    wave = _create_wave(
        opens_on=opens_on, window=window, people=[*people, *([participant] if participant else [])]
    )
    wave = programs.open_wave(wave, by=admin)
    for person in applicants:
        programs.apply_to_wave(wave=wave, participant=person, by=person.user or admin)
    programs.screen_wave(wave, by=admin)
    # The wave's history is in the past: it closed at the end of its closing day, before its
    # declared public value was published (the draw, now, comes long after that).
    closed_at = datetime.combine(wave.closes_on + timedelta(days=1), time(0), tzinfo=ZONE)
    wave = programs.close_wave(wave, by=admin, now=closed_at)
    programs.draw_wave(wave, by=admin, public_value=PUBLIC_VALUE)

    # Placement: the optimizer's run, confirmed; everyone placed is told their class.
    run = confirm_run(propose_run(wave=wave, by=admin).run, by=admin)
    for user, key in ((participant.user if participant else None, RUNNING), (graduate, FINISHED)):
        enrolment_id = _enrolment_of(wave, user)
        if enrolment_id is not None:
            _place(run, enrolment_id, cohorts[key], by=admin)
    notify_placed(run)

    # Training: the completed class, then the finished one, then the running one until yesterday.
    for c in CLASSES:
        training.generate_sessions(cohorts[c.key], by=operator if c.centre == CENTRE else None)
    completed, finished, running = cohorts[COMPLETED], cohorts[FINISHED], cohorts[RUNNING]
    _mark_sessions(completed, completed.sessions.order_by("starts_at"), trainer=trainer, rng=rng)
    last = _at(completed.ends_on, 16)
    completed_roster = list(cohort_roster(completed).values_list("pk", flat=True))
    _scores(completed, trainer=trainer, rng=rng, failing={completed_roster[-1]}, at=last)
    training.complete_cohort(completed, by=operator)
    render_documents(Document.objects.filter(certificate__cohort=completed).order_by("pk"))

    graduate_enrolment = _enrolment_of(wave, graduate)
    others = [pk for pk in cohort_roster(finished).values_list("pk", flat=True) if pk != graduate_enrolment]
    # In the finished class one person misses about half the sessions and one fails the assessment.
    absent_often, failing = {others[0]}, {others[1]}
    _mark_sessions(
        finished, finished.sessions.order_by("starts_at"), trainer=trainer, rng=rng, absent_often=absent_often
    )
    _scores(finished, trainer=trainer, rng=rng, failing=failing, at=_at(finished.ends_on, 16))

    past = running.sessions.filter(starts_at__lt=_at(today, 0)).order_by("starts_at")
    _mark_sessions(running, past, trainer=trainer, rng=rng)
    if today.weekday() not in WORKING_DAYS:
        # Today is a weekend day: a make-up session, so that the trainer has something to mark.
        with translation.override(settings.LANGUAGE_CODE):
            topic = _("Make-up practice session")
        training.add_session(
            running,
            by=operator,
            day=today,
            start=time(8, 0),
            end=time(11, 0),
            kind=Session.Kind.TECHNICAL,
            topic=topic,
            jp=4,
            trainer=trainer,
        )
    return RunningWave(wave=wave, cohorts=cohorts, participants_created=len(people))


def walkthrough(site: str = "") -> list[str]:
    """What to do with which account, from the data as it is (empty when the wave is missing)."""
    wave = Wave.objects.filter(code=TRAINING_WAVE).first()
    if wave is None:
        return []
    cohorts = {
        c.key: Cohort.objects.filter(
            centre__short_name=c.centre,
            course__code=c.course,
            starts_on__gte=wave.training_starts_on,
            ends_on__lte=wave.training_ends_on,
        ).first()
        for c in CLASSES
        if c.centre == CENTRE
    }
    if None in cohorts.values():
        return []
    running, finished = cohorts[RUNNING], cohorts[FINISHED]
    certificate = (
        Certificate.objects.filter(cohort=cohorts[COMPLETED], document__revoked_at__isnull=True)
        .select_related("document")
        .order_by("pk")
        .first()
    )
    lines = [
        f"Demo walk-through: wave {TRAINING_WAVE} is placed and in training around today.",
        f"  {TRAINER:<18} {site}/pelatihan/hari-ini/ : mark today's attendance in {running.code}"
        f" ({running.course.title}), show the QR code",
        f"  {PARTICIPANT:<18} {site}/pelatihan/jadwal/ : schedule and attendance share in {running.code}",
        f"  {OPERATOR:<18} {site}/pelatihan/kelas/{finished.pk}/selesai/ : complete {finished.code}"
        f" ({finished.course.title}): its graduates get certificates",
        f"  {GRADUATE:<18} {site}/pelatihan/sertifikat/saya/ : download the certificate once"
        f" {finished.code} is completed (the task worker started by `make run` draws the PDFs)",
    ]
    if certificate is not None:
        lines.append(f"  {'(no login)':<18} {site}/verify/{certificate.document.code} : check a certificate")
    lines.append(
        f"  {ADMIN:<18} {site}/gelombang/DEMO-2025-1/ : close, screen and draw the open wave, then"
        f" place it at {site}/penempatan/"
    )
    return lines
