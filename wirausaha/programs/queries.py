from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from wirausaha.accounts.models import Role, User
from wirausaha.accounts.scoping import kept_region_q, participant_q

from .models import Enrolment, FrozenEntrant, Wave


def waves_listed() -> QuerySet[Wave]:
    """Waves are public facts (dates, seats, rules); drafts only to those who plan them."""
    return Wave.objects.exclude(status=Wave.Status.DRAFT).select_related("programme")


def waves_visible_to(user: User) -> QuerySet[Wave]:
    if user.is_authenticated and user.role == Role.NATIONAL_ADMIN:
        return Wave.objects.select_related("programme")
    return waves_listed()


def get_wave_for(user: User, code: str) -> Wave:
    return get_object_or_404(waves_visible_to(user), code=code)


def area_q(user: User, prefix: str = "participant__") -> Q:
    """The rows of people the user may see, on a model that keeps the person's `province_code` and
    `regency_code` (Enrolment, allocation's Placement): a provincial or regency office by its own
    column (equality, the first column after the wave or run in the lists' indexes), everyone else
    as accounts.scoping.participant_q says through `prefix`, the path to the participant."""
    kept = kept_region_q(user)
    return kept if kept is not None else participant_q(user, prefix)


def enrolments_visible_to(user: User, wave: Wave | None = None) -> QuerySet[Enrolment]:
    """Enrolments of the participants the user may see (accounts.scoping.participant_q)."""
    enrolments = Enrolment.objects.filter(area_q(user))
    if wave is not None:
        enrolments = enrolments.filter(wave=wave)
    return enrolments.select_related("participant", "participant__domicile", "quota", "wave")


def enrolments_of(participant) -> QuerySet[Enrolment]:
    """A participant's own enrolments, the newest wave first (for their status page)."""
    return participant.enrolments.select_related("wave").order_by("-wave__opens_on", "-id")


def published_list(wave: Wave) -> QuerySet[Enrolment]:
    """The draw as published: pseudonymous id, quota region, rank, outcome, no names; in the
    published order (quota region, rank), read from a partial index of the drawn rows. The page
    adds each row's priority level from the frozen list (`with_priority_levels`)."""
    return wave.enrolments.exclude(lottery_outcome="").order_by("quota_region", "rank", "id")


def with_priority_levels(wave: Wave, rows: list[Enrolment]) -> list[dict]:
    """The published fields of a page's rows, each with its priority level as frozen at closing
    (never the points, which can reveal a disability), in one query for the page: a subquery per
    row of the list would run for every row a deep page skips."""
    levels = dict(
        FrozenEntrant.objects.filter(wave=wave, pseudonym__in=[row.pseudonym for row in rows]).values_list(
            "pseudonym", "priority_level"
        )
    )
    return [
        {
            "pseudonym": row.pseudonym,
            "quota_region": row.quota_region,
            "priority_level": levels.get(row.pseudonym),
            "rank": row.rank,
            "lottery_outcome": row.lottery_outcome,
            "lottery_seat": row.lottery_seat,
        }
        for row in rows
    ]
