"""Reading a layoff list into rows: CSV or XLSX in, `(spreadsheet row, {field: raw value})` out.
No ORM and no rules on the values themselves (those are in validation.py): this module only
finds the header, maps its many spellings to our field names and hands on each cell as the file
holds it, so that a NIK Excel turned into a number still reaches `parse_nik` as a number.

Row numbers are the ones a person sees in Excel: the header is row 1 (or the row it is on, when
a title sits above it), blank lines keep their number but are not returned.
"""

import codecs
import csv
import io
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from .archive import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, archive_problem

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the pre-2007 .xls format
MAX_HEADER_SEARCH = 10  # non-blank rows above the header that may hold a title
DELIMITERS = (",", ";", "\t", "|")

# Invisible control characters: C0 other than tab, line feed and carriage return (which the rules
# treat as spaces), DEL and C1. They mark a damaged or binary file, and PostgreSQL refuses NUL in
# text: a cell holding one is refused with its row and column, in the dry run as when applying.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

REQUIRED = ("nik", "full_name", "birth_date", "sex", "phone", "domicile", "layoff_date")

# Field -> the template's column name (the first) and the other spellings people use. Compared
# after `normalise_header`, so case, spaces, underscores, dots and "(L/P)" suffixes do not matter.
COLUMNS: dict[str, tuple[str, ...]] = {
    "nik": ("nik", "no ktp", "nomor ktp", "no nik", "nomor nik", "nomor induk kependudukan", "ktp"),
    "full_name": (
        "nama_lengkap",
        "nama",
        "name",
        "full name",
        "nama peserta",
        "nama pekerja",
        "nama sesuai ktp",
    ),
    "birth_date": ("tanggal_lahir", "tgl_lahir", "tgl lhr", "date of birth", "birth_date", "dob"),
    "sex": ("jenis_kelamin", "jk", "sex", "gender", "l/p", "kelamin"),
    "phone": (
        "no_hp",
        "nomor hp",
        "hp",
        "phone",
        "mobile",
        "no telp",
        "no telepon",
        "nomor telepon",
        "telepon",
        "whatsapp",
        "no wa",
        "nomor wa",
        "handphone",
        "no handphone",
        "phone number",
        "mobile number",
    ),
    "domicile": (
        "kode_wilayah",
        "region_code",
        "kode_desa",
        "kode_kelurahan",
        "kode desa/kelurahan",
        "kode_kecamatan",
        "kode domisili",
    ),
    "layoff_date": ("tanggal_phk", "tgl_phk", "layoff_date", "date of layoff"),
    "birth_place": ("tempat_lahir", "tmpt lahir", "birth place", "place of birth"),
    "email": ("email", "e-mail", "surel", "alamat email", "email address"),
    "education": ("pendidikan", "pendidikan terakhir", "education"),
    "last_employer": ("perusahaan_terakhir", "perusahaan", "employer", "last_employer", "nama perusahaan"),
    "employer_sector": ("kbli_perusahaan", "employer_kbli"),
    "layoff_reason": ("alasan_phk", "layoff_reason"),
    "jkp_recipient": ("penerima_jkp", "jkp", "jkp recipient"),
    "business_interest_sector": ("minat_usaha_kbli", "business_interest_kbli"),
    "disability": ("disabilitas", "disability", "penyandang disabilitas"),
    # Not in the template, but recognised when a list has them.
    "job_title": ("jabatan", "job title", "posisi"),
    "business_interest": ("minat_usaha", "business interest"),
}


def template_header(name: str) -> str:
    return COLUMNS[name][0]


def normalise_header(text: Any) -> str:
    """`Jenis Kelamin (L/P)`, `jenis_kelamin` and `JENIS.KELAMIN` all become `jeniskelamin`."""
    text = str(text if text is not None else "").replace("\ufeff", "").strip().lower()
    without_note = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", text)
    if re.search(r"[0-9a-z]", without_note):
        text = without_note
    return re.sub(r"[^0-9a-z]", "", text)


ALIASES: dict[str, str] = {
    normalise_header(spelling): name for name, spellings in COLUMNS.items() for spelling in spellings
}


class FileProblem(Exception):
    """The file as a whole cannot be read: nothing in it is imported."""

    def __init__(self, message: str, *, row: int = 1, column: str = ""):
        super().__init__(message)
        self.message, self.row, self.column = message, row, column

    def as_error(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class Column:
    index: int
    header: str  # as written in the file
    field: str


def control_character(value: Any) -> tuple[int, str] | None:
    """The position (from 1) and code (`U+0000`) of the first control character in a text cell."""
    if isinstance(value, str) and (found := CONTROL_CHARACTERS.search(value)):
        return found.start() + 1, f"U+{ord(found.group()):04X}"
    return None


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Table:
    """An opened layoff list. `records()` and `raw_rows()` read the file afresh on every call."""

    kind: str  # "csv" or "xlsx"
    headers: list[str]
    header_row: int
    columns: list[Column]
    warnings: list[dict[str, Any]] = field(default_factory=list)
    estimated_rows: int | None = None
    _source: Any = None

    def raw_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """Every non-blank row below the header: its number and its cells, cut to the header's width."""
        width = len(self.headers)
        for number, cells in self._source.capped_rows():
            if number <= self.header_row:
                continue
            cells = list(cells[:width])
            if all(is_blank(cell) for cell in cells):
                continue
            cells.extend([None] * (width - len(cells)))
            yield number, cells

    def records(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """`(row number, {field: raw value})` for every non-blank row below the header."""
        for number, cells in self.raw_rows():
            yield number, {column.field: cells[column.index] for column in self.columns}

    def close(self) -> None:
        self._source.close()

    def __enter__(self) -> "Table":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def read_table(file: IO[bytes]) -> Table:
    """Open a CSV or XLSX layoff list (told apart by content, not by name), find its header and map
    the columns. Raises `FileProblem` when the file cannot be read or lacks a required column."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head:
        raise FileProblem(_("The file is empty."))
    if head.startswith(XLSX_MAGIC):
        source: _Source = _XlsxSource(file)
    elif head.startswith(OLE_MAGIC):
        raise FileProblem(
            _(
                "This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV "
                "and upload again."
            )
        )
    else:
        source = _CsvSource(file)
    try:
        return _table(source)
    except FileProblem:
        source.close()
        raise


def _table(source: "_Source") -> Table:
    header_row, headers, first = None, [], None  # `first`: the number of the first non-blank row
    seen = 0
    for number, cells in source.capped_rows():
        if all(is_blank(cell) for cell in cells):
            continue
        texts = [_header_text(cell) for cell in cells]
        if first is None:
            first = number
        if sum(normalise_header(text) in ALIASES for text in texts) >= 2:
            header_row, headers = number, texts
            break
        seen += 1
        if seen >= MAX_HEADER_SEARCH:
            break
    if first is None:
        raise FileProblem(_("The file has no rows: it should start with a header row of column names."))
    if header_row is None:
        raise FileProblem(
            _(
                "No row at the top of the file holds the column names of the template (nik, "
                "nama_lengkap, tanggal_lahir, …). Is this the layoff list, saved as CSV or XLSX?"
            ),
            row=first,
        )
    while headers and not headers[-1]:
        headers.pop()

    columns, warnings, taken = [], [], {}
    for index, header in enumerate(headers):
        if not header:
            continue
        name = ALIASES.get(normalise_header(header))
        if name is None:
            warnings.append(
                {
                    "row": header_row,
                    "column": header,
                    "message": _("This column is not recognised and is ignored."),
                }
            )
        elif name in taken:
            warnings.append(
                {
                    "row": header_row,
                    "column": header,
                    "message": _("This column is ignored: column “%(other)s” gives the same information.")
                    % {"other": taken[name]},
                }
            )
        else:
            taken[name] = header
            columns.append(Column(index=index, header=header, field=name))
    missing = [template_header(name) for name in REQUIRED if name not in taken]
    if missing:
        raise FileProblem(
            _(
                "These required columns are missing: %(columns)s. Use the column names of the template "
                "in the first row."
            )
            % {"columns": ", ".join(missing)},
            row=header_row,
            column=", ".join(missing),
        )
    estimate = source.line_count()
    return Table(
        kind=source.kind,
        headers=headers,
        header_row=header_row,
        columns=columns,
        warnings=warnings,
        estimated_rows=max(estimate - header_row, 0) if estimate is not None else None,
        _source=source,
    )


def _header_text(cell: Any) -> str:
    if cell is None:
        return ""
    return re.sub(r"\s+", " ", without_control_characters(str(cell).replace("\ufeff", ""))).strip()


class _Source(ABC):
    """One kind of spreadsheet file: numbered rows of cells, and a cheap estimate of their count."""

    kind = ""

    @abstractmethod
    def rows(self) -> Iterator[tuple[int, list[Any]]]: ...

    @abstractmethod
    def line_count(self) -> int | None: ...

    def close(self) -> None:  # most sources hold nothing open; XLSX overrides it
        return None

    def capped_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """`rows()` within the limits of archive.py, whatever the file claims: at most MAX_COLUMNS
        cells a row, text cut at MAX_CELL_CHARS, and a file past MAX_ROWS refused."""
        for number, cells in self.rows():
            if number > MAX_ROWS:
                raise FileProblem(
                    _("The file has more than %(count)d rows: split it into smaller files.")
                    % {"count": MAX_ROWS},
                    row=number,
                )
            yield (
                number,
                [cell[:MAX_CELL_CHARS] if isinstance(cell, str) else cell for cell in cells[:MAX_COLUMNS]],
            )


class _CsvSource(_Source):
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), else Windows-1252;
    comma, semicolon, tab or pipe separated. Read as a stream: memory stays flat."""

    kind = "csv"

    def __init__(self, file: IO[bytes]):
        self.file = file
        self.encoding = _encoding(file)
        self.delimiter, self.sep_line = _delimiter(file, self.encoding)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        self.file.seek(0)
        text = io.TextIOWrapper(self.file, encoding=self.encoding, errors="replace", newline="")
        try:
            if self.sep_line:
                # Excel's "sep=;" hint: Excel hides it, so the rows are numbered as if it were not there.
                text.readline()
            reader = csv.reader(text, delimiter=self.delimiter)
            number = 0
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error:
                    raise FileProblem(
                        _("Row %(row)d cannot be read as CSV: check its quotes.") % {"row": number + 1},
                        row=number + 1,
                    ) from None
                number += 1
                yield number, [_unwrap(cell) for cell in cells]
        finally:
            # The wrapper would close the uploaded file with it; keep the file for the next pass.
            text.detach()

    def line_count(self) -> int:
        # Lines end in LF, CRLF or a lone CR (old Mac Excel): a CR counts unless an LF follows it.
        self.file.seek(0)
        lines, last = 0, b""
        while chunk := self.file.read(1 << 20):
            lines += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            if last.endswith(b"\r") and chunk.startswith(b"\n"):
                lines -= 1  # a CRLF split between two chunks
            last = chunk
        self.file.seek(0)
        return lines + (1 if last and not last.endswith((b"\n", b"\r")) else 0)


def _unwrap(cell: str) -> str:
    # ="0812..." is how spreadsheets keep digits as text in CSV (our error file writes NIKs so).
    if len(cell) >= 3 and cell.startswith('="') and cell.endswith('"'):
        return cell[2:-1]
    return cell


def _encoding(file: IO[bytes]) -> str:
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in file.read(4096):
        file.seek(0)
        raise FileProblem(_("This file is neither a CSV text file nor an Excel workbook (.xlsx)."))
    file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := file.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        file.seek(0)
    return "utf-8-sig"


def _delimiter(file: IO[bytes], encoding: str) -> tuple[str, bool]:
    """The separator, and whether the first line is Excel's `sep=` hint that names it."""
    file.seek(0)
    sample = file.read(64 * 1024).decode(encoding, errors="ignore")
    file.seek(0)
    if hint := re.match(r"\ufeff?sep=(.)[ \t]*\r?\n", sample, re.IGNORECASE):
        return hint.group(1), True
    lines = [line for line in sample.splitlines() if line.strip()][:MAX_HEADER_SEARCH]
    best, best_count = ",", 0
    for delimiter in DELIMITERS:
        # Separators inside quoted cells do not count.
        count = max((re.sub(r'"[^"]*"', "", line).count(delimiter) for line in lines), default=0)
        if count > best_count:
            best, best_count = delimiter, count
    return best, False


class _XlsxSource(_Source):
    """The first worksheet, read in openpyxl's streaming mode with cell types kept: numbers stay
    numbers and dates stay dates (the rules then tell a NIK-as-number from an Excel date)."""

    kind = "xlsx"

    def __init__(self, file: IO[bytes]):
        from openpyxl import load_workbook

        if problem := archive_problem(file):
            raise FileProblem(problem)
        try:
            self.workbook = load_workbook(file, read_only=True, data_only=True)
        except Exception:
            raise FileProblem(
                _("This file cannot be read as an Excel workbook (.xlsx). Save it again as .xlsx or CSV.")
            ) from None
        if not self.workbook.worksheets:
            raise FileProblem(_("The workbook has no worksheet."))
        self.sheet = self.workbook.worksheets[0]
        # The stored size is a hint for the progress bar only; some writers get it wrong, so rows
        # are read until the sheet ends.
        self._max_row = self.sheet.max_row
        self.sheet.reset_dimensions()

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, cells in enumerate(
                self.sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
            ):
                yield number, list(cells)
        except FileProblem:
            raise
        except Exception:
            raise FileProblem(_("The workbook is damaged and cannot be read to the end.")) from None

    def line_count(self) -> int | None:
        return self._max_row if self._max_row and self._max_row < 1_048_576 else None

    def close(self) -> None:
        self.workbook.close()
