"""What every training action checks: the errors it raises, the cohort lock, who may act."""

from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.centres.models import Cohort
from wirausaha.common.errors import DomainError, PermissionDenied
from wirausaha.programs.models import EnrolmentState

from ..models import Session
from ..queries import (
    manages_cohort,
    teaches,
)

S = EnrolmentState
CLOSED = (Cohort.Status.FINISHED, Cohort.Status.CANCELLED)


class TrainingError(DomainError):
    code = "training"


class ScheduleError(TrainingError):
    code = "schedule"


class AttendanceError(TrainingError):
    code = "attendance"


class CompletionError(TrainingError):
    code = "completion"


class CheckInRefused(TrainingError):
    """A QR check-in that does not count; `reason` says which rule refused it."""

    code = "check_in_refused"

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason
        self.session: Session | None = None  # the code's session, when it names one


def _lock(cohort: Cohort) -> Cohort:
    """The cohort row is the lock of everything in it: schedule, marks, start and completion."""
    return (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("centre", "centre__region", "centre__organisation", "course")
        .get(pk=cohort.pk)
    )


def _require_manager(user: User | None, cohort: Cohort) -> None:
    if user is not None and not manages_cohort(user, cohort):
        raise PermissionDenied(_("Only the centre's operator changes the cohort's schedule and status."))


def _require_teacher(user: User | None, cohort: Cohort) -> None:
    if user is not None and not teaches(user, cohort):
        raise PermissionDenied(_("Only the cohort's trainers and the centre's operator do this."))


def _require_open(cohort: Cohort) -> None:
    if cohort.status in CLOSED:
        raise TrainingError(
            _("This cohort is %(status)s: it can no longer change.") % {"status": cohort.get_status_display()}
        )
