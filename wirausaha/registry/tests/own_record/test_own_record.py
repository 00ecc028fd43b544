"""A participant's own pages about their record (corrections, NIK change, download, withdrawal of
consent), through the test client: plain form posts, as a phone without JavaScript sends them."""

import json
from datetime import date
from http import HTTPStatus

import pytest
from django.conf import settings

from wirausaha.accounts.models import Role
from wirausaha.common.models import AuditEvent
from wirausaha.notifications.actions import notify
from wirausaha.registry.actions import request_correction
from wirausaha.registry.consent import CONSENT_VERSION
from wirausaha.registry.models import NikChangeRequest
from wirausaha.registry.nik import build_nik
from wirausaha.registry.own_record.forms import initial_from
from wirausaha.registry.tests.registration.support import errors_in
from wirausaha.testing import make_participant, make_user


@pytest.fixture
def client(client):
    # Messages are checked in the English source text, whatever the Indonesian translation says.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def siti(participant_user):
    return participant_user.participant


def test_correction_of_own_data_is_saved_and_audited(client, siti):
    client.force_login(siti.user)
    form = initial_from(siti)
    assert 'value="Siti Rahmawati"' in client.get("/peserta/saya/ubah/").content.decode()

    response = client.post(
        "/peserta/saya/ubah/",
        {**form, "job_title": "Penjahit", "village": "32.16.01.2002", "action": "save"},
    )

    assert response["Location"] == "/peserta/saya/status/"
    siti.refresh_from_db()
    assert (siti.job_title, siti.domicile_id) == ("Penjahit", "32.16.01.2002")
    event = AuditEvent.objects.get(verb="participant.updated", target_id=str(siti.pk))
    assert event.actor == siti.user
    assert event.changes == {"domicile_id": ["32.16.01.2001", "32.16.01.2002"], "job_title": ["", "Penjahit"]}
    assert siti.history.count() == 2


def test_correction_shows_the_rules_errors_next_to_the_fields(client, siti):
    client.force_login(siti.user)

    response = client.post(
        "/peserta/saya/ubah/", {**initial_from(siti), "birth_date": "", "district": "", "village": ""}
    )

    assert errors_in(response) == {
        "birth_date": "Enter your date of birth.",
        "district": "Choose your district (kecamatan).",
    }
    assert not AuditEvent.objects.filter(verb="participant.updated").exists()


def test_correction_without_javascript_refreshes_the_region_lists_without_saving(client, siti):
    client.force_login(siti.user)

    response = client.post(
        "/peserta/saya/ubah/",
        {**initial_from(siti), "province": "51", "job_title": "Penjahit", "action": "choose"},
    )

    html = response.content.decode()
    assert '<option value="51.71">Kota Denpasar</option>' in html
    assert 'value="Penjahit"' in html
    siti.refresh_from_db()
    assert siti.job_title == ""


def test_correction_without_changes_records_nothing(client, siti):
    client.force_login(siti.user)

    response = client.post("/peserta/saya/ubah/", {**initial_from(siti), "action": "save"})

    assert response["Location"] == "/peserta/saya/status/"
    assert not AuditEvent.objects.filter(verb="participant.updated").exists()


def test_nik_change_creates_a_request_and_keeps_the_nik(client, siti):
    client.force_login(siti.user)
    old_nik = siti.nik
    new_nik = build_nik(district="32.16.01", birth_date=date(1985, 8, 5), sex="F", serial=9876)

    response = client.post("/peserta/saya/nik/", {"new_nik": new_nik, "reason": "Salah ketik"})

    assert response["Location"] == "/peserta/saya/nik/"
    siti.refresh_from_db()
    assert siti.nik == old_nik
    change = NikChangeRequest.objects.get(participant=siti)
    assert (change.new_nik, change.status) == (new_nik, NikChangeRequest.Status.PENDING)
    assert AuditEvent.objects.filter(verb="participant.nik_change_requested").exists()
    html = client.get("/peserta/saya/nik/").content.decode()
    assert "Waiting for approval" in html
    assert 'name="new_nik"' not in html  # no second request while one waits


def test_nik_change_says_what_is_wrong(client, siti):
    client.force_login(siti.user)

    response = client.post("/peserta/saya/nik/", {"new_nik": siti.nik})

    assert errors_in(response) == {"new_nik": "This is already your NIK."}


def test_download_holds_everything_about_the_participant(client, siti, bekasi_officer):
    request_correction(siti, by=bekasi_officer, reason="Lengkapi pekerjaan.")
    notify(siti.user, subject="Selamat datang", body="Terima kasih sudah mendaftar.")
    client.force_login(siti.user)
    client.post("/peserta/saya/ubah/", {**initial_from(siti), "job_title": "Penjahit"})
    client.post(
        "/peserta/saya/nik/",
        {"new_nik": build_nik(district="32.16.01", birth_date=date(1985, 8, 5), sex="F", serial=5555)},
    )

    response = client.get("/peserta/saya/unduh.json")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="wirausaha-data-saya.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    record = data["participant"]
    assert record["nik"] == siti.nik
    assert record["full_name"] == "Siti Rahmawati"
    assert record["birth_date"] == "1985-08-05"
    assert record["job_title"] == "Penjahit"
    assert record["domicile"] == "32.16.01.2001"
    assert record["domicile_name"] == "Sagara Makmur, Tarumajaya, Kabupaten Bekasi, Jawa Barat"
    assert record["verification_note"] == "Lengkapi pekerjaan."
    assert record["created_at"].endswith("+00:00")
    assert data["consent"]["version"] == CONSENT_VERSION and data["consent"]["text"]
    assert data["account"]["username"] == siti.user.username
    assert [change["status"] for change in data["nik_change_requests"]] == ["pending"]
    assert {message["subject"] for message in data["messages"]} == {
        "Mohon perbaiki pendaftaran Anda",
        "Selamat datang",
    }
    assert [event["action"] for event in data["audit_events"]] == [
        "participant.needs_correction",
        "participant.updated",
        "participant.nik_change_requested",
        "participant.exported",  # the download itself is audited
    ]
    assert data["audit_events"][0]["action_label"] == "Registration sent back for correction"
    assert data["history"][0]["type"] == "Created"
    assert "job_title" in data["history"][-1]["changed"]
    assert data["history"][-1]["values"]["job_title"] == "Penjahit"


def test_another_participant_downloads_only_their_own_data(client, siti, db):
    other = make_user("made", Role.PARTICIPANT)
    make_participant("Made Wirawan", village="51.71.01.1001", sex="M", user=other)
    client.force_login(other)

    data = client.get("/peserta/saya/unduh.json").json()

    assert data["participant"]["full_name"] == "Made Wirawan"
    assert siti.nik not in json.dumps(data)


@pytest.mark.parametrize(
    "url",
    [
        "/peserta/saya/status/",
        "/peserta/saya/ubah/",
        "/peserta/saya/nik/",
        "/peserta/saya/unduh.json",
        "/peserta/saya/tarik-persetujuan/",
    ],
)
def test_own_pages_are_404_for_anyone_without_a_participant_record(client, siti, bekasi_officer, url):
    client.force_login(siti.user)
    assert client.get(url).status_code == HTTPStatus.OK

    client.force_login(bekasi_officer)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_withdrawing_consent_explains_and_needs_a_confirmation(client, siti):
    client.force_login(siti.user)

    html = client.get("/peserta/saya/tarik-persetujuan/").content.decode()
    assert "no longer see you" in html
    assert "Your record is not deleted" in html

    response = client.post("/peserta/saya/tarik-persetujuan/", {"reason": "Sudah bekerja lagi"})
    assert errors_in(response) == {"confirm": "Tick the box to confirm that you withdraw your consent."}
    siti.refresh_from_db()
    assert siti.consent_active

    response = client.post(
        "/peserta/saya/tarik-persetujuan/", {"reason": "Sudah bekerja lagi", "confirm": "on"}
    )

    assert response["Location"] == "/peserta/saya/status/"
    siti.refresh_from_db()
    assert not siti.consent_active
    event = AuditEvent.objects.get(verb="participant.consent_withdrawn")
    assert (event.actor, event.reason) == (siti.user, "Sudah bekerja lagi")
    html = client.get("/peserta/saya/status/").content.decode()
    assert "Consent withdrawn" in html
    assert 'href="/peserta/saya/tarik-persetujuan/"' not in html
