from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from wirausaha.accounts.models import Role, User
from wirausaha.accounts.scoping import participant_q

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


def enrolments_visible_to(user: User, wave: Wave | None = None) -> QuerySet[Enrolment]:
    """Enrolments of the participants the user may see (accounts.scoping.participant_q)."""
    enrolments = Enrolment.objects.filter(participant_q(user, "participant__"))
    if wave is not None:
        enrolments = enrolments.filter(wave=wave)
    return enrolments.select_related("participant", "participant__domicile", "quota", "wave")


def enrolments_of(participant) -> QuerySet[Enrolment]:
    """A participant's own enrolments, the newest wave first (for their status page)."""
    return participant.enrolments.select_related("wave").order_by("-wave__opens_on", "-id")


def published_list(wave: Wave) -> QuerySet[Enrolment]:
    """The draw as published: pseudonymous id, quota region, priority level (from the frozen list;
    never the points, which can reveal a disability), rank, outcome — no names."""
    level = FrozenEntrant.objects.filter(wave=wave, pseudonym=OuterRef("pseudonym")).values("priority_level")
    return (
        wave.enrolments.exclude(lottery_outcome="")
        .annotate(priority_level=Subquery(level[:1]))
        .order_by("quota__region_id", "rank")
        .values("pseudonym", "quota__region_id", "priority_level", "rank", "lottery_outcome", "lottery_seat")
    )
