"""Reads of monitoring: who is due in a follow-up round (with their lottery arm and stratum), the
rows the impact estimator takes, and the rounds a user may see."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from wirausaha.accounts.models import Role, User
from wirausaha.programs import eligibility
from wirausaha.programs.models import Enrolment, FrozenEntrant, Wave
from wirausaha.registry.models import Participant

from . import impact
from .indicators import COUNTRY_ROLES, scope_q, sees_dashboard
from .models import Arm, FollowUpAnswer, FollowUpInvite, FollowUpRound

ARM_OF_OUTCOME = {"S": Arm.SELECTED, "W": Arm.WAITLISTED}


def drawn(wave: Wave) -> QuerySet[Enrolment]:
    """The wave's enrolments the lottery drew (selected or waitlisted), as drawn."""
    return wave.enrolments.exclude(lottery_outcome="").filter(lottery_outcome__in=list(ARM_OF_OUTCOME))


def assignments(wave: Wave) -> dict[int, tuple[str, str]]:
    """participant id -> (arm, stratum "quota|priority level") for everyone the lottery drew.
    The stratum is the frozen entrant list's when the wave has one, else it is recomputed from
    the points the way the draw did."""
    rows = list(drawn(wave).values_list("id", "participant_id", "lottery_outcome", "quota_region", "points"))
    frozen = dict(
        (enrolment_id, (quota, level))
        for enrolment_id, quota, level in FrozenEntrant.objects.filter(
            wave=wave, enrolment__isnull=False
        ).values_list("enrolment_id", "quota_code", "priority_level")
    )
    levels = eligibility.strata(points for *_, points in rows)
    result = {}
    for enrolment_id, participant_id, outcome, quota, points in rows:
        code, level = frozen.get(enrolment_id, (quota or "-", levels[points]))
        result[participant_id] = (ARM_OF_OUTCOME[outcome], f"{code}|{level}")
    return result


def impact_rows(round_: FollowUpRound) -> list[impact.Row]:
    """Everyone the lottery drew in the round's wave, with their answer to the round if any."""
    answers = {
        a.participant_id: a
        for a in FollowUpAnswer.objects.filter(round=round_).only(
            "participant_id", "operating", "household_income"
        )
    }
    rows = []
    for participant_id, (arm, stratum) in sorted(assignments(round_.wave).items()):
        answer = answers.get(participant_id)
        rows.append(
            impact.Row(
                stratum=stratum,
                arm=str(arm),
                responded=answer is not None,
                operating=answer.operating if answer else None,
                income=float(answer.household_income) if answer else None,
            )
        )
    return rows


def sees_impact(user: User) -> bool:
    """The estimate is of a whole wave: for those who see the country."""
    return sees_dashboard(user) and user.role in COUNTRY_ROLES


def rounds_visible_to(user: User) -> QuerySet[FollowUpRound]:
    if not sees_dashboard(user):
        return FollowUpRound.objects.none()
    return FollowUpRound.objects.select_related("wave").order_by("-wave__opens_on", "months")


def get_round_for(user: User, pk: int) -> FollowUpRound:
    return get_object_or_404(rounds_visible_to(user), pk=pk)


def answers_visible_to(user: User, round_: FollowUpRound) -> QuerySet[FollowUpAnswer]:
    return (
        FollowUpAnswer.objects.filter(round=round_)
        .filter(participant__in=Participant.objects.filter(scope_q(user)))
        .select_related("participant")
    )


def response_rates(user: User, round_: FollowUpRound) -> list[dict]:
    """Per arm: people due (the denominator: everyone, not only respondents), answers, the rate."""
    people = Participant.objects.filter(scope_q(user))
    due = dict(
        round_.invites.filter(participant__in=people).order_by().values_list("arm").annotate(n=Count("pk"))
    )
    answered = dict(
        round_.answers.filter(participant__in=people).order_by().values_list("arm").annotate(n=Count("pk"))
    )
    operating = dict(
        round_.answers.filter(participant__in=people, operating=True)
        .order_by()
        .values_list("arm")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "arm": arm,
            "label": label,
            "due": due.get(arm, 0),
            "answered": answered.get(arm, 0),
            "rate": round(100 * answered.get(arm, 0) / due[arm], 1) if due.get(arm) else None,
            "operating": operating.get(arm, 0),
        }
        for arm, label in Arm.choices
    ]


def invites_visible_to(user: User, round_: FollowUpRound) -> QuerySet[FollowUpInvite]:
    return (
        round_.invites.filter(participant__in=Participant.objects.filter(scope_q(user)))
        .select_related("participant")
        .order_by("participant__full_name", "pk")
    )


def enters_answers(user: User) -> bool:
    """Staff who enter answers from a phone survey: those with a dashboard, auditors excepted."""
    return sees_dashboard(user) and user.role != Role.AUDITOR


def opens_rounds(user: User) -> bool:
    return sees_dashboard(user) and user.role == Role.NATIONAL_ADMIN
