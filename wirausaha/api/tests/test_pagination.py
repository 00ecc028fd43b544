"""A page number beyond what the database can count answers 422, never 500 (issue #25)."""

from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def test_a_huge_page_of_a_public_list_is_invalid_input(client):
    for url in ("/api/v1/regions", "/api/v1/sectors"):
        for page in (HUGE, "9223372036854775807", "1000001"):
            response = client.get(url, {"page": page})
            assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY, (url, page)
            assert response.json()["errors"][0]["field"] == "page", response.json()
        response = client.get(url, {"page_size": HUGE})
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
        assert response.json()["errors"][0]["field"] == "page_size"


def test_a_huge_page_of_a_signed_in_list_is_invalid_input(client, national_admin):
    client.force_login(national_admin)
    for url in ("/api/v1/participants", "/api/v1/waves/X/enrolments", "/api/v1/waves/X/placements"):
        response = client.get(url, {"page": HUGE})
        assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY, url
        assert response.json()["errors"][0]["field"] == "page"


def test_a_far_page_within_the_limit_is_an_empty_page(client):
    response = client.get("/api/v1/regions", {"page": "1000000"})
    assert response.status_code == HTTPStatus.OK
    assert response.json()["items"] == []


def test_the_html_pages_give_the_nearest_page_for_any_page_number(client, national_admin):
    client.force_login(national_admin)
    for page in (HUGE, "-1", "1e99", "x", "0"):
        assert client.get("/peserta/", {"page": page}).status_code == HTTPStatus.OK, page
        assert client.get("/gelombang/", {"page": page}).status_code == HTTPStatus.OK, page
