from http import HTTPStatus

import pytest
from django.db import IntegrityError

from wirausaha.accounts.actions import create_user
from wirausaha.accounts.errors import InvalidScope
from wirausaha.accounts.models import Role, User
from wirausaha.common.models import AuditEvent
from wirausaha.reference.models import Region
from wirausaha.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_create_user_records_who_created_the_account(national_admin):
    user = create_user(
        username="cirebon",
        password=PASSWORD,
        role=Role.REGENCY_OFFICER,
        by=national_admin,
        scope_region=Region.objects.get(pk="32.09"),
    )
    event = AuditEvent.objects.get(verb="user.created", target_id=str(user.pk))
    assert event.actor == national_admin
    assert event.changes == {"role": [None, "regency_officer"]}


def test_a_provincial_officer_cannot_be_scoped_to_a_regency():
    with pytest.raises(InvalidScope) as error:
        create_user(
            username="x",
            password=PASSWORD,
            role=Role.PROVINCIAL_OFFICER,
            by=None,
            scope_region=Region.objects.get(pk="32.16"),
        )
    assert error.value.field == "scope_region"
    assert not User.objects.filter(username="x").exists()


def test_a_regency_officer_needs_a_region():
    with pytest.raises(InvalidScope) as error:
        create_user(username="x", password=PASSWORD, role=Role.REGENCY_OFFICER, by=None)
    assert error.value.field == "scope_region"


def test_a_centre_operator_needs_an_organisation():
    with pytest.raises(InvalidScope) as error:
        create_user(username="x", password=PASSWORD, role=Role.CENTRE_OPERATOR, by=None)
    assert error.value.field == "organisation"


def test_the_database_refuses_an_officer_without_a_region():
    with pytest.raises(IntegrityError):
        User.objects.create(username="x", role=Role.PROVINCIAL_OFFICER)


def test_passwords_are_hashed_with_argon2(jabar_officer):
    assert jabar_officer.password.startswith("argon2")


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/masuk/")


def test_login_page_is_in_indonesian(client):
    html = client.get("/masuk/").content.decode()
    assert 'lang="id"' in html
    assert "Kata sandi" in html


def test_logging_in_leads_to_the_home_page_of_the_role(client, bekasi_officer):
    response = client.post("/masuk/", {"username": "bekasi", "password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/"
    assert "Kabupaten Bekasi" in html
    assert "/peserta/" in html


def test_a_wrong_password_says_so_without_saying_which_part(client, bekasi_officer):
    response = client.post("/masuk/", {"username": "bekasi", "password": "wrong"})
    assert response.status_code == HTTPStatus.OK
    assert "kata sandi" in response.content.decode().lower()


def test_repeated_failed_logins_lock_the_account_even_for_the_right_password(
    client, bekasi_officer, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/masuk/", {"username": "bekasi", "password": "wrong"})
    response = client.post("/masuk/", {"username": "bekasi", "password": PASSWORD})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Terlalu banyak" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(client, bekasi_officer):
    client.force_login(bekasi_officer)
    assert client.post("/keluar/").status_code == HTTPStatus.FOUND
    assert client.get("/").status_code == HTTPStatus.FOUND


def test_password_change_works_and_is_in_indonesian(client, bekasi_officer):
    client.force_login(bekasi_officer)
    assert "Sandi lama" in client.get("/kata-sandi/").content.decode()
    response = client.post(
        "/kata-sandi/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-7",
            "new_password2": "a-new-long-passphrase-7",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    bekasi_officer.refresh_from_db()
    assert bekasi_officer.check_password("a-new-long-passphrase-7")


def test_lockout_counts_one_phone_number_however_it_is_written(client, settings):
    from wirausaha.testing import make_participant

    user = make_user("+6281234567801", Role.PARTICIPANT)
    make_participant("Siti", user=user, phone="+6281234567801")
    spellings = ["0812 3456 7801", "62812-3456-7801", "+62 812 3456 7801", "081234567801", "0812-3456-7801"]
    for spelling in spellings[: settings.AXES_FAILURE_LIMIT]:
        client.post("/masuk/", {"username": spelling, "password": "wrong"})
    response = client.post("/masuk/", {"username": "6281234567801", "password": PASSWORD})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "_auth_user_id" not in client.session


def test_a_participant_changing_their_number_logs_in_with_the_new_one(client):
    from wirausaha.registry.actions import update_participant
    from wirausaha.testing import make_participant

    user = make_user("+6281234567801", Role.PARTICIPANT)
    person = make_participant("Siti", user=user, phone="+6281234567801")
    update_participant(person, data={"phone": "0813 9999 0000"}, by=user)

    user.refresh_from_db()
    # The username is left alone (accounts/people.py); the login follows the record's number.
    assert (user.username, user.phone) == ("+6281234567801", "+6281399990000")
    assert client.post("/masuk/", {"username": "0813-9999-0000", "password": PASSWORD}).status_code == 302


def test_the_api_docs_are_linked_only_for_roles_whose_systems_use_the_api(client, bekasi_officer, counselor):
    client.force_login(bekasi_officer)
    assert 'href="/api/v1/docs"' in client.get("/").content.decode()

    client.force_login(counselor)
    assert 'href="/api/v1/docs"' not in client.get("/").content.decode()
