"""What every placement action checks first: who may act, on which wave, within which limits, and
the errors that refuse them."""

from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.errors import DomainError, InvalidInput, PermissionDenied
from wirausaha.programs.actions import WaveStateError
from wirausaha.programs.models import EnrolmentState, Wave

from .. import optimizer
from ..queries import PLACING, allocates
from ..texts import km_limit

S = EnrolmentState
DEFAULT_MAX_KM = 75.0
DEFAULT_SECTOR_MISMATCH_KM = 25.0
# Longer than any trip a participant makes daily to a class; a typo (7500) is refused.
LONGEST_MAX_KM = 2000.0
LARGEST_PENALTY_KM = 2000.0
BATCH = 2000


class AllocationError(DomainError):
    code = "allocation"


class RunStateError(DomainError):
    code = "run_state"


class CapacityConflict(DomainError):
    code = "cohort_full"


def _require_allocator(by: User | None) -> None:
    # None is the system: an operator's command or a task.
    if by is not None and not allocates(by):
        raise PermissionDenied(_("Only a national admin places participants in classes."))


def _check_wave(wave: Wave) -> None:
    if wave.status not in PLACING:
        raise WaveStateError(
            _("Wave %(code)s is “%(status)s”: participants are placed after the draw, until training ends.")
            % {"code": wave.code, "status": wave.get_status_display()}
        )
    if wave.training_starts_on is None or wave.training_ends_on is None:
        raise AllocationError(
            _("Wave %(code)s has no training window: set its training start and end dates first.")
            % {"code": wave.code}
        )


def _params(max_km, sector_mismatch_km, candidate_k) -> optimizer.Params:
    errors = {}
    if not _number(max_km) or not 0 < max_km <= LONGEST_MAX_KM:
        errors["max_km"] = _("Give a distance above 0 and at most %(most)s km.") % {
            "most": km_limit(LONGEST_MAX_KM)
        }
    if not _number(sector_mismatch_km) or not 0 <= sector_mismatch_km <= LARGEST_PENALTY_KM:
        errors["sector_mismatch_km"] = _("Give a penalty from 0 to %(most)s km.") % {
            "most": km_limit(LARGEST_PENALTY_KM)
        }
    if errors:
        raise InvalidInput(errors)
    return optimizer.Params(
        max_km=float(max_km), sector_mismatch_km=float(sector_mismatch_km), candidate_k=candidate_k
    )


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value
