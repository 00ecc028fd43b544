"""Completion: when a cohort ends, everyone in training graduates with enough attendance (in JP,
over the whole schedule) and a passed assessment; with enough attendance but no passing score they
are "not passed" (they completed the training: not a drop-out); below the minimum attendance they
drop out. Each move goes through the enrolment state machine, and each graduate gets a certificate.
Drop-outs during training are recorded as they happen."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.allocation.queries import cohort_roster
from wirausaha.centres.actions import seated
from wirausaha.centres.models import Cohort
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.models import AuditEvent
from wirausaha.programs.actions import bulk_transition
from wirausaha.programs.models import EnrolmentEvent, EnrolmentState, Wave
from wirausaha.testing import make_user
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
    FIRST,
    LAST,
    SESSION_JP,
    WIB,
    add_session,
    bekasi_centre,
    english_client,
    english_messages,
    fast_password_hasher,
    make_class,
    other_centre,
    session_days_ahead,
    trainer_of,
)

S = EnrolmentState


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


def test_completion_graduates_marks_a_failed_assessment_not_passed_and_drops_out_low_attendance(
    ended, centre_operator
):
    cohort, (ani, budi, citra, dewi, eka) = ended

    result = complete_cohort(cohort, by=centre_operator)

    assert result == {"graduated": 1, "not_passed": 2, "dropped_out": {"attendance": 1}, "certificates": 1}
    states = ((ani, S.GRADUATED), (budi, S.DROPPED_OUT), (citra, S.NOT_PASSED), (dewi, S.NOT_PASSED))
    for enrolment, state in states:
        enrolment.refresh_from_db()
        assert enrolment.state == state
    # Every move is an event of the state machine, with its reason.
    moves = dict(
        EnrolmentEvent.objects.filter(from_state=S.IN_TRAINING).values_list("enrolment_id", "to_state")
    )
    reasons = dict(
        EnrolmentEvent.objects.filter(from_state=S.IN_TRAINING).values_list("enrolment_id", "reason")
    )
    assert moves == {
        ani.pk: S.GRADUATED,
        budi.pk: S.DROPPED_OUT,
        citra.pk: S.NOT_PASSED,
        dewi.pk: S.NOT_PASSED,
        eka.pk: S.DROPPED_OUT,
    }
    assert reasons == {
        ani.pk: "completed",
        budi.pk: "attendance",
        citra.pk: "assessment",
        dewi.pk: "assessment",
        eka.pk: "withdrew",
    }
    assert EnrolmentEvent.objects.get(enrolment=budi, to_state=S.DROPPED_OUT).actor == centre_operator
    assert EnrolmentEvent.objects.get(enrolment=citra, to_state=S.NOT_PASSED).actor == centre_operator
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.FINISHED
    assert list(Certificate.objects.values_list("enrolment_id", flat=True)) == [ani.pk]
    # Only those who left training count as drop-outs.
    assert dropouts_by_reason(cohort) == {"attendance": 1, "withdrew": 1}
    event = AuditEvent.objects.get(verb="cohort.completed")
    assert event.actor == centre_operator
    assert event.changes == {
        "status": ["running", "finished"],
        "graduated": [0, 1],
        "not_passed": [0, 2],
        "dropped_out_attendance": [0, 1],
    }


def test_whoever_did_not_pass_keeps_the_seat_stays_on_the_roster_and_gets_no_certificate(
    ended, centre_operator
):
    cohort, (_ani, _budi, citra, dewi, _eka) = ended

    complete_cohort(cohort, by=centre_operator)

    assert {citra.pk, dewi.pk} <= set(cohort_roster(cohort).values_list("pk", flat=True))
    assert seated(cohort) == 5
    assert not Certificate.objects.filter(enrolment__in=[citra, dewi]).exists()


def class_of_one_whose_last_session_was_yesterday(centre_operator, *, status: str, score: int):
    """A running class of one person (Ani) with one session, held yesterday, marked and assessed."""
    cohort, (ani,) = make_class(("Ani",))
    start_cohort(cohort, by=centre_operator)
    session = add_session(cohort, starts_at=timezone.now() - timedelta(days=1))
    Attendance.objects.create(session=session, enrolment=ani, status=status, marked_at=timezone.now())
    record_assessment(cohort, by=centre_operator, scores={ani.pk: score})
    return cohort, ani


def test_a_wave_whose_only_trainee_did_not_pass_finishes(centre_operator):
    cohort, ani = class_of_one_whose_last_session_was_yesterday(centre_operator, status="present", score=10)

    assert complete_cohort(cohort, by=centre_operator)["not_passed"] == 1
    assert Wave.objects.get(pk=ani.wave_id).status == Wave.Status.FINISHED


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
    cohort, _ani = class_of_one_whose_last_session_was_yesterday(centre_operator, status="late", score=80)

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


def test_the_migration_turns_earlier_drop_outs_for_the_assessment_into_not_passed(centre_operator):
    reclassify = importlib.import_module(
        "wirausaha.programs.migrations.0004_reclassify_failed_assessments"
    ).reclassify
    cohort, (ani, budi, citra) = make_class(("Ani", "Budi", "Citra"))
    start_cohort(cohort, by=centre_operator)
    # How completion recorded a failed assessment before: a drop-out with the reason "assessment".
    bulk_transition({S.IN_TRAINING: [ani.pk]}, S.DROPPED_OUT, by=None, reason="assessment")
    bulk_transition({S.IN_TRAINING: [budi.pk]}, S.DROPPED_OUT, by=None, reason="attendance")

    reclassify(django_apps, None)

    states = dict(cohort_roster(cohort).values_list("pk", "state"))
    assert states == {ani.pk: S.NOT_PASSED, budi.pk: S.DROPPED_OUT, citra.pk: S.IN_TRAINING}
    assert list(EnrolmentEvent.objects.filter(enrolment=ani).values_list("to_state", "reason"))[-1] == (
        S.NOT_PASSED,
        "assessment",
    )
    assert dropouts_by_reason(cohort) == {"attendance": 1}


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


def test_failing_the_assessment_is_not_a_reason_to_record_a_drop_out(client, centre_operator):
    trainer = trainer_of(bekasi_centre())
    cohort, (ani,) = make_class(("Ani",), trainer=trainer)
    start_cohort(cohort, by=centre_operator)
    client.force_login(trainer)

    with pytest.raises(InvalidInput):
        drop_out(ani, cohort=cohort, by=trainer, reason="assessment")
    page = client.get(f"/pelatihan/kelas/{cohort.pk}/keluar/{ani.pk}/").content.decode()
    refused = client.post(f"/pelatihan/kelas/{cohort.pk}/keluar/{ani.pk}/", {"reason": "assessment"})

    assert 'value="attendance"' in page and 'value="withdrew"' in page
    assert 'value="assessment"' not in page
    assert refused.status_code == 422
    ani.refresh_from_db()
    assert ani.state == S.IN_TRAINING
