"""Completion through its interfaces: the `complete_cohort` command and the confirmation page, and
what the cohort's and the participant's pages say afterwards. The cohort `ended` is built in
conftest.py."""

import json
from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from wirausaha.centres.models import Cohort
from wirausaha.common.models import AuditEvent
from wirausaha.programs.models import EnrolmentEvent, EnrolmentState, Wave
from wirausaha.testing import make_course
from wirausaha.training.actions import (
    complete_cohort,
    drop_out,
    record_assessment,
    start_cohort,
)
from wirausaha.training.models import DropOutReason

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
