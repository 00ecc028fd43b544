"""What happens in a wave: its lifecycle, applications, screening, the draw, withdrawals and
promotions. Every enrolment state change goes through `transition` (one) or `_bulk_transition`
(many), which write the event log the dashboard counts."""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.notifications.actions import notify
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
    S.IN_TRAINING: {S.GRADUATED, S.DROPPED_OUT},
    S.GRADUATED: set(),
    S.DROPPED_OUT: set(),
    S.WITHDRAWN: set(),
}
OPEN_STATES = {state for state, moves in TRANSITIONS.items() if S.WITHDRAWN in moves}
# States of a person who was given a seat (the seat stays used once training has begun).
SEAT_HOLDERS = [S.SELECTED, S.PLACED, S.IN_TRAINING, S.GRADUATED, S.DROPPED_OUT]
DRAWN = {Wave.Status.SELECTED, Wave.Status.RUNNING, Wave.Status.FINISHED}
BATCH = 5000


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
    """Many enrolments at once: one UPDATE per batch, guarded by the state each row must be in."""
    moved = 0
    now = timezone.now()
    for from_state, ids in ids_by_from.items():
        if to not in TRANSITIONS[from_state]:
            raise IllegalTransition(f"{from_state} -> {to}")
        for start in range(0, len(ids), BATCH):
            # Lock the rows still in `from_state`, so the log gets an event only for rows that moved
            # (one withdrawn meanwhile, say, keeps its state and gets none).
            chunk = list(
                Enrolment.objects.select_for_update()
                .filter(pk__in=ids[start : start + BATCH], state=from_state)
                .values_list("pk", flat=True)
            )
            moved += Enrolment.objects.filter(pk__in=chunk).update(state=to, updated_at=now)
            EnrolmentEvent.objects.bulk_create(
                [
                    EnrolmentEvent(
                        enrolment_id=pk, from_state=from_state, to_state=to, actor=by, reason=reason
                    )
                    for pk in chunk
                ],
                batch_size=BATCH,
            )
    return moved


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
    already = set(to_wave.enrolments.values_list("participant_id", flat=True))
    previous = list(
        from_wave.enrolments.filter(state=S.WAITLISTED)
        .exclude(participant_id__in=already)
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
    EnrolmentEvent.objects.bulk_create(
        [
            EnrolmentEvent(
                enrolment_id=pk, from_state="", to_state=S.APPLIED, actor=by, reason=f"from {from_wave.code}"
            )
            for pk in created_ids
        ],
        batch_size=BATCH,
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
    """The screening inputs of each enrolment, read in one streaming query plus two sets."""
    graduated = set(
        Enrolment.objects.filter(state=S.GRADUATED)
        .exclude(wave=wave)
        .values_list("participant_id", flat=True)
    )
    elsewhere = set(
        Enrolment.objects.filter(
            wave__status__in=[Wave.Status.OPEN, Wave.Status.CLOSED, Wave.Status.SELECTED]
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

    groups: dict[tuple, list[int]] = defaultdict(list)
    moves: dict[str, dict[str, list[int]]] = {S.ELIGIBLE: defaultdict(list), S.INELIGIBLE: defaultdict(list)}
    for applicant in applicants(wave, pending):
        verdict = screening.screen(applicant)
        passed = tuple((result.kind, result.passed) for result in verdict.results)
        groups[(passed, verdict.points, find_quota(applicant.domicile))].append(applicant.key)
        to = S.ELIGIBLE if verdict.eligible else S.INELIGIBLE
        if current[applicant.key] != to:
            moves[to][current[applicant.key]].append(applicant.key)

    # Rows sharing a verdict are written together: a few UPDATEs instead of one per applicant.
    for (passed, points, quota_id), ids in groups.items():
        verdict = [{"kind": kind, "passed": ok} for kind, ok in passed]
        for start in range(0, len(ids), BATCH):
            Enrolment.objects.filter(pk__in=ids[start : start + BATCH]).update(
                verdict=verdict, points=points, quota_id=quota_id
            )
    for to, by_from in moves.items():
        _bulk_transition(dict(by_from), to, by=by, reason="screening")

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

    ranked = []
    selected, waitlisted = [], []
    for outcome in outcomes:
        pk = enrolment_ids[outcome.pseudonym]
        ranked.append(
            Enrolment(
                pk=pk,
                rank=outcome.rank,
                lottery_outcome="S" if outcome.selected else "W",
                lottery_seat=outcome.seat_quota
                if outcome.selected and outcome.seat_quota != outcome.quota
                else "",
            )
        )
        (selected if outcome.selected else waitlisted).append(pk)
    Enrolment.objects.bulk_update(ranked, ["rank", "lottery_outcome", "lottery_seat"], batch_size=2000)
    _bulk_transition({S.ELIGIBLE: selected}, S.SELECTED, by=by, reason="lottery")
    _bulk_transition({S.ELIGIBLE: waitlisted}, S.WAITLISTED, by=by, reason="lottery")

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
    record_event(
        by, "wave.drawn", wave, changes={"selected": [0, len(selected)], "waitlisted": [0, len(waitlisted)]}
    )
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
    wave = locked.wave
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
        notify(
            participant.user,
            subject=_("You are selected for %(wave)s") % {"wave": wave.code},
            body=_("A place became free and you were next on the waitlist."),
        )
    return promoted


def can_act_for(user: User, participant: Participant) -> bool:
    """The participant themself, or a national admin / officer whose scope includes them."""
    from wirausaha.accounts.scoping import in_region_scope, verifies_participants

    if user.role == Role.PARTICIPANT:
        return participant.user_id == user.pk
    return verifies_participants(user) and in_region_scope(user, participant.domicile_id)
