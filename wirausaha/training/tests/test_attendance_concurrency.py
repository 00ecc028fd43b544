"""One attendance row per participant and session, whatever arrives at once: the same code sent
from two phones, or a check-in racing the trainer's form. Real concurrent transactions need
PostgreSQL (CI runs it); SQLite serialises every write, so there is nothing to race there."""

import pytest
from django.db import connection
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.testing import all_at_once, make_user
from wirausaha.training import checkin
from wirausaha.training.actions import CheckInRefused, check_in, mark_attendance
from wirausaha.training.models import Attendance

from .support import bekasi_centre, make_class, session_today, trainer_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent row locks need PostgreSQL (set DATABASE_URL; CI runs it)",
    ),
]


def test_the_same_code_from_two_phones_checks_in_once(reference_regions):
    siti = make_user("siti", Role.PARTICIPANT)
    cohort, _ = make_class(("Siti",), users={"Siti": siti})
    session = session_today(cohort)
    code = checkin.issue_code(session.pk, timezone.now())

    results, failures = all_at_once([lambda: check_in(code, by=siti) for _ in range(4)])

    assert len(results) == 1
    assert len(failures) == 3 and all(isinstance(f, CheckInRefused) for f in failures)
    assert {f.reason for f in failures} == {"already_checked_in"}
    assert Attendance.objects.filter(session=session).count() == 1


def test_a_check_in_racing_the_trainers_form_leaves_one_row_each(reference_regions):
    siti = make_user("siti", Role.PARTICIPANT)
    trainer = trainer_of(bekasi_centre())
    cohort, enrolments = make_class(("Ani", "Budi", "Siti"), trainer=trainer, users={"Siti": siti})
    session = session_today(cohort)
    code = checkin.issue_code(session.pk, timezone.now())

    _results, failures = all_at_once(
        [
            lambda: check_in(code, by=siti),
            lambda: mark_attendance(session, by=trainer, marks={}, rest="present"),
        ]
    )

    assert all(isinstance(f, CheckInRefused) for f in failures)
    rows = list(Attendance.objects.filter(session=session).values_list("enrolment_id", flat=True))
    assert sorted(rows) == sorted(e.pk for e in enrolments)
