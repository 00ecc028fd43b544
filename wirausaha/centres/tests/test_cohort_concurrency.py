"""Cohort codes stay unique when one centre creates several cohorts at the same moment: the
centre's row is locked while the next number is taken. Real concurrent transactions need
PostgreSQL (CI runs it); SQLite serialises every write, so there is nothing to race there."""

from datetime import date

import pytest
from django.db import connection

from wirausaha.centres.actions import create_cohort
from wirausaha.centres.models import Cohort
from wirausaha.testing import all_at_once, make_centre, make_course

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent row locks need PostgreSQL (set DATABASE_URL; CI runs it)",
    ),
]


def test_cohorts_created_at_once_at_one_centre_get_different_numbers(reference_regions):
    centre = make_centre("BBPVP Bekasi", region="32.75", kind="bbpvp")
    course = make_course()

    def create():
        return create_cohort(
            centre=centre,
            course=course,
            starts_on=date(2027, 1, 18),
            ends_on=date(2027, 2, 12),
            seats=16,
            by=None,
        )

    _created, failures = all_at_once([create] * 4)

    assert not failures
    assert sorted(Cohort.objects.values_list("code", flat=True)) == [
        f"KLS-{centre.pk:05d}-{number:03d}" for number in range(1, 5)
    ]
