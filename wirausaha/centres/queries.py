"""What each user may see of centres, courses and cohorts.

Centres, the course catalogue and a centre's cohorts (course, dates, seats) are public facts for
every signed-in user. Managing cohorts is scoped: a centre operator manages the cohorts of the
centre that is their organisation, a national admin every centre's; for anyone else, and for
another centre's cohort, the record is simply missing (404).
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from wirausaha.accounts.models import Role, User
from wirausaha.accounts.scoping import organisation_q
from wirausaha.reference.models import Region

from .models import Cohort, Course, TrainingCentre

MANAGING_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.CENTRE_OPERATOR})


def centres_listed() -> QuerySet[TrainingCentre]:
    """Centres are public facts: every signed-in user may see the list."""
    return TrainingCentre.objects.select_related("region", "region__parent")


def search_centres(*, query: str = "", province: str = "", kind: str = "") -> QuerySet[TrainingCentre]:
    """The list with its filters: a name (short or full), a province code and a type."""
    centres = centres_listed()
    query = query.strip()
    if query:
        centres = centres.filter(Q(short_name__icontains=query) | Q(name__icontains=query))
    if province:
        centres = centres.filter(Q(region_id=province) | Q(region__code__startswith=f"{province}."))
    if kind:
        centres = centres.filter(kind=kind)
    return centres


def provinces() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.PROVINCE).order_by("name")


def get_centre(centre_id: int) -> TrainingCentre:
    return get_object_or_404(centres_listed(), pk=centre_id)


def cohorts_of(centre: TrainingCentre) -> QuerySet[Cohort]:
    """A centre's cohorts as anyone signed in sees them: course, dates, seats and status."""
    return centre.cohorts.select_related("course").order_by("starts_on", "code")


def manages_cohorts(user: User) -> bool:
    """National admins and centre operators run cohorts; nobody else does."""
    return bool(user and user.is_authenticated and user.is_active and user.role in MANAGING_ROLES)


def centres_managed_by(user: User) -> QuerySet[TrainingCentre]:
    """The centres whose cohorts the user manages: all for a national admin, the one that is the
    operator's organisation for a centre operator, none for anyone else."""
    if not manages_cohorts(user):
        return TrainingCentre.objects.none()
    return centres_listed().filter(organisation_q(user, "organisation"))


def get_centre_managed_by(user: User, centre_id: int) -> TrainingCentre:
    return get_object_or_404(centres_managed_by(user), pk=centre_id)


def own_centre(user: User) -> TrainingCentre | None:
    """The centre a centre operator works at (None when their organisation is not a centre)."""
    if not manages_cohorts(user) or user.role != Role.CENTRE_OPERATOR:
        return None
    return centres_managed_by(user).first()


def cohorts_managed_by(user: User) -> QuerySet[Cohort]:
    if not manages_cohorts(user):
        return Cohort.objects.none()
    return Cohort.objects.filter(organisation_q(user, "centre__organisation")).select_related(
        "centre", "course"
    )


def get_cohort_managed_by(user: User, cohort_id: int) -> Cohort:
    """One cohort the user manages, or 404 when missing or another centre's (they look the same)."""
    return get_object_or_404(cohorts_managed_by(user), pk=cohort_id)


# "Kelas saya" shows cohorts in three groups, each a set of statuses.
COHORT_GROUPS = {
    "upcoming": [Cohort.Status.PLANNED],
    "running": [Cohort.Status.RUNNING],
    "past": [Cohort.Status.FINISHED, Cohort.Status.CANCELLED],
}


def search_cohorts(user: User, *, group: str = "upcoming", query: str = "") -> QuerySet[Cohort]:
    """The user's cohorts in one group; `query` matches a cohort code, a course or a centre."""
    cohorts = cohorts_managed_by(user).filter(status__in=COHORT_GROUPS.get(group, COHORT_GROUPS["upcoming"]))
    query = query.strip()
    if query:
        cohorts = cohorts.filter(
            Q(code__icontains=query)
            | Q(course__title__icontains=query)
            | Q(centre__short_name__icontains=query)
        )
    order = ["-starts_on", "code"] if group == "past" else ["starts_on", "code"]
    return cohorts.order_by(*order)


def courses_listed() -> QuerySet[Course]:
    """The courses on offer, for everyone signed in."""
    return Course.objects.filter(is_active=True).select_related("sector").order_by("title")


def trainers_at(centre: TrainingCentre) -> QuerySet[User]:
    """The accounts that may teach at a centre: active trainers of its organisation."""
    return User.objects.filter(
        role=Role.TRAINER, is_active=True, organisation_id=centre.organisation_id
    ).order_by("first_name", "last_name", "username")
