"""The programme of the page benchmark (bench_pages): ten waves around today, five finished, two
in training, one selected, one closed and screened, one open, with applicants drawn from the
registry and enrolments in every state, the draw's quotas, ranks and frozen lists, and the life of
each enrolment in the event log. Small tables (programme, waves, rules, quotas, draws) go through
the ORM; enrolments and their frozen list are COPY rows; the events are one INSERT ... SELECT.
Runs in the build's Django process (bench.pages_data)."""

import hashlib
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from bench.pages_people import REGISTRATION_START, Registry, columns

# Applicants of each wave, as a share of the registry, and the seats as a share of its applicants:
# about 7,500 seats a wave at 1,000,000 participants, the programme's scale.
APPLICANT_SHARE, SEAT_SHARE = 0.03, 0.25
FINISHED, RUNNING, SELECTED, CLOSED, OPEN = "finished", "running", "selected", "closed", "open"
DRAWN = (FINISHED, RUNNING, SELECTED)
# What became of the people drawn (S) and waitlisted (W), by the wave's status: state and weight.
AFTER_DRAW = {
    FINISHED: {
        "S": (("graduated", 80), ("not_passed", 7), ("dropped_out", 8), ("withdrawn", 3), ("selected", 2)),
        "W": (("waitlisted", 97), ("withdrawn", 3)),
    },
    RUNNING: {
        "S": (("in_training", 85), ("placed", 5), ("dropped_out", 4), ("withdrawn", 3), ("selected", 3)),
        "W": (("waitlisted", 97), ("withdrawn", 3)),
    },
    SELECTED: {
        "S": (("placed", 85), ("selected", 10), ("withdrawn", 5)),
        "W": (("waitlisted", 97), ("withdrawn", 3)),
    },
}
IN_COHORT = ("placed", "in_training", "graduated", "not_passed", "dropped_out")
ENROLMENT_COLUMNS = columns(
    "id created_at updated_at state verdict points pseudonym rank lottery_outcome lottery_seat "
    "carried_from_id enrolled_by_id participant_id quota_id wave_id regency_code quota_region"
)
# Columns the application keeps for the lists (the participant's regency, the quota's region),
# written when the table has them: the load test runs on whatever the schema is then.
ENROLMENT_OPTIONAL = ("regency_code", "quota_region")
FROZEN_COLUMNS = columns("id pseudonym quota_code priority_level enrolment_id wave_id")
PASSED = '[{"kind": "verified", "passed": true}, {"kind": "age_between", "passed": true}]'
FAILED = '[{"kind": "verified", "passed": false}, {"kind": "age_between", "passed": true}]'


@dataclass(frozen=True)
class WavePlan:
    code: str
    name: str
    status: str
    opens_on: date
    closes_on: date
    selection_date: date
    training_starts_on: date
    training_ends_on: date


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def wave_plans(today: date) -> list[WavePlan]:
    """The ten waves, oldest first, dated around `today`: the second wave in training has
    sessions today, the first has just finished its sessions and waits for completion."""
    plans = []

    def add(number: str, status: str, opens: date, training: date) -> None:
        closes = opens + timedelta(days=30)
        selection = max(closes + timedelta(days=7), min(training - timedelta(days=10), today))
        if status == CLOSED:
            selection = today + timedelta(days=4)
        plans.append(
            WavePlan(
                f"PHK-{number}",
                f"Gelombang {number}",
                status,
                opens,
                closes,
                selection,
                training,
                training + timedelta(days=25),
            )
        )

    for index in range(5):
        start = _monday(today - timedelta(days=560 - 70 * index))
        add(f"{start.year}-{index + 1}", FINISHED, start, start + timedelta(days=56))
    this_week = _monday(today)
    add("2026-A", RUNNING, this_week - timedelta(days=110), this_week - timedelta(days=21))
    add("2026-B", RUNNING, this_week - timedelta(days=90), this_week - timedelta(days=7))
    add("2026-C", SELECTED, this_week - timedelta(days=60), this_week + timedelta(days=14))
    add("2026-D", CLOSED, today - timedelta(days=33), this_week + timedelta(days=21))
    add("2027-1", OPEN, today - timedelta(days=20), this_week + timedelta(days=70))
    return plans


@dataclass
class Programme:
    """What the training tables need: per drawn wave, its enrolments with a seat (S)."""

    waves: list = field(default_factory=list)  # Wave objects, in plan order
    seated: dict[int, list[tuple[int, int, str]]] = field(
        default_factory=dict
    )  # wave id -> (eid, pid, state)
    counts: Counter = field(default_factory=Counter)  # enrolments by state
    enrolments: int = 0
    frozen: int = 0


def create_waves(plans: list[WavePlan], *, now: datetime, admin) -> list:
    """The programme, its waves and their rules (the ORM: a few rows, every column's default)."""
    from wirausaha.programs.models import EligibilityRule, PriorityRule, Programme, Wave

    programme, _ = Programme.objects.get_or_create(
        code="LK-PHK-2025", defaults={"name": "Layanan Kewirausahaan Korban PHK 2025"}
    )
    waves = []
    for plan in plans:
        drawn = plan.status in DRAWN
        closed_at = datetime.combine(plan.closes_on, time(17), tzinfo=UTC)
        waves.append(
            Wave.objects.create(
                programme=programme,
                code=plan.code,
                name=plan.name,
                opens_on=plan.opens_on,
                closes_on=plan.closes_on,
                selection_date=plan.selection_date,
                training_starts_on=plan.training_starts_on,
                training_ends_on=plan.training_ends_on,
                target=1,  # the seats, set with the quotas
                status=plan.status,
                randomness_source="Angka penutupan IHSG pada hari setelah penutupan",
                randomness_published_after=closed_at + timedelta(days=1),
                public_value="7123.45" if drawn else "",
                public_value_entered_at=closed_at + timedelta(days=2) if drawn else None,
                public_value_entered_by=admin if drawn else None,
                lottery_seed=hashlib.sha256(plan.code.encode()).hexdigest() if drawn else "",
                frozen_at=closed_at if plan.status != OPEN else None,
            )
        )
    for wave in waves:
        EligibilityRule.objects.bulk_create(
            [
                EligibilityRule(wave=wave, kind=kind, params=params)
                for kind, params in (
                    ("laid_off_within_months", {"months": 24}),
                    ("age_between", {"min": 18, "max": 60}),
                    ("domicile_in_wave_regions", {}),
                    ("verified", {}),
                )
            ]
        )
        PriorityRule.objects.bulk_create(
            [
                PriorityRule(wave=wave, kind=kind, points=points, params=params)
                for kind, points, params in (
                    ("women", 2, {}),
                    ("disability", 3, {}),
                    ("no_jkp", 1, {}),
                    ("long_unemployed", 1, {"months": 6}),
                )
            ]
        )
    return waves


def _weighted(rng: random.Random, choices) -> str:
    pick = rng.random() * sum(weight for _, weight in choices)
    for state, weight in choices:
        pick -= weight
        if pick < 0:
            return state
    return choices[-1][0]


def _when(rng: random.Random, start: date, end: date) -> datetime:
    days = max((end - start).days, 1)
    return datetime.combine(start, time(1), tzinfo=UTC) + timedelta(seconds=rng.random() * days * 86400)


def enrolment_rows(
    plans: list[WavePlan],
    waves: list,
    registry: Registry,
    *,
    now: datetime,
    secret: str,
    account_wave: int,
    programme: Programme,
    seed: int = 2026,
):
    """Yield (enrolment rows, frozen-list rows) wave by wave; create each drawn wave's quotas and
    draw on the way. The participant with an account graduates in wave `account_wave`."""
    from wirausaha.programs.lottery import pseudonym
    from wirausaha.programs.models import LotteryDraw, Quota

    rng = random.Random(seed)
    verified = set(registry.verified)
    applicants_per_wave = max(20, round(registry.count * APPLICANT_SHARE))
    enrolment_id = frozen_id = 0
    today = now.date()
    for index, (plan, wave) in enumerate(zip(plans, waves, strict=True)):
        # Applicants registered before the wave closed: ids follow the time of registration.
        closing = datetime.combine(min(plan.closes_on, today), time(23), tzinfo=UTC)
        share = (closing - REGISTRATION_START) / (now - REGISTRATION_START)
        registered = min(registry.count, max(2 * applicants_per_wave, int(registry.count * share)))
        applicants = rng.sample(range(1, registered + 1), min(applicants_per_wave, registered))
        if index == account_wave:
            applicants = [registry.account_id, *(pid for pid in applicants if pid != registry.account_id)]
        rows = []
        for pid in applicants:
            enrolment_id += 1
            if plan.status == OPEN:
                state = "withdrawn" if rng.random() < 0.03 else "applied"
            elif pid in verified and (rng.random() > 0.08 or pid == registry.account_id):
                state = "eligible"
            else:
                state = "ineligible"
            created = _when(rng, plan.opens_on, min(plan.closes_on, today))
            rows.append([enrolment_id, pid, state, created])
        # Quotas per province, set when the wave is defined, in proportion to its applicants.
        per_province = Counter(registry.domicile[row[1]][:2] for row in rows)
        seats_total = max(1, round(len(rows) * SEAT_SHARE))
        seats = {code: max(1, round(seats_total * k / len(rows))) for code, k in per_province.items()}
        quotas = {
            quota.region_id: quota
            for quota in Quota.objects.bulk_create(
                [Quota(wave=wave, region_id=code, seats=k) for code, k in sorted(seats.items())]
            )
        }
        wave.target = sum(seats.values())
        wave.frozen_seats = seats if plan.status != OPEN else {}
        wave.save(update_fields=["target", "frozen_seats"])
        ranks = {}
        if plan.status in DRAWN:
            by_quota = defaultdict(list)
            for row in rows:
                if row[2] == "eligible":
                    by_quota[registry.domicile[row[1]][:2]].append(row)
            for code, members in by_quota.items():
                rng.shuffle(members)
                if index == account_wave:  # the participant with an account is drawn
                    members.sort(key=lambda row: row[1] != registry.account_id)
                for rank, row in enumerate(members, 1):
                    ranks[row[0]] = (rank, "S" if rank <= seats[code] else "W")
            LotteryDraw.objects.create(
                wave=wave,
                seed=wave.lottery_seed,
                algorithm="v2",
                entrants_digest=hashlib.sha256(f"entrants {wave.code}".encode()).hexdigest(),
                results_digest=hashlib.sha256(f"results {wave.code}".encode()).hexdigest(),
                drawn_by_id=wave.public_value_entered_by_id,
            )
        seated = programme.seated.setdefault(wave.pk, [])
        enrolments, frozen = [], []
        for eid, pid, state, created in rows:
            code = registry.domicile[pid][:2]
            rank, outcome = ranks.get(eid, (None, ""))
            if outcome:
                state = _weighted(rng, AFTER_DRAW[plan.status][outcome])
                if pid == registry.account_id and index == account_wave:
                    state = "graduated"
                if outcome == "S" and state in (*IN_COHORT, "selected"):
                    seated.append((eid, pid, state))
            name = pseudonym(secret=secret, wave_code=wave.code, key=pid)
            points = rng.choice((0, 0, 1, 2, 3))
            if state != "applied" and plan.status != OPEN and state != "ineligible":
                frozen_id += 1
                frozen.append((frozen_id, name, code, min(points, 3), eid, wave.pk))
            quota = quotas.get(code) if plan.status != OPEN else None
            programme.counts[state] += 1
            verdict = "[]" if plan.status == OPEN else FAILED if state == "ineligible" else PASSED
            enrolments.append(
                (
                    eid,
                    created,
                    created,
                    state,
                    verdict,
                    points,
                    name,
                    rank,
                    outcome,
                    "",
                    None,
                    None,
                    pid,
                    quota.pk if quota else None,
                    wave.pk,
                    registry.domicile[pid][:5],
                    quota.region_id if quota else None,
                )
            )
        programme.enrolments += len(enrolments)
        programme.frozen += len(frozen)
        yield enrolments, frozen


# The life of an enrolment by its state now (and, for withdrawals, whether it was drawn): the
# states it passed through, in order, after "applied".
PATHS = {
    ("applied", ""): (),
    ("withdrawn", ""): ("withdrawn",),
    ("eligible", ""): ("eligible",),
    ("ineligible", ""): ("ineligible",),
    ("selected", "S"): ("eligible", "selected"),
    ("waitlisted", "W"): ("eligible", "waitlisted"),
    ("withdrawn", "S"): ("eligible", "selected", "withdrawn"),
    ("withdrawn", "W"): ("eligible", "waitlisted", "withdrawn"),
    ("placed", "S"): ("eligible", "selected", "placed"),
    ("in_training", "S"): ("eligible", "selected", "placed", "in_training"),
    **{
        (end, "S"): ("eligible", "selected", "placed", "in_training", end)
        for end in ("graduated", "not_passed", "dropped_out")
    },
}
# When each step happened, from the wave's dates (SQL over programs_wave w and the enrolment e).
STEP_TIME = {
    "applied": "e.created_at",
    "eligible": "w.closes_on + interval '1 day 3 hours'",
    "ineligible": "w.closes_on + interval '1 day 3 hours'",
    "selected": "w.selection_date + interval '4 hours'",
    "waitlisted": "w.selection_date + interval '4 hours'",
    "placed": "w.selection_date + interval '5 days 4 hours'",
    "in_training": "w.training_starts_on + interval '1 hour'",
    "graduated": "w.training_ends_on + interval '9 hours'",
    "not_passed": "w.training_ends_on + interval '9 hours'",
    "dropped_out": "w.training_starts_on + interval '10 days 9 hours'",
    "withdrawn": "greatest(e.created_at, w.selection_date + interval '0 day') + interval '3 days'",
}


def events_sql() -> str:
    """One INSERT ... SELECT that writes every enrolment's transitions, oldest first."""
    steps = []
    for (state, outcome), path in PATHS.items():
        previous = ""
        for order, to in enumerate(("applied", *path)):
            steps.append(f"('{state}', '{outcome}', {order}, '{previous}', '{to}')")
            previous = to
    when = " ".join(f"WHEN '{state}' THEN {sql}" for state, sql in STEP_TIME.items())
    return (
        "INSERT INTO programs_enrolmentevent "
        "(enrolment_id, from_state, to_state, actor_id, reason, created_at) "
        f"SELECT e.id, s.from_state, s.to_state, NULL, '', least(CASE s.to_state {when} END, now()) "
        "FROM programs_enrolment e JOIN programs_wave w ON w.id = e.wave_id "
        f"JOIN (VALUES {', '.join(steps)}) AS s(state, outcome, step, from_state, to_state) "
        "ON s.state = e.state AND s.outcome = e.lottery_outcome ORDER BY e.id, s.step"
    )
