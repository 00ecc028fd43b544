"""Completion: when a cohort ends, everyone in training graduates with enough attendance (in JP,
over the whole schedule) and a passed assessment, or drops out with the reason; each move goes
through the enrolment state machine, and each graduate gets a certificate. Drop-outs during
training are recorded as they happen."""

import json
from datetime import date, datetime, time, timedelta
from http import HTTPStatus
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.centres.models import Cohort
from wirausaha.common.errors import PermissionDenied
from wirausaha.common.models import AuditEvent
from wirausaha.programs.models import EnrolmentEvent, EnrolmentState, Wave
from wirausaha.testing import make_course, make_user
from wirausaha.training import completion
from wirausaha.training.actions import (
    CompletionError,
    TrainingError,
    complete_cohort,
    drop_out,
    record_assessment,
    start_cohort,
)
from wirausaha.training.models import Assessment, Attendance, Certificate, DropOutReason
from wirausaha.training.queries import dropouts_by_reason

from .support import (  # noqa: F401
    add_session,
    bekasi_centre,
    english_messages,
    fast_password_hasher,
    make_class,
    other_centre,
    session_days_ahead,
    trainer_of,
)

S = EnrolmentState
WIB = ZoneInfo("Asia/Jakarta")
FIRST, LAST = date(2025, 8, 4), date(2025, 8, 29)
# Eleven sessions, 40 JP: 80 % is exactly 32 JP.
SESSION_JP = [4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 1]


# The rule (no database) --------------------------------------------------------------------


def decide(attended, total=40, *, score=70, required=True, min_percent=80, pass_score=70):
    return completion.decide(
        completion.Share(attended, total),
        min_attendance_percent=min_percent,
        assessment_required=required,
        score=score,
        pass_score=pass_score,
    )


@pytest.mark.parametrize(
    ("attended", "score", "required", "expected"),
    [
        (32, 70, True, (True, "")),  # exactly the minimum share and exactly the pass score
        (31, 100, True, (False, "attendance")),  # one JP less
        (40, 69, True, (False, "assessment")),  # one point less
        (31, 0, True, (False, "attendance")),  # attendance is judged first
        (40, None, True, (False, "assessment")),  # no assessment recorded
        (40, None, False, (True, "")),  # the course does not require one
        (40, 10, False, (True, "")),
        (0, 100, True, (False, "attendance")),
    ],
)
def test_the_completion_rule_at_its_boundaries(attended, score, required, expected):
    outcome = decide(attended, score=score, required=required)

    assert (outcome.graduates, outcome.reason) == expected
    assert outcome.assessment_missing == (score is None and required and attended >= 32)


def test_a_share_of_nothing_held_never_passes():
    assert not completion.Share(0, 0).reaches(0)
    assert completion.Share(2, 3).percent == 66  # rounded down, never shown above the truth


# The action --------------------------------------------------------------------------------


@pytest.fixture
def ended(db, centre_operator):
    """A running Bekasi cohort of August 2025 with its eleven sessions and five people in training:
    Ani 32 JP and score 70, Budi 31 JP and 90, Citra 40 JP and 69, Dewi 40 JP and no score, Eka
    withdrew in the second week."""
    course = make_course("UJI-SELESAI", technical_jp=30, entrepreneurship_jp=10)
    cohort, people = make_class(
        ("Ani", "Budi", "Citra", "Dewi", "Eka"), course=course, starts_on=FIRST, ends_on=LAST
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


def test_completion_graduates_at_the_boundaries_and_drops_out_the_rest_with_reasons(ended, centre_operator):
    cohort, (ani, budi, citra, dewi, eka) = ended

    result = complete_cohort(cohort, by=centre_operator)

    assert result == {"graduated": 1, "dropped_out": {"attendance": 1, "assessment": 2}, "certificates": 1}
    for enrolment, state in ((ani, S.GRADUATED), (budi, S.DROPPED_OUT), (citra, S.DROPPED_OUT)):
        enrolment.refresh_from_db()
        assert enrolment.state == state
    # Every move is an event of the state machine, with its reason.
    moves = dict(
        EnrolmentEvent.objects.filter(from_state=S.IN_TRAINING).values_list("enrolment_id", "reason")
    )
    assert moves == {
        ani.pk: "completed",
        budi.pk: "attendance",
        citra.pk: "assessment",
        dewi.pk: "assessment",
        eka.pk: "withdrew",
    }
    assert EnrolmentEvent.objects.get(enrolment=budi, to_state=S.DROPPED_OUT).actor == centre_operator
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.FINISHED
    assert list(Certificate.objects.values_list("enrolment_id", flat=True)) == [ani.pk]
    assert dropouts_by_reason(cohort) == {"attendance": 1, "assessment": 2, "withdrew": 1}
    event = AuditEvent.objects.get(verb="cohort.completed")
    assert event.actor == centre_operator
    assert event.changes["graduated"] == [0, 1] and event.changes["dropped_out_assessment"] == [0, 2]


def test_a_course_without_required_assessment_graduates_on_attendance_alone(ended, centre_operator):
    cohort, (_ani, _budi, citra, dewi, _eka) = ended
    cohort.course.assessment_required = False
    cohort.course.save()

    result = complete_cohort(cohort, by=centre_operator)

    assert result["graduated"] == 3
    assert set(Certificate.objects.values_list("enrolment_id", flat=True)) >= {citra.pk, dewi.pk}


def test_the_passed_flag_follows_the_pass_score(ended):
    _cohort, (ani, budi, citra, *_rest) = ended

    assert dict(Assessment.objects.values_list("enrolment_id", "passed")) == {
        ani.pk: True,
        budi.pk: True,
        citra.pk: False,
    }


def test_a_cohort_completes_only_once_and_only_after_it_ends(ended, centre_operator):
    cohort, _people = ended
    running, _ = make_class(("Fajar",))
    start_cohort(running, by=centre_operator)
    session_days_ahead(running, 2)
    planned, _ = make_class(("Gita",), starts_on=FIRST, ends_on=LAST)

    with pytest.raises(CompletionError, match="complete it after that day"):
        complete_cohort(running, by=centre_operator)
    with pytest.raises(CompletionError, match="has not started"):
        complete_cohort(planned, by=centre_operator)
    complete_cohort(cohort, by=centre_operator)
    with pytest.raises(CompletionError, match="completed already"):
        complete_cohort(cohort, by=centre_operator)


def test_a_cohort_whose_sessions_are_all_over_completes_before_its_end_date(centre_operator):
    cohort, (ani,) = make_class(("Ani",))
    start_cohort(cohort, by=centre_operator)
    session = add_session(cohort, starts_at=timezone.now() - timedelta(days=1))
    Attendance.objects.create(session=session, enrolment=ani, status="late", marked_at=timezone.now())
    record_assessment(cohort, by=centre_operator, scores={ani.pk: 80})

    assert complete_cohort(cohort, by=centre_operator)["graduated"] == 1


def test_someone_placed_but_never_started_leaves_through_training_for_attendance(ended, centre_operator):
    cohort, _people = ended
    _elsewhere, (hadi,) = make_class(("Hadi",))  # another wave's, moved into this cohort later
    hadi.placements.update(cohort=cohort)

    complete_cohort(cohort, by=centre_operator)

    hadi.refresh_from_db()
    assert hadi.state == S.DROPPED_OUT
    assert list(EnrolmentEvent.objects.filter(enrolment=hadi).values_list("to_state", "reason"))[-2:] == [
        (S.IN_TRAINING, "training started"),
        (S.DROPPED_OUT, "attendance"),
    ]


def test_only_the_centres_operator_completes_a_cohort(ended):
    cohort, _people = ended
    trainer = trainer_of(bekasi_centre())
    cohort.trainers.add(trainer)
    other_operator = make_user(
        "operator.bali", Role.CENTRE_OPERATOR, organisation=other_centre().organisation
    )

    for outsider in (trainer, other_operator):
        with pytest.raises(PermissionDenied):
            complete_cohort(cohort, by=outsider)
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.RUNNING


# Drop-outs during training -----------------------------------------------------------------


def test_a_trainer_records_a_drop_out_with_the_reason_through_the_state_machine(centre_operator):
    trainer = trainer_of(bekasi_centre())
    cohort, (ani, budi) = make_class(("Ani", "Budi"), trainer=trainer)

    with pytest.raises(TrainingError, match="withdrawn instead"):
        drop_out(ani, cohort=cohort, by=trainer, reason=DropOutReason.WITHDREW)
    start_cohort(cohort, by=centre_operator)
    drop_out(ani, cohort=cohort, by=trainer, reason=DropOutReason.ATTENDANCE, note="Tidak datang dua minggu")

    ani.refresh_from_db()
    assert ani.state == S.DROPPED_OUT
    event = EnrolmentEvent.objects.get(enrolment=ani, to_state=S.DROPPED_OUT)
    assert (event.reason, event.actor) == ("attendance", trainer)
    audit = AuditEvent.objects.get(verb="enrolment.dropped_out")
    assert audit.reason == "Tidak datang dua minggu" and audit.changes == {"reason": [None, "attendance"]}
    assert budi.state == S.PLACED


# The command and the page ------------------------------------------------------------------


def test_the_command_completes_a_cohort_and_prints_json(ended):
    cohort, _people = ended
    out = StringIO()

    call_command("complete_cohort", str(cohort.pk), "--json", stdout=out)

    assert json.loads(out.getvalue()) == {
        "cohort": cohort.code,
        "graduated": 1,
        "dropped_out": {"attendance": 1, "assessment": 2, "withdrew": 1},
        "dropped_out_total": 4,
        "certificates_issued": 1,
    }
    assert EnrolmentEvent.objects.filter(to_state=S.GRADUATED).get().actor is None


def test_the_command_prints_a_line_and_refuses_what_the_action_refuses(ended):
    cohort, _people = ended
    out = StringIO()

    call_command("complete_cohort", str(cohort.pk), stdout=out)

    assert out.getvalue().strip() == (
        f"{cohort.code}: 1 graduated, 4 dropped out (assessment 2, attendance 1, withdrew 1), "
        "1 certificates issued"
    )
    with pytest.raises(CommandError, match="completed already"):
        call_command("complete_cohort", str(cohort.pk))
    with pytest.raises(CommandError, match="No cohort"):
        call_command("complete_cohort", "999999")


def test_the_confirmation_page_shows_each_outcome_before_anything_happens(client, ended, centre_operator):
    cohort, (ani, budi, citra, dewi, _eka) = ended
    client.force_login(centre_operator)
    url = f"/pelatihan/kelas/{cohort.pk}/selesai/"

    page = client.get(url).content.decode()

    assert f'data-enrolment="{ani.pk}" data-outcome="graduated"' in page
    assert f'data-enrolment="{budi.pk}" data-outcome="attendance"' in page
    assert f'data-enrolment="{citra.pk}" data-outcome="assessment"' in page
    assert f'data-enrolment="{dewi.pk}" data-outcome="assessment"' in page
    assert Cohort.objects.get(pk=cohort.pk).status == Cohort.Status.RUNNING

    response = client.post(url)

    assert response.status_code == HTTPStatus.FOUND
    assert Cohort.objects.get(pk=cohort.pk).status == Cohort.Status.FINISHED
    again = client.post(url)
    assert again.status_code == 422


def test_a_trainer_does_not_reach_the_completion_page(client, ended):
    cohort, _people = ended
    trainer = trainer_of(bekasi_centre())
    cohort.trainers.add(trainer)
    client.force_login(trainer)

    assert client.get(f"/pelatihan/kelas/{cohort.pk}/selesai/").status_code == HTTPStatus.NOT_FOUND
    assert client.post(f"/pelatihan/kelas/{cohort.pk}/selesai/").status_code == HTTPStatus.NOT_FOUND


def test_the_confirmation_page_says_why_a_cohort_cannot_be_completed_yet(client, centre_operator):
    cohort, _ = make_class(("Fajar",))
    start_cohort(cohort, by=centre_operator)
    session_days_ahead(cohort, 2)
    client.force_login(centre_operator)

    page = client.get(f"/pelatihan/kelas/{cohort.pk}/selesai/").content.decode()

    assert "data-blocker" in page and 'type="submit" class="button button-block"' not in page
    assert client.post(f"/pelatihan/kelas/{cohort.pk}/selesai/").status_code == 422
    assert Cohort.objects.get(pk=cohort.pk).status == Cohort.Status.RUNNING


def test_the_wave_runs_from_the_first_start_and_finishes_when_its_last_cohort_does(centre_operator):
    course = make_course("UJI-GELOMBANG", technical_jp=4, entrepreneurship_jp=0)
    first, (ani, budi) = make_class(("Ani", "Budi"), course=course)
    wave = ani.wave
    later = make_class(("Citra",))[0]  # another wave's cohort: Budi moves there, in this wave's run
    budi.placements.update(cohort=later)
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.SELECTED

    start_cohort(first, by=centre_operator)
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.RUNNING
    add_session(first, starts_at=timezone.now() - timedelta(days=1))
    record_assessment(first, by=centre_operator, scores={ani.pk: 80})
    complete_cohort(first, by=centre_operator)
    # Budi is still placed, in a cohort that has not started.
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.RUNNING

    start_cohort(later, by=centre_operator)
    budi.refresh_from_db()
    drop_out(budi, cohort=later, by=centre_operator, reason=DropOutReason.WITHDREW)

    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.FINISHED
    assert list(
        AuditEvent.objects.filter(verb="wave.training_followed", target_id=str(wave.pk))
        .order_by("pk")
        .values_list("changes", flat=True)
    ) == [{"status": ["selected", "running"]}, {"status": ["running", "finished"]}]
