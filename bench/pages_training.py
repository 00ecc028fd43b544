"""Placement and training of the page benchmark (bench_pages): for each drawn wave a confirmed
allocation run; its people with a seat grouped into classes of 20 at training centres of their
province (the regency's own when it has some); each class's schedule from the course's hours;
attendance for every session begun; the final assessment and a certificate (a verifiable document)
for every graduate of a finished wave. The centre operator's centre, in Kabupaten Bekasi, gets a
class in every drawn wave that has anyone from there. Runs in the build's Django process."""

import json
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from bench.pages_people import Registry, columns
from bench.pages_waves import FINISHED, IN_COHORT, RUNNING, Programme

CLASS_SIZE = 20
COHORT_COLUMNS = columns("id created_at updated_at code starts_on ends_on seats status centre_id course_id")
SESSION_COLUMNS = columns(
    "id created_at updated_at number kind topic starts_at ends_at jp cohort_id trainer_id"
)
ATTENDANCE_COLUMNS = columns(
    "id status method marked_at correction_reason enrolment_id marked_by_id session_id"
)
ASSESSMENT_COLUMNS = columns("id score passed assessed_at assessed_by_id cohort_id enrolment_id")
PLACEMENT_COLUMNS = columns(
    "id distance_km sector_match cost unplaced_reason next_best_km next_best_cost next_best_why_not "
    "moved_at move_reason cohort_id enrolment_id moved_by_id next_best_cohort_id run_id notified_at "
    "regency_code"
)
# Columns the application keeps for the lists (the participant's regency), written when the table
# has them: the load test runs on whatever the schema is then.
PLACEMENT_OPTIONAL = ("regency_code",)
DOCUMENT_COLUMNS = columns(
    "id kind number code holder_name title facts time_zone issued_at pdf rendered_at revoked_at "
    "revoke_reason organisation_id revoked_by_id language"
)
# A column the schema may not have yet (written only where it exists).
DOCUMENT_OPTIONAL = ("language",)
CERTIFICATE_COLUMNS = columns(
    "id course_title centre_name hours_jp starts_on ends_on cohort_id enrolment_id document_id"
)
ATTENDANCE = (("present", 85), ("late", 5), ("excused", 3), ("absent", 7))


@dataclass(frozen=True)
class Centre:
    id: int
    district: str
    organisation_id: int
    name: str
    zone: str  # Asia/Jakarta, ...


@dataclass(frozen=True)
class Course:
    id: int
    title: str
    technical_jp: int
    entrepreneurship_jp: int


@dataclass
class Training:
    """The rows to COPY, table by table, and what the pages and the report need to know."""

    cohorts: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    attendance: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    placements: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    certificates: list = field(default_factory=list)
    runs: dict[int, int] = field(default_factory=dict)  # wave id -> confirmed run id
    account_cohort: int = 0  # the class of the participant with an account
    operator_cohorts: list[int] = field(default_factory=list)  # the centre operator's classes


class CentrePicker:
    """The centre of each class: the regency's centres in turn, else the province's."""

    def __init__(self, centres: list[Centre], operator_centre: int):
        self.by_regency: dict[str, list[Centre]] = defaultdict(list)
        self.by_province: dict[str, list[Centre]] = defaultdict(list)
        for centre in sorted(centres, key=lambda c: c.id):
            self.by_regency[centre.district[:5]].append(centre)
            self.by_province[centre.district[:2]].append(centre)
        self.every = sorted(centres, key=lambda c: c.id)
        self.operator = next(c for c in centres if c.id == operator_centre)
        self.turns: Counter = Counter()

    def pick(self, regencies: Counter, province: str, operator_free: bool) -> Centre:
        if operator_free and regencies[self.operator.district[:5]]:
            return self.operator
        regency = regencies.most_common(1)[0][0]
        choices = self.by_regency.get(regency) or self.by_province.get(province) or self.every
        self.turns[regency] += 1
        return choices[self.turns[regency] % len(choices)]


def _weighted(rng: random.Random, choices) -> str:
    pick = rng.random() * sum(weight for _, weight in choices)
    for state, weight in choices:
        pick -= weight
        if pick < 0:
            return state
    return choices[-1][0]


class Schedules:
    """The course's sessions from a first day, as schedule.plan lays them (cached: classes of a
    wave share their dates)."""

    def __init__(self):
        from wirausaha.training.actions.schedule import topic_text
        from wirausaha.training.schedule import ScheduleDoesNotFit, plan

        self.plan, self.does_not_fit, self.topic_text = plan, ScheduleDoesNotFit, topic_text
        self.cache: dict = {}
        self.topics: dict = {}

    def sessions(self, course: Course, first_day, zone: str) -> list:
        key = (course.id, first_day, zone)
        if key not in self.cache:
            self.cache[key] = self.plan(
                technical_jp=course.technical_jp,
                entrepreneurship_jp=course.entrepreneurship_jp,
                first_day=first_day,
                last_day=first_day + timedelta(days=70),
                zone=zone,
            )
        return self.cache[key]

    def topic(self, planned) -> str:
        key = (planned.kind, planned.topic, planned.part, planned.parts)
        if key not in self.topics:
            self.topics[key] = str(self.topic_text(*key))
        return self.topics[key]


def build_training(
    programme: Programme,
    registry: Registry,
    *,
    centres: list[Centre],
    courses: list[Course],
    operator_centre: int,
    now: datetime,
    admin_id: int,
    operator_id: int,
    seed: int = 2026,
) -> Training:
    """Every drawn wave's run, classes, sessions, attendance, assessments and certificates."""
    from wirausaha.allocation.models import AllocationRun
    from wirausaha.centres.synthetic import cohort_code
    from wirausaha.training.certificates.facts import certificate_facts

    rng = random.Random(seed)
    picker, schedules, made = CentrePicker(centres, operator_centre), Schedules(), Training()
    numbers: Counter = Counter()  # classes per centre, for their codes
    ids = Counter()  # the last id used, per table
    for wave in programme.waves:
        seated = programme.seated.get(wave.pk)
        if wave.status not in (FINISHED, RUNNING, "selected") or not seated:
            continue
        in_class = [row for row in seated if row[2] in IN_COHORT]
        run = AllocationRun.objects.create(
            wave=wave,
            status=AllocationRun.Status.CONFIRMED,
            max_km=75,
            sector_mismatch_km=25,
            candidate_k=20,
            people=len(seated),
            placed=len(in_class),
            unplaced=len(seated) - len(in_class),
            created_by_id=admin_id,
            decided_by_id=admin_id,
            decided_at=datetime.combine(wave.selection_date, time(6), tzinfo=UTC) + timedelta(days=4),
        )
        made.runs[wave.pk] = run.pk
        by_province = defaultdict(list)
        for row in in_class:
            by_province[registry.domicile[row[1]][:2]].append(row)
        operator_free = True
        total_km = 0.0
        for province in sorted(by_province):
            members = sorted(by_province[province], key=lambda row: registry.domicile[row[1]])
            for start in range(0, len(members), CLASS_SIZE):
                group = members[start : start + CLASS_SIZE]
                regencies = Counter(registry.domicile[pid][:5] for _, pid, _ in group)
                centre = picker.pick(regencies, province, operator_free)
                if centre.id == operator_centre:
                    operator_free = False
                course = courses[rng.randrange(len(courses))]
                planned = schedules.sessions(course, wave.training_starts_on, centre.zone)
                ids["cohort"] += 1
                cohort_id = ids["cohort"]
                numbers[centre.id] += 1
                if centre.id == operator_centre:
                    made.operator_cohorts.append(cohort_id)
                ends_on = planned[-1].day
                made.cohorts.append(
                    (
                        cohort_id,
                        run.decided_at,
                        run.decided_at,
                        cohort_code(centre.id, numbers[centre.id]),
                        wave.training_starts_on,
                        ends_on,
                        CLASS_SIZE,
                        {FINISHED: "finished", RUNNING: "running"}.get(wave.status, "planned"),
                        centre.id,
                        course.id,
                    )
                )
                session_ids = []
                for session in planned:
                    ids["session"] += 1
                    session_ids.append((ids["session"], session.starts_at))
                    made.sessions.append(
                        (
                            ids["session"],
                            run.decided_at,
                            run.decided_at,
                            session.number,
                            session.kind,
                            schedules.topic(session),
                            session.starts_at,
                            session.ends_at,
                            session.jp,
                            cohort_id,
                            None,
                        )
                    )
                for eid, pid, state in group:
                    if pid == registry.account_id:
                        made.account_cohort = cohort_id
                    km = round(rng.uniform(0.5, 60), 1)
                    total_km += km
                    ids["placement"] += 1
                    made.placements.append(
                        (
                            ids["placement"],
                            km,
                            rng.random() < 0.8,
                            km,
                            "",
                            None,
                            None,
                            "",
                            None,
                            "",
                            cohort_id,
                            eid,
                            None,
                            None,
                            run.pk,
                            run.decided_at,
                            registry.domicile[pid][:5],
                        )
                    )
                    _attend(made, ids, rng, eid, state, session_ids, now, operator_id)
                    if state in ("graduated", "not_passed"):
                        ids["assessment"] += 1
                        score = rng.randint(70, 98) if state == "graduated" else rng.randint(35, 69)
                        assessed = datetime.combine(ends_on, time(8), tzinfo=UTC)
                        made.assessments.append(
                            (
                                ids["assessment"],
                                score,
                                state == "graduated",
                                assessed,
                                operator_id,
                                cohort_id,
                                eid,
                            )
                        )
                    if state == "graduated":
                        ids["document"] += 1
                        document_id = ids["document"]
                        issued = datetime.combine(ends_on, time(9), tzinfo=UTC) + timedelta(days=1)
                        hours = course.technical_jp + course.entrepreneurship_jp
                        facts = certificate_facts(
                            course_title=course.title,
                            centre_name=centre.name,
                            starts_on=wave.training_starts_on,
                            ends_on=ends_on,
                            hours_jp=hours,
                        )
                        made.documents.append(
                            (
                                document_id,
                                "certificate",
                                f"WRS/{issued.year}/{centre.id:04d}/{document_id:07d}",
                                _code(rng),
                                registry.names[pid],
                                course.title,
                                json.dumps(facts),
                                centre.zone,
                                issued,
                                f"documents/{document_id}.pdf",
                                issued + timedelta(minutes=2),
                                None,
                                "",
                                centre.organisation_id,
                                None,
                                "id",
                            )
                        )
                        made.certificates.append(
                            (
                                document_id,
                                course.title,
                                centre.name,
                                hours,
                                wave.training_starts_on,
                                ends_on,
                                cohort_id,
                                eid,
                                document_id,
                            )
                        )
        for eid, pid, state in seated:
            if state == "selected":  # drawn, but no class within reach had a free seat
                ids["placement"] += 1
                made.placements.append(
                    (
                        ids["placement"],
                        None,
                        None,
                        None,
                        "all_reachable_cohorts_full",
                        None,
                        None,
                        "",
                        None,
                        "",
                        None,
                        eid,
                        None,
                        None,
                        run.pk,
                        None,
                        registry.domicile[pid][:5],
                    )
                )
        run.cohorts = len({row[10] for row in made.placements if row[14] == run.pk and row[10]})
        run.seats, run.total_km, run.total_cost = run.cohorts * CLASS_SIZE, total_km, total_km
        run.save(update_fields=["cohorts", "seats", "total_km", "total_cost"])
    return made


def _code(rng: random.Random) -> str:
    """A document's verification code: 24 characters of A-Z and 2-7, as documents.codes makes."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return "".join(alphabet[rng.randrange(32)] for _ in range(24))


def _attend(made: Training, ids: Counter, rng, eid: int, state: str, sessions, now, marker: int) -> None:
    """The enrolment's attendance at each session begun; a drop-out stops coming after a third."""
    stop = len(sessions) // 3 if state == "dropped_out" else len(sessions)
    for number, (session_id, starts_at) in enumerate(sessions):
        if starts_at >= now:
            break
        status = _weighted(rng, ATTENDANCE) if number < stop else "absent"
        ids["attendance"] += 1
        made.attendance.append(
            (
                ids["attendance"],
                status,
                "qr" if rng.random() < 0.3 else "trainer",
                starts_at + timedelta(minutes=rng.randint(0, 40)),
                "",
                eid,
                marker,
                session_id,
            )
        )
