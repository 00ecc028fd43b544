"""A class's seats hold when several admins act at the same moment: each move and each
confirmation counts the seats only while it holds the class's row lock. Real concurrent
transactions need PostgreSQL (CI runs it); SQLite serialises every write, so nothing races there."""

import pytest
from django.db import connection

from wirausaha.allocation.actions import CapacityConflict, confirm_run, move_placement, propose_run
from wirausaha.allocation.models import AllocationRun, Placement
from wirausaha.allocation.queries import cohort_roster
from wirausaha.allocation.tests.test_actions import DENPASAR, centre, cohort, people, wave_of
from wirausaha.programs.models import EnrolmentState
from wirausaha.testing import all_at_once, make_user, place_in_cohort

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent row locks need PostgreSQL (set DATABASE_URL; CI runs it)",
    ),
]


def confirmed_unplaced(code: str, count: int) -> AllocationRun:
    """A confirmed run of a wave in Bali that placed nobody (no class within reach)."""
    run = propose_run(wave=wave_of(people(count, DENPASAR, name=code), code=code), by=None).run
    return confirm_run(run, by=None)


def test_concurrent_moves_into_the_last_seat_place_exactly_one(reference_regions):
    admin = make_user("admin", "national_admin")
    last = cohort(centre("BLK Bekasi"), 2)
    holder = wave_of(people(1, name="Lama"), code="PHK-2025-0")
    place_in_cohort(last, holder.enrolments.all())
    runs = [confirmed_unplaced("PHK-2025-1", 3), confirmed_unplaced("PHK-2025-2", 3)]
    waiting = list(Placement.objects.filter(run__in=runs))
    assert len(waiting) == 6 and all(p.cohort_id is None for p in waiting)

    moved, failures = all_at_once(
        [
            lambda p=placement: move_placement(p, to_cohort=last, by=admin, reason="the last seat")
            for placement in waiting
        ]
    )

    assert len(moved) == 1
    assert len(failures) == 5 and all(isinstance(failure, CapacityConflict) for failure in failures)
    assert len(cohort_roster(last)) == 2
    assert Placement.objects.filter(cohort=last, run__in=runs).count() == 1
    assert Placement.objects.get(cohort=last, run__in=runs).enrolment.state == EnrolmentState.PLACED


def test_two_waves_confirmed_at_once_never_share_the_last_seats(reference_regions):
    last = cohort(centre("BLK Bekasi"), 2)
    runs = [
        propose_run(wave=wave_of(people(2, name=code), code=code), by=None).run
        for code in ("PHK-2025-1", "PHK-2025-2")
    ]
    assert all(run.placed == 2 for run in runs)

    confirmed, failures = all_at_once([lambda r=run: confirm_run(r, by=None) for run in runs])

    assert len(confirmed) == 1
    assert len(failures) == 1 and isinstance(failures[0], CapacityConflict)
    assert len(cohort_roster(last)) == 2
    assert AllocationRun.objects.filter(status=AllocationRun.Status.CONFIRMED).count() == 1
