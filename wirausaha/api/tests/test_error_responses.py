"""Under /api/ every error is JSON in the one shape, and the schema says which each operation can
answer (issue #25)."""

from http import HTTPStatus
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

pytestmark = pytest.mark.django_db


def assert_error(response, status, code):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code, body
    assert body["detail"]


def test_unauthenticated_calls_answer_401_in_json(client):
    assert_error(client.get("/api/v1/participants"), HTTPStatus.UNAUTHORIZED, "unauthenticated")
    response = client.post("/api/v1/participants", {}, content_type="application/json")
    assert_error(response, HTTPStatus.UNAUTHORIZED, "unauthenticated")
    # Even with a session that is not signed in (a visitor who switched the language).
    client.post("/bahasa/", {"language": "en", "next": "/"})
    response = client.post("/api/v1/participants", {}, content_type="application/json")
    assert_error(response, HTTPStatus.UNAUTHORIZED, "unauthenticated")


def test_a_signed_in_session_without_the_csrf_token_answers_403_in_json(national_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(national_admin)
    response = client.post("/api/v1/participants", {}, content_type="application/json")
    assert_error(response, HTTPStatus.FORBIDDEN, "csrf_failed")


def test_unknown_routes_wrong_methods_and_server_errors_answer_json(client):
    assert_error(client.get("/api/v1/no-such-thing"), HTTPStatus.NOT_FOUND, "not_found")
    assert_error(client.get("/api/v1/regions/99.99"), HTTPStatus.NOT_FOUND, "not_found")
    assert_error(client.delete("/api/v1/regions"), HTTPStatus.METHOD_NOT_ALLOWED, "method_not_allowed")
    failing = Client(raise_request_exception=False)
    with mock.patch("wirausaha.reference.api.get_region", side_effect=RuntimeError("boom")):
        response = failing.get("/api/v1/regions/32")
    assert_error(response, HTTPStatus.INTERNAL_SERVER_ERROR, "server_error")
    assert "boom" not in response.content.decode()
    # Pages elsewhere keep their HTML error pages.
    assert client.get("/tidak-ada/").status_code in (HTTPStatus.FOUND, HTTPStatus.NOT_FOUND)


def test_the_schema_documents_each_operations_errors(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "Error" in schema["components"]["schemas"]
    regions = schema["paths"]["/api/v1/regions"]["get"]["responses"]
    assert "422" in regions and "401" not in regions  # public, takes a search
    region = schema["paths"]["/api/v1/regions/{code}"]["get"]["responses"]
    assert region["404"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    participant = schema["paths"]["/api/v1/participants/{participant_id}"]["get"]["responses"]
    assert {"401", "403", "404", "422"} <= set(participant)
    create = schema["paths"]["/api/v1/participants"]["post"]["responses"]
    assert {"401", "422"} <= set(create)


def test_every_operation_documents_the_edge_refusals_400_and_413(client, settings):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"400", "413"} <= set(operation["responses"]), f"{method.upper()} {path}"
    # And the middleware answers them in the documented shape.
    assert_error(client.get("/api/v1/regions?q=a%00b"), HTTPStatus.BAD_REQUEST, "control_characters")
    settings.MAX_REQUEST_BYTES = 10
    response = client.post("/api/v1/participants", {"nik": "x" * 20}, content_type="application/json")
    assert_error(response, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too_large")


def test_a_form_post_to_a_json_operation_is_refused_400_not_a_server_error(national_admin):
    """The edge middleware reads a form under /api/ from the raw body, so ninja can still read the
    body after it (reading request.POST first made a multipart body a RawPostDataException, a 500)."""
    client = Client(raise_request_exception=False)
    client.force_login(national_admin)
    for form in (
        {},  # the test client's multipart
        {"data": {"nik": "3216014508850003"}},
        {"data": "nik=3216014508850003", "content_type": "application/x-www-form-urlencoded"},
    ):
        assert_error(client.post("/api/v1/participants", **form), HTTPStatus.BAD_REQUEST, "error")
    # The form is still checked for control characters.
    response = client.post("/api/v1/participants", {"nik": "32\x0016"})
    assert_error(response, HTTPStatus.BAD_REQUEST, "control_characters")
    # A form larger than Django's in-memory body limit (an upload) is streamed, not read whole:
    # its fields and file names are still checked, and a JSON operation still answers 400.
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 " + b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    assert_error(client.post("/api/v1/participants", {"file": big}), HTTPStatus.BAD_REQUEST, "error")
    big.seek(0)
    response = client.post("/api/v1/participants", {"nik": "32\x0016", "file": big})
    assert_error(response, HTTPStatus.BAD_REQUEST, "control_characters")
