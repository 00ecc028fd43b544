"""The placement pages: a wave's runs and the new-run form, the review, the confirmation and
discard steps, manual moves and the where-to-open report; who may open which (404 otherwise)."""

from http import HTTPStatus

import pytest

from wirausaha.allocation.models import AllocationRun, Placement
from wirausaha.allocation.tests.test_actions import TARUMAJAYA, centre, cohort, people, proposed, wave_of
from wirausaha.common.models import AuditEvent
from wirausaha.programs.models import EnrolmentState, Wave

S = EnrolmentState


@pytest.fixture
def proposed_run(db):
    """Three people in Kabupaten Bekasi, a class with two seats: one is left unplaced."""
    cohort(centre("BLK Bekasi"), 2)
    wave = wave_of(people(3, TARUMAJAYA))
    return proposed(wave)


def test_an_admin_proposes_a_run_from_the_wave_page(english, national_admin, db):
    cohort(centre("BLK Bekasi"), 2)
    wave = wave_of(people(3))
    english.force_login(national_admin)
    page = english.get(f"/penempatan/gelombang/{wave.code}/")
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert "No run yet." in html and 'name="max_km"' in html and 'value="75' in html

    response = english.post(
        f"/penempatan/gelombang/{wave.code}/", {"max_km": "60", "sector_mismatch_km": "10"}
    )

    run = AllocationRun.objects.get()
    assert response.status_code == HTTPStatus.FOUND and response.url == f"/penempatan/hasil/{run.pk}/"
    assert (run.max_km, run.sector_mismatch_km, run.created_by) == (60, 10, national_admin)
    listed = english.get(f"/penempatan/gelombang/{wave.code}/").content.decode()
    assert f'data-run="{run.pk}"' in listed


def test_the_new_run_form_names_each_wrong_field_and_a_wave_without_window(english, national_admin, db):
    cohort(centre("BLK Bekasi"), 2)
    wave = wave_of(people(1))
    english.force_login(national_admin)
    bad = english.post(f"/penempatan/gelombang/{wave.code}/", {"max_km": "0", "sector_mismatch_km": "abc"})
    assert bad.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert bad.content.decode().count('class="field-error"') == 2
    Wave.objects.filter(pk=wave.pk).update(training_starts_on=None)
    page = english.get(f"/penempatan/gelombang/{wave.code}/").content.decode()
    assert "no training window yet" in page
    refused = english.post(
        f"/penempatan/gelombang/{wave.code}/", {"max_km": "75", "sector_mismatch_km": "25"}
    )
    assert refused.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "has no training window" in refused.content.decode()
    assert not AllocationRun.objects.exists()


def test_the_review_shows_counts_provinces_and_each_explanation(english, national_admin, proposed_run):
    run = proposed_run
    english.force_login(national_admin)
    html = english.get(f"/penempatan/hasil/{run.pk}/").content.decode()
    assert 'data-fact="placed">2 / 3' in html
    assert 'data-province="32"' in html and "Jawa Barat" in html
    assert html.count('data-outcome="placed"') == 2 and html.count('data-outcome="unplaced"') == 1
    # The class, km and sector have their own columns; the why says what came next.
    assert "No other class within 75 km." in html and "BLK Bekasi" in html
    assert "km from the home district to KLS-" not in html
    assert "Every class within 75 km is full" in html
    assert f"/penempatan/hasil/{run.pk}/konfirmasi/" in html
    # Filters: only the unplaced, or a province with nobody.
    unplaced = english.get(f"/penempatan/hasil/{run.pk}/", {"outcome": "unplaced"}).content.decode()
    assert unplaced.count("data-placement=") == 1
    nobody = english.get(f"/penempatan/hasil/{run.pk}/", {"outcome": "placed", "province": "32"})
    assert nobody.content.decode().count("data-placement=") == 2


def test_the_review_finds_a_person_by_name_or_by_nik_for_those_who_see_nik(
    english, national_admin, auditor, proposed_run
):
    placement = proposed_run.placements.select_related("enrolment__participant").order_by("pk").first()
    person = placement.enrolment.participant
    run = f"/penempatan/hasil/{proposed_run.pk}/"
    english.force_login(national_admin)
    by_name = english.get(run, {"q": f"  {person.full_name.upper()} "}).content.decode()
    assert by_name.count("data-placement=") == 1 and f'data-placement="{placement.pk}"' in by_name
    assert english.get(run, {"q": person.nik}).content.decode().count("data-placement=") == 1
    assert english.get(run, {"q": person.nik[:6]}).content.decode().count("data-placement=") == 3
    nobody = english.get(run, {"q": "Tidak Ada"}).content.decode()
    assert "data-placement=" not in nobody and "Nobody matches “Tidak Ada” with these filters." in nobody
    # NIK stays masked for the auditor: a NIK finds nobody, so it cannot be confirmed by searching.
    english.force_login(auditor)
    assert "data-placement=" not in english.get(run, {"q": person.nik}).content.decode()
    assert english.get(run, {"q": person.full_name}).content.decode().count("data-placement=") == 1


def test_the_review_is_in_indonesian_by_default(client, national_admin, proposed_run):
    client.force_login(national_admin)
    html = client.get(f"/penempatan/hasil/{proposed_run.pk}/").content.decode()
    assert "Tidak ada kelas lain dalam radius 75 km." in html
    assert "Setiap kelas dalam radius 75 km sudah penuh" in html
    assert 'placeholder="Nama atau NIK"' in html


def test_confirming_happens_only_on_the_confirmation_page(english, national_admin, proposed_run):
    run = proposed_run
    english.force_login(national_admin)
    step = english.get(f"/penempatan/hasil/{run.pk}/konfirmasi/")
    assert step.status_code == HTTPStatus.OK
    assert "This cannot be undone." in step.content.decode()
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.PROPOSED

    done = english.post(f"/penempatan/hasil/{run.pk}/konfirmasi/")

    assert done.status_code == HTTPStatus.FOUND
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.CONFIRMED
    assert run.wave.enrolments.filter(state=S.PLACED).count() == 2
    again = english.post(f"/penempatan/hasil/{run.pk}/konfirmasi/")
    assert again.status_code == HTTPStatus.CONFLICT and "only a proposed run" in again.content.decode()
    review = english.get(f"/penempatan/hasil/{run.pk}/").content.decode()
    assert "/konfirmasi/" not in review and 'data-status="confirmed"' in review


def test_a_run_is_discarded_on_its_own_page_with_a_reason(english, national_admin, proposed_run):
    english.force_login(national_admin)
    english.post(f"/penempatan/hasil/{proposed_run.pk}/batalkan/", {"reason": "penalty too low"})
    proposed_run.refresh_from_db()
    assert proposed_run.status == AllocationRun.Status.DISCARDED
    assert AuditEvent.objects.get(verb="allocation.discarded").reason == "penalty too low"


def test_an_admin_moves_someone_by_hand_with_a_reason(english, national_admin, proposed_run):
    run = proposed_run
    other = cohort(centre("BLK Cikarang", (-6.2615, 107.1528)), 1)
    seated = run.placements.filter(cohort__isnull=False).first()
    english.force_login(national_admin)
    form = english.get(f"/penempatan/pindah/{seated.pk}/").content.decode()
    assert f'value="{other.pk}"' in form and 'value="out"' in form

    missing = english.post(f"/penempatan/pindah/{seated.pk}/", {"cohort": str(other.pk), "reason": ""})
    assert missing.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "Say why this person is moved." in missing.content.decode()
    moved = english.post(f"/penempatan/pindah/{seated.pk}/", {"cohort": str(other.pk), "reason": "near work"})

    assert moved.status_code == HTTPStatus.FOUND
    seated.refresh_from_db()
    assert (seated.cohort, seated.move_reason) == (other, "near work")
    review = english.get(f"/penempatan/hasil/{run.pk}/").content.decode()
    assert "Moved by hand to" in review and "near work" in review
    # The class is full now: a second move into it is refused with the reason on the form.
    waiting = run.placements.get(cohort__isnull=True)
    full = english.post(f"/penempatan/pindah/{waiting.pk}/", {"cohort": str(other.pk), "reason": "try"})
    assert full.status_code == HTTPStatus.UNPROCESSABLE_ENTITY


def test_the_where_to_open_report_lists_regencies_by_unplaced_people(
    english, national_admin, three_provinces
):
    _wave, run, _in_bekasi, _in_denpasar = three_provinces
    english.force_login(national_admin)
    html = english.get(f"/penempatan/hasil/{run.pk}/kelas-baru/").content.decode()
    assert 'data-regency="32.73"' in html and 'data-regency="51.71"' in html
    assert "Kota Bandung" in html and "No cohort within the maximum distance" in html
    assert "BLK Denpasar" in html  # nearest to Denpasar itself


def test_empty_states(english, national_admin, db):
    english.force_login(national_admin)
    assert "No wave has been drawn yet" in english.get("/penempatan/").content.decode()
    cohort(centre("BLK Bekasi"), 5)
    run = proposed(wave_of(people(2)))
    assert (
        "Nobody is left unplaced" in english.get(f"/penempatan/hasil/{run.pk}/kelas-baru/").content.decode()
    )
    page = english.get(f"/penempatan/hasil/{run.pk}/", {"outcome": "unplaced"}).content.decode()
    assert "No placement matches." in page


def test_officers_see_runs_but_only_their_areas_people_and_cannot_decide(
    client, three_provinces, bali_officer, bekasi_officer
):
    _wave, run, in_bekasi, _in_denpasar = three_provinces
    client.force_login(bali_officer)
    html = client.get(f"/penempatan/hasil/{run.pk}/").content.decode()
    assert html.count("data-placement=") == 2
    assert 'data-province="51"' in html and 'data-province="32"' not in html
    assert "/pindah/" not in html and "/konfirmasi/" not in html
    bekasi_placement = run.placements.filter(cohort=in_bekasi).first()
    assert client.get(f"/penempatan/pindah/{bekasi_placement.pk}/").status_code == HTTPStatus.NOT_FOUND
    client.force_login(bekasi_officer)
    assert client.get(f"/penempatan/hasil/{run.pk}/").content.decode().count("data-placement=") == 2
    assert client.get(f"/penempatan/pindah/{bekasi_placement.pk}/").status_code == HTTPStatus.NOT_FOUND
    assert client.post(f"/penempatan/hasil/{run.pk}/konfirmasi/").status_code == HTTPStatus.NOT_FOUND


def test_a_centre_operator_sees_the_confirmed_run_for_their_centre_only(
    client, three_provinces, centre_operator
):
    _wave, run, in_bekasi, _in_denpasar = three_provinces
    client.force_login(centre_operator)
    html = client.get(f"/penempatan/hasil/{run.pk}/").content.decode()
    shown = run.placements.filter(cohort=in_bekasi)
    assert html.count("data-placement=") == shown.count() == 2
    assert all(f'data-placement="{p.pk}"' in html for p in shown)
    # NIK masked for a centre operator.
    nik = shown.first().enrolment.participant.nik
    assert nik not in html and nik[:6] in html
    another = proposed(wave_of(people(1, name="Lain"), code="PHK-2025-4"))
    assert client.get(f"/penempatan/hasil/{another.pk}/").status_code == HTTPStatus.NOT_FOUND


def test_people_without_a_placement_role_get_404(client, participant_user, counselor, proposed_run):
    for user in (participant_user, counselor):
        client.force_login(user)
        assert client.get("/penempatan/").status_code == HTTPStatus.NOT_FOUND
        assert client.get(f"/penempatan/hasil/{proposed_run.pk}/").status_code == HTTPStatus.NOT_FOUND
        placement = proposed_run.placements.first()
        assert client.get(f"/penempatan/pindah/{placement.pk}/").status_code == HTTPStatus.NOT_FOUND
    client.logout()
    assert client.get("/penempatan/").status_code == HTTPStatus.FOUND  # to the login page


def test_an_auditor_reads_everything_with_nik_masked_and_changes_nothing(client, auditor, proposed_run):
    client.force_login(auditor)
    html = client.get(f"/penempatan/hasil/{proposed_run.pk}/").content.decode()
    assert html.count("data-placement=") == 3
    nik = Placement.objects.first().enrolment.participant.nik
    assert nik not in html
    assert client.get(f"/penempatan/hasil/{proposed_run.pk}/konfirmasi/").status_code == HTTPStatus.NOT_FOUND
