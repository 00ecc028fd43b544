from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wirausaha.allocation.export import write_placements
from wirausaha.allocation.models import AllocationRun
from wirausaha.allocation.queries import every_placement
from wirausaha.programs.models import Wave


class Command(BaseCommand):
    help = (
        "Write a wave's placements to an Excel file: a sheet of placed participants with each "
        "explanation, and a sheet of the unplaced with their reasons. The confirmed run unless --run "
        "is given. NIKs are masked unless --full-nik (an operator's tool; every export is recorded "
        "in the audit trail, with whether NIKs were in full)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True, metavar="CODE", help="Wave code, e.g. DEMO-2025-1")
        parser.add_argument("file", type=Path, metavar="FILE.xlsx")
        parser.add_argument("--run", type=int, metavar="RUN_ID", help="Export this run of the wave instead.")
        parser.add_argument("--full-nik", action="store_true", help="Write NIKs in full (personal data).")

    def handle(self, *args, wave: str, file: Path, run: int | None, full_nik: bool, **options) -> str:
        found = Wave.objects.filter(code=wave).first()
        if found is None:
            raise CommandError(f"No wave coded {wave!r}.")
        runs = found.allocation_runs.all()
        chosen = (
            runs.filter(pk=run).first()
            if run is not None
            else runs.filter(status=AllocationRun.Status.CONFIRMED).first()
        )
        if chosen is None:
            raise CommandError(
                f"Wave {found.code} has no run {run}."
                if run is not None
                else f"Wave {found.code} has no confirmed run yet: name one with --run."
            )
        if file.suffix.lower() != ".xlsx":
            raise CommandError(f"{file}: the file name must end in .xlsx")
        try:
            with file.open("wb") as stream:
                counts = write_placements(
                    run=chosen, placements=every_placement(chosen), stream=stream, by=None, full_nik=full_nik
                )
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}") from error
        return f"{file}: run {chosen.pk}, {counts['placed']} placed, {counts['unplaced']} unplaced"
