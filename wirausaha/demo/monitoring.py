"""The demo's monitoring: the 3-month follow-up round of the wave in training (DEMO-2026-0), opened
through the real action and moved to run from yesterday for 30 days, so that it can be tried now
(in the programme a round opens 3 months after the training ends). About two thirds of the people
the lottery drew have answered, by link or by phone, with figures drawn from a fixed seed; `lulusan`
has not, and finds the signed link in their messages, to walk it in the browser. Nothing runs
when the round exists already.

That wave's lottery waitlisted only two people, in groups without two selected beside them, so
its impact page has nothing to compare. The effect is shown on an earlier wave, DEMO-2025-0: forty
verified people of West Java and Jakarta without an account, none in DEMO-2026-0, drawn by the real actions
(open, apply, screen, close, draw) with one lottery group per province and half the seats, whose
training ended six months ago; its 6-month round runs now, answered by about four in five of
each arm."""

import random
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wirausaha.accounts.models import User
from wirausaha.monitoring import actions, summary
from wirausaha.monitoring.models import Arm, FollowUpAnswer, FollowUpInvite, FollowUpRound
from wirausaha.programs import actions as programs
from wirausaha.programs.models import EligibilityRule, Programme, Quota, Wave
from wirausaha.registry.models import LISTED, Participant, Verification

from .running_wave import PROGRAMME, TRAINING_WAVE

ADMIN, GRADUATE = "admin", "lulusan"
MONTHS = 3
ANSWERED_SHARE = 0.65
COMPARISON_WAVE, COMPARISON_MONTHS, COMPARISON_SHARE = "DEMO-2025-0", 6, 0.8
COMPARISON_PEOPLE = {"32": 24, "31": 16}  # per province: half are selected


@transaction.atomic
def seed_monitoring(*, seed: int = 7, today=None) -> FollowUpRound | None:
    wave = Wave.objects.filter(code=TRAINING_WAVE).first()
    if (
        wave is None
        or not wave.training_ends_on
        or FollowUpRound.objects.filter(wave=wave, months=MONTHS).exists()
    ):
        return None
    admin = User.objects.filter(username=ADMIN).first()
    round_ = actions.open_round(wave=wave, months=MONTHS, by=admin, today=today)
    today = today or timezone.localdate()
    FollowUpRound.objects.filter(pk=round_.pk).update(
        opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=30)
    )
    round_.refresh_from_db()
    rng = random.Random(seed)
    graduate = User.objects.filter(username=GRADUATE).values_list("participant__pk", flat=True).first()
    _answer(round_, rng, skip=graduate, share=ANSWERED_SHARE)
    comparison = _comparison_wave(admin, today)
    if comparison is not None:
        earlier = actions.open_round(wave=comparison, months=COMPARISON_MONTHS, by=admin, today=today)
        FollowUpRound.objects.filter(pk=earlier.pk).update(
            opens_on=today - timedelta(days=3), closes_on=today + timedelta(days=27)
        )
        earlier.refresh_from_db()
        _answer(earlier, rng, skip=None, share=COMPARISON_SHARE)
    # Those who have not answered (lulusan among them) get their signed link, as from the sweep.
    actions.send_reminders(base_url=settings.SITE_URL)
    transaction.on_commit(summary.refresh)  # the dashboard's numbers, "data per" now
    return round_


def _answer(round_: FollowUpRound, rng: random.Random, *, skip: int | None, share: float) -> None:
    """About `share` of the people due answer, by link or by phone; the selected more often run a
    business and earn a little more."""
    for invite in FollowUpInvite.objects.filter(round=round_).order_by("participant_id"):
        if invite.participant_id == skip or rng.random() > share:
            continue
        selected = invite.arm == Arm.SELECTED
        operating = rng.random() < (0.7 if selected else 0.45)
        revenue = rng.randrange(1_000_000, 9_000_000, 50_000) if operating else 0
        actions.submit_answer(
            round_=round_,
            participant_id=invite.participant_id,
            data={
                "operating": operating,
                "closed_reason": "" if operating else "Modal habis",
                "monthly_revenue": revenue,
                "monthly_profit": revenue // 4,
                "workers_paid": rng.choice([0, 0, 1, 2]) if operating else 0,
                "workers_unpaid": rng.choice([0, 1]),
                "has_nib": operating and rng.random() < 0.6,
                "household_income": rng.randrange(2_000_000 if selected else 1_500_000, 8_000_000, 100_000),
                "formal_job": not operating and rng.random() < 0.3,
            },
            channel=rng.choice([FollowUpAnswer.Channel.LINK, FollowUpAnswer.Channel.PHONE]),
            by=None,
        )


def _comparison_wave(admin: User | None, today) -> Wave | None:
    """DEMO-2025-0 (see the module docstring), or None when it exists or the people are missing."""
    if admin is None or Wave.objects.filter(code=COMPARISON_WAVE).exists():
        return None
    people = []
    for province, count in COMPARISON_PEOPLE.items():
        found = list(
            Participant.objects.filter(
                LISTED, user__isnull=True, verification=Verification.VERIFIED, province_code=province
            )
            .exclude(enrolments__wave__code=TRAINING_WAVE)
            .order_by("pk")[:count]
        )
        if len(found) < count:
            return None
        people += found
    programme, _created = Programme.objects.get_or_create(code=PROGRAMME[0], defaults={"name": PROGRAMME[1]})
    ends_on = today - timedelta(days=COMPARISON_MONTHS * 31)
    opens_on = ends_on - timedelta(days=150)
    wave = Wave.objects.create(
        programme=programme,
        code=COMPARISON_WAVE,
        name="Gelombang demo 2025-0",
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=30),
        selection_date=opens_on + timedelta(days=37),
        training_starts_on=ends_on - timedelta(days=60),
        training_ends_on=ends_on,
        target=sum(COMPARISON_PEOPLE.values()) // 2,
        status=Wave.Status.DRAFT,
        randomness_source="Demo: nomor undian DEMO-2025-0 yang diumumkan sehari setelah penutupan",
        randomness_published_after=datetime.combine(opens_on + timedelta(days=31), time(12, 0), tzinfo=UTC),
    )
    Quota.objects.bulk_create(
        [Quota(wave=wave, region_id=code, seats=n // 2) for code, n in sorted(COMPARISON_PEOPLE.items())]
    )
    EligibilityRule.objects.create(wave=wave, kind=EligibilityRule.Kind.VERIFIED, params={})
    wave = programs.open_wave(wave, by=admin)
    for person in people:
        programs.apply_to_wave(wave=wave, participant=person, by=admin)
    programs.screen_wave(wave, by=admin)
    closed_at = datetime.combine(wave.closes_on + timedelta(days=1), time(0), tzinfo=UTC)
    wave = programs.close_wave(wave, by=admin, now=closed_at)
    programs.draw_wave(wave, by=admin, public_value="Demo 03 11 19 27 35 42")
    return wave
