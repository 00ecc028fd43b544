"""The centre pages through Django's test client: the public list and detail, an operator's
cohorts (create, edit, cancel), the course list, the admin, and who gets a 404."""

from datetime import date
from http import HTTPStatus

import pytest

from wirausaha.accounts.models import Organisation, Role
from wirausaha.centres.loaders import load_courses, load_kemnaker_centres
from wirausaha.centres.models import Cohort, Course, TrainingCentre
from wirausaha.common.models import AuditEvent
from wirausaha.testing import make_centre, make_cohort, make_course, make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def bekasi():
    """BBPVP Bekasi: the centre that is the `centre_operator` persona's organisation."""
    return make_centre("BBPVP Bekasi", region="32.75", kind="bbpvp")


@pytest.fixture
def solo():
    return make_centre("BPVP Surakarta", region="33.72", kind="bpvp")


@pytest.fixture
def solo_operator(solo):
    return make_user("operator.solo", Role.CENTRE_OPERATOR, organisation=solo.organisation)


def form(course=None, **changes):
    data = {"starts_on": "2027-01-18", "ends_on": "2027-02-12", "seats": "16"}
    if course is not None:
        data["course"] = str(course.pk)
    data.update(changes)
    return data


# The public list and detail --------------------------------------------------------------------


def test_the_centre_list_filters_by_province_type_and_name(english, bekasi_officer):
    load_kemnaker_centres()
    make_centre("BLK Komunitas PP Nurul Huda Cibitung", region="32.16.05", kind="blk_komunitas")
    english.force_login(bekasi_officer)

    everything = english.get("/balai/").content.decode()
    west_java = english.get("/balai/", {"province": "32"}).content.decode()
    community = english.get("/balai/", {"kind": "blk_komunitas"}).content.decode()
    by_name = english.get("/balai/", {"q": "medan"}).content.decode()
    nothing = english.get("/balai/", {"province": "51", "kind": "bbpvp"}).content.decode()

    assert "22 centres" in everything
    assert "BBPVP Bandung" in west_java and "Nurul Huda" in west_java and "BBPVP Medan" not in west_java
    assert "4 centres" in west_java  # Bekasi, Bandung, Bandung Barat and the community centre
    assert "Nurul Huda" in community and "BBPVP Bandung" not in community
    assert "BBPVP Medan" in by_name and "1 centre" in by_name
    assert "No training centre matches these filters." in nothing


def test_the_centre_list_pages_through_many_centres(client, bekasi_officer):
    for number in range(55):
        make_centre(f"BLK Komunitas Contoh {number:02d}", region="32.16.01", kind="blk_komunitas")
    client.force_login(bekasi_officer)

    first = client.get("/balai/", {"kind": "blk_komunitas"}).content.decode()
    second = client.get("/balai/", {"kind": "blk_komunitas", "page": "2"}).content.decode()

    assert "Contoh 49" in first and "Contoh 50" not in first
    assert "Contoh 54" in second
    assert "kind=blk_komunitas&amp;page=2" in first  # the next page keeps the filter


def test_an_empty_centre_list_says_so_in_indonesian(client, bekasi_officer):
    client.force_login(bekasi_officer)
    html = client.get("/balai/").content.decode()
    assert "Belum ada balai pelatihan yang terdaftar." in html


def test_a_centre_page_shows_its_facts_and_cohorts_to_anyone_signed_in(english, participant_user, bekasi):
    TrainingCentre.objects.filter(pk=bekasi.pk).update(
        operated_by="Kementerian Ketenagakerjaan", contact_phone="+62218801234"
    )
    make_cohort(bekasi, make_course(), code="KLS-TEST-1")
    english.force_login(participant_user)

    html = english.get(f"/balai/{bekasi.pk}/").content.decode()

    assert "Kementerian Ketenagakerjaan" in html
    assert "Kota Bekasi" in html and "-6.24740, 107.14850" in html
    assert "+62218801234" in html
    assert "KLS-TEST-1" in html and "Pengolahan Pangan dan Kewirausahaan" in html
    assert "New cohort" not in html
    assert english.get("/balai/99999/").status_code == HTTPStatus.NOT_FOUND


def test_a_centre_without_cohorts_says_so(english, centre_operator, bekasi):
    english.force_login(centre_operator)
    html = english.get(f"/balai/{bekasi.pk}/").content.decode()
    assert "This centre has no cohorts yet." in html
    assert f"/balai/{bekasi.pk}/kelas/baru/" in html  # its own operator may open one


def test_the_course_list_shows_hours_and_completion_rules(english, participant_user):
    english.force_login(participant_user)
    assert "No courses are on offer yet." in english.get("/balai/program-pelatihan/").content.decode()

    load_courses()
    Course.objects.filter(code="KWU-LAS").update(is_active=False)
    html = english.get("/balai/program-pelatihan/").content.decode()

    assert "Barista dan Usaha Kedai Kopi" in html
    assert "120 JP: 80 technical, 40 entrepreneurship" in html
    assert "at least 80% attendance" in html and "passed with 70 or more" in html
    assert "Pengelasan" not in html  # retired


# My cohorts -----------------------------------------------------------------------------------


def test_an_operator_sees_their_centres_cohorts_by_status(english, centre_operator, bekasi, solo):
    make_cohort(bekasi, code="KLS-PLANNED")
    make_cohort(bekasi, code="KLS-RUNNING", status="running")
    make_cohort(bekasi, code="KLS-DONE", status="finished")
    make_cohort(solo, code="KLS-SOLO")
    english.force_login(centre_operator)

    upcoming = english.get("/balai/kelas/").content.decode()
    running = english.get("/balai/kelas/", {"group": "running"}).content.decode()
    past = english.get("/balai/kelas/", {"group": "past"}).content.decode()

    assert "KLS-PLANNED" in upcoming and "KLS-RUNNING" not in upcoming
    assert "KLS-RUNNING" in running
    assert "KLS-DONE" in past
    assert "KLS-SOLO" not in upcoming + running + past
    assert f"/balai/{bekasi.pk}/kelas/baru/" in upcoming


def test_my_cohorts_has_empty_states(english, centre_operator, bekasi):
    english.force_login(centre_operator)
    assert "No cohorts here." in english.get("/balai/kelas/").content.decode()
    make_cohort(bekasi, code="KLS-A")
    assert "No cohort matches this search." in english.get("/balai/kelas/", {"q": "zzz"}).content.decode()


def test_an_operator_whose_organisation_is_not_a_centre_is_told_so(english):
    office = make_organisation("Balai Baru", Organisation.Kind.TRAINING_CENTRE)
    english.force_login(make_user("operator.baru", Role.CENTRE_OPERATOR, organisation=office))
    response = english.get("/balai/kelas/")
    assert response.status_code == HTTPStatus.OK
    assert "not registered as a training centre yet" in response.content.decode()


def test_a_national_admin_sees_every_centres_cohorts(english, national_admin, bekasi, solo):
    make_cohort(bekasi, code="KLS-BKS")
    make_cohort(solo, code="KLS-SOLO")
    english.force_login(national_admin)
    html = english.get("/balai/kelas/").content.decode()
    assert "KLS-BKS" in html and "KLS-SOLO" in html and "BPVP Surakarta" in html
    solo_only = english.get("/balai/kelas/", {"q": "surakarta"}).content.decode()
    assert "KLS-SOLO" in solo_only and "KLS-BKS" not in solo_only


@pytest.mark.parametrize("persona", ["participant_user", "auditor", "bekasi_officer", "counselor"])
def test_people_who_run_no_centre_have_no_cohort_pages(client, request, persona, bekasi):
    cohort = make_cohort(bekasi)
    client.force_login(request.getfixturevalue(persona))
    for url in [
        "/balai/kelas/",
        f"/balai/kelas/{cohort.pk}/",
        f"/balai/kelas/{cohort.pk}/ubah/",
        f"/balai/kelas/{cohort.pk}/batalkan/",
        f"/balai/{bekasi.pk}/kelas/baru/",
    ]:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url


def test_a_trainer_has_no_cohort_management_pages(client, bekasi):
    trainer = make_user("ani", Role.TRAINER, organisation=bekasi.organisation)
    client.force_login(trainer)
    assert client.get("/balai/kelas/").status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"/balai/{bekasi.pk}/kelas/baru/").status_code == HTTPStatus.NOT_FOUND


# Create, edit, cancel -------------------------------------------------------------------------


def test_an_operator_creates_a_cohort_with_trainers_of_their_centre(english, centre_operator, bekasi, solo):
    course = make_course()
    ani = make_user("ani", Role.TRAINER, organisation=bekasi.organisation)
    make_user("budi", Role.TRAINER, organisation=solo.organisation)
    english.force_login(centre_operator)

    page = english.get(f"/balai/{bekasi.pk}/kelas/baru/").content.decode()
    response = english.post(
        f"/balai/{bekasi.pk}/kelas/baru/", {**form(course), "trainers": [ani.pk]}, follow=True
    )

    assert "Ani" in page and "Budi" not in page  # only this centre's trainers to choose from
    cohort = Cohort.objects.get()
    assert response.redirect_chain[-1][0] == f"/balai/kelas/{cohort.pk}/"
    assert f"Cohort {cohort.code} is created." in response.content.decode()
    assert (cohort.centre, cohort.seats, list(cohort.trainers.all())) == (bekasi, 16, [ani])


def test_a_bad_cohort_form_shows_each_error_next_to_its_field(english, centre_operator, bekasi, solo):
    outsider = make_user("budi", Role.TRAINER, organisation=solo.organisation)
    english.force_login(centre_operator)

    missing = english.post(f"/balai/{bekasi.pk}/kelas/baru/", {"seats": "101", "ends_on": "2027-01-01"})
    reversed_dates = english.post(
        f"/balai/{bekasi.pk}/kelas/baru/", form(make_course(), ends_on="2027-01-17", trainers=[outsider.pk])
    )

    assert missing.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    html = missing.content.decode()
    assert "Choose a course." in html and "Enter a date." in html
    assert "Ensure this value is less than or equal to 100." in html
    html = reversed_dates.content.decode()
    assert "The end date cannot be before the start date." in html
    assert "Select a valid choice." in html  # a trainer of another centre is not on the list
    assert 'href="#id_ends_on"' in html  # the summary links to the field
    assert not Cohort.objects.exists()


def test_an_operator_of_another_centre_gets_404_for_create_edit_and_cancel(client, solo_operator, bekasi):
    cohort = make_cohort(bekasi)
    client.force_login(solo_operator)

    assert client.get(f"/balai/{bekasi.pk}/kelas/baru/").status_code == HTTPStatus.NOT_FOUND
    assert (
        client.post(f"/balai/{bekasi.pk}/kelas/baru/", form(make_course())).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert client.get(f"/balai/kelas/{cohort.pk}/").status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"/balai/kelas/{cohort.pk}/ubah/").status_code == HTTPStatus.NOT_FOUND
    edit = client.post(f"/balai/kelas/{cohort.pk}/ubah/", form(seats="5"))
    cancel = client.post(f"/balai/kelas/{cohort.pk}/batalkan/", {"reason": "bukan milik saya"})

    assert edit.status_code == cancel.status_code == HTTPStatus.NOT_FOUND
    cohort.refresh_from_db()
    assert (cohort.seats, cohort.status) == (16, Cohort.Status.PLANNED)
    assert Cohort.objects.count() == 1


def test_an_operator_edits_a_cohort(english, centre_operator, bekasi):
    cohort = make_cohort(bekasi)
    english.force_login(centre_operator)

    page = english.get(f"/balai/kelas/{cohort.pk}/ubah/").content.decode()
    response = english.post(
        f"/balai/kelas/{cohort.pk}/ubah/",
        form(seats="20", ends_on="2027-02-19"),
        follow=True,
    )

    assert 'value="2025-08-04"' in page and 'value="16"' in page  # the current values
    assert f"Cohort {cohort.code} is saved." in response.content.decode()
    cohort.refresh_from_db()
    assert (cohort.seats, cohort.status, cohort.ends_on) == (20, "planned", date(2027, 2, 19))
    assert AuditEvent.objects.filter(verb="cohort.updated", actor=centre_operator).exists()


def test_cancelling_is_confirmed_on_its_own_page_with_a_reason(english, centre_operator, bekasi):
    cohort = make_cohort(bekasi)
    english.force_login(centre_operator)

    page = english.get(f"/balai/kelas/{cohort.pk}/batalkan/")
    no_reason = english.post(f"/balai/kelas/{cohort.pk}/batalkan/", {"reason": ""})
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.PLANNED
    done = english.post(f"/balai/kelas/{cohort.pk}/batalkan/", {"reason": "Gedung direnovasi"}, follow=True)

    assert "This cannot be undone." in page.content.decode()
    assert no_reason.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "Say why the cohort is cancelled." in no_reason.content.decode()
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.CANCELLED
    assert f"Cohort {cohort.code} is cancelled." in done.content.decode()
    assert AuditEvent.objects.get(verb="cohort.cancelled").reason == "Gedung direnovasi"
    # Closed now: no edit, no second cancellation.
    assert english.get(f"/balai/kelas/{cohort.pk}/ubah/").status_code == HTTPStatus.FOUND
    assert english.get(f"/balai/kelas/{cohort.pk}/batalkan/").status_code == HTTPStatus.FOUND
    detail = english.get(f"/balai/kelas/{cohort.pk}/").content.decode()
    assert "can no longer be changed" in detail and f"/balai/kelas/{cohort.pk}/ubah/" not in detail


def test_the_cohort_pages_read_in_indonesian(client, centre_operator, bekasi):
    cohort = make_cohort(bekasi)
    client.force_login(centre_operator)
    assert "Kelas saya" in client.get("/balai/kelas/").content.decode()
    assert "Batalkan kelas ini" in client.get(f"/balai/kelas/{cohort.pk}/batalkan/").content.decode()
    assert "Kelas baru" in client.get(f"/balai/{bekasi.pk}/kelas/baru/").content.decode()


# Admin ----------------------------------------------------------------------------------------


def test_a_national_admin_adds_a_course_in_the_admin_and_sees_cohorts_read_only(
    client, national_admin, bekasi
):
    cohort = make_cohort(bekasi)
    client.force_login(national_admin)

    response = client.post(
        "/admin/centres/course/add/",
        {
            "code": "KWU-SABUN",
            "title": "Pembuatan Sabun dan Usaha Rumahan",
            "sector": "20231",
            "description": "",
            "technical_jp": "40",
            "entrepreneurship_jp": "40",
            "delivery": "in_person",
            "min_attendance_percent": "80",
            "assessment_required": "on",
            "pass_score": "70",
            "is_active": "on",
        },
    )

    assert response.status_code == HTTPStatus.FOUND, response.context["errors"] if response.context else ""
    course = Course.objects.get(code="KWU-SABUN")
    assert AuditEvent.objects.filter(
        verb="course.created", target_id=str(course.pk), actor=national_admin
    ).exists()
    assert client.get(f"/admin/centres/cohort/{cohort.pk}/change/").status_code == HTTPStatus.OK
    assert client.post(f"/admin/centres/cohort/{cohort.pk}/change/", {"seats": "99"}).status_code == (
        HTTPStatus.FORBIDDEN
    )
    assert client.get("/admin/centres/trainingcentre/").status_code == HTTPStatus.OK
