"""The training pages: the centre operator's cohorts, the trainer's phone (today's sessions and
one-form attendance), the participant's schedule. Each shows attendance shares; each is scoped
(another centre's cohort is a 404)."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from wirausaha.accounts.models import Role
from wirausaha.centres.models import Cohort
from wirausaha.common.models import AuditEvent
from wirausaha.programs.models import EnrolmentState
from wirausaha.testing import make_user
from wirausaha.training.actions import complete_cohort, record_assessment, start_cohort
from wirausaha.training.models import Assessment, Attendance, Session

from .support import (  # noqa: F401
    bekasi_centre,
    english_client,
    english_messages,
    fast_password_hasher,
    make_class,
    other_centre,
    session_days_ago,
    session_days_ahead,
    session_today,
    trainer_of,
)


@pytest.fixture
def english(client):
    return english_client(client)


S = EnrolmentState


@pytest.fixture
def world(db, centre_operator):
    """A Bekasi cohort (Ani, Budi, Siti with an account) trained by `instruktur`, a session today
    and one two days ago; and a Bali cohort with its own trainer."""
    siti = make_user("siti", Role.PARTICIPANT)
    trainer = trainer_of(bekasi_centre())
    cohort, enrolments = make_class(("Ani", "Budi", "Siti"), trainer=trainer, users={"Siti": siti})
    earlier = session_days_ago(cohort, 2)
    today = session_today(cohort)
    bali_trainer = trainer_of(other_centre(), "instruktur.bali")
    bali, _ = make_class(("Made",), centre=other_centre(), trainer=bali_trainer)
    return {
        "cohort": cohort,
        "people": enrolments,
        "earlier": earlier,
        "today": today,
        "trainer": trainer,
        "siti": siti,
        "bali": bali,
        "bali_trainer": bali_trainer,
    }


def test_training_home_sends_each_role_to_its_page(client, world, centre_operator):
    for user, target in (
        (centre_operator, "/pelatihan/kelas/"),
        (world["trainer"], "/pelatihan/hari-ini/"),
        (world["siti"], "/pelatihan/jadwal/"),
    ):
        client.force_login(user)
        assert client.get("/pelatihan/")["Location"] == target


def test_the_operator_lists_only_their_centres_cohorts(english, world, centre_operator):
    english.force_login(centre_operator)

    page = english.get("/pelatihan/kelas/").content.decode()

    assert f'data-cohort="{world["cohort"].code}"' in page
    assert world["bali"].code not in page
    planned = english.get("/pelatihan/kelas/?status=finished").content.decode()
    assert "No cohort has this status." in planned


CENTRE_TEXT = "they appear here once a cohort is planned at your centre"


@pytest.mark.parametrize(
    ("persona", "scope", "says"),
    [
        ("centre_operator", "centre", CENTRE_TEXT),
        ("national_admin", "nationwide", "once a training centre plans one, anywhere in the country"),
        ("auditor", "nationwide", "once a training centre plans one, anywhere in the country"),
        ("trainer", "trainer", "once you are named trainer of a cohort or of one of its sessions"),
        ("bekasi_officer", "none", "not listed for labour-office officers"),
        ("jabar_officer", "none", "not listed for labour-office officers"),
        ("counselor", "none", "Cohorts are not listed for your role."),
    ],
)
def test_an_empty_cohort_list_says_what_this_viewer_would_see_there(
    db, english, request, persona, scope, says
):
    user = trainer_of(bekasi_centre()) if persona == "trainer" else request.getfixturevalue(persona)
    english.force_login(user)

    response = english.get("/pelatihan/kelas/")

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert f'<p class="empty" data-scope="{scope}">' in page
    assert says in page
    assert (CENTRE_TEXT in page) == (persona == "centre_operator")


def test_an_officer_is_pointed_to_the_placements_of_their_region(english, world, jabar_officer):
    english.force_login(jabar_officer)

    page = english.get("/pelatihan/kelas/").content.decode()

    # The Bekasi cohort lies in West Java, but cohorts are the centres' and trainers' to list.
    assert f'data-cohort="{world["cohort"].code}"' not in page
    assert 'href="/penempatan/"' in page
    assert "Today's sessions" not in page


def test_the_cohort_page_shows_sessions_in_local_time_and_each_attendance_share(
    english, world, centre_operator
):
    cohort, (ani, budi, _siti) = world["cohort"], world["people"]
    Attendance.objects.create(
        session=world["earlier"], enrolment=ani, status="present", marked_at=timezone.now()
    )
    Attendance.objects.create(
        session=world["earlier"], enrolment=budi, status="absent", marked_at=timezone.now()
    )
    english.force_login(centre_operator)

    page = english.get(f"/pelatihan/kelas/{cohort.pk}/").content.decode()

    assert "08:00–11:00 WIB" in page  # the earlier session, in Bekasi's time
    assert f'<tr data-enrolment="{ani.pk}">' in page
    # Two sessions of 4 JP held (one today, begun): Ani attended 4 of 8.
    assert 'data-share="50">50%</span> <span class="muted">(4/8 JP)' in page
    assert 'data-share="0">0%</span> <span class="muted">(0/8 JP)' in page
    assert f"/pelatihan/kelas/{cohort.pk}/mulai/" in page
    assert f"/pelatihan/kelas/{cohort.pk}/keluar/{ani.pk}/" not in page  # not in training yet


def test_cohort_pages_of_another_centre_are_404(client, world, centre_operator):
    bali = world["bali"]
    client.force_login(centre_operator)

    for url in (
        f"/pelatihan/kelas/{bali.pk}/",
        f"/pelatihan/kelas/{bali.pk}/jadwal/",
        f"/pelatihan/kelas/{bali.pk}/selesai/",
        f"/pelatihan/kelas/{bali.pk}/penilaian/",
    ):
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url


def test_a_trainer_of_another_centre_gets_404_on_every_page_of_this_cohort(client, world):
    cohort, today = world["cohort"], world["today"]
    client.force_login(world["bali_trainer"])

    for url in (
        f"/pelatihan/kelas/{cohort.pk}/",
        f"/pelatihan/sesi/{today.pk}/",
        f"/pelatihan/sesi/{today.pk}/qr/",
        f"/pelatihan/kelas/{cohort.pk}/penilaian/",
    ):
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url
    marked = client.post(f"/pelatihan/sesi/{today.pk}/", {"rest": "present"})
    assert marked.status_code == HTTPStatus.NOT_FOUND
    assert not Attendance.objects.exists()


def test_a_trainer_sees_todays_sessions_with_a_button_to_take_attendance(english, world):
    english.force_login(world["trainer"])

    page = english.get("/pelatihan/hari-ini/").content.decode()

    assert f'href="/pelatihan/sesi/{world["today"].pk}/"' in page
    assert f'href="/pelatihan/sesi/{world["earlier"].pk}/"' not in page
    english.force_login(world["bali_trainer"])
    assert "No sessions today." in english.get("/pelatihan/hari-ini/").content.decode()


def test_the_attendance_page_offers_four_choices_per_person_and_saves_the_rest_as_present(english, world):
    session, (ani, budi, siti) = world["today"], world["people"]
    english.force_login(world["trainer"])
    url = f"/pelatihan/sesi/{session.pk}/"

    form = english.get(url).content.decode()
    saved = english.post(url, {f"status-{budi.pk}": "late", "rest": "present"})

    assert form.count('type="radio"') == 12
    assert 'name="rest" value="present"' in form
    assert saved.status_code == HTTPStatus.FOUND and saved["Location"] == url
    assert dict(session.attendance.values_list("enrolment_id", "status")) == {
        ani.pk: "present",
        budi.pk: "late",
        siti.pk: "present",
    }
    page = english.get(url).content.decode()
    assert "Attendance saved: 3 changed." in page
    assert f'name="status-{budi.pk}" value="late" checked' in page
    assert Cohort.objects.get(pk=session.cohort_id).status == Cohort.Status.RUNNING


def test_a_correction_on_the_page_asks_for_the_reason(english, world):
    session, (ani, *_rest) = world["earlier"], world["people"]
    english.force_login(world["trainer"])
    url = f"/pelatihan/sesi/{session.pk}/"

    assert 'name="reason"' in english.get(url).content.decode()
    refused = english.post(url, {f"status-{ani.pk}": "present"})
    english.post(url, {f"status-{ani.pk}": "present", "reason": "Hadir, lupa dicatat"})

    assert refused.status_code == 422
    assert "say why its attendance is corrected" in refused.content.decode()
    assert session.attendance.get(enrolment=ani).correction_reason == "Hadir, lupa dicatat"
    assert AuditEvent.objects.filter(verb="attendance.corrected").count() == 1


def test_a_future_session_cannot_be_marked_yet(english, world):
    later = session_days_ahead(world["cohort"], 3)
    english.force_login(world["trainer"])

    page = english.get(f"/pelatihan/sesi/{later.pk}/").content.decode()
    english.post(f"/pelatihan/sesi/{later.pk}/", {"rest": "present"})

    assert "Attendance is marked from the session's day on." in page
    assert "<fieldset" in page and "disabled" in page
    assert not later.attendance.exists()


def test_the_participant_sees_their_schedule_in_local_time_and_their_own_share_only(english, world):
    _ani, budi, siti = world["people"]
    now = timezone.now()
    Attendance.objects.create(session=world["earlier"], enrolment=siti, status="late", marked_at=now)
    Attendance.objects.create(session=world["earlier"], enrolment=budi, status="absent", marked_at=now)
    english.force_login(world["siti"])

    page = english.get("/pelatihan/jadwal/").content.decode()

    assert f'data-cohort="{world["cohort"].code}"' in page
    assert "times in WIB" in page and "08:00–11:00 WIB" in page
    assert 'data-share="50"' in page and "(4 of 8 JP held so far)" in page
    assert 'data-mark="late"' in page and 'data-mark="absent"' not in page
    assert "Budi" not in page
    # Only their own cohort, whatever the id.
    assert english.get(f"/pelatihan/kelas/{world['cohort'].pk}/").status_code == HTTPStatus.NOT_FOUND


def test_a_participant_at_a_bali_centre_reads_wita(english, db):
    made = make_user("made", Role.PARTICIPANT)
    cohort, _ = make_class(("Made",), centre=other_centre(), users={"Made": made})
    session_days_ahead(cohort, 1)
    english.force_login(made)

    page = english.get("/pelatihan/jadwal/").content.decode()

    assert "times in WITA" in page and "08:00–11:00 WITA" in page


def test_a_participant_not_placed_yet_sees_an_empty_schedule(english, participant_user):
    english.force_login(participant_user)

    assert "You are not placed in a class yet." in english.get("/pelatihan/jadwal/").content.decode()


def test_the_operator_generates_the_schedule_on_a_confirmation_page(english, centre_operator):
    today = timezone.now().date()
    starts = today + timedelta(days=14 - today.weekday())
    cohort, _ = make_class(starts_on=starts, ends_on=starts + timedelta(days=27))
    english.force_login(centre_operator)
    url = f"/pelatihan/kelas/{cohort.pk}/jadwal/"

    confirm = english.get(url).content.decode()
    assert not cohort.sessions.exists()
    done = english.post(url, {"trainer": ""})

    assert "40 JP of technical material and 20 JP of entrepreneurship" in confirm
    assert done.status_code == HTTPStatus.FOUND
    assert cohort.sessions.count() == 16


def test_the_session_form_names_the_field_that_is_wrong(english, world, centre_operator):
    cohort = world["cohort"]
    english.force_login(centre_operator)
    day = cohort.starts_on.isoformat()
    base = {
        "day": day,
        "start": "08:00",
        "end": "09:30",
        "kind": "entrepreneurship",
        "topic": "Pemasaran daring",
    }

    wrong = english.post(f"/pelatihan/kelas/{cohort.pk}/sesi/tambah/", {**base, "jp": "3"})
    right = english.post(
        f"/pelatihan/kelas/{cohort.pk}/sesi/tambah/", {**base, "jp": "2", "trainer": world["trainer"].pk}
    )

    assert wrong.status_code == 422
    assert "90 minutes hold 1 to 2 JP of 45 minutes." in wrong.content.decode()
    assert right.status_code == HTTPStatus.FOUND
    added = Session.objects.get(topic="Pemasaran daring")
    assert (added.jp, added.trainer, added.number) == (2, world["trainer"], 1)


def test_the_operator_deletes_an_unmarked_session_after_confirming(english, world, centre_operator):
    later = session_days_ahead(world["cohort"], 4)
    english.force_login(centre_operator)
    url = f"/pelatihan/sesi/{later.pk}/hapus/"

    assert english.get(url).status_code == HTTPStatus.OK
    assert Session.objects.filter(pk=later.pk).exists()
    assert english.post(url).status_code == HTTPStatus.FOUND
    assert not Session.objects.filter(pk=later.pk).exists()


def test_scores_are_entered_for_everyone_in_training_and_a_wrong_one_is_named(
    english, world, centre_operator
):
    cohort, (ani, budi, siti) = world["cohort"], world["people"]
    english.force_login(centre_operator)
    english.post(f"/pelatihan/kelas/{cohort.pk}/mulai/")
    url = f"/pelatihan/kelas/{cohort.pk}/penilaian/"

    wrong = english.post(url, {f"score-{ani.pk}": "101", f"score-{budi.pk}": "60"})
    assert wrong.status_code == 422 and not Assessment.objects.exists()
    right = english.post(url, {f"score-{ani.pk}": "75", f"score-{budi.pk}": "60"})

    assert right.status_code == HTTPStatus.FOUND
    assert dict(Assessment.objects.values_list("enrolment_id", "score")) == {ani.pk: 75, budi.pk: 60}
    assert siti.pk not in dict(Assessment.objects.values_list("enrolment_id", "passed"))


def test_the_trainer_records_a_drop_out_on_its_page(english, world, centre_operator):
    cohort, (ani, *_rest) = world["cohort"], world["people"]
    english.force_login(centre_operator)
    english.post(f"/pelatihan/kelas/{cohort.pk}/mulai/")
    english.force_login(world["trainer"])
    url = f"/pelatihan/kelas/{cohort.pk}/keluar/{ani.pk}/"

    missing = english.post(url, {"note": "?"})
    done = english.post(url, {"reason": "withdrew", "note": "Bekerja lagi"})

    assert missing.status_code == 422
    assert done.status_code == HTTPStatus.FOUND
    ani.refresh_from_db()
    assert ani.state == S.DROPPED_OUT


def test_a_graduate_finds_the_certificate_on_their_schedule(english, world, centre_operator):
    cohort, (_ani, _budi, siti) = world["cohort"], world["people"]
    start_cohort(cohort, by=centre_operator)
    world["today"].delete()
    Attendance.objects.create(
        session=world["earlier"], enrolment=siti, status="present", marked_at=timezone.now()
    )
    record_assessment(cohort, by=centre_operator, scores={siti.pk: 90})
    complete_cohort(cohort, by=centre_operator)
    english.force_login(world["siti"])

    page = english.get("/pelatihan/jadwal/").content.decode()

    certificate = siti.certificate
    assert f'href="/pelatihan/sertifikat/{certificate.document.code}/unduh/" data-certificate' in page
    assert 'data-state="graduated"' in page


def test_the_admin_shows_training_records_without_changing_them(client, world, national_admin):
    Attendance.objects.create(
        session=world["today"], enrolment=world["people"][0], status="present", marked_at=timezone.now()
    )
    client.force_login(national_admin)

    for model in ("session", "attendance", "assessment"):
        assert client.get(f"/admin/training/{model}/").status_code == HTTPStatus.OK, model
        assert client.get(f"/admin/training/{model}/add/").status_code == HTTPStatus.FORBIDDEN, model
    change = client.get(f"/admin/training/session/{world['today'].pk}/change/").content.decode()
    assert 'name="_save"' not in change


def test_an_auditor_reads_todays_sessions_without_a_link_they_may_not_follow(english, world, auditor):
    english.force_login(auditor)

    page = english.get("/pelatihan/hari-ini/").content.decode()

    assert f'data-session="{world["today"].pk}"' in page
    assert f'href="/pelatihan/sesi/{world["today"].pk}/"' not in page
    assert english.get(f"/pelatihan/sesi/{world['today'].pk}/").status_code == HTTPStatus.NOT_FOUND
