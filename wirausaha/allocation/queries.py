"""What each user may see of placements, and who sits in a cohort."""

from django.db.models import QuerySet

from wirausaha.centres.models import Cohort
from wirausaha.programs.models import Enrolment, EnrolmentState

from .models import AllocationRun

# Enrolments that hold their seat in a cohort: placed, in training, and how training ended.
ON_ROSTER = [
    EnrolmentState.PLACED,
    EnrolmentState.IN_TRAINING,
    EnrolmentState.GRADUATED,
    EnrolmentState.DROPPED_OUT,
]


def cohort_roster(cohort: Cohort) -> QuerySet[Enrolment]:
    """The enrolments seated in `cohort` by their wave's confirmed run (manual moves included)."""
    return (
        Enrolment.objects.filter(
            placements__cohort=cohort,
            placements__run__status=AllocationRun.Status.CONFIRMED,
            state__in=ON_ROSTER,
        )
        .select_related("participant")
        .order_by("participant__full_name", "pk")
    )
