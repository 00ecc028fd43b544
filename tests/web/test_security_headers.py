"""Headers every response carries (issue #25): a Content-Security-Policy, and no-store wherever a
full NIK may be shown."""

from http import HTTPStatus

import pytest

from tests.web.test_pages import internal_links, one_user_per_role
from wirausaha.accounts.models import Role
from wirausaha.testing import make_participant

pytestmark = pytest.mark.django_db


def assert_policy(response, url):
    policy = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy, url
    assert "script-src 'self'" in policy and "unsafe-inline' ;" not in policy, url
    assert "'unsafe-eval'" not in policy


def test_every_main_page_of_every_role_has_a_policy_and_is_not_stored(client):
    for user in one_user_per_role():
        client.force_login(user)
        home = client.get("/")
        for url in ["/", *internal_links(home.content.decode())]:
            response = client.get(url)
            assert response.status_code == HTTPStatus.OK, (user.role, url)
            assert_policy(response, url)
            assert response["Cache-Control"] == "no-store", (user.role, url)


def test_pages_and_exports_with_a_full_nik_are_not_stored(client, national_admin, participant_user):
    participant = make_participant("Budi Santoso", village="32.16.02.2001", sex="M")
    client.force_login(national_admin)
    for url in (f"/peserta/{participant.pk}/", f"/api/v1/participants/{participant.pk}/export"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        assert response["Cache-Control"] == "no-store", url
    client.force_login(participant_user)
    response = client.get("/peserta/saya/unduh.json")
    assert response.status_code == HTTPStatus.OK
    assert response["Cache-Control"] == "no-store"


def test_anonymous_pages_have_the_policy_and_static_files_stay_cacheable(client):
    for url in ("/masuk/", "/peserta/daftar/", "/verify/", "/api/v1/docs"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        assert_policy(response, url)
    assert client.get("/api/v1/regions")["Cache-Control"] == "no-store"
    static = client.get("/static/css/wirausaha.css")
    assert static.status_code == HTTPStatus.OK
    assert "no-store" not in static.get("Cache-Control", "")
    # Part-way through registering (a session), the pages are not stored either.
    client.post("/peserta/daftar/", {})
    if client.cookies.get("sessionid"):
        assert client.get("/peserta/daftar/")["Cache-Control"] == "no-store"
    assert Role.PARTICIPANT  # the personas' roles are the demo roles
