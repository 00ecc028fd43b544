"""The draw and its waitlist: the seeded draw within each quota from the frozen entrant list, its
summary, the notice of each outcome, and withdrawals, which hand a seat to the next person on the
waitlist and are written into the public log of changes."""

from collections import defaultdict

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.notifications.actions import Letter, in_recipients_language, notify, notify_many

from .. import lottery
from ..models import Enrolment, FrozenEntrant, LotteryChange, LotteryDraw, LotteryNotice, Quota, Wave
from ..texts import explain
from .applications import applicants, screening_for
from .freeze import frozen_candidates, record_public_value
from .transitions import (
    SEAT_HOLDERS,
    S,
    WaveStateError,
    _write_enrolments,
    follow_training,
    transition,
)
from .waves import add_notice

# Rules named in the public log of changes (the lottery page explains them).
RULE_WITHDRAWN = "seat handed on until training starts"
RULE_PROMOTED = "first waiting in the quota by rank"

# The draw ---------------------------------------------------------------------------------


@transaction.atomic
def draw_wave(wave: Wave, *, by: User | None, public_value: str | None = None, now=None) -> dict:
    """Draw from the frozen entrant list, with the seed derived from the declared public value
    (entered here when it was not before): within each quota by priority level, then by lottery
    key; the rest are waitlisted in that order. Refused before the value's publication time."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    now = now or timezone.now()
    if wave.status != Wave.Status.CLOSED or wave.frozen_at is None:
        raise WaveStateError(_("The draw runs once the wave is closed and its entrant list frozen."))
    if LotteryDraw.objects.filter(wave=wave).exists():
        raise WaveStateError(_("This wave has been drawn already."))
    if public_value and not wave.public_value:
        record_public_value(wave, value=public_value, by=by, now=now)
    elif public_value and lottery.normalise(public_value) != wave.public_value:
        raise InvalidInput(
            {
                "public_value": _(
                    "Another public value was entered already; correct it openly before the draw."
                )
            }
        )
    if not wave.public_value:
        raise InvalidInput({"public_value": _("Enter the declared public value to run the draw.")})
    if now < wave.randomness_published_after:
        raise WaveStateError(_("The draw cannot run before the public value is published."))

    candidates, enrolment_ids = frozen_candidates(wave)
    seats = {quota: int(n) for quota, n in wave.frozen_seats.items()}
    digest = lottery.entrants_digest(
        candidates, wave_code=wave.code, seats=seats, move_unused_seats=wave.move_unused_seats
    )
    if digest != wave.entrants_digest:
        raise WaveStateError(_("The frozen entrant list no longer matches its published digest."))
    seed = lottery.derive_seed(wave_code=wave.code, entrants_digest=digest, public_value=wave.public_value)
    outcomes = lottery.draw(candidates, seats=seats, seed=seed, move_unused_seats=wave.move_unused_seats)

    # Who left between the freeze and the draw is drawn all the same (the list is frozen); their
    # state stays, and a seat they drew is handed on below, in the public log.
    states = dict(
        wave.enrolments.filter(pk__in=[pk for pk in enrolment_ids.values() if pk]).values_list("id", "state")
    )
    rows, left = [], []
    for outcome in outcomes:
        pk = enrolment_ids.get(outcome.pseudonym)
        if pk not in states:
            continue
        moved_seat = outcome.seat_quota if outcome.selected and outcome.seat_quota != outcome.quota else ""
        to, drawn = (S.SELECTED, "S") if outcome.selected else (S.WAITLISTED, "W")
        if states[pk] != S.ELIGIBLE:
            to = states[pk]
            left.append(outcome)
        rows.append((pk, states[pk], to, outcome.rank, drawn, moved_seat))
    _write_enrolments(rows, ("rank", "lottery_outcome", "lottery_seat"), by=by, reason="lottery")
    selected = sum(1 for row in rows if row[2] == S.SELECTED)
    waitlisted = sum(1 for row in rows if row[2] == S.WAITLISTED)

    results_digest = lottery.digest(outcomes)
    LotteryDraw.objects.create(
        wave=wave,
        seed=seed,
        algorithm=lottery.ALGORITHM,
        drawn_by=by,
        entrants_digest=digest,
        results_digest=results_digest,
    )
    wave.status, wave.lottery_seed = Wave.Status.SELECTED, seed
    wave.save(update_fields=["status", "lottery_seed", "updated_at"])
    add_notice(wave, LotteryNotice.Kind.DRAWN, by=by, at=now, seed=seed, results_digest=results_digest)
    for outcome in left:
        log_change(
            wave,
            pseudonym=outcome.pseudonym,
            event=LotteryChange.Event.WITHDRAWN,
            quota=outcome.quota,
            seat_freed=outcome.selected,
            rule=RULE_WITHDRAWN,
        )
        if outcome.selected:
            _hand_on_seat(wave, outcome.quota, by=by)
    summary = selection_summary(wave)
    record_event(by, "wave.drawn", wave, changes={"selected": [0, selected], "waitlisted": [0, waitlisted]})
    transaction.on_commit(lambda: _notify_outcomes(wave.pk))
    return summary


def selection_summary(wave: Wave) -> dict:
    """Counts per state, and per province its quota, the seats taken and the waitlist, as they are
    now (after withdrawals and promotions). A seat moved from another quota counts where it came from.
    Both from one grouped pass over the wave's enrolments, read from the index on (wave, state,
    quota region, seat) alone: two passes (one per state, one per seat) read the wave twice."""
    states: dict[str, int] = defaultdict(int)
    provinces: dict[str, dict[str, int]] = defaultdict(lambda: {"quota": 0, "selected": 0, "waitlisted": 0})
    for quota in wave.quotas.all():
        provinces[quota.region_id[:2]]["quota"] += quota.seats
    seat_holders = set(SEAT_HOLDERS)
    grouped = (
        wave.enrolments.order_by().values_list("state", "quota_region", "lottery_seat").annotate(n=Count("*"))
    )
    for state, region, seat, total in grouped:
        states[state] += total
        if state == S.WAITLISTED:
            provinces[(region or "--")[:2]]["waitlisted"] += total
        elif state in seat_holders:
            provinces[(seat or region or "--")[:2]]["selected"] += total
    return {
        "wave": wave.code,
        "status": wave.status,
        "counts": {state: states.get(state, 0) for state in S.values},
        "provinces": dict(sorted(provinces.items())),
    }


def _outcome_text(state: str, *, wave: str, rank, reasons: list[str]) -> tuple[str, str]:
    """Subject and body of one outcome, in the language active when called."""
    if state == S.SELECTED:
        subject = _("You are selected for %(wave)s")
        body = _("You were drawn for a place. We will tell you your class.")
    elif state == S.WAITLISTED:
        subject = _("You are on the waitlist of %(wave)s")
        body = _("All places were drawn. You are on the waitlist, number %(rank)s in your area.")
    else:
        subject = _("Your application to %(wave)s")
        body = _("You do not meet the conditions of this wave. See why on your page.")
    body = body % {"rank": rank or "-"}
    if reasons:
        body = "\n".join([_("You do not meet the conditions of this wave:"), *(f"- {r}" for r in reasons)])
    return subject % {"wave": wave}, body


# The notifications event of each outcome that has one (an ineligible applicant's has none).
OUTCOME_EVENTS = {S.SELECTED: "selected", S.WAITLISTED: "waitlisted"}


@transaction.atomic
def _notify_outcomes(wave_id: int) -> None:
    """Tell every applicant with an account what the selection decided, and why when not eligible,
    each in their account's language."""
    wave = Wave.objects.get(pk=wave_id)
    informed = wave.enrolments.filter(
        state__in=[S.SELECTED, S.WAITLISTED, S.INELIGIBLE], participant__user__isnull=False
    )
    # The reasons are worked out again from the rules for the people who did not pass, and put in
    # words in each person's language below.
    screening = screening_for(wave)
    failed = {
        applicant.key: [r for r in screening.screen(applicant).results if not r.passed]
        for applicant in applicants(wave, informed.filter(state=S.INELIGIBLE))
    }
    letters = []
    for enrolment in informed.select_related("participant__user"):
        user = enrolment.participant.user
        user.participant = enrolment.participant  # its number, without a query per person
        with in_recipients_language(user=user):
            reasons = [str(explain(r)) for r in failed.get(enrolment.pk, [])]
            subject, body = _outcome_text(
                enrolment.state, wave=wave.code, rank=enrolment.rank, reasons=reasons
            )
        event = OUTCOME_EVENTS.get(enrolment.state, "")
        params = {"wave": wave.code}
        if enrolment.state == S.WAITLISTED:
            params["rank"] = enrolment.rank or "-"
        letters.append(Letter(user, subject, body, event, params if event else {}))
    notify_many(letters)  # one query and one delivery task per hundred people


# Withdrawal and promotion -----------------------------------------------------------------


def log_change(
    wave: Wave, *, pseudonym: str, event: str, quota: str, seat_freed: bool | None, rule: str
) -> LotteryChange:
    """Append one line to the public log of changes after the draw, chained to the line before."""
    Wave.objects.select_for_update().filter(pk=wave.pk).first()
    last = LotteryChange.objects.filter(wave=wave).order_by("-seq").first()
    seq, at = (last.seq + 1 if last else 1), timezone.now()
    chain = lottery.change_chain(
        last.chain if last else wave.entrants_digest,
        seq=seq,
        at=at.isoformat(),
        pseudonym=pseudonym,
        event=event,
        quota=quota,
        seat_freed=seat_freed,
        rule=rule,
    )
    return LotteryChange.objects.create(
        wave=wave,
        seq=seq,
        at=at,
        pseudonym=pseudonym,
        event=event,
        quota=quota,
        seat_freed=seat_freed,
        rule=rule,
        chain=chain,
    )


def _hand_on_seat(wave: Wave, quota_code: str, *, by: User | None) -> Enrolment | None:
    """The first person still waiting in the quota (by rank) takes the freed seat."""
    following = (
        Enrolment.objects.select_for_update()
        .filter(
            wave=wave,
            state=S.WAITLISTED,
            pk__in=FrozenEntrant.objects.filter(wave=wave, quota_code=quota_code).values("enrolment_id"),
        )
        .order_by("rank", "id")
        .first()
    )
    if following is None:
        return None
    promoted = transition(following, S.SELECTED, by=by, reason=_("promoted from the waitlist"))
    log_change(
        wave,
        pseudonym=promoted.pseudonym,
        event=LotteryChange.Event.PROMOTED,
        quota=quota_code,
        seat_freed=None,
        rule=RULE_PROMOTED,
    )
    record_event(by, "enrolment.promoted", promoted, reason=_("seat left by another participant"))
    participant = promoted.participant
    if participant.user_id:
        with in_recipients_language(participant.user):
            subject = _("You are selected for %(wave)s") % {"wave": wave.code}
            body = _("A place became free and you were next on the waitlist.")
        notify(participant.user, subject=subject, body=body, event="selected", params={"wave": wave.code})
    return promoted


@transaction.atomic
def withdraw_enrolment(enrolment: Enrolment, *, by: User, reason: str = "") -> Enrolment | None:
    """Withdraw from a wave. A selected person who leaves before training starts hands the seat to
    the next person on the waitlist of the same quota. After the draw, both steps are written into
    the public log of changes. Returns the promoted enrolment, if any."""
    if enrolment.quota_id:
        # One promotion at a time per quota: the quota row is the lock.
        Quota.objects.select_for_update().get(pk=enrolment.quota_id)
    had_seat = Enrolment.objects.get(pk=enrolment.pk).state in (S.SELECTED, S.PLACED)
    locked = transition(enrolment, S.WITHDRAWN, by=by, reason=reason)
    record_event(by, "enrolment.withdrawn", locked, reason=reason)
    follow_training([locked.wave_id], by=by)
    wave = Wave.objects.get(pk=locked.wave_id)
    entrant = FrozenEntrant.objects.filter(wave=wave, enrolment=locked).first()
    if entrant is None or not LotteryDraw.objects.filter(wave=wave).exists():
        # Not in the draw, or not drawn yet (the draw logs who left meanwhile).
        return None
    # Seats are handed on only until training starts.
    hands_on = had_seat and wave.status == Wave.Status.SELECTED
    log_change(
        wave,
        pseudonym=entrant.pseudonym,
        event=LotteryChange.Event.WITHDRAWN,
        quota=entrant.quota_code,
        seat_freed=hands_on,
        rule=RULE_WITHDRAWN,
    )
    return _hand_on_seat(wave, entrant.quota_code, by=by) if hands_on else None
