import re
import time
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from wirausaha.accounts.actions import create_api_token, revoke_api_token
from wirausaha.accounts.models import ApiToken, Role, User
from wirausaha.accounts.queries import TOKEN_TRUSTED_SECONDS, user_for_token
from wirausaha.accounts.tokens import digest

pytestmark = pytest.mark.django_db


def test_health_reports_a_reachable_database_and_no_pending_migrations(client):
    response = client.get("/api/v1/health")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"ok": True, "database": True, "unapplied_migrations": []}


def test_openapi_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == HTTPStatus.OK
    assert "/api/v1/regions" in schema.json()["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == HTTPStatus.OK
    html = docs.content.decode()
    # Every script, style sheet and icon comes from this server (no host in any address). Not a
    # search for "cdn": the page's random CSRF token may hold those three letters.
    addresses = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in addresses
    assert [address for address in addresses if not address.startswith("/") or address.startswith("//")] == []
    assert "://" not in html  # nor in the settings the page hands to the script


def test_regions_lists_the_children_of_a_parent_page_by_page(client):
    response = client.get("/api/v1/regions", {"parent": "32"})
    body = response.json()
    assert response.status_code == HTTPStatus.OK
    assert body["count"] == 27
    assert {"code": "32.16", "name": "Kabupaten Bekasi"}.items() <= next(
        r for r in body["items"] if r["code"] == "32.16"
    ).items()
    villages = client.get("/api/v1/regions", {"parent": "32.16.01", "page": 1}).json()
    assert villages["count"] == len(villages["items"]) > 0


def test_regions_without_parent_are_the_38_provinces(client):
    assert client.get("/api/v1/regions").json()["count"] == 38


def test_a_malformed_region_code_is_a_422_naming_the_field(client):
    response = client.get("/api/v1/regions", {"parent": "32-16"})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"][0]["field"] == "parent"


def test_an_unknown_region_is_a_404_in_json(client):
    response = client.get("/api/v1/regions/99.99")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["code"] == "not_found"


def test_sectors_can_be_searched_by_word(client):
    from wirausaha.reference.models import Sector

    body = client.get("/api/v1/sectors", {"q": "kopi"}).json()
    assert body["count"] > 0
    # Titles that hold the word come first, then entries whose description does; "fotokopi" is no match.
    in_title = ["kopi" in item["title"].lower().replace(",", " ").split() for item in body["items"]]
    assert in_title[0] and in_title == sorted(in_title, reverse=True)
    descriptions = dict(
        Sector.objects.filter(code__in=[i["code"] for i in body["items"]]).values_list("code", "description")
    )
    assert all("kopi" in f"{item['title']} {descriptions[item['code']]}".lower() for item in body["items"])
    assert not any("fotokopi" in item["title"].lower() for item in body["items"])


def test_sectors_can_be_searched_by_code_prefix(client):
    codes = [item["code"] for item in client.get("/api/v1/sectors", {"q": "1011"}).json()["items"]]
    assert codes and all(code.startswith("1011") for code in codes)


def test_me_needs_authentication(client):
    response = client.get("/api/v1/me")
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["code"] == "unauthenticated"


def test_me_answers_for_a_session(client, jabar_officer):
    client.force_login(jabar_officer)
    body = client.get("/api/v1/me").json()
    assert (body["username"], body["role"], body["scope_region"]) == ("jabar", "provincial_officer", "32")


def test_create_api_token_prints_a_token_that_authenticates_and_stores_only_its_hash(client, bekasi_officer):
    out = StringIO()
    call_command("create_api_token", "bekasi", stdout=out, stderr=StringIO())
    secret = out.getvalue().strip()

    token = ApiToken.objects.get(user=bekasi_officer)
    assert token.key_hash == digest(secret)
    assert secret not in {token.key_hash, token.prefix, token.name}

    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["username"] == "bekasi"


def test_a_revoked_or_expired_token_is_refused(client, bekasi_officer):
    out = StringIO()
    call_command("create_api_token", "bekasi", stdout=out, stderr=StringIO())
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(user=bekasi_officer)

    token.expires_at = timezone.now() - timezone.timedelta(seconds=1)
    token.save()
    assert (
        client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == HTTPStatus.UNAUTHORIZED
    )

    token.expires_at = None
    token.revoked_at = timezone.now()
    token.save()
    assert (
        client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == HTTPStatus.UNAUTHORIZED
    )


def test_a_token_revoked_through_the_action_is_refused_at_once(
    client, bekasi_officer, django_capture_on_commit_callbacks
):
    token, secret = create_api_token(user=bekasi_officer, by=None)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == HTTPStatus.OK

    with django_capture_on_commit_callbacks(execute=True):
        revoke_api_token(token, by=None)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.parametrize(
    "change_elsewhere",
    [
        lambda token: ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now()),
        lambda token: User.objects.filter(pk=token.user_id).update(is_active=False),
    ],
    ids=["token revoked", "user deactivated"],
)
def test_a_token_revoked_in_another_process_is_refused_once_the_trusted_time_has_passed(
    client, bekasi_officer, monkeypatch, change_elsewhere
):
    token, secret = create_api_token(user=bekasi_officer, by=None)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == HTTPStatus.OK

    change_elsewhere(token)  # as another server process would, without this one knowing
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == HTTPStatus.OK

    later = time.monotonic() + TOKEN_TRUSTED_SECONDS
    monkeypatch.setattr(time, "monotonic", lambda: later)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_a_trusted_token_is_refused_as_soon_as_it_expires(client, bekasi_officer, monkeypatch):
    token, secret = create_api_token(user=bekasi_officer, by=None)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == HTTPStatus.OK

    expired = token.expires_at + timezone.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: expired)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_a_trusted_token_costs_no_query_and_its_user_is_a_fresh_copy(
    client, bekasi_officer, django_assert_num_queries
):
    _, secret = create_api_token(user=bekasi_officer, by=None)
    first = user_for_token(secret)
    first.role = Role.NATIONAL_ADMIN  # what one request does to its user stays with it

    with django_assert_num_queries(0):
        again = user_for_token(secret)
    assert again.pk == bekasi_officer.pk
    assert again.role == Role.REGENCY_OFFICER


def test_a_made_up_token_is_refused(client, bekasi_officer):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer wrs_not-a-real-token")
    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_create_api_token_for_an_unknown_user_fails_clearly(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No active user named 'nobody'"):
        call_command("create_api_token", "nobody")


def test_a_wrong_token_on_a_post_is_a_401_not_a_csrf_failure(client):
    response = client.post(
        "/api/v1/participants", "{}", content_type="application/json", HTTP_AUTHORIZATION="Bearer wrs_wrong"
    )
    assert response.status_code == HTTPStatus.UNAUTHORIZED
