"""Reading layoff lists into rows (imports/reading.py) and the import template (imports/template.py):
no database, small files built in each test."""

import io
from datetime import datetime

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from wirausaha.registry import validation
from wirausaha.registry.imports import reading, template
from wirausaha.registry.imports.reading import FileProblem, normalise_header, read_table


@pytest.fixture(autouse=True)
def english():
    """The reader's messages are checked in their source language here; the pages translate them."""
    with translation.override("en"):
        yield


HEADER = "nik,nama_lengkap,tanggal_lahir,jenis_kelamin,no_hp,kode_wilayah,tanggal_phk"
ROW = "3216014508850003,Siti Rahmawati,05/08/1985,P,081234567890,32.16.01.2001,01/03/2025"


def table_of(text: str, encoding: str = "utf-8") -> reading.Table:
    return read_table(io.BytesIO(text.encode(encoding)))


def records(text: str, encoding: str = "utf-8") -> list:
    with table_of(text, encoding) as table:
        return list(table.records())


def xlsx(*rows) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def test_required_columns_are_the_shared_rules_required_fields():
    assert reading.REQUIRED == validation.REQUIRED


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("nik", "nik"),
        ("NIK", "nik"),
        (" No. KTP ", "nik"),
        ("nama_lengkap", "full_name"),
        ("Nama Lengkap", "full_name"),
        ("nama", "full_name"),
        ("Full Name", "full_name"),
        ("name", "full_name"),
        ("tgl_lahir", "birth_date"),
        ("Date of Birth", "birth_date"),
        ("birth_date", "birth_date"),
        ("DOB", "birth_date"),
        ("Tanggal Lahir (dd/mm/yyyy)", "birth_date"),
        ("jenis_kelamin (L/P)", "sex"),
        ("JK", "sex"),
        ("Gender", "sex"),
        ("L/P", "sex"),
        ("no_hp", "phone"),
        ("Nomor HP", "phone"),
        ("No. Telp", "phone"),
        ("WhatsApp", "phone"),
        ("Mobile", "phone"),
        ("kode_wilayah", "domicile"),
        ("Kode Wilayah", "domicile"),
        ("region_code", "domicile"),
        ("kode_desa", "domicile"),
        ("Kode Kecamatan", "domicile"),
        ("tanggal_phk", "layoff_date"),
        ("Tgl. PHK", "layoff_date"),
        ("layoff_date", "layoff_date"),
        ("tempat_lahir", "birth_place"),
        ("E-mail", "email"),
        ("surel", "email"),
        ("Pendidikan", "education"),
        ("education", "education"),
        ("perusahaan_terakhir", "last_employer"),
        ("Employer", "last_employer"),
        ("last_employer", "last_employer"),
        ("kbli_perusahaan", "employer_sector"),
        ("employer_kbli", "employer_sector"),
        ("alasan_phk", "layoff_reason"),
        ("layoff_reason", "layoff_reason"),
        ("penerima_jkp", "jkp_recipient"),
        ("JKP", "jkp_recipient"),
        ("minat_usaha_kbli", "business_interest_sector"),
        ("business_interest_kbli", "business_interest_sector"),
        ("Disabilitas", "disability"),
        ("disability", "disability"),
    ],
)
def test_header_spellings_map_to_fields(header, field):
    assert reading.ALIASES[normalise_header(header)] == field


def test_english_headers_are_read():
    text = (
        "NIK,Full Name,Date of Birth,Gender,Mobile,Region Code,Layoff Date,E-mail\n"
        + ROW
        + ",siti@example.com\n"
    )
    assert records(text) == [
        (
            2,
            {
                "nik": "3216014508850003",
                "full_name": "Siti Rahmawati",
                "birth_date": "05/08/1985",
                "sex": "P",
                "phone": "081234567890",
                "domicile": "32.16.01.2001",
                "layoff_date": "01/03/2025",
                "email": "siti@example.com",
            },
        )
    ]


@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_utf8_with_or_without_bom(bom):
    text = bom + HEADER + "\n" + ROW.replace("Siti Rahmawati", "Siti Rahmawati Ñoman") + "\n"
    with table_of(text) as table:
        assert table.headers[0] == "nik"
        [(_, values)] = list(table.records())
    assert values["full_name"] == "Siti Rahmawati Ñoman"


def test_windows_1252_is_read_when_the_file_is_not_utf8():
    text = HEADER + "\n" + ROW.replace("Siti Rahmawati", "Siti D’Souza Ñoman") + "\n"
    [(_, values)] = records(text, encoding="cp1252")
    assert values["full_name"] == "Siti D’Souza Ñoman"


def test_utf16_as_excel_saves_unicode_text():
    text = (HEADER + "\n" + ROW + "\n").replace(",", "\t")
    data = io.BytesIO(text.encode("utf-16"))
    with read_table(data) as table:
        [(_, values)] = list(table.records())
    assert values["nik"] == "3216014508850003"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_comma_semicolon_or_tab_separated(delimiter):
    text = HEADER.replace(",", delimiter) + "\r\n" + ROW.replace(",", delimiter) + "\r\n"
    [(row, values)] = records(text)
    assert (row, values["domicile"], values["layoff_date"]) == (2, "32.16.01.2001", "01/03/2025")


def test_excel_sep_hint_line_names_the_separator_and_is_not_a_row():
    text = "sep=;\r\n" + HEADER.replace(",", ";") + "\r\n" + ROW.replace(",", ";") + "\r\n"
    with table_of(text) as table:
        assert table.header_row == 1
        [(row, values)] = list(table.records())
    assert (row, values["nik"]) == (2, "3216014508850003")


def test_semicolon_file_with_commas_inside_quoted_cells():
    text = HEADER.replace(",", ";") + ";alasan_phk\n" + ROW.replace(",", ";") + ';"Efisiensi, pabrik tutup"\n'
    [(_, values)] = records(text)
    assert values["layoff_reason"] == "Efisiensi, pabrik tutup"


def test_blank_lines_are_skipped_but_keep_their_row_number():
    text = HEADER + "\n\n" + ROW + "\n,,,,,,\n   \n" + ROW.replace("0003", "0004") + "\n\n"
    assert [row for row, _ in records(text)] == [3, 6]


def test_trailing_empty_columns_are_ignored():
    text = HEADER + ",,,\n" + ROW + ",,,\n" + ROW.replace("0003", "0004") + ",,,,,,,,\n"
    with table_of(text) as table:
        assert table.headers == HEADER.split(",")
        assert table.warnings == []
        assert len(list(table.records())) == 2


def test_short_rows_give_empty_cells():
    [(_, values)] = records(HEADER + ",email\n3216014508850003,Siti\n")
    assert values["email"] is None and values["layoff_date"] is None


def test_unknown_columns_are_ignored_with_a_warning():
    with table_of(
        "No;Keterangan;" + HEADER.replace(",", ";") + "\n1;x;" + ROW.replace(",", ";") + "\n"
    ) as table:
        assert [(w["row"], w["column"]) for w in table.warnings] == [(1, "No"), (1, "Keterangan")]
        [(_, values)] = list(table.records())
    assert "No" not in values and values["nik"] == "3216014508850003"


def test_a_second_column_for_the_same_field_is_ignored_with_a_warning():
    with table_of(HEADER + ",whatsapp\n" + ROW + ",089876543210\n") as table:
        assert [(w["column"], "no_hp" in w["message"]) for w in table.warnings] == [("whatsapp", True)]
        [(_, values)] = list(table.records())
    assert values["phone"] == "081234567890"


def test_missing_required_columns_are_one_file_error_naming_them():
    with pytest.raises(FileProblem) as problem:
        table_of("nik,nama,tanggal_lahir,jk,kode_wilayah\n")
    assert problem.value.row == 1
    assert problem.value.column == "no_hp, tanggal_phk"
    assert "no_hp, tanggal_phk" in problem.value.message


def test_a_title_above_the_header_is_skipped():
    text = "Daftar pekerja PHK PT Contoh\n\n" + HEADER + "\n" + ROW + "\n"
    with table_of(text) as table:
        assert table.header_row == 3
        assert [row for row, _ in table.records()] == [4]


def test_digits_kept_as_text_by_excel_formula_are_unwrapped():
    [(_, values)] = records(HEADER + "\n" + ROW.replace("3216014508850003", '"=""3216014508850003"""') + "\n")
    assert values["nik"] == "3216014508850003"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "neither"),
        (b"PK\x03\x04not really a zip", "Excel workbook"),
        (b"\n\n\n", "no rows"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nendobj\n", "column names of the template"),
    ],
)
def test_unreadable_files_are_one_clear_file_error(data, message):
    with pytest.raises(FileProblem) as problem:
        read_table(io.BytesIO(data))
    assert message in problem.value.message


def test_xlsx_keeps_cell_types_numeric_nik_and_date_cells():
    birth = datetime(1985, 8, 5)
    data = xlsx(
        HEADER.split(","),
        [3216014508850003, "Siti", birth, "P", 81234567890, "32.16.01.2001", 45717],
        [None] * 7,
        ["'3216014508850004", "Budi", "5 Agustus 1985", "L", "+62 812-3456-7890", "32.16.01", "01/03/2025"],
    )
    with read_table(data) as table:
        assert table.kind == "xlsx"
        rows = list(table.records())
    assert [row for row, _ in rows] == [2, 4]
    first = rows[0][1]
    assert first["nik"] == 3216014508850003 and isinstance(first["nik"], int)
    assert first["birth_date"] == birth
    assert first["layoff_date"] == 45717
    assert rows[1][1]["birth_date"] == "5 Agustus 1985"


def test_xlsx_is_told_by_its_content_not_its_name():
    data = xlsx(HEADER.split(","), ROW.split(","))
    data.name = "daftar.csv"
    with read_table(data) as table:
        assert table.kind == "xlsx"


def test_xlsx_trailing_empty_columns_and_rows_are_ignored():
    data = xlsx([*HEADER.split(","), None, None], [*ROW.split(","), None, ""], [None] * 9, [None] * 9)
    with read_table(data) as table:
        assert len(table.headers) == 7
        assert [row for row, _ in table.records()] == [2]


def test_xlsx_template_has_the_header_text_nik_column_and_the_example_on_a_second_sheet():
    workbook = load_workbook(io.BytesIO(template.template_xlsx()))
    data, guide = workbook.worksheets
    header = [cell.value for cell in data[1]]
    assert header[:7] == HEADER.split(",")
    assert data.max_row == 1  # nothing below the header that could be imported by mistake
    assert data.column_dimensions["A"].number_format == "@"
    assert any("3216014508850003" in str(cell.value) for row in guide.iter_rows() for cell in row)
    with read_table(io.BytesIO(template.template_xlsx())) as table:
        assert list(table.records()) == []


def test_csv_template_is_the_header_with_a_bom_and_semicolons():
    data = template.template_csv()
    assert data.startswith(b"\xef\xbb\xbfnik;nama_lengkap;")
    with read_table(io.BytesIO(data)) as table:
        assert [column.field for column in table.columns] == list(template.TEMPLATE_FIELDS)


@pytest.mark.parametrize(
    ("written", "education"),
    [
        ("tidak sekolah", "none"),
        ("SD", "sd"),
        ("SMP", "smp"),
        ("SMA", "sma"),
        ("SMK", "sma"),
        ("D1", "diploma"),
        ("D3", "diploma"),
        ("S1", "s1"),
        ("D4", "s1"),
        ("S2", "s2"),
        ("S3", "s3"),
    ],
)
def test_every_education_word_the_template_help_names_is_read(written, education):
    from wirausaha.registry.validation import parse_education

    assert parse_education(written) == education


@pytest.mark.parametrize(
    ("written", "disability"),
    [
        ("tidak ada", "none"),
        ("fisik", "physical"),
        ("sensorik", "sensory"),
        ("netra", "sensory"),
        ("rungu", "sensory"),
        ("wicara", "sensory"),
        ("intelektual", "intellectual"),
        ("mental", "mental"),
        ("ganda", "multiple"),
    ],
)
def test_every_disability_word_the_template_help_names_is_read(written, disability):
    from wirausaha.registry.validation import parse_disability

    assert parse_disability(written) == disability
