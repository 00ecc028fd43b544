"""What happens to a wave's placement: a run is proposed (solved exactly and stored with each
person's explanation), reviewed, then confirmed or discarded; placements are moved by hand with a
reason. Enrolment states change only through programs.actions.

Re-runs. A wave has at most one confirmed run, whose placements are the wave's seating. Before
confirmation any number of runs may be proposed; confirming one discards the others. After
confirmation a new run places only the enrolments still `selected` (promoted from the waitlist, or
taken out of a cohort by hand) into the seats still free, leaving everyone placed where they are;
confirming it copies its placements into the confirmed run and marks it `merged`.

Who and what. Only a national admin (or the system, from a command) proposes, confirms, discards
and moves: placement crosses provinces, so regional officers and centres only read it (queries.py).
A person counts as living at their district's centroid (else their regency's; with neither they
are unplaced, `no_location`). Their sector is their business interest (KBLI); a person without one
is never penalised, as `optimizer.sectors_match` counts a missing sector as a match. A cohort is
offered when it is planned, at an active centre and inside the wave's training window, with the
seats that confirmed placements of any wave (people still on the roster) leave free.

Locks, always taken in this order so that two requests never deadlock: the wave, the runs,
the placements, the cohorts (by id), the enrolments. A cohort's seats are counted only while its
row is locked, so concurrent confirmations and moves never overfill it.

One module per part of that life: `rules` (who may act, on which wave, and the errors), `propose`,
`decide` (confirm or discard) and `moves`. What participants are told is in `..messages`, which the
`notify_placements` task calls after a confirmation's commit.
"""

from ..messages import notify_placed, placement_message
from .decide import confirm_run, discard_run, resume_stale_notifications
from .moves import move_placement
from .propose import (
    PLACEMENT_COLUMNS,
    VALUES_BATCH,
    PlacementInputs,
    Proposal,
    placement_inputs,
    propose_run,
)
from .rules import (
    BATCH,
    DEFAULT_MAX_KM,
    DEFAULT_SECTOR_MISMATCH_KM,
    LARGEST_PENALTY_KM,
    LONGEST_MAX_KM,
    AllocationError,
    CapacityConflict,
    RunStateError,
)

__all__ = [
    "BATCH",
    "DEFAULT_MAX_KM",
    "DEFAULT_SECTOR_MISMATCH_KM",
    "LARGEST_PENALTY_KM",
    "LONGEST_MAX_KM",
    "PLACEMENT_COLUMNS",
    "VALUES_BATCH",
    "AllocationError",
    "CapacityConflict",
    "PlacementInputs",
    "Proposal",
    "RunStateError",
    "confirm_run",
    "discard_run",
    "move_placement",
    "notify_placed",
    "placement_inputs",
    "placement_message",
    "propose_run",
    "resume_stale_notifications",
]
