"""Fixtures of the completion tests (test_completion.py and test_completion_pages.py)."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.testing import make_course, make_user
from wirausaha.training.actions import drop_out, record_assessment, start_cohort
from wirausaha.training.models import Attendance, DropOutReason

from .support import FIRST, LAST, SESSION_JP, WIB, add_session, make_class


@pytest.fixture
def citra_user(db):
    return make_user("citra", Role.PARTICIPANT)


@pytest.fixture
def ended(db, centre_operator, citra_user):
    """A running Bekasi cohort of August 2025 with its eleven sessions and five people in training:
    Ani 32 JP and score 70, Budi 31 JP and 90, Citra 40 JP and 69 (she signs in as `citra_user`),
    Dewi 40 JP and no score, Eka withdrew in the second week."""
    course = make_course("UJI-SELESAI", technical_jp=30, entrepreneurship_jp=10)
    cohort, people = make_class(
        ("Ani", "Budi", "Citra", "Dewi", "Eka"),
        course=course,
        starts_on=FIRST,
        ends_on=LAST,
        users={"Citra": citra_user},
    )
    start_cohort(cohort, by=centre_operator)
    sessions = [
        add_session(cohort, starts_at=datetime.combine(FIRST + timedelta(days=i), time(8), tzinfo=WIB), jp=jp)
        for i, jp in enumerate(SESSION_JP)
    ]
    ani, budi, citra, dewi, eka = people
    attended = {ani: sessions[:8], budi: [*sessions[:7], sessions[9]], citra: sessions, dewi: sessions}
    for enrolment, held in attended.items():
        for session in held:
            Attendance.objects.create(
                session=session, enrolment=enrolment, status="present", marked_at=timezone.now()
            )
    # Excused is not attended.
    Attendance.objects.create(session=sessions[8], enrolment=budi, status="excused", marked_at=timezone.now())
    record_assessment(cohort, by=centre_operator, scores={ani.pk: 70, budi.pk: 90, citra.pk: 69})
    drop_out(eka, cohort=cohort, by=centre_operator, reason=DropOutReason.WITHDREW, note="Dapat pekerjaan")
    return cohort, people
