"""Bulk import of layoff lists: the actions, on what real Excel files hold, within the officer's region."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.utils import timezone

from wirausaha.common.models import AuditEvent
from wirausaha.registry.consent import CONSENT_VERSION
from wirausaha.registry.errors import ImportConflict
from wirausaha.registry.history import record_first_history
from wirausaha.registry.imports import run
from wirausaha.registry.models import Participant, Source, Verification
from wirausaha.registry.tests.imports.support import (
    BIRTH,
    HEADER,
    check,
    csv_bytes,
    errors_of,
    name,
    nik,
    row,
    xlsx_bytes,
)
from wirausaha.testing import make_participant

pytestmark = pytest.mark.django_db


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
    monkeypatch.setattr(run, "record_first_history", first_history)
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
    assert Participant.objects.get(nik=nik(2)).full_name == name(2)


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
