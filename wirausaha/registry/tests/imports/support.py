"""Layoff lists built in memory for the import tests, and a short way to check one."""

import csv
import io
from datetime import date
from io import StringIO

from openpyxl import Workbook

from wirausaha.registry.imports.run import import_participants
from wirausaha.registry.nik import build_nik

HEADER = ["nik", "nama_lengkap", "tanggal_lahir", "jenis_kelamin", "no_hp", "kode_wilayah", "tanggal_phk"]
BIRTH = date(1985, 8, 5)


def nik(serial: int, district: str = "32.16.01", birth: date = BIRTH, sex: str = "F") -> str:
    return build_nik(district=district, birth_date=birth, sex=sex, serial=serial)


def name(serial: int) -> str:
    """A distinct legal name per serial, in letters only (a name holds no digits): 1 -> "Siti
    Rahmawati B", 27 -> "Siti Rahmawati BB"."""
    letters = ""
    while True:
        serial, rest = divmod(serial, 26)
        letters = chr(ord("A") + rest) + letters
        if not serial:
            return f"Siti Rahmawati {letters}"


def row(serial: int = 1, **changes) -> list:
    values = {
        "nik": nik(serial),
        "nama_lengkap": name(serial),
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
