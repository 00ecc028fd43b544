"""Bulk import of layoff lists: the `import_participants` command."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wirausaha.common.models import AuditEvent
from wirausaha.registry.models import Participant
from wirausaha.registry.tests.imports.support import HEADER, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


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
