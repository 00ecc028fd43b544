"""Participants' usernames are not personal data (issue #25, item 13): they log in with their
mobile number, found on their record, and auditors never see the number in full."""

import importlib
from datetime import date
from http import HTTPStatus

import pytest
from django.apps import apps as django_apps
from django.conf import settings

from wirausaha.accounts.backends import axes_username
from wirausaha.accounts.models import Role, User
from wirausaha.common.audit import record_event
from wirausaha.common.models import AuditEvent
from wirausaha.registry.actions import register_participant, update_participant
from wirausaha.registry.models import Participant
from wirausaha.registry.nik import build_nik
from wirausaha.testing import PASSWORD, make_participant, make_user

pytestmark = pytest.mark.django_db

PHONE = "+6281234567801"
SPELLINGS = ("+6281234567801", "081234567801", "0812-3456-7801", "0812 3456 7801")
NEW_PASSWORD = "kue-basah-tarumajaya-2025"


def self_registered(phone: str = PHONE) -> Participant:
    data = {
        "nik": build_nik(district="32.16.01", birth_date=date(1988, 4, 12), sex="F", serial=4321),
        "full_name": "Rina Marlina",
        "birth_place": "Bekasi",
        "birth_date": "1988-04-12",
        "sex": "F",
        "phone": phone,
        "domicile": "32.16.01.2001",
        "layoff_date": "2025-03-01",
    }
    return register_participant(data=data, consent=True, by=None, password=NEW_PASSWORD)


def log_in(client, username: str, password: str = NEW_PASSWORD):
    return client.post("/masuk/", {"username": username, "password": password})


def test_a_new_participant_account_has_a_username_that_is_not_the_phone():
    user = self_registered().user

    assert user.username.startswith("p-") and len(user.username) == 12
    assert PHONE[3:] not in user.username
    assert user.phone == PHONE
    event = AuditEvent.objects.get(verb="participant.registered")
    assert event.actor_label == user.username


def test_a_new_participant_logs_in_with_the_phone_typed_any_usual_way(client):
    self_registered()

    for typed in SPELLINGS:
        response = log_in(client, typed)
        assert response.status_code == HTTPStatus.FOUND, typed
        client.post("/keluar/")
    assert log_in(client, "0812 3456 7801", "wrong-password-123").status_code == HTTPStatus.OK


def test_the_lockout_counts_a_phone_as_its_account():
    user = self_registered().user

    assert axes_username(None, {"username": "0812-3456-7801"}) == user.username
    assert axes_username(None, {"username": "0899 0000 0000"}) == "+6289900000000"
    assert axes_username(None, {"username": "auditor"}) == "auditor"


def test_a_participant_who_changes_the_number_logs_in_with_the_new_one(client):
    participant = self_registered()

    update_participant(participant, data={"phone": "0813 1111 2222"}, by=participant.user)

    assert log_in(client, "0813-1111-2222").status_code == HTTPStatus.FOUND
    client.post("/keluar/")
    assert log_in(client, "0812-3456-7801").status_code == HTTPStatus.OK


def test_auditors_see_no_phone_in_full_in_the_trail_or_the_history(client, auditor):
    participant = self_registered()
    update_participant(participant, data={"job_title": "Penjahit"}, by=participant.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(auditor)

    trail = client.get("/akun/audit/").content.decode()
    history = client.get(f"/peserta/{participant.pk}/").content.decode()

    for page in (trail, history):
        assert "Rina Marlina (+62812*****801)" in page
        for spelling in SPELLINGS:
            assert spelling not in page
        assert participant.user.username not in page


def test_national_admins_see_the_participant_by_name_and_number(client, national_admin):
    self_registered()
    client.force_login(national_admin)

    trail = client.get("/akun/audit/").content.decode()

    assert "Rina Marlina (0812-3456-7801)" in trail


def test_officers_are_shown_by_username(client, auditor, jabar_officer):
    participant = make_participant()
    record_event(jabar_officer, "participant.verified", participant)
    client.force_login(auditor)

    assert jabar_officer.username in client.get("/akun/audit/").content.decode()


def test_the_migration_renames_phone_usernames_and_their_labels_and_they_still_log_in(client):
    # An account from before: its username was the mobile number.
    legacy = make_user(PHONE, Role.PARTICIPANT)
    User.objects.filter(pk=legacy.pk).update(phone=PHONE)
    participant = make_participant("Rina Marlina", user=legacy, phone=PHONE)
    record_event(legacy, "participant.updated", participant)
    staff = make_user("operator.bekasi", Role.AUDITOR)
    record_event(staff, "participant.exported", participant)

    migration = importlib.import_module("wirausaha.accounts.migrations.0002_participant_usernames")
    migration.rename(django_apps, None)

    legacy.refresh_from_db()
    assert legacy.username.startswith("p-")
    labels = set(AuditEvent.objects.values_list("actor_label", flat=True))
    assert PHONE not in labels and {legacy.username, staff.username} <= labels
    assert log_in(client, "0812-3456-7801", PASSWORD).status_code == HTTPStatus.FOUND
    assert User.objects.get(pk=staff.pk).username == "operator.bekasi"
