from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from wirausaha.accounts.models import User
from wirausaha.allocation.models import AllocationRun
from wirausaha.allocation.queries import cohort_roster
from wirausaha.centres.models import Cohort
from wirausaha.common.models import AuditEvent
from wirausaha.demo.running_wave import (
    CENTRE,
    CLASSES,
    COMPLETED,
    FINISHED,
    RUNNING,
    TRAINING_WAVE,
    seed_running_wave,
)
from wirausaha.demo.seed import seed_demo
from wirausaha.programs.models import EnrolmentState, LotteryDraw, Wave
from wirausaha.registry.models import Participant
from wirausaha.training.actions import complete_cohort, completion_blocker
from wirausaha.training.models import Attendance, Certificate
from wirausaha.training.queries import local_day, sessions_on_local_day

pytestmark = pytest.mark.django_db
S = EnrolmentState


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--participants", "5", *args, stdout=out)
    return out.getvalue()


def cohort(key: str) -> Cohort:
    wave = Wave.objects.get(code=TRAINING_WAVE)
    course = next(c.course for c in CLASSES if c.key == key)
    return Cohort.objects.get(
        centre__short_name=CENTRE,
        course__code=course,
        starts_on__gte=wave.training_starts_on,
        ends_on__lte=wave.training_ends_on,
    )


def roster_users(c: Cohort) -> set[str]:
    return set(
        cohort_roster(c).exclude(participant__user=None).values_list("participant__user__username", flat=True)
    )


def test_seed_demo_builds_the_wave_in_training_through_selection_and_a_confirmed_placement_run():
    output = seed()

    wave = Wave.objects.get(code=TRAINING_WAVE)
    assert wave.status == Wave.Status.RUNNING  # class A is in training
    assert LotteryDraw.objects.filter(wave=wave).exists()
    run = AllocationRun.objects.get(wave=wave, status=AllocationRun.Status.CONFIRMED)
    assert run.placed > 50
    verbs = set(
        AuditEvent.objects.filter(target_type="programs.wave", target_id=str(wave.pk)).values_list(
            "verb", flat=True
        )
    )
    assert {"wave.opened", "wave.closed", "wave.screened", "wave.drawn"} <= verbs
    states = set(wave.enrolments.values_list("state", flat=True))
    # Some applicants were not verified, some far from Bekasi wait for a seat.
    assert {S.INELIGIBLE, S.WAITLISTED, S.IN_TRAINING, S.GRADUATED, S.PLACED} <= states
    # Everyone placed sits in one of the wave's classes: the running, finished and completed one
    # at BBPVP Bekasi, two upcoming ones at other centres near Bekasi.
    placed = Cohort.objects.filter(
        placements__run=run, starts_on__gte=wave.training_starts_on, ends_on__lte=wave.training_ends_on
    ).distinct()
    assert placed.count() == len(CLASSES)
    assert f"Wave {TRAINING_WAVE} selected, placed and in training" in output
    assert "/pelatihan/hari-ini/" in output and "/verify/" in output


def test_the_running_class_has_a_session_today_the_demo_participant_and_yesterdays_attendance(client):
    seed()
    running = cohort(RUNNING)
    today = timezone.localdate()

    assert running.status == Cohort.Status.RUNNING
    assert running.starts_on < today < running.ends_on
    assert running.ends_on - today >= timedelta(days=7)
    assert "peserta" in roster_users(running)
    trainer = User.objects.get(username="instruktur")
    todays = sessions_on_local_day(trainer, timezone.now())
    assert todays and {s.cohort_id for s in todays} == {running.pk}
    assert not Attendance.objects.filter(session__in=todays).exists()
    past = running.sessions.filter(ends_at__lt=timezone.now() - timedelta(days=1))
    assert past.exists()
    marked = Attendance.objects.filter(session__in=past)
    assert marked.count() == past.count() * cohort_roster(running).count()
    assert marked.filter(status=Attendance.Status.PRESENT).count() > 0.7 * marked.count()
    assert marked.exclude(status=Attendance.Status.PRESENT).exists()

    client.force_login(trainer)
    assert running.code in client.get("/pelatihan/hari-ini/").content.decode()
    client.force_login(User.objects.get(username="peserta"))
    assert client.get("/pelatihan/jadwal/").status_code == HTTPStatus.OK


def test_the_finished_class_can_be_completed_and_its_graduates_get_certificates(client):
    seed()
    finished = cohort(FINISHED)
    roster = list(cohort_roster(finished))

    assert "lulusan" in roster_users(finished)
    assert completion_blocker(finished, now=timezone.now()) == ""
    assert Attendance.objects.filter(session__cohort=finished).count() == finished.sessions.count() * len(
        roster
    )
    assert finished.assessments.count() == len(roster)
    assert not finished.sessions.filter(ends_at__gt=timezone.now()).exists()

    result = complete_cohort(finished, by=User.objects.get(username="operator.bekasi"))

    # One misses too many sessions (a drop-out), one fails the assessment (not passed).
    assert result["dropped_out"] == {"attendance": 1}
    assert result["not_passed"] == 1
    assert result["graduated"] == result["certificates"] == len(roster) - 2
    certificate = Certificate.objects.get(cohort=finished, enrolment__participant__user__username="lulusan")
    client.force_login(User.objects.get(username="lulusan"))
    assert certificate.document.number in client.get("/pelatihan/sertifikat/saya/").content.decode()


def test_the_completed_class_has_drawn_certificates_that_anyone_can_check(client):
    seed()
    completed = cohort(COMPLETED)

    assert completed.status == Cohort.Status.FINISHED
    certificates = Certificate.objects.filter(cohort=completed)
    assert certificates.count() == cohort_roster(completed).filter(state=S.GRADUATED).count() > 10
    assert not certificates.filter(document__rendered_at=None).exists()
    certificate = certificates.first()
    assert certificate.document.pdf.storage.exists(certificate.document.pdf.name)
    response = client.get(f"/verify/{certificate.document.code}")
    assert response.status_code == HTTPStatus.OK
    assert certificate.document.holder_name in response.content.decode()


def test_seeding_again_does_not_build_the_wave_twice():
    seed()
    counts = (Participant.objects.count(), Cohort.objects.count(), Certificate.objects.count())

    assert "0 participants" in seed()
    seed("--if-empty")
    assert seed_running_wave() is None
    assert Wave.objects.filter(code=TRAINING_WAVE).count() == 1
    assert (Participant.objects.count(), Cohort.objects.count(), Certificate.objects.count()) == counts


@pytest.mark.parametrize("weekday", [5, 6, 2], ids=["saturday", "sunday", "wednesday"])
def test_the_trainer_has_an_unmarked_session_on_the_demo_day_whatever_weekday_it_is(weekday):
    # A past day of that weekday, so that the classes before it can be completed now.
    day = timezone.localdate() - timedelta(days=14)
    day -= timedelta(days=(day.weekday() - weekday) % 7)

    seed_demo(participants=3, seed=1, today=day)

    running = cohort(RUNNING)
    assert running.starts_on < day < running.ends_on
    on_the_day = [s for s in running.sessions.all() if local_day(s) == day]
    assert on_the_day
    assert not Attendance.objects.filter(session__in=on_the_day).exists()
    before = [s for s in running.sessions.all() if local_day(s) < day]
    assert (
        Attendance.objects.filter(session__in=before).count() == len(before) * cohort_roster(running).count()
    )
