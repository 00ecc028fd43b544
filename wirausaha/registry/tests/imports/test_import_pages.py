"""Bulk import of layoff lists: the pages (upload, check, apply, the error file, templates)."""

import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from wirausaha.accounts.models import Role
from wirausaha.common.models import AuditEvent
from wirausaha.registry.imports.actions import create_import_job
from wirausaha.registry.imports.queries import error_file
from wirausaha.registry.imports.run import run_import
from wirausaha.registry.models import ImportJob, Participant
from wirausaha.registry.tests.imports.support import HEADER, check, csv_bytes, nik, row, xlsx_bytes
from wirausaha.testing import make_user

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name="daftar.csv", dry_run=True):
    fields = {"file": SimpleUploadedFile(name, data)}
    if dry_run:
        fields["dry_run"] = "on"
    return client.post("/peserta/impor/", fields)


def test_upload_check_apply_and_download_errors(client, bekasi_officer):
    client.force_login(bekasi_officer)
    data = csv_bytes(
        row(1), row(2, no_hp="12345"), row(3), row(4, kode_wilayah="51.71.01.1001"), delimiter=";"
    )

    response = upload(client, data)

    job = ImportJob.objects.get()
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == f"/peserta/impor/{job.pk}/"
    assert (job.status, job.valid, job.invalid, job.created) == (ImportJob.Status.CHECKED, 2, 2, 2)
    assert Participant.objects.count() == 0
    page = client.get(f"/peserta/impor/{job.pk}/").content.decode()
    assert "no_hp" in page and "kode_wilayah" in page and f"/peserta/impor/{job.pk}/terapkan/" in page

    confirm = client.get(f"/peserta/impor/{job.pk}/terapkan/").content.decode()
    assert "2" in confirm and 'method="post"' in confirm
    response = client.post(f"/peserta/impor/{job.pk}/terapkan/")

    job.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert (job.status, job.dry_run, job.created) == (ImportJob.Status.APPLIED, False, 2)
    assert Participant.objects.count() == 2
    # The audit trail names the import by its file.
    assert AuditEvent.objects.get(verb="participant.imported").target_label == f"daftar.csv (#{job.pk})"

    response = client.get(f"/peserta/impor/{job.pk}/kesalahan.csv")
    assert response["Content-Type"].startswith("text/csv")
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join([*HEADER, "kesalahan"])
    assert len(lines) == 3
    assert lines[1].startswith(f'"=""{nik(2)}""";') and "no_hp:" in lines[1]
    assert AuditEvent.objects.filter(verb="participant.import_errors_downloaded").count() == 1


def test_the_error_file_can_be_fixed_and_uploaded_again():
    job_data = csv_bytes(row(1), row(2, no_hp="12345"))
    user = make_user("pusat", Role.NATIONAL_ADMIN)
    job = create_import_job(upload=SimpleUploadedFile("a.csv", job_data), dry_run=False, by=user)
    run_import(job)

    fixed = error_file(job).replace(b"12345", b"081299998888")
    result = check(fixed, dry_run=False)

    assert (result.valid, result.created, result.errors) == (1, 1, [])
    assert [w["column"] for w in result.warnings] == ["kesalahan"]
    assert Participant.objects.count() == 2


def test_apply_directly_without_a_dry_run(client, national_admin):
    client.force_login(national_admin)
    upload(client, xlsx_bytes(row(1), row(2)), name="daftar.xlsx", dry_run=False)
    job = ImportJob.objects.get()
    assert (job.status, job.created) == (ImportJob.Status.APPLIED, 2)
    assert Participant.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".xls"),
        (csv_bytes(row(1)[:5], header=HEADER[:5]), "kode_wilayah, tanggal_phk"),
    ],
)
def test_unusable_uploads_are_refused_on_the_form(client, bekasi_officer, data, message):
    client.force_login(bekasi_officer)
    response = upload(client, data)
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_large_file_runs_in_the_background_with_progress(
    client, bekasi_officer, django_capture_on_commit_callbacks
):
    client.force_login(bekasi_officer)
    rows = [row(serial) for serial in range(1, 2101)]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload(client, csv_bytes(*rows))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED and len(callbacks) == 1
    progress = client.get(f"/peserta/impor/{job.pk}/progres/").content.decode()
    assert 'hx-trigger="every 1s"' in progress and "<progress" in progress
    assert f'href="/peserta/impor/{job.pk}/"' in progress  # a plain refresh link without JavaScript

    callbacks[0]()  # the worker picks the task up (the test backend runs it at once)

    job.refresh_from_db()
    assert (job.status, job.total_rows, job.processed_rows, job.valid) == (
        ImportJob.Status.CHECKED,
        2100,
        2100,
        2100,
    )
    response = client.get(f"/peserta/impor/{job.pk}/progres/", headers={"HX-Request": "true"})
    assert response.headers["HX-Refresh"] == "true"


def test_import_jobs_are_seen_by_their_uploader_and_national_admins_only(
    client, bekasi_officer, national_admin, auditor
):
    client.force_login(bekasi_officer)
    upload(client, csv_bytes(row(1), row(2, no_hp="1")))
    job = ImportJob.objects.get()
    cimahi_officer = make_user("cimahi", Role.REGENCY_OFFICER, region="32.77")
    urls = [
        f"/peserta/impor/{job.pk}/",
        f"/peserta/impor/{job.pk}/progres/",
        f"/peserta/impor/{job.pk}/terapkan/",
        f"/peserta/impor/{job.pk}/kesalahan.csv",
    ]
    for url in urls:
        assert client.get(url).status_code in (HTTPStatus.OK, HTTPStatus.FOUND), url

    client.force_login(cimahi_officer)
    for url in urls:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url
    assert client.post(f"/peserta/impor/{job.pk}/terapkan/").status_code == HTTPStatus.NOT_FOUND
    assert "daftar.csv" not in client.get("/peserta/impor/").content.decode()

    client.force_login(national_admin)
    assert client.get(f"/peserta/impor/{job.pk}/").status_code == HTTPStatus.OK
    assert "daftar.csv" in client.get("/peserta/impor/").content.decode()

    client.force_login(auditor)
    assert client.get("/peserta/impor/").status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"/peserta/impor/{job.pk}/").status_code == HTTPStatus.NOT_FOUND


def test_only_the_uploader_applies_a_checked_file(client, bekasi_officer, national_admin):
    client.force_login(bekasi_officer)
    upload(client, csv_bytes(row(1)))
    job = ImportJob.objects.get()

    client.force_login(national_admin)
    client.post(f"/peserta/impor/{job.pk}/terapkan/")

    job.refresh_from_db()
    assert (job.status, Participant.objects.count()) == (ImportJob.Status.CHECKED, 0)


def test_templates_download(client, jabar_officer):
    client.force_login(jabar_officer)

    response = client.get("/peserta/impor/templat.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]][:7] == HEADER
    assert workbook.worksheets[0].column_dimensions["A"].number_format == "@"

    response = client.get("/peserta/impor/templat.csv")
    assert response.content.startswith(b"\xef\xbb\xbf" + ";".join(HEADER).encode())


def test_participants_cannot_reach_the_import(client, participant_user):
    client.force_login(participant_user)
    assert client.get("/peserta/impor/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/peserta/impor/templat.xlsx").status_code == HTTPStatus.NOT_FOUND
