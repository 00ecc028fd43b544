"""What happens in a wave: its lifecycle, applications, screening, the draw, withdrawals and
promotions. Every enrolment state change goes through `transition` (one) or `_bulk_transition`
(many), which write the event log the dashboard counts."""

import json
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.registry.models import Disability, Participant, Verification

from . import eligibility, lottery
from .models import Enrolment, EnrolmentEvent, EnrolmentState, LotteryDraw, Quota, Wave
from .texts import explain

S = EnrolmentState
# The enrolment state machine: every legal move. Screening may be re-run before the draw.
TRANSITIONS: dict[str, set[str]] = {
    S.APPLIED: {S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN},
    S.ELIGIBLE: {S.INELIGIBLE, S.SELECTED, S.WAITLISTED, S.WITHDRAWN},
    S.INELIGIBLE: {S.ELIGIBLE, S.WITHDRAWN},
    S.SELECTED: {S.PLACED, S.WITHDRAWN},
    S.WAITLISTED: {S.SELECTED, S.WITHDRAWN},
    S.PLACED: {S.SELECTED, S.IN_TRAINING, S.WITHDRAWN},
    S.IN_TRAINING: {S.GRADUATED, S.NOT_PASSED, S.DROPPED_OUT},
    S.GRADUATED: set(),
    S.NOT_PASSED: set(),
    S.DROPPED_OUT: set(),
    S.WITHDRAWN: set(),
}
OPEN_STATES = {state for state, moves in TRANSITIONS.items() if S.WITHDRAWN in moves}
# How training ends: completed and passed, completed and failed the assessment, or left.
TRAINING_ENDS = [S.GRADUATED, S.NOT_PASSED, S.DROPPED_OUT]
# States of a person who was given a seat (the seat stays used once training has begun).
SEAT_HOLDERS = [S.SELECTED, S.PLACED, S.IN_TRAINING, *TRAINING_ENDS]
DRAWN = {Wave.Status.SELECTED, Wave.Status.RUNNING, Wave.Status.FINISHED}
BATCH = 5000
# Rows per UPDATE in _write_enrolments: up to 8 parameters each stays below SQLite's 32,766.
VALUES_BATCH = 2000


class IllegalTransition(DomainError):
    code = "illegal_transition"


class WaveStateError(DomainError):
    code = "wave_state"


@transaction.atomic
def transition(enrolment: Enrolment, to: str, *, by: User | None, reason: str = "") -> Enrolment:
    """Move one enrolment to `to` if the state machine allows it; the row is locked while it moves."""
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if to not in TRANSITIONS[locked.state]:
        raise IllegalTransition(
            _("An enrolment cannot go from “%(from)s” to “%(to)s”.")
            % {"from": S(locked.state).label, "to": S(to).label}
        )
    EnrolmentEvent.objects.create(
        enrolment=locked, from_state=locked.state, to_state=to, actor=by, reason=reason
    )
    locked.state = to
    locked.save(update_fields=["state", "updated_at"])
    enrolment.state = to
    return locked


def _bulk_transition(ids_by_from: dict[str, list[int]], to: str, *, by: User | None, reason: str) -> int:
    """Many enrolments to one state at once, each from the state it must still be in."""
    return _write_enrolments(
        [(pk, from_state, to) for from_state, ids in ids_by_from.items() for pk in ids], by=by, reason=reason
    )


@transaction.atomic
def bulk_transition(ids_by_from: dict[str, list[int]], to: str, *, by: User | None, reason: str) -> int:
    """For later stages (placement, training): move many enrolments to `to` in a few statements,
    each only if it is still in the state it is listed under (others are left alone, without an
    event). Raises IllegalTransition, before writing, for a move the state machine does not allow.
    Returns how many moved."""
    return _bulk_transition(ids_by_from, to, by=by, reason=reason)


def _write_enrolments(
    rows: list[tuple],
    columns: tuple[str, ...] = (),
    *,
    by: User | None,
    reason: str,
    shared: dict[str, list] | None = None,
) -> int:
    """Write many enrolments at once, in one UPDATE per batch. Each row is (pk, the state it must
    still be in, the state it goes to, *values of `columns`); a row that left its state meanwhile
    (a withdrawal) is left alone and gets no event, every other row whose state changes gets one.
    A column named in `shared` takes, per row, an index into a short list of values (a verdict
    that thousands of rows share). Returns how many rows changed state; a move the state machine
    does not allow raises IllegalTransition before anything is written."""
    for before, after in {(row[1], row[2]) for row in rows}:
        if before != after and after not in TRANSITIONS[before]:
            raise IllegalTransition(f"{before} -> {after}")
    shared = shared or {}
    now = timezone.now()
    qn = connection.ops.quote_name
    table, pk = qn(Enrolment._meta.db_table), qn(Enrolment._meta.pk.column)
    fields = [Enrolment._meta.get_field(name) for name in ("state", *columns)]
    on_postgresql = connection.vendor == "postgresql"
    assignments, set_params = [], []
    for number, field in enumerate(fields, start=3):
        if field.name in shared:
            choices = shared[field.name]
            cast = "CAST(%s AS jsonb)" if on_postgresql else "%s"
            branches = " ".join(f"WHEN {i} THEN {cast}" for i in range(len(choices)))
            assignments.append(f"{qn(field.column)} = CASE v.column{number} {branches} END")
            set_params += [json.dumps(choice) for choice in choices]
        else:
            assignments.append(f"{qn(field.column)} = v.column{number}")
    assignments.append(f"{qn('updated_at')} = %s")
    set_params.append(connection.ops.adapt_datetimefield_value(now))
    if on_postgresql:
        # One array per column instead of one placeholder per value: psycopg's client-side
        # binding parses every placeholder in Python, which dominated at 360,000 rows.
        types = [
            "bigint",
            "varchar",
            *("integer" if f.name in shared else f.db_type(connection) for f in fields),
        ]
        names = ", ".join(f"column{n}" for n in range(1, len(types) + 1))
        arrays = ", ".join(f"CAST(%s AS {kind}[])" for kind in types)
        source = f"unnest({arrays}) AS v({names})"
    moved = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), VALUES_BATCH):
            chunk = rows[start : start + VALUES_BATCH]
            if on_postgresql:
                params = [list(column) for column in zip(*chunk, strict=True)]
                chunk_source = source
            else:
                width = 3 + len(columns)
                values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(chunk))
                params = [value for row in chunk for value in row]
                chunk_source = f"(VALUES {values}) AS v"
            cursor.execute(
                f"UPDATE {table} SET {', '.join(assignments)} FROM {chunk_source} "
                f"WHERE {table}.{pk} = v.column1 AND {table}.{qn('state')} = v.column2",
                [*set_params, *params],
            )
            moving: dict[tuple[str, str], list[int]] = defaultdict(list)
            for row in chunk:
                if row[1] != row[2]:
                    moving[(row[1], row[2])].append(row[0])
            for (before, after), ids in moving.items():
                moved += _insert_events(ids, from_state=before, to=after, by=by, reason=reason, now=now)
    return moved


def _insert_events(ids: list[int], *, from_state: str, to: str, by: User | None, reason: str, now) -> int:
    """The event of each enrolment in `ids` that is now in state `to`, written by the database in
    one INSERT … SELECT: building hundreds of thousands of event objects in Python was most of a
    screening's time."""
    qn = connection.ops.quote_name
    event = EnrolmentEvent._meta
    columns = ", ".join(
        qn(event.get_field(name).column)
        for name in ("enrolment", "from_state", "to_state", "actor", "reason", "created_at")
    )
    enrolments, pk = qn(Enrolment._meta.db_table), qn(Enrolment._meta.pk.column)
    if connection.vendor == "postgresql":
        among, id_params = f"{pk} = ANY(CAST(%s AS bigint[]))", [ids]
    else:
        among, id_params = f"{pk} IN ({', '.join(['%s'] * len(ids))})", ids
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(event.db_table)} ({columns}) "
            f"SELECT {pk}, %s, %s, %s, %s, %s FROM {enrolments} WHERE {among} AND {qn('state')} = %s",
            [
                from_state,
                to,
                by.pk if by else None,
                reason,
                connection.ops.adapt_datetimefield_value(now),
                *id_params,
                to,
            ],
        )
        return cursor.rowcount


# Wave lifecycle ---------------------------------------------------------------------------


def _set_status(wave: Wave, *, allowed_from: set[str], to: str, by: User, verb: str, **fields) -> Wave:
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.status not in allowed_from:
        raise WaveStateError(
            _("The wave is “%(status)s”; this step needs it to be %(needed)s.")
            % {
                "status": wave.get_status_display(),
                "needed": " / ".join(str(Wave.Status(s).label) for s in allowed_from),
            }
        )
    before = wave.status
    wave.status = to
    for name, value in fields.items():
        setattr(wave, name, value)
    wave.save(update_fields=["status", *fields, "updated_at"])
    record_event(
        by, verb, wave, changes={"status": [before, to], **{name: [None, v] for name, v in fields.items()}}
    )
    return wave


@transaction.atomic
def open_wave(wave: Wave, *, by: User) -> Wave:
    """Open a wave for applications once it has quotas and rules that make sense."""
    problems = eligibility.validate_rules(
        [eligibility.Rule(rule.kind, rule.params) for rule in wave.eligibility_rules.all()]
    ) + eligibility.validate_priority_rules(
        [eligibility.PriorityRule(rule.kind, rule.points, rule.params) for rule in wave.priority_rules.all()]
    )
    if not wave.quotas.exists():
        problems.append(_("The wave has no quotas."))
    if problems:
        raise InvalidInput({"wave": " ".join(problems)})
    return _set_status(wave, allowed_from={Wave.Status.DRAFT}, to=Wave.Status.OPEN, by=by, verb="wave.opened")


@transaction.atomic
def close_wave(wave: Wave, *, by: User, seed_source: str | None = None) -> Wave:
    """Close applications and fix the lottery seed from the public value written into the wave
    (or given here: it is stored with the seed, in the same step, so the two always agree)."""
    source = (wave.seed_source if seed_source is None else seed_source).strip()
    if not source:
        raise InvalidInput({"seed_source": _("Write the public source of the lottery seed before closing.")})
    if len(source) > Wave._meta.get_field("seed_source").max_length:
        raise InvalidInput({"seed_source": _("The seed source is too long (300 characters at most).")})
    seed = lottery.derive_seed(source=source, wave_code=wave.code)
    return _set_status(
        wave,
        allowed_from={Wave.Status.OPEN},
        to=Wave.Status.CLOSED,
        by=by,
        verb="wave.closed",
        seed_source=source,
        lottery_seed=seed,
    )


# Applications -----------------------------------------------------------------------------


def follow_training(wave_ids: Iterable[int], *, by: User | None) -> None:
    """A drawn wave's status follows its training: "running" once anyone of it has begun training,
    "finished" when nobody is placed or in training any more after that. Called by the steps that
    move enrolments into, through or out of training (and by a confirmed placement, which may give a
    finished wave new trainees)."""
    for wave in (
        Wave.objects.select_for_update().filter(pk__in=set(wave_ids), status__in=DRAWN).order_by("pk")
    ):
        counts = _count_states(wave, [S.PLACED, S.IN_TRAINING, *TRAINING_ENDS])
        if not any(counts.get(state) for state in (S.IN_TRAINING, *TRAINING_ENDS)):
            continue
        status = (
            Wave.Status.RUNNING if counts.get(S.PLACED) or counts.get(S.IN_TRAINING) else Wave.Status.FINISHED
        )
        if status != wave.status:
            before, wave.status = wave.status, status
            wave.save(update_fields=["status", "updated_at"])
            record_event(by, "wave.training_followed", wave, changes={"status": [before, status]})


def pseudonym_for(wave: Wave, participant_id: int) -> str:
    return lottery.pseudonym(secret=settings.SECRET_KEY, wave_code=wave.code, key=participant_id)


@transaction.atomic
def apply_to_wave(
    *, wave: Wave, participant: Participant, by: User, carried_from: Enrolment | None = None
) -> Enrolment:
    """A participant applies to an open wave (or an officer enrols them on their behalf)."""
    if wave.status != Wave.Status.OPEN:
        raise WaveStateError(_("Wave %(code)s is not open for applications.") % {"code": wave.code})
    if participant.consent_withdrawn_at is not None or participant.merged_into_id is not None:
        raise InvalidInput({"participant": _("This record can no longer be processed.")})
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                wave=wave,
                participant=participant,
                pseudonym=pseudonym_for(wave, participant.pk),
                carried_from=carried_from,
                enrolled_by=by,
            )
    except IntegrityError:
        raise InvalidInput({"participant": _("Already applied to this wave.")}) from None
    EnrolmentEvent.objects.create(enrolment=enrolment, from_state="", to_state=S.APPLIED, actor=by)
    record_event(by, "enrolment.applied", enrolment, changes={"wave": [None, wave.code]})
    return enrolment


@transaction.atomic
def carry_over(*, from_wave: Wave, to_wave: Wave, by: User) -> int:
    """Eligible people not selected in one wave apply to the next without registering again."""
    # Statuses as they are now, not as the caller last read them; the target wave stays open meanwhile.
    to_wave = Wave.objects.select_for_update().get(pk=to_wave.pk)
    from_wave = Wave.objects.get(pk=from_wave.pk)
    if to_wave.status != Wave.Status.OPEN:
        raise WaveStateError(_("Wave %(code)s is not open for applications.") % {"code": to_wave.code})
    # Before its draw a wave's eligible people may still be selected there: only the waitlist of a
    # drawn wave is carried on.
    if from_wave.status not in DRAWN:
        raise WaveStateError(
            _("Wave %(code)s has not been drawn yet: only its waitlist can be carried over.")
            % {"code": from_wave.code}
        )
    previous = list(
        from_wave.enrolments.filter(state=S.WAITLISTED)
        .exclude(participant_id__in=to_wave.enrolments.order_by().values("participant_id"))
        .values_list("id", "participant_id")
    )
    created = Enrolment.objects.bulk_create(
        [
            Enrolment(
                wave=to_wave,
                participant_id=participant_id,
                pseudonym=pseudonym_for(to_wave, participant_id),
                carried_from_id=pk,
                enrolled_by=by,
            )
            for pk, participant_id in previous
        ],
        batch_size=BATCH,
    )
    # Only the enrolments made now (those without an event yet) get their "applied" event,
    # however often this runs.
    created_ids = list(
        to_wave.enrolments.filter(carried_from__wave=from_wave, events__isnull=True).values_list(
            "id", flat=True
        )
    )
    now = timezone.now()
    for start in range(0, len(created_ids), VALUES_BATCH):
        _insert_events(
            created_ids[start : start + VALUES_BATCH],
            from_state="",
            to=S.APPLIED,
            by=by,
            reason=f"from {from_wave.code}",
            now=now,
        )
    record_event(
        by, "wave.carried_over", to_wave, changes={"from": [None, from_wave.code], "count": [0, len(created)]}
    )
    return len(created)


# Screening --------------------------------------------------------------------------------


def screening_for(wave: Wave) -> eligibility.Screening:
    return eligibility.Screening(
        [eligibility.Rule(rule.kind, rule.params) for rule in wave.eligibility_rules.all()],
        [eligibility.PriorityRule(rule.kind, rule.points, rule.params) for rule in wave.priority_rules.all()],
        opening_day=wave.opens_on,
        wave_regions=[quota.region_id for quota in wave.quotas.all()],
    )


def quota_finder(wave: Wave):
    """The quota an applicant competes in: their regency's when the wave has one, else their province's."""
    quotas = {quota.region_id: quota.pk for quota in wave.quotas.all()}

    def find(domicile: str) -> int | None:
        return quotas.get(domicile[:5]) or quotas.get(domicile[:2])

    return find


APPLICANT_FIELDS = (
    "id",
    "participant_id",
    "participant__birth_date",
    "participant__sex",
    "participant__domicile_id",
    "participant__layoff_date",
    "participant__verification",
    "participant__layoff_evidence",
    "participant__jkp_recipient",
    "participant__disability",
)


def applicants(wave: Wave, enrolments) -> Iterable[eligibility.Applicant]:
    """The screening inputs of each enrolment, read in one streaming query plus two sets (about the
    same people only: one participant's page must not read the whole registry)."""
    people = enrolments.order_by().values("participant_id")
    graduated = set(
        Enrolment.objects.filter(state=S.GRADUATED, participant_id__in=people)
        .exclude(wave=wave)
        .values_list("participant_id", flat=True)
    )
    elsewhere = set(
        Enrolment.objects.filter(
            wave__status__in=[Wave.Status.OPEN, Wave.Status.CLOSED, Wave.Status.SELECTED],
            participant_id__in=people,
        )
        .exclude(wave=wave)
        .exclude(state__in=[S.WITHDRAWN, S.INELIGIBLE])
        # A waitlist place this wave was carried over from is not "another wave": carry_over put
        # the person here on purpose.
        .exclude(pk__in=wave.enrolments.filter(carried_from__isnull=False).values("carried_from_id"))
        .values_list("participant_id", flat=True)
    )
    for row in enrolments.values_list(*APPLICANT_FIELDS).iterator(chunk_size=BATCH):
        pk, participant_id, birth, sex, domicile, layoff, verification, evidence, jkp, disability = row
        yield eligibility.Applicant(
            key=pk,
            birth_date=birth,
            sex=sex,
            domicile=domicile,
            layoff_date=layoff,
            verified=verification == Verification.VERIFIED,
            has_evidence=bool(evidence),
            jkp_recipient=jkp,
            has_disability=disability not in ("", Disability.NONE),
            graduated_before=participant_id in graduated,
            in_other_open_wave=participant_id in elsewhere,
        )


@transaction.atomic
def screen_wave(wave: Wave, *, by: User | None) -> dict[str, int]:
    """Check every application against the wave's rules; store each verdict, points and quota."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.status not in (Wave.Status.OPEN, Wave.Status.CLOSED):
        raise WaveStateError(_("Screening runs while the wave is open or closed, before the draw."))
    screening, find_quota = screening_for(wave), quota_finder(wave)
    pending = wave.enrolments.filter(state__in=[S.APPLIED, S.ELIGIBLE, S.INELIGIBLE])
    current = dict(pending.values_list("id", "state"))

    # Few distinct verdicts (one per combination of rules passed): each row refers to its verdict
    # by number, and every row is written once, with its points, quota and new state.
    verdicts: dict[tuple, int] = {}
    rows = []
    for applicant in applicants(wave, pending):
        verdict = screening.screen(applicant)
        passed = tuple((result.kind, result.passed) for result in verdict.results)
        number = verdicts.setdefault(passed, len(verdicts))
        to = S.ELIGIBLE if verdict.eligible else S.INELIGIBLE
        rows.append(
            (
                applicant.key,
                current[applicant.key],
                to,
                number,
                verdict.points,
                find_quota(applicant.domicile),
            )
        )
    shared = [[{"kind": kind, "passed": ok} for kind, ok in passed] for passed in verdicts]
    _write_enrolments(
        rows, ("verdict", "points", "quota"), by=by, reason="screening", shared={"verdict": shared}
    )

    counts = dict.fromkeys([S.ELIGIBLE, S.INELIGIBLE], 0)
    for state, total in _count_states(wave, [S.ELIGIBLE, S.INELIGIBLE]).items():
        counts[state] = total
    record_event(by, "wave.screened", wave, changes={key: [None, value] for key, value in counts.items()})
    return counts


def _count_states(wave: Wave, states) -> dict[str, int]:
    return dict(wave.enrolments.filter(state__in=states).values_list("state").annotate(n=Count("id")))


# The draw ---------------------------------------------------------------------------------


def lottery_inputs(wave: Wave) -> tuple[list[lottery.Candidate], dict[str, int], dict[str, int]]:
    """Candidates (eligible, or drawn already), seats per quota region, and enrolment id per pseudonym."""
    quotas = {quota.pk: quota for quota in wave.quotas.all()}
    rows = list(
        wave.enrolments.filter(Q(state=S.ELIGIBLE) | ~Q(lottery_outcome=""))
        .values_list("id", "pseudonym", "quota_id", "points")
        .iterator(chunk_size=BATCH)
    )
    strata = eligibility.strata(points for _, _, _, points in rows)
    candidates = [
        lottery.Candidate(
            pseudonym=pseudonym, quota=quotas[quota_id].region_id if quota_id else "-", stratum=strata[points]
        )
        for _, pseudonym, quota_id, points in rows
    ]
    seats = {quota.region_id: quota.seats for quota in quotas.values()}
    return candidates, seats, {pseudonym: pk for pk, pseudonym, _, _ in rows}


@transaction.atomic
def draw_wave(wave: Wave, *, by: User | None, seed: str | None = None) -> dict:
    """Select by priority stratum and seeded lottery within each quota; the rest are waitlisted in
    lottery order. The inputs and the outcome are stored so that anyone can recompute the draw."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.status != Wave.Status.CLOSED:
        raise WaveStateError(_("The draw runs once the wave is closed."))
    if LotteryDraw.objects.filter(wave=wave).exists():
        raise WaveStateError(_("This wave has been drawn already."))
    if wave.enrolments.filter(state=S.APPLIED).exists():
        raise WaveStateError(_("Some applications are not screened yet: run the screening first."))
    if seed:
        wave.lottery_seed = seed
    if not wave.lottery_seed:
        raise InvalidInput(
            {"seed_source": _("The wave has no lottery seed: close it with a public seed source.")}
        )

    candidates, seats, enrolment_ids = lottery_inputs(wave)
    outcomes = lottery.draw(
        candidates, seats=seats, seed=wave.lottery_seed, move_unused_seats=wave.move_unused_seats
    )

    rows = []
    for outcome in outcomes:
        moved_seat = outcome.seat_quota if outcome.selected and outcome.seat_quota != outcome.quota else ""
        to, drawn = (S.SELECTED, "S") if outcome.selected else (S.WAITLISTED, "W")
        rows.append((enrolment_ids[outcome.pseudonym], S.ELIGIBLE, to, outcome.rank, drawn, moved_seat))
    _write_enrolments(rows, ("rank", "lottery_outcome", "lottery_seat"), by=by, reason="lottery")
    selected = sum(1 for row in rows if row[2] == S.SELECTED)
    waitlisted = len(rows) - selected

    LotteryDraw.objects.create(
        wave=wave,
        seed=wave.lottery_seed,
        algorithm=lottery.ALGORITHM,
        drawn_by=by,
        inputs_digest=lottery.inputs_digest(
            candidates, seats=seats, seed=wave.lottery_seed, move_unused_seats=wave.move_unused_seats
        ),
        results_digest=lottery.digest(outcomes),
    )
    wave.status = Wave.Status.SELECTED
    wave.save(update_fields=["status", "lottery_seed", "updated_at"])
    summary = selection_summary(wave)
    record_event(by, "wave.drawn", wave, changes={"selected": [0, selected], "waitlisted": [0, waitlisted]})
    transaction.on_commit(lambda: _notify_outcomes(wave.pk))
    return summary


def selection_summary(wave: Wave) -> dict:
    """Counts per state, and per province its quota, the seats taken and the waitlist, as they are
    now (after withdrawals and promotions). A seat moved from another quota counts where it came from."""
    states = dict(wave.enrolments.values_list("state").annotate(n=Count("id")))
    provinces: dict[str, dict[str, int]] = defaultdict(lambda: {"quota": 0, "selected": 0, "waitlisted": 0})
    for quota in wave.quotas.all():
        provinces[quota.region_id[:2]]["quota"] += quota.seats
    for seat, region, state, total in (
        wave.enrolments.filter(state__in=[*SEAT_HOLDERS, S.WAITLISTED])
        .values_list("lottery_seat", "quota__region_id", "state")
        .annotate(n=Count("id"))
    ):
        if state == S.WAITLISTED:
            provinces[(region or "--")[:2]]["waitlisted"] += total
        else:
            provinces[(seat or region or "--")[:2]]["selected"] += total
    return {
        "wave": wave.code,
        "status": wave.status,
        "counts": {state: states.get(state, 0) for state in S.values},
        "provinces": dict(sorted(provinces.items())),
    }


def verify_draw(wave: Wave) -> tuple[bool, list[str]]:
    """Recompute the draw from the stored inputs and compare it with the published outcome."""
    draw = LotteryDraw.objects.filter(wave=wave).first()
    if draw is None:
        return False, [_("This wave has not been drawn.")]
    candidates, seats, _ids = lottery_inputs(wave)
    stored = {
        pseudonym: (rank, outcome, seat)
        for pseudonym, rank, outcome, seat in wave.enrolments.exclude(lottery_outcome="").values_list(
            "pseudonym", "rank", "lottery_outcome", "lottery_seat"
        )
    }
    published = []
    for candidate in candidates:
        rank, outcome, seat = stored.get(candidate.pseudonym, (None, "", ""))
        selected = outcome == "S"
        published.append(
            lottery.Outcome(
                pseudonym=candidate.pseudonym,
                quota=candidate.quota,
                stratum=candidate.stratum,
                rank=rank,
                selected=selected,
                seat_quota=(seat or candidate.quota) if selected else None,
            )
        )
    return lottery.verify(
        candidates, seats=seats, seed=draw.seed, move_unused_seats=wave.move_unused_seats, published=published
    )


@transaction.atomic
def _notify_outcomes(wave_id: int) -> None:
    """Tell every applicant with an account what the selection decided, and why when not eligible."""
    with in_recipients_language():
        wave = Wave.objects.get(pk=wave_id)
        texts = {
            S.SELECTED: (
                _("You are selected for %(wave)s"),
                _("You were drawn for a place. We will tell you your class."),
            ),
            S.WAITLISTED: (
                _("You are on the waitlist of %(wave)s"),
                _("All places were drawn. You are on the waitlist, number %(rank)s in your area."),
            ),
            S.INELIGIBLE: (
                _("Your application to %(wave)s"),
                _("You do not meet the conditions of this wave. See why on your page."),
            ),
        }
        informed = wave.enrolments.filter(state__in=list(texts), participant__user__isnull=False)
        # The reasons are worked out again from the rules, in words, for the people who did not pass.
        screening = screening_for(wave)
        reasons = {
            applicant.key: [explain(r) for r in screening.screen(applicant).results if not r.passed]
            for applicant in applicants(wave, informed.filter(state=S.INELIGIBLE))
        }
        for enrolment in informed.select_related("participant__user"):
            subject, body = texts[enrolment.state]
            body = body % {"rank": enrolment.rank or "-"}
            if reasons.get(enrolment.pk):
                body = "\n".join(
                    [
                        _("You do not meet the conditions of this wave:"),
                        *(f"- {r}" for r in reasons[enrolment.pk]),
                    ]
                )
            notify(enrolment.participant.user, subject=subject % {"wave": wave.code}, body=body)


# Withdrawal and promotion -----------------------------------------------------------------


@transaction.atomic
def withdraw_enrolment(enrolment: Enrolment, *, by: User, reason: str = "") -> Enrolment | None:
    """Withdraw from a wave. A selected person who leaves before training starts hands the seat to
    the next person on the waitlist of the same quota. Returns the promoted enrolment, if any."""
    if enrolment.quota_id:
        # One promotion at a time per quota: the quota row is the lock.
        Quota.objects.select_for_update().get(pk=enrolment.quota_id)
    had_seat = Enrolment.objects.get(pk=enrolment.pk).state in (S.SELECTED, S.PLACED)
    locked = transition(enrolment, S.WITHDRAWN, by=by, reason=reason)
    record_event(by, "enrolment.withdrawn", locked, reason=reason)
    follow_training([locked.wave_id], by=by)
    wave = Wave.objects.get(pk=locked.wave_id)
    # Seats are handed on only until training starts.
    if not had_seat or locked.quota_id is None or wave.status != Wave.Status.SELECTED:
        return None
    following = (
        Enrolment.objects.select_for_update()
        .filter(wave=wave, quota_id=locked.quota_id, state=S.WAITLISTED)
        .order_by("rank", "id")
        .first()
    )
    if following is None:
        return None
    promoted = transition(following, S.SELECTED, by=by, reason=_("promoted from the waitlist"))
    record_event(by, "enrolment.promoted", promoted, reason=_("seat left by another participant"))
    participant = promoted.participant
    if participant.user_id:
        with in_recipients_language():
            subject = _("You are selected for %(wave)s") % {"wave": wave.code}
            body = _("A place became free and you were next on the waitlist.")
        notify(participant.user, subject=subject, body=body)
    return promoted


def can_act_for(user: User, participant: Participant) -> bool:
    """The participant themself, or a national admin / officer whose scope includes them."""
    from wirausaha.accounts.scoping import in_region_scope, verifies_participants

    if user.role == Role.PARTICIPANT:
        return participant.user_id == user.pk
    return verifies_participants(user) and in_region_scope(user, participant.domicile_id)
