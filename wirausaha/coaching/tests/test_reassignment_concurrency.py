"""Concurrent reassignments to one counselor never exceed the counselor's capacity: the caseload is
counted under the counselor's row lock. Real concurrent transactions need PostgreSQL (CI runs it);
SQLite serialises every write, so there is nothing to race there."""

import pytest
from django.db import connection

from wirausaha.coaching import actions
from wirausaha.coaching.models import Assignment
from wirausaha.testing import all_at_once

from .support import counselor, graduates

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent row locks need PostgreSQL (set DATABASE_URL; CI runs it)",
    ),
]


def test_six_reassignments_at_once_fill_a_capacity_of_two_and_no_more(reference_regions, national_admin):
    people = graduates(("Ani", "Budi", "Citra", "Dewi", "Eka", "Fajar"))
    target = counselor("sempit", capacity=2, by=national_admin)

    def move(person):
        return lambda: actions.reassign_participant(
            participant=person, counselor=target, by=national_admin, reason="Uji bersamaan"
        )

    results, failures = all_at_once([move(person) for person in people])

    assert len(results) == 2
    assert len(failures) == 4 and all(isinstance(f, actions.CapacityConflict) for f in failures)
    assert Assignment.objects.filter(counselor=target, status=Assignment.Status.ACTIVE).count() == 2
