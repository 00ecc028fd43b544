"""Bad input refused at the edge (issue #25): control characters, oversized bodies, huge pages."""

import json
from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db

ANONYMOUS_URLS = [
    "/api/v1/regions?q=a%00b",
    "/api/v1/regions/32%00",
    "/api/v1/sectors?q=%00",
    "/verify/AB%00C",
    "/verify/AB%00C/",
    "/peserta/daftar/kbli/?q=%00",
    "/peserta/daftar/wilayah/?province=3%002",
    "/gelombang/X%00/hasil/",
    "/masuk/?next=/%00",
]
OFFICER_URLS = [
    "/peserta/?q=%00",
    "/peserta/?q=a%01b",
    "/peserta/?%00=1",
    "/api/v1/participants?q=%00",
    "/gelombang/X%00/",
    "/gelombang/X%00/peserta/",
    "/balai/?q=%00",
    "/akun/audit/?q=%00",
]


def assert_refused(response, url):
    assert response.status_code == HTTPStatus.BAD_REQUEST, (url, response.status_code)
    if url.startswith("/api/"):
        body = response.json()
        assert body["code"] == "control_characters", url
        assert "NUL" in body["detail"]
    else:
        assert response["Content-Type"].startswith("text/html")
        assert "karakter kontrol" in response.content.decode(), url


def test_control_characters_in_anonymous_urls_are_refused(client):
    for url in ANONYMOUS_URLS:
        assert_refused(client.get(url), url)


def test_control_characters_in_signed_in_urls_are_refused(client, national_admin):
    client.force_login(national_admin)
    for url in OFFICER_URLS:
        assert_refused(client.get(url), url)


def test_control_characters_in_form_fields_and_json_bodies_are_refused(client, national_admin):
    client.force_login(national_admin)
    response = client.post(
        "/api/v1/participants", {"full_name": "Siti\u0000"}, content_type="application/json"
    )
    assert_refused(response, "/api/v1/participants")
    # An escaped NUL in JSON is a NUL all the same, whatever the content type claims.
    body = '{"full_name": "Siti\\u0000", "nested": [{"x": "ok"}]}'
    response = client.post("/api/v1/participants", body, content_type="text/plain")
    assert_refused(response, "/api/v1/participants")
    response = client.post("/peserta/daftar/", {"full_name": "Siti\x00Rahma"})
    assert_refused(response, "/peserta/daftar/")


def test_tab_newline_and_ordinary_text_pass(client, national_admin):
    assert client.get("/api/v1/regions?q=jawa%09barat").status_code == HTTPStatus.OK
    assert client.get("/api/v1/regions?q=K%C3%B6ln").status_code == HTTPStatus.OK
    client.force_login(national_admin)
    assert client.get("/peserta/?q=a%0Ab").status_code == HTTPStatus.OK
    body = json.dumps({"full_name": "Siti\nRahma"})
    response = client.post("/api/v1/participants", body, content_type="application/json")
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY  # the API's own validation


class Unreadable:
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, settings):
    from django.test import RequestFactory

    from wirausaha.common.middleware import LimitRequestSizeMiddleware

    assert settings.MAX_REQUEST_BYTES == 25 * 1024 * 1024
    five_hundred_mb = str(500 * 1024 * 1024)
    response = client.post(
        "/peserta/daftar/2/",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=five_hundred_mb,
    )
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert "batasnya 25 MB" in response.content.decode()
    response = client.post(
        "/api/v1/participants", b"{}", content_type="application/json", CONTENT_LENGTH=five_hundred_mb
    )
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert response.json()["code"] == "too_large"

    request = RequestFactory().post("/peserta/daftar/2/", b"", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = five_hundred_mb
    request.META["wsgi.input"] = Unreadable()
    request._stream = Unreadable()
    middleware = LimitRequestSizeMiddleware(lambda request: request.read())
    assert middleware(request).status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE


def test_a_chunked_body_without_a_length_is_read_only_up_to_the_limit(settings):
    import io

    from django.test import RequestFactory

    from wirausaha.common.middleware import LimitRequestSizeMiddleware

    settings.MAX_REQUEST_BYTES = 1000

    def chunked(body: bytes):
        request = RequestFactory().post("/api/v1/participants", b"", content_type="application/json")
        request.META.pop("CONTENT_LENGTH", None)
        request.META["HTTP_TRANSFER_ENCODING"] = "chunked"
        request.META["wsgi.input"] = io.BytesIO(body)
        return request

    middleware = LimitRequestSizeMiddleware(lambda request: request.body)
    assert middleware(chunked(b"x" * 1001)).status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert middleware(chunked(b'{"a": 1}')) == b'{"a": 1}'
