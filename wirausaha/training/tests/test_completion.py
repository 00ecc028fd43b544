"""Completion: when a cohort ends, everyone in training graduates with enough attendance (in JP,
over the whole schedule) and a passed assessment; with enough attendance but no passing score they
are "not passed" (they completed the training: not a drop-out); below the minimum attendance they
drop out. Each move goes through the enrolment state machine, and each graduate gets a certificate.
Drop-outs during training are recorded as they happen."""

import importlib
import json
from datetime import date, datetime, time, timedelta
from http import HTTPStatus
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.allocation.queries import cohort_roster
from wirausaha.centres.actions import seated
from wirausaha.centres.models import Cohort
from wirausaha.common.errors import InvalidInput, PermissionDenied
from wirausaha.common.models import AuditEvent
from wirausaha.programs.actions import bulk_transition
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
    english_client,
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


# The command and the page ------------------------------------------------------------------


def test_the_command_completes_a_cohort_and_prints_json(ended):
    cohort, _people = ended
    out = StringIO()

    call_command("complete_cohort", str(cohort.pk), "--json", stdout=out)

    assert json.loads(out.getvalue()) == {
        "cohort": cohort.code,
        "graduated": 1,
        "not_passed": 2,
        "dropped_out": {"attendance": 1, "withdrew": 1},
        "dropped_out_total": 2,
        "certificates_issued": 1,
    }
    assert EnrolmentEvent.objects.filter(to_state=S.GRADUATED).get().actor is None


def test_the_command_prints_a_line_and_refuses_what_the_action_refuses(ended):
    cohort, _people = ended
    out = StringIO()

    call_command("complete_cohort", str(cohort.pk), stdout=out)

    assert out.getvalue().strip() == (
        f"{cohort.code}: 1 graduated, 2 not passed, 2 dropped out (attendance 1, withdrew 1), "
        "1 certificates issued"
    )
    with pytest.raises(CommandError, match="completed already"):
        call_command("complete_cohort", str(cohort.pk))
    with pytest.raises(CommandError, match="No cohort"):
        call_command("complete_cohort", "999999")


def row_of(page: str, enrolment) -> str:
    """The table row of one enrolment on a page."""
    start = page.index(f'<tr data-enrolment="{enrolment.pk}"')
    return page[start : page.index("</tr>", start)]


def test_the_confirmation_page_shows_each_outcome_before_anything_happens(client, ended, centre_operator):
    cohort, (ani, budi, citra, dewi, _eka) = ended
    english_client(client).force_login(centre_operator)
    url = f"/pelatihan/kelas/{cohort.pk}/selesai/"

    page = client.get(url).content.decode()

    assert f'data-enrolment="{ani.pk}" data-outcome="graduated"' in page
    assert f'data-enrolment="{budi.pk}" data-outcome="attendance"' in page
    assert f'data-enrolment="{citra.pk}" data-outcome="assessment"' in page
    assert f'data-enrolment="{dewi.pk}" data-outcome="assessment"' in page
    assert "Drops out: attendance below the minimum" in row_of(page, budi)
    # Attended, then failed the assessment (or has no score): not passed, never "drops out".
    assert "Not passed: assessment score below the pass score" in row_of(page, citra)
    assert "Not passed: no assessment recorded" in row_of(page, dewi)
    assert "Drops out" not in row_of(page, citra) + row_of(page, dewi)
    assert Cohort.objects.get(pk=cohort.pk).status == Cohort.Status.RUNNING

    response = client.post(url, follow=True)

    assert response.redirect_chain == [(f"/pelatihan/kelas/{cohort.pk}/", HTTPStatus.FOUND)]
    assert (
        "The cohort is completed: 1 graduated, 2 did not pass the assessment, 1 dropped out, "
        "1 certificates issued."
    ) in response.content.decode()
    assert Cohort.objects.get(pk=cohort.pk).status == Cohort.Status.FINISHED
    again = client.post(url)
    assert again.status_code == 422


def test_after_completion_the_cohort_page_shows_who_did_not_pass_apart_from_the_drop_outs(
    client, ended, centre_operator
):
    cohort, (_ani, budi, citra, _dewi, _eka) = ended
    complete_cohort(cohort, by=centre_operator)
    english_client(client).force_login(centre_operator)

    page = client.get(f"/pelatihan/kelas/{cohort.pk}/").content.decode()

    assert 'data-state="not_passed">Not passed<' in row_of(page, citra)
    assert 'data-state="dropped_out">Dropped out<' in row_of(page, budi)
    assert "<dt>Not passed</dt><dd data-not-passed>2</dd>" in page
    assert "Attendance below the minimum: 1" in page and "Assessment not passed" not in page


def test_a_participant_who_failed_the_assessment_is_never_told_they_dropped_out(
    client, ended, centre_operator, citra_user
):
    cohort, (_ani, _budi, citra, _dewi, _eka) = ended
    complete_cohort(cohort, by=centre_operator)
    # Verified, as everyone who reached training is: the status page then says what comes next.
    type(citra.participant).objects.filter(pk=citra.participant_id).update(verification="verified")
    client.force_login(citra_user)

    # In Indonesian (the default), the state the page shows is not "Putus pelatihan" (dropped out).
    schedule = client.get("/pelatihan/jadwal/").content.decode()
    status_page = client.get("/peserta/saya/status/")
    status = status_page.content.decode()
    english = english_client(client).get("/pelatihan/jadwal/").content.decode()
    english_status = client.get("/peserta/saya/status/").content.decode()

    assert 'data-state="not_passed"' in schedule and status_page.status_code == HTTPStatus.OK
    assert "Putus pelatihan" not in schedule and "Putus pelatihan" not in status
    assert 'data-state="not_passed">Not passed<' in english
    assert f'{citra.wave.name}</a> <span class="badge">Not passed</span>' in english_status
    # What comes next says why there is no certificate, without calling it a drop-out.
    assert "did not pass its final assessment, so no certificate was issued" in english_status
    assert "tidak lulus penilaian akhir, sehingga sertifikat tidak diterbitkan" in status


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
