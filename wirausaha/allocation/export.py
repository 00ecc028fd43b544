"""A run's placements as an Excel workbook: one sheet of placed participants, one of the unplaced
with their reasons. Every export is recorded in the audit trail, with whether NIKs were in full."""

from typing import BinaryIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from wirausaha.common.audit import record_event
from wirausaha.common.masking import mask_nik
from wirausaha.common.spreadsheets import safe_row

from .models import AllocationRun, Placement
from .texts import district_of, explanation_text, unplaced_text


def write_placements(
    *, run: AllocationRun, placements, stream: BinaryIO, by, full_nik: bool = False
) -> dict[str, int]:
    """Write `placements` (a run's, already scoped) to `stream` as XLSX; NIKs masked unless
    `full_nik`. Returns the rows written per sheet."""
    book = Workbook(write_only=True)
    placed = book.create_sheet(_("Placed"))
    unplaced = book.create_sheet(_("Unplaced"))
    common = [_("Enrolment"), _("Name"), "NIK", _("Domicile code"), _("District")]
    _append(
        placed,
        [
            *common,
            _("Class"),
            _("Course"),
            _("Training centre"),
            _("Starts"),
            _("Ends"),
            "km",
            _("Sector fits"),
            _("Cost (km + penalty)"),
            _("Next best class"),
            _("Next best km"),
            _("Why not the next best"),
            _("Moved by hand: reason"),
            _("Explanation"),
        ],
    )
    _append(unplaced, [*common, _("Reason code"), _("Reason")])
    counts = {"placed": 0, "unplaced": 0}
    for placement in placements.iterator(chunk_size=2000):
        participant = placement.enrolment.participant
        nik = participant.nik if full_nik else mask_nik(participant.nik)
        head = [
            placement.enrolment_id,
            participant.full_name,
            nik,
            participant.domicile_id,
            district_of(participant),
        ]
        if placement.cohort_id is None:
            _append(unplaced, [*head, placement.unplaced_reason, unplaced_text(placement)])
            counts["unplaced"] += 1
            continue
        cohort = placement.cohort
        _append(
            placed,
            [
                *head,
                cohort.code,
                cohort.course.title,
                cohort.centre.short_name,
                cohort.starts_on,
                cohort.ends_on,
                _round(placement.distance_km),
                placement.sector_match,
                _round(placement.cost),
                placement.next_best_cohort.code if placement.next_best_cohort_id else None,
                _round(placement.next_best_km),
                _why_not(placement),
                placement.move_reason or None,
                explanation_text(placement),
            ],
        )
        counts["placed"] += 1
    book.save(stream)
    record_event(
        by,
        "allocation.exported",
        run,
        changes={"rows": [None, counts["placed"] + counts["unplaced"]], "full_nik": [None, full_nik]},
    )
    return counts


def _append(sheet, values: list) -> None:
    # Names, course titles and reasons are typed by people: never written as live formulas.
    sheet.append(safe_row(values))


def _why_not(placement: Placement) -> str | None:
    why = placement.next_best_why_not
    return str(Placement.NextBest(why).label) if why else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
