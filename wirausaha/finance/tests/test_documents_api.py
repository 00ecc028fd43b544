"""Uploading an application's documents through the API (multipart): the same content check and
size limit as the page, a 422 naming the field, and the same scope as the rest of the finance API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wirausaha.accounts.models import Role
from wirausaha.common.audit import AuditEvent
from wirausaha.finance.actions import applications
from wirausaha.finance.actions.referrals import refer_application
from wirausaha.finance.models import ApplicationDocument
from wirausaha.testing import make_user

from .applicants import JPEG, PDF, PNG, application_for, bank, coached_applicant

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(user, application, kind: str | None, name: str = "scan.png", content: bytes = PNG):
    data = {} if kind is None else {"kind": kind}
    if content is not None:
        data["file"] = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client_of(user).post(f"/api/v1/finance/applications/{application.pk}/documents", data)


def fields(response) -> dict:
    assert response.status_code == 422, response.content
    return {error["field"]: error["message"] for error in response.json()["errors"]}


@pytest.fixture
def started(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    applicant = coached_applicant()
    return applicant, application_for(applicant, documents=())


def test_the_participant_uploads_by_content_and_a_second_upload_replaces_the_first(started):
    applicant, application = started
    first = post(applicant.user, application, "ektp", name="ktp.png", content=PNG)
    assert first.status_code == 201, first.content
    assert first.json()["kind"] == "ektp" and first.json()["content_type"] == "image/png"
    # A JPEG named .pdf is stored as what it is.
    again = post(applicant.user, application, "ektp", name="ktp.pdf", content=JPEG)
    assert again.status_code == 201
    assert again.json()["content_type"] == "image/jpeg" and again.json()["size"] == len(JPEG)
    stored = ApplicationDocument.objects.get(application=application)
    assert (stored.kind, stored.extension) == ("ektp", "jpg")
    assert AuditEvent.objects.filter(verb="finance_application.document_uploaded").count() == 2
    shown = client_of(applicant.user).get(f"/api/v1/finance/applications/{application.pk}").json()
    assert shown["documents"] == ["ektp"]


def test_the_counselor_uploads_for_their_client(started):
    applicant, application = started
    response = post(applicant.counselor.user, application, "kk", name="kk.pdf", content=PDF)
    assert response.status_code == 201
    assert ApplicationDocument.objects.get(application=application, kind="kk").content_type == (
        "application/pdf"
    )


def test_bad_uploads_get_a_422_naming_the_field_and_store_nothing(started):
    applicant, application = started
    user = applicant.user
    disguised = fields(post(user, application, "ektp", name="ktp.png", content=b"MZ\x90\x00 not a scan"))
    # The messages are in Indonesian, the interface's language.
    assert "PDF, JPEG atau PNG" in disguised["file"]
    # The page's limit (5 MB), over Django's in-memory body limit: the upload is streamed.
    big = PNG + b"\x00" * (applications.MAX_DOCUMENT_BYTES + 1 - len(PNG))
    assert "batasnya 5 MB" in fields(post(user, application, "ektp", content=big))["file"]
    just_under = PNG + b"\x00" * (3 * 1024 * 1024 - len(PNG))
    assert post(user, application, "ektp", name="ktp.png", content=just_under).status_code == 201
    ApplicationDocument.objects.filter(application=application).delete()
    assert "kosong" in fields(post(user, application, "ektp", content=b""))["file"]
    assert "file" in fields(post(user, application, "ektp", content=None))
    assert "kind" in fields(post(user, application, "passport"))
    assert "kind" in fields(post(user, application, None))
    assert not ApplicationDocument.objects.filter(application=application).exists()


def test_others_get_404_like_a_missing_application(started):
    applicant, application = started
    other = coached_applicant("budi", counselor_name="rina")
    partner, officer = bank()
    auditor = make_user("auditor.uji", Role.AUDITOR)
    for user in (other.user, other.counselor.user, officer, auditor):
        response = post(user, application, "ektp")
        assert response.status_code == 404, (user.username, response.status_code)
    missing = client_of(applicant.user).post(
        "/api/v1/finance/applications/999999/documents",
        {"kind": "ektp", "file": SimpleUploadedFile("a.png", PNG)},
    )
    assert missing.status_code == 404
    assert not ApplicationDocument.objects.filter(application=application).exists()
    # Once with the partner (referred), documents can no longer be changed: a clear refusal.
    for kind in ("ektp", "kk", "bank_account"):
        assert post(applicant.user, application, kind).status_code == 201
    refer_application(application=application, partner=partner, by=applicant.counselor.user)
    late = post(applicant.user, application, "npwp")
    assert late.status_code == 400 and late.json()["code"] == "conflict"
    assert "tidak dapat diubah lagi" in late.json()["detail"]
    assert not ApplicationDocument.objects.filter(application=application, kind="npwp").exists()
