"""Bulk import of layoff lists: the actions, the command and the pages."""

import csv
import io
import json
from datetime import date, datetime
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from wirausaha.accounts.models import Role
from wirausaha.common.models import AuditEvent
from wirausaha.common.storage import PrivateStorage
from wirausaha.registry import imports
from wirausaha.registry.consent import CONSENT_VERSION
from wirausaha.registry.history import record_first_history
from wirausaha.registry.imports import (
    ImportConflict,
    create_import_job,
    error_file,
    import_participants,
    run_import,
)
from wirausaha.registry.models import ImportJob, Participant, Source, Verification
from wirausaha.registry.nik import build_nik
from wirausaha.testing import make_participant, make_user

pytestmark = pytest.mark.django_db

HEADER = ["nik", "nama_lengkap", "tanggal_lahir", "jenis_kelamin", "no_hp", "kode_wilayah", "tanggal_phk"]
BIRTH = date(1985, 8, 5)


def nik(serial: int, district: str = "32.16.01", birth: date = BIRTH, sex: str = "F") -> str:
    return build_nik(district=district, birth_date=birth, sex=sex, serial=serial)


def row(serial: int = 1, **changes) -> list:
    values = {
        "nik": nik(serial),
        "nama_lengkap": f"Siti Rahmawati {serial}",
        "tanggal_lahir": "05/08/1985",
        "jenis_kelamin": "P",
        "no_hp": "081234567890",
        "kode_wilayah": "32.16.01.2001",
        "tanggal_phk": "01/03/2025",
        **changes,
    }
    return list(values.values())


def csv_bytes(*rows, header=HEADER, delimiter=",", encoding="utf-8") -> bytes:
    out = StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for values in rows:
        writer.writerow(values)
    return out.getvalue().encode(encoding)


def xlsx_bytes(*rows, header=HEADER) -> bytes:
    workbook = Workbook()
    workbook.active.append(header)
    for values in rows:
        workbook.active.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def check(data: bytes, by=None, dry_run=True, **kwargs):
    return import_participants(file=io.BytesIO(data), dry_run=dry_run, by=by, **kwargs)


def errors_of(result) -> list[tuple[int, str]]:
    return [(error["row"], error["column"]) for error in result.errors]


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    # Uploaded lists go to a temporary directory, not the development media folder.
    monkeypatch.setattr(ImportJob._meta.get_field("file"), "storage", PrivateStorage(location=tmp_path))


# The actions


def test_dry_run_counts_and_reports_rows_but_writes_nothing():
    result = check(csv_bytes(row(1), row(2, no_hp="12"), row(3)))

    assert (result.rows, result.valid, result.invalid, result.created, result.updated) == (3, 2, 1, 2, 0)
    assert errors_of(result) == [(3, "no_hp")]
    assert Participant.objects.count() == 0
    assert not AuditEvent.objects.filter(verb="participant.imported").exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Plans kept for prepared statements are PostgreSQL's; CI runs the suite there too.",
)
def test_on_postgresql_an_import_plans_each_statement_for_its_values(jabar_officer, monkeypatch):
    """Requests may use a plan PostgreSQL keeps for all values; an import's tables grow while it
    writes, so a kept plan could be one made for an empty table (bench_import: 179 s instead of 39 s)."""
    modes = []

    def first_history(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SHOW plan_cache_mode")
            modes.append(cursor.fetchone()[0])
        return record_first_history(*args, **kwargs)

    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("auto",)  # PostgreSQL's own default, for requests
    monkeypatch.setattr(imports, "record_first_history", first_history)
    check(csv_bytes(row(1), row(2)), by=jabar_officer, dry_run=False)

    assert modes == ["force_custom_plan"]  # until the import's transaction ends (SET LOCAL)
    assert Participant.history.count() == 2


def test_applying_writes_valid_rows_with_history_and_one_audit_event(jabar_officer):
    result = check(csv_bytes(row(1), row(2, no_hp="12"), row(3)), by=jabar_officer, dry_run=False)

    assert (result.created, result.invalid) == (2, 1)
    people = Participant.objects.order_by("nik")
    assert [p.nik for p in people] == [nik(1), nik(3)]
    first = people[0]
    assert (first.source, first.consent_version, first.verification) == (
        Source.IMPORT,
        f"{CONSENT_VERSION}/import",
        Verification.PENDING,
    )
    assert (first.phone, first.birth_date, first.layoff_date) == ("+6281234567890", BIRTH, date(2025, 3, 1))
    assert first.history.get().history_user == jabar_officer
    event = AuditEvent.objects.get(verb="participant.imported")
    assert event.actor == jabar_officer
    assert event.changes == {
        "rows": [None, 3],
        "created": [None, 2],
        "updated": [None, 0],
        "invalid": [None, 1],
    }
    assert nik(1) not in str(event.changes)


def test_reimporting_the_same_file_creates_and_updates_nothing():
    data = csv_bytes(row(1), row(2), row(3, no_hp="x"))
    check(data, dry_run=False)
    again = check(data, dry_run=False)

    assert (again.rows, again.valid, again.created, again.updated) == (3, 2, 0, 0)
    assert Participant.objects.count() == 2
    assert Participant.history.count() == 2


def test_a_changed_row_updates_the_existing_record_and_its_history(bekasi_officer):
    check(csv_bytes(row(1), row(2)), dry_run=False)
    person = Participant.objects.get(nik=nik(1))
    person.verification = Verification.NEEDS_CORRECTION
    person.save()

    result = check(csv_bytes(row(1, no_hp="+62 813-1111-2222"), row(2)), by=bekasi_officer, dry_run=False)

    assert (result.valid, result.created, result.updated) == (2, 0, 1)
    person.refresh_from_db()
    assert (person.phone, person.verification) == ("+6281311112222", Verification.PENDING)
    assert person.history.first().history_user == bekasi_officer


def test_imported_rows_wait_for_the_duplicate_check_and_so_does_a_changed_identity():
    check(csv_bytes(row(1), row(2), row(3)), dry_run=False)
    assert Participant.objects.filter(duplicates_checked_at__isnull=True).count() == 3
    Participant.objects.update(duplicates_checked_at=timezone.now())

    header = [*HEADER, "email"]
    check(
        csv_bytes(
            [*row(1, no_hp="+62 813-1111-2222"), ""],
            [*row(2), "dua@example.id"],
            [*row(3), ""],
            header=header,
        ),
        dry_run=False,
    )

    waiting = Participant.objects.filter(duplicates_checked_at__isnull=True)
    assert list(waiting.values_list("nik", flat=True)) == [nik(1)]  # a new email is not compared


def test_blank_optional_cells_do_not_clear_existing_values():
    header = [*HEADER, "email", "pendidikan"]
    check(csv_bytes([*row(1), "siti@example.com", "sma"], header=header), dry_run=False)
    result = check(csv_bytes([*row(1), "", "s1"], header=header), dry_run=False)

    assert result.updated == 1
    person = Participant.objects.get()
    assert (person.email, person.education) == ("siti@example.com", "s1")


def test_dry_run_counts_what_applying_would_create_and_update():
    check(csv_bytes(row(1), row(2)), dry_run=False)
    result = check(csv_bytes(row(1), row(2, nama_lengkap="Siti R."), row(3)))
    assert (result.valid, result.created, result.updated) == (3, 1, 1)
    assert Participant.objects.get(nik=nik(2)).full_name == "Siti Rahmawati 2"


def test_the_same_nik_twice_in_a_file_is_an_error_on_the_later_row_naming_the_earlier():
    result = check(csv_bytes(row(1), row(2), row(1, nama_lengkap="Someone Else")), dry_run=False)

    assert errors_of(result) == [(4, "nik")]
    assert "2" in result.errors[0]["message"]
    assert (result.valid, result.invalid, result.created) == (2, 1, 2)


def test_errors_name_the_column_as_written_in_the_file():
    header = ["NIK", "Nama", "Tgl Lahir", "JK (L/P)", "No. HP", "Kode Wilayah", "Tanggal PHK"]
    result = check(csv_bytes(row(1, jenis_kelamin="X", tanggal_phk="kemarin"), header=header))
    assert errors_of(result) == [(2, "JK (L/P)"), (2, "Tanggal PHK")]


# What real Excel files do


def test_numeric_nik_cell_is_refused_because_excel_drops_digits():
    data = xlsx_bytes(row(1), row(2, nik=int(nik(2))))
    result = check(data)
    assert errors_of(result) == [(3, "nik")]
    assert "Text" in result.errors[0]["message"]


def test_nik_in_scientific_notation_is_refused_saying_digits_are_lost():
    result = check(csv_bytes(row(1), row(2, nik="3.21601E+15"), delimiter=";"))
    assert errors_of(result) == [(3, "nik")]
    assert "3.21601E+15" in result.errors[0]["message"]


def test_leading_apostrophe_and_spaces_around_a_nik_are_accepted():
    result = check(csv_bytes(row(1, nik="'" + nik(1)), row(2, nik=f"  {nik(2)}  ")), dry_run=False)
    assert result.errors == []
    assert set(Participant.objects.values_list("nik", flat=True)) == {nik(1), nik(2)}


@pytest.mark.parametrize("phone", ["081234567890", "6281234567890", "+62 812-3456-7890", "0812 3456 7890"])
def test_phone_spellings_are_stored_in_one_form(phone):
    result = check(csv_bytes(row(1, no_hp=phone)), dry_run=False)
    assert result.errors == []
    assert Participant.objects.get().phone == "+6281234567890"


def test_phone_that_excel_turned_into_a_number_is_accepted():
    result = check(xlsx_bytes(row(1, no_hp=81234567890)), dry_run=False)
    assert result.errors == []
    assert Participant.objects.get().phone == "+6281234567890"


@pytest.mark.parametrize(
    "birth",
    [
        datetime(1985, 8, 5),  # an Excel date cell
        (BIRTH - date(1899, 12, 30)).days,  # an Excel serial number
        "05/08/1985",
        "5/8/1985",
        "5 Agustus 1985",
        "1985-08-05",
    ],
)
def test_dates_as_excel_writes_them(birth):
    result = check(xlsx_bytes(row(1, tanggal_lahir=birth)), dry_run=False)
    assert result.errors == []
    assert Participant.objects.get().birth_date == BIRTH


def test_impossible_date_is_an_error_on_its_row_and_column():
    result = check(xlsx_bytes(row(1), row(2, tanggal_lahir="31/02/1985")))
    assert errors_of(result) == [(3, "tanggal_lahir")]


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")])
def test_utf8_with_or_without_bom_and_windows_1252(encoding, bom):
    data = bom + csv_bytes(row(1, nama_lengkap="Andrés Ñoman"), encoding=encoding, delimiter=";")
    result = check(data, dry_run=False)
    assert result.errors == []
    assert Participant.objects.get().full_name == "Andrés Ñoman"


def test_blank_lines_are_not_counted_and_rows_keep_excel_numbers():
    data = (
        ",".join(HEADER)
        + "\r\n\r\n"
        + ",".join(row(1))
        + "\r\n,,,,,,\r\n"
        + ",".join(row(2, no_hp="x"))
        + "\r\n\r\n"
    ).encode()
    result = check(data)
    assert (result.rows, result.valid, result.invalid) == (2, 1, 1)
    assert errors_of(result) == [(5, "no_hp")]


def test_trailing_empty_columns_are_ignored():
    data = csv_bytes([*row(1), "", "", ""], header=[*HEADER, "", "", ""])
    result = check(data)
    assert (result.valid, result.errors, result.warnings) == (1, [], [])


def test_unknown_columns_are_a_warning_not_an_error():
    result = check(csv_bytes([*row(1), "catatan"], header=[*HEADER, "Keterangan"]))
    assert result.valid == 1 and result.errors == []
    assert [(w["row"], w["column"]) for w in result.warnings] == [(1, "Keterangan")]


def test_missing_columns_are_a_file_error_and_nothing_is_read():
    result = check(csv_bytes(row(1)[:5], header=HEADER[:5]), dry_run=False)
    assert result.file_problem and result.rows == 0
    assert result.errors == [
        {"row": 1, "column": "kode_wilayah, tanggal_phk", "message": result.errors[0]["message"]}
    ]
    assert Participant.objects.count() == 0


# Scope


def test_a_row_outside_the_officers_region_is_an_error(bekasi_officer):
    result = check(csv_bytes(row(1), row(2, kode_wilayah="32.73.01.1001")), by=bekasi_officer, dry_run=False)
    assert errors_of(result) == [(3, "kode_wilayah")]
    assert Participant.objects.count() == 1


def test_a_nik_registered_outside_the_officers_region_is_refused_without_saying_whose(bekasi_officer):
    elsewhere = make_participant("Made Wirawan", village="51.71.01.1001")
    data = csv_bytes(row(1), row(2, nik=elsewhere.nik, jenis_kelamin="P"))

    result = check(data, by=bekasi_officer, dry_run=False)

    assert errors_of(result) == [(3, "nik")]
    message = result.errors[0]["message"]
    assert "Made" not in message and "51" not in message and "Bali" not in message
    elsewhere.refresh_from_db()
    assert elsewhere.domicile_id == "51.71.01.1001"


@pytest.mark.parametrize("state", ["consent_withdrawn", "merged"])
def test_a_record_no_longer_processed_is_not_updated(bekasi_officer, state):
    person = make_participant("Siti", village="32.16.01.2001")
    if state == "merged":
        kept = make_participant("Siti R", village="32.16.01.2001")
        Participant.objects.filter(pk=person.pk).update(merged_into=kept)
    else:
        Participant.objects.filter(pk=person.pk).update(consent_withdrawn_at=timezone.now())

    result = check(csv_bytes(row(1, nik=person.nik, no_hp="081399990000")), by=bekasi_officer, dry_run=False)

    assert errors_of(result) == [(2, "nik")]
    person.refresh_from_db()
    assert person.phone == "+6281234567890"


def test_the_system_imports_nationwide():
    result = check(csv_bytes(row(1), row(2, kode_wilayah="51.71.01.1001")), by=None, dry_run=False)
    assert result.errors == [] and result.created == 2


def test_a_nik_registered_meanwhile_makes_the_whole_apply_fail_and_write_nothing():
    rows = [row(serial) for serial in range(1, 601)]

    def someone_registers(processed, total):
        # Between checking the first 500 rows and writing them, row 101's person registers.
        if processed == 500:
            make_participant("Siti", village="32.16.01.2001", birth_date=BIRTH)
            Participant.objects.filter(full_name="Siti").update(nik=nik(100))

    with pytest.raises(ImportConflict):
        check(csv_bytes(*rows), dry_run=False, progress=someone_registers)
    assert Participant.objects.count() == 1


# The command


def command(*args) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("import_participants", *map(str, args), stdout=out, stderr=StringIO())
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_command_json_reports_counts_and_errors_by_row_and_column(tmp_path):
    path = tmp_path / "daftar.csv"
    path.write_bytes(csv_bytes(row(1), row(2, tanggal_phk="2099-01-01"), [], row(3, nik="3.21601E+15")))

    out, error = command(path, "--json")

    report = json.loads(out)
    assert {key: report[key] for key in ("rows", "valid", "invalid", "created", "updated")} == {
        "rows": 3,
        "valid": 1,
        "invalid": 2,
        "created": 1,
        "updated": 0,
    }
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(3, "tanggal_phk"), (5, "nik")]
    assert error is not None and error.returncode == 1
    assert Participant.objects.count() == 1


def test_command_dry_run_writes_nothing_and_exits_0_when_all_rows_are_valid(tmp_path):
    path = tmp_path / "daftar.xlsx"
    path.write_bytes(xlsx_bytes(row(1), row(2)))

    out, error = command(path, "--dry-run", "--json")

    assert error is None
    assert json.loads(out)["created"] == 2
    assert Participant.objects.count() == 0


def test_command_text_output_and_acting_user(tmp_path, bekasi_officer):
    path = tmp_path / "daftar.csv"
    path.write_bytes(csv_bytes(row(1), row(2, kode_wilayah="51.71.01.1001")))

    out, error = command(path, "--user", "bekasi")

    assert "baris 3, kolom kode_wilayah" in out  # the command speaks the site's language
    assert error.returncode == 1
    assert AuditEvent.objects.get(verb="participant.imported").actor == bekasi_officer


@pytest.mark.parametrize(
    ("content", "column"),
    [(csv_bytes(row(1)[:6], header=HEADER[:6]), "tanggal_phk"), (b"", ""), (None, "")],
)
def test_command_file_problems_are_one_error_in_row_1(tmp_path, content, column):
    path = tmp_path / "daftar.csv"
    if content is not None:
        path.write_bytes(content)

    out, error = command(path, "--json")

    report = json.loads(out)
    assert (report["rows"], report["created"], [e["row"] for e in report["errors"]]) == (0, 0, [1])
    assert report["errors"][0]["column"] == column
    assert error.returncode == 1


# The pages


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
