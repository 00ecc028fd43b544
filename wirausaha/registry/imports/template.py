"""The import template people fill in: its columns (the first spelling of each in reading.py's
COLUMNS), as a CSV header or as an XLSX workbook with a sheet that explains every column."""

import codecs
import csv
import io

from django.utils.translation import gettext as _

from wirausaha.common.spreadsheets import safe_cell, safe_row

from .reading import REQUIRED, template_header

TEMPLATE_FIELDS = (
    *REQUIRED,
    "birth_place",
    "email",
    "education",
    "last_employer",
    "employer_sector",
    "layoff_reason",
    "jkp_recipient",
    "business_interest_sector",
    "disability",
)


def template_rows() -> tuple[list[str], list[str]]:
    """The template's header and one example row (plain strings)."""
    header = [template_header(name) for name in TEMPLATE_FIELDS]
    example = {
        "nik": "3216014508850003",
        "full_name": "Siti Rahmawati",
        "birth_date": "05/08/1985",
        "sex": "P",
        "phone": "0812 3456 7890",
        "domicile": "32.16.01.2001",
        "layoff_date": "01/03/2025",
        "birth_place": "Bekasi",
        "email": "siti@example.com",
        "education": "sma",
        "last_employer": "PT Contoh Garmen",
        "employer_sector": "14111",
        "layoff_reason": _("Factory closed"),
        "jkp_recipient": "ya",
        "business_interest_sector": "56101",
        "disability": "",
    }
    return header, [example[name] for name in TEMPLATE_FIELDS]


def column_help() -> list[tuple[str, bool, str]]:
    """(column name, required, what to write) for each template column."""
    texts = {
        "nik": _("16 digits, as on the KTP. Keep this column formatted as Text."),
        "full_name": _("Full name as on the KTP."),
        "birth_date": _("Date of birth: a date cell, or dd/mm/yyyy."),
        "sex": _("L (laki-laki) or P (perempuan)."),
        "phone": _("Mobile number, e.g. 0812 3456 7890 or +62 812 3456 7890."),
        "domicile": _("Kemendagri code of the village (e.g. 32.16.01.2001) or district (32.16.01)."),
        "layoff_date": _("Date of the layoff: a date cell, or dd/mm/yyyy."),
        "birth_place": _("Place of birth."),
        "email": _("Email address."),
        "education": _(
            "Highest education: tidak sekolah, SD, SMP, SMA or SMK, D1–D3, S1 or D4, S2 or S3 (the web "
            "form's wording is accepted too)."
        ),
        "last_employer": _("Name of the last employer."),
        "employer_sector": _("KBLI 2020 code (5 digits) of the last employer's business."),
        "layoff_reason": _("Why the worker was laid off."),
        "jkp_recipient": _(
            "Receives the JKP job-loss benefit: ya, tidak or tidak tahu; empty is read as tidak tahu."
        ),
        "business_interest_sector": _("KBLI 2020 code (5 digits) of the business the worker wants to start."),
        "disability": _(
            "Disability: tidak ada, fisik, sensorik (netra, rungu, wicara), intelektual, mental or ganda; "
            "empty is read as tidak ada."
        ),
    }
    return [(template_header(name), name in REQUIRED, texts[name]) for name in TEMPLATE_FIELDS]


def template_csv() -> bytes:
    """The CSV template: the header row only, `;`-separated with a BOM, as Excel in Indonesia expects."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerow(safe_row(template_rows()[0]))
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def template_xlsx() -> bytes:
    """The XLSX template: a data sheet with only the header (NIK and phone columns formatted as
    Text, so Excel keeps every digit) and a second sheet that explains each column with an example.
    The example is on the second sheet so that it can never be imported by mistake."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, example = template_rows()
    workbook = Workbook()
    data = workbook.active
    data.title = _("Data")
    data.append(safe_row(header))
    text_columns = {template_header("nik"), template_header("phone"), template_header("domicile")}
    for index, name in enumerate(header, start=1):
        cell = data.cell(row=1, column=index)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        data.column_dimensions[letter].width = max(14, len(name) + 4)
        if name in text_columns:
            # The column's style: cells typed into it later are Text, so no digit of a NIK is lost.
            data.column_dimensions[letter].number_format = "@"
    data.freeze_panes = "A2"

    guide = workbook.create_sheet(_("Instructions"))
    guide.append(
        [safe_cell(_("Fill in the sheet “%(sheet)s”: one row per laid-off worker.") % {"sheet": data.title})]
    )
    guide.append(
        safe_row(
            [
                _(
                    "Columns marked “required” must be filled in. Do not rename or remove the first "
                    "row of the data sheet."
                )
            ]
        )
    )
    guide.append([])
    guide.append(
        safe_row(
            [_("Column"), _("Required"), _("What to write"), _("Example (do not copy into the data sheet)")]
        )
    )
    for cell in guide[4]:
        cell.font = Font(bold=True)
    examples = dict(zip(header, example, strict=True))
    for name, required, text in column_help():
        guide.append(safe_row([name, _("required") if required else _("optional"), text, examples[name]]))
    for letter, width in (("A", 26), ("B", 12), ("C", 80), ("D", 40)):
        guide.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
