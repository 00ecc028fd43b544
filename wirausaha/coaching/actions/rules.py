"""Who may act in coaching, and the errors its actions raise."""

from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.common.errors import DomainError, PermissionDenied
from wirausaha.registry.models import Participant

from ..models import Assignment, Counselor
from ..queries import active_assignment_of, assigns_counselors, manages_counselors


class CoachingError(DomainError):
    code = "coaching_error"


class CapacityConflict(CoachingError):
    code = "capacity_conflict"


class StateError(CoachingError):
    code = "wrong_state"


def require_counselor_manager(by: User | None) -> None:
    if by is not None and not manages_counselors(by):
        raise PermissionDenied(_("Only a national admin or the Ministry of SMEs manages counselors."))


def require_assigner(by: User | None) -> None:
    if by is not None and not assigns_counselors(by):
        raise PermissionDenied(_("Only a national admin assigns counselors."))


def require_coach_of(by: User | None, participant: Participant) -> Assignment | None:
    """The acting counselor must be the participant's active counselor (a national admin, or the
    system, may act on anyone coached). Returns the active assignment."""
    assignment = active_assignment_of(participant)
    if by is None or by.role == Role.NATIONAL_ADMIN:
        return assignment
    if by.role != Role.COUNSELOR or assignment is None or assignment.counselor.user_id != by.pk:
        raise PermissionDenied(_("Only the participant's counselor may do this."))
    return assignment


def require_owner(by: User | None, participant: Participant) -> None:
    if by is None or participant.user_id != by.pk:
        raise PermissionDenied(_("Only the participant may do this on their own plan."))


def room_left(counselor: Counselor, active: int) -> int:
    return max(counselor.capacity - active, 0)
