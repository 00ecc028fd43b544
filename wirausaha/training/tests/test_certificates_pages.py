"""Certificates through HTTP: the public check (page and API) for valid, revoked and unknown codes,
which never shows more than the paper; the holder's page and download, scoped to holder, national
admin and the issuing centre; the centre's revoke page. Pages render in Indonesian (the default)."""

import json
import re
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.formats import date_format

from wirausaha.accounts.models import Organisation, Role
from wirausaha.common.models import AuditEvent
from wirausaha.testing import make_centre, make_cohort, make_organisation, make_participant, make_user
from wirausaha.training.certificates.actions import issue_certificate, revoke_certificate
from wirausaha.training.models import Certificate

from .test_certificates import bekasi_centre, graduate, issued

pytestmark = pytest.mark.usefixtures("fast_password_hasher", "private_files")


@pytest.fixture
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def holders_certificate(participant_user, django_capture_on_commit_callbacks):
    """The participant persona graduated from a class of the operator persona's centre (drawn)."""
    bekasi_centre()
    return issued(participant_user.participant, capture=django_capture_on_commit_callbacks)


def identifiers(participant) -> list[str]:
    """What must never appear on a public page: NIK (whole and its distinctive part), phone, birth date."""
    return [
        participant.nik,
        participant.nik[6:12],
        participant.phone,
        participant.phone.removeprefix("+62"),
        participant.birth_date.strftime("%d/%m/%Y"),
        participant.birth_date.isoformat(),
        "5 Agustus 1985",
    ]


# The public check ---------------------------------------------------------------------------


def test_a_stranger_sees_a_valid_certificate_with_only_what_the_paper_shows(client, holders_certificate):
    certificate = holders_certificate
    response = client.get(f"/verify/{certificate.document.code}")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Sertifikat ini diterbitkan melalui Wirausaha dan sah." in html
    for fact in (
        certificate.document.holder_name,
        certificate.course_title,
        certificate.centre_name,
        certificate.document.number,
    ):
        assert fact in html
    for secret in identifiers(certificate.enrolment.participant):
        assert secret not in html
    assert response["Cache-Control"] == "no-store"
    assert "noindex" in response["X-Robots-Tag"]


def test_a_typed_code_is_found_with_spaces_small_letters_or_a_trailing_slash(client, holders_certificate):
    code = holders_certificate.document.code
    grouped = " ".join(code[i : i + 4] for i in range(0, 24, 4)).lower()
    assert client.get(f"/verify/{code}/").status_code == HTTPStatus.OK
    response = client.get("/verify/", {"code": grouped})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == f"/verify/{code}"
    assert client.get(response["Location"]).status_code == HTTPStatus.OK


def test_a_revoked_certificate_shows_as_revoked_with_its_date_but_not_the_reason(
    client, holders_certificate, national_admin
):
    revoke_certificate(holders_certificate, by=national_admin, reason="Nilai ujian salah input")
    holders_certificate.refresh_from_db()
    html = client.get(f"/verify/{holders_certificate.document.code}").content.decode()
    assert "Dicabut: tidak sah" in html
    with translation.override("id"):
        # The date in Bekasi (WIB), which is already the next day from 17:00 UTC.
        revoked_on = holders_certificate.document.revoked_at.astimezone(ZoneInfo("Asia/Jakarta")).date()
        assert date_format(revoked_on, "j F Y") in html
    assert "Nilai ujian salah input" not in html
    assert "dan sah." not in html


def test_an_unknown_code_is_a_friendly_404_that_says_nothing_about_near_matches(client, holders_certificate):
    code = holders_certificate.document.code
    near = code[:-1] + ("A" if code[-1] != "A" else "B")
    far = "Z" * 24
    pages = {}
    for attempt in (near, far, "not-a-code", "<script>"):
        response = client.get(f"/verify/{attempt}")
        assert response.status_code == HTTPStatus.NOT_FOUND
        html = response.content.decode()
        assert "Tidak ada sertifikat dengan kode verifikasi ini." in html
        assert (
            holders_certificate.document.holder_name not in html
            and holders_certificate.document.number not in html
        )
        assert "<script>" not in html.split("<main", 1)[1]
        pages[attempt] = re.sub(
            r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", html.replace(attempt, "")
        )
    # The near miss and the far miss answer alike, apart from echoing what was typed (and the
    # per-request form token).
    assert pages[near] == pages[far]


def test_the_api_check_answers_valid_revoked_and_unknown_without_login(
    client, holders_certificate, national_admin
):
    url = f"/api/v1/certificates/{holders_certificate.document.code}/verify"
    body = client.get(url).json()
    assert body["valid"] is True and body["status"] == "valid"
    assert body["number"] == holders_certificate.document.number
    assert body["holder_name"] == holders_certificate.document.holder_name
    assert body["revoked_on"] is None
    assert set(body) == {
        "valid",
        "status",
        "number",
        "holder_name",
        "course_title",
        "centre_name",
        "hours_jp",
        "starts_on",
        "ends_on",
        "issued_on",
        "revoked_on",
    }
    raw = json.dumps(body)
    for secret in identifiers(holders_certificate.enrolment.participant):
        assert secret not in raw

    revoke_certificate(holders_certificate, by=national_admin, reason="Salah terbit")
    body = client.get(url).json()
    assert body["valid"] is False and body["status"] == "revoked" and body["revoked_on"]

    missing = client.get(f"/api/v1/certificates/{'A' * 24}/verify")
    assert missing.status_code == HTTPStatus.NOT_FOUND and missing.json()["code"] == "not_found"


# The holder's page and the download ------------------------------------------------------------


def test_the_holder_finds_the_certificate_on_their_page_and_downloads_the_pdf(client, holders_certificate):
    client.force_login(holders_certificate.enrolment.participant.user)
    html = client.get("/pelatihan/sertifikat/saya/").content.decode()
    download = f"/pelatihan/sertifikat/{holders_certificate.document.code}/unduh/"
    assert holders_certificate.document.number in html and download in html
    assert f"/verify/{holders_certificate.document.code}" in html

    response = client.get(download)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # The holder's own download is not an event for the audit trail; staff downloads are.
    assert not AuditEvent.objects.filter(verb="certificate.downloaded").exists()


def test_before_the_pdf_is_drawn_the_page_says_it_is_being_prepared(client, participant_user):
    bekasi_centre()
    certificate = issued(participant_user.participant)  # the render task has not run
    client.force_login(participant_user)
    html = client.get("/pelatihan/sertifikat/saya/").content.decode()
    assert "sedang disiapkan" in html
    assert f"/pelatihan/sertifikat/{certificate.document.code}/unduh/" not in html
    response = client.get(f"/pelatihan/sertifikat/{certificate.document.code}/unduh/")
    assert response.status_code == HTTPStatus.FOUND


def test_a_lost_file_is_drawn_again_instead_of_failing(client, holders_certificate):
    holders_certificate.document.pdf.storage.delete(holders_certificate.document.pdf.name)
    client.force_login(holders_certificate.enrolment.participant.user)
    download = f"/pelatihan/sertifikat/{holders_certificate.document.code}/unduh/"
    assert client.get(download).status_code == HTTPStatus.FOUND
    # The task ran (immediately, in tests): the next try gets the PDF.
    assert holders_certificate.document.pdf.storage.exists(holders_certificate.document.pdf.name)
    assert client.get(download).status_code == HTTPStatus.OK


def test_a_participant_without_a_certificate_sees_an_empty_page(client, bekasi_participant):
    user = make_user("budi", Role.PARTICIPANT)
    make_participant("Budi", user=user)
    client.force_login(user)
    html = client.get("/pelatihan/sertifikat/saya/").content.decode()
    assert "Anda belum memiliki sertifikat." in html


def test_only_the_holder_a_national_admin_and_the_issuing_centre_may_download(
    client, holders_certificate, national_admin, centre_operator, auditor, jabar_officer
):
    download = f"/pelatihan/sertifikat/{holders_certificate.document.code}/unduh/"
    other_participant = make_user("lain", Role.PARTICIPANT)
    make_participant("Peserta Lain", user=other_participant)
    elsewhere = make_organisation("BLK Kota Bandung", Organisation.Kind.TRAINING_CENTRE, "32.73")
    other_operator = make_user("operator.bandung", Role.CENTRE_OPERATOR, organisation=elsewhere)
    for outsider in (other_participant, other_operator, auditor, jabar_officer):
        client.force_login(outsider)
        assert client.get(download).status_code == HTTPStatus.NOT_FOUND, outsider.username
    for allowed in (national_admin, centre_operator, holders_certificate.enrolment.participant.user):
        client.force_login(allowed)
        assert client.get(download).status_code == HTTPStatus.OK, allowed.username
    assert AuditEvent.objects.filter(verb="certificate.downloaded").count() == 2
    client.logout()
    assert client.get(download).status_code == HTTPStatus.FOUND  # to the login page


def test_a_revoked_certificate_can_no_longer_be_downloaded(client, holders_certificate, national_admin):
    revoke_certificate(holders_certificate, by=national_admin, reason="Salah terbit")
    client.force_login(holders_certificate.enrolment.participant.user)
    assert client.get(f"/pelatihan/sertifikat/{holders_certificate.document.code}/unduh/").status_code == 404
    assert "tidak berlaku lagi" in client.get("/pelatihan/sertifikat/saya/").content.decode()


# The centre's list and the revoke page ---------------------------------------------------------


def test_the_centre_lists_its_own_certificates_only(client, holders_certificate, centre_operator):
    cohort, enrolment = graduate(
        make_participant("Dewi Lestari"), make_cohort(make_centre("BLK Kota Bandung"))
    )
    other = issue_certificate(enrolment=enrolment, cohort=cohort, by=None)
    client.force_login(centre_operator)
    html = client.get("/pelatihan/sertifikat/").content.decode()
    assert holders_certificate.document.number in html and other.document.number not in html
    assert f"/pelatihan/sertifikat/{holders_certificate.document.code}/cabut/" in html
    searched = client.get("/pelatihan/sertifikat/", {"q": "Dewi"}).content.decode()
    assert "Tidak ada sertifikat yang cocok dengan pencarian ini." in searched


def test_the_issuing_centre_revokes_on_a_confirmation_page_with_a_required_reason(
    client, holders_certificate, centre_operator
):
    page = f"/pelatihan/sertifikat/{holders_certificate.document.code}/cabut/"
    client.force_login(centre_operator)
    confirm = client.get(page)
    assert confirm.status_code == HTTPStatus.OK
    assert "Pencabutan tidak dapat dibatalkan." in confirm.content.decode()

    refused = client.post(page, {"reason": "  "})
    assert refused.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "Tuliskan alasan sertifikat dicabut." in refused.content.decode()
    assert Certificate.objects.get(pk=holders_certificate.pk).is_valid

    done = client.post(page, {"reason": "Diterbitkan untuk orang yang salah"})
    assert done.status_code == HTTPStatus.FOUND
    certificate = Certificate.objects.get(pk=holders_certificate.pk)
    assert not certificate.is_valid and certificate.document.revoked_by == centre_operator
    assert AuditEvent.objects.get(verb="certificate.revoked").reason == "Diterbitkan untuk orang yang salah"
    assert "Dicabut: tidak sah" in client.get(f"/verify/{certificate.document.code}").content.decode()


def test_others_cannot_open_the_revoke_page(client, holders_certificate, jabar_officer):
    page = f"/pelatihan/sertifikat/{holders_certificate.document.code}/cabut/"
    elsewhere = make_organisation("BLK Kota Bandung", Organisation.Kind.TRAINING_CENTRE, "32.73")
    other_operator = make_user("operator.bandung", Role.CENTRE_OPERATOR, organisation=elsewhere)
    for outsider in (other_operator, jabar_officer, holders_certificate.enrolment.participant.user):
        client.force_login(outsider)
        assert client.get(page).status_code == HTTPStatus.NOT_FOUND
        assert client.post(page, {"reason": "coba"}).status_code == HTTPStatus.NOT_FOUND
    assert Certificate.objects.get(pk=holders_certificate.pk).is_valid
