"""Who may act in licensing, and the errors its actions raise."""

from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.coaching.queries import active_assignment_of
from wirausaha.common.errors import DomainError, PermissionDenied
from wirausaha.registry.models import Participant


class LicensingError(DomainError):
    code = "licensing_error"


class StateError(LicensingError):
    code = "wrong_state"


def is_owner(by: User | None, participant: Participant) -> bool:
    return by is not None and participant.user_id is not None and participant.user_id == by.pk


def is_counselor_of(by: User | None, participant: Participant) -> bool:
    if by is None or by.role != Role.COUNSELOR:
        return False
    assignment = active_assignment_of(participant)
    return assignment is not None and assignment.counselor.user_id == by.pk


def require_owner_or_counselor(by: User | None, participant: Participant) -> None:
    """The participant or their counselor (`by` None: the system, such as the demo)."""
    if by is None or is_owner(by, participant) or is_counselor_of(by, participant):
        return
    raise PermissionDenied(_("Only the participant or their counselor may do this."))


def require_owner(by: User | None, participant: Participant) -> None:
    if by is None or is_owner(by, participant):
        return
    raise PermissionDenied(_("Only the participant updates their own checklist."))


def require_counselor(by: User | None, participant: Participant) -> None:
    if by is None or is_counselor_of(by, participant):
        return
    raise PermissionDenied(_("Only the participant's counselor sets due dates."))
