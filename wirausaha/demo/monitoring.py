"""The demo's monitoring: the 3-month follow-up round of the wave in training (DEMO-2026-0), opened
through the real action and moved to run from yesterday for 30 days, so that it can be tried now
(in the programme a round opens 3 months after the training ends). About two thirds of the people
the lottery drew have answered, by link or by phone, with figures drawn from a fixed seed; `lulusan`
has not, and finds the signed link in their messages, to walk it in the browser. Nothing runs
when the round exists already."""

import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wirausaha.accounts.models import User
from wirausaha.monitoring import actions
from wirausaha.monitoring.models import Arm, FollowUpAnswer, FollowUpInvite, FollowUpRound
from wirausaha.programs.models import Wave

from .running_wave import TRAINING_WAVE

ADMIN, GRADUATE = "admin", "lulusan"
MONTHS = 3
ANSWERED_SHARE = 0.65


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
    for invite in FollowUpInvite.objects.filter(round=round_).order_by("participant_id"):
        if invite.participant_id == graduate or rng.random() > ANSWERED_SHARE:
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
                "household_income": rng.randrange(1_500_000, 8_000_000, 100_000),
                "formal_job": not operating and rng.random() < 0.3,
            },
            channel=rng.choice([FollowUpAnswer.Channel.LINK, FollowUpAnswer.Channel.PHONE]),
            by=None,
        )
    # Those who have not answered (lulusan among them) get their signed link, as from the sweep.
    actions.send_reminders(base_url=settings.SITE_URL)
    return round_
