import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wirausaha.allocation.actions import (
    DEFAULT_MAX_KM,
    DEFAULT_SECTOR_MISMATCH_KM,
    confirm_run,
    propose_run,
)
from wirausaha.allocation.instance import InstanceError, load_instance, solution_json
from wirausaha.allocation.models import AllocationRun
from wirausaha.allocation.optimizer import solve
from wirausaha.allocation.queries import unplaced_counts
from wirausaha.common.errors import DomainError, InvalidInput
from wirausaha.programs.models import Wave


class Command(BaseCommand):
    help = (
        "Place participants into cohort seats, exactly (OR-Tools min-cost flow): most people placed first, "
        "then the least travel plus sector-mismatch penalty. With --wave, propose a run for the wave's "
        "selected participants (stored for review; --dry-run writes nothing), or confirm a proposed run "
        "with --confirm-run. With --instance, solve a standalone JSON instance without the database."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--wave", metavar="CODE", help="The wave whose selected participants to place.")
        source.add_argument("--instance", type=Path, help="A JSON instance file (see the README).")
        parser.add_argument(
            "--max-km", type=float, default=DEFAULT_MAX_KM, help=f"Longest trip (default {DEFAULT_MAX_KM:g})."
        )
        parser.add_argument(
            "--sector-mismatch-km",
            type=float,
            default=DEFAULT_SECTOR_MISMATCH_KM,
            help=f"Km added when a course's sector misses the business interest "
            f"(default {DEFAULT_SECTOR_MISMATCH_KM:g}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="With --wave: solve and count, write nothing."
        )
        parser.add_argument(
            "--confirm-run",
            type=int,
            metavar="RUN_ID",
            help="With --wave: confirm this proposed run of the wave (placed enrolments, messages).",
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument(
            "--details", action="store_true", help="With --instance --json: explanations and reasons too."
        )

    def handle(self, *args, wave: str | None, instance: Path | None, json: bool, **options) -> None:
        if instance is not None:
            self._instance(instance, json=json, details=options["details"])
            return
        found = Wave.objects.filter(code=wave).first()
        if found is None:
            raise CommandError(f"No wave coded {wave!r}.")
        try:
            if options["confirm_run"] is not None:
                result = self._confirm(found, options["confirm_run"])
            else:
                result = self._propose(found, options)
        except InvalidInput as error:
            problems = "; ".join(f"{field}: {text}" for field, text in error.errors.items())
            raise CommandError(problems) from error
        except DomainError as error:
            raise CommandError(str(error)) from error
        if json:
            self.stdout.write(_dumps(result))
            return
        label = "dry run" if result["dry_run"] else f"run {result['run']} ({result['status']})"
        self.stdout.write(
            f"{found.code} {label}: placed {result['placed']}, unplaced {result['unplaced']}, "
            f"total {result['total_km']:.1f} km, mean {result['mean_km']:.1f} km, {result['seconds']:.2f} s"
        )
        for reason, count in result["unplaced_reasons"].items():
            self.stdout.write(f"  unplaced, {reason}: {count}")

    def _propose(self, wave: Wave, options) -> dict:
        proposal = propose_run(
            wave=wave,
            by=None,
            max_km=options["max_km"],
            sector_mismatch_km=options["sector_mismatch_km"],
            dry_run=options["dry_run"],
        )
        return _result(proposal.run, dry_run=options["dry_run"], reasons=proposal.unplaced_reasons)

    def _confirm(self, wave: Wave, run_id: int) -> dict:
        run = wave.allocation_runs.filter(pk=run_id).first()
        if run is None:
            raise CommandError(f"Wave {wave.code} has no run {run_id}.")
        run = confirm_run(run, by=None)
        return _result(run, dry_run=False, reasons=unplaced_counts(run.placements.all()))

    def _instance(self, instance: Path, *, json: bool, details: bool) -> None:
        try:
            text = instance.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {instance}: {error.strerror}") from error
        try:
            people, cohorts, params = load_instance(text)
        except InstanceError as error:
            raise CommandError("The instance is not valid:\n" + "\n".join(error.problems)) from error
        solution = solve(people, cohorts, params=params)
        result = solution_json(solution, details=details)
        if json:
            self.stdout.write(_dumps(result))
        else:
            self.stdout.write(
                f"placed {result['placed']}, unplaced {result['unplaced']}, total {result['total_km']} km, "
                f"mean {result['total_km'] / max(result['placed'], 1):.1f} km, {result['seconds']} s"
            )


def _result(run: AllocationRun, *, dry_run: bool, reasons: dict) -> dict:
    return {
        "wave": run.wave.code,
        "run": None if dry_run else run.pk,
        "status": None if dry_run else run.status,
        "dry_run": dry_run,
        "people": run.people,
        "placed": run.placed,
        "unplaced": run.unplaced,
        "unplaced_reasons": {str(reason): count for reason, count in sorted(reasons.items())},
        "total_km": round(run.total_km, 3),
        "mean_km": round(run.mean_km, 3),
        "total_cost": round(run.total_cost, 3),
        "cohorts": run.cohorts,
        "seats": run.seats,
        "max_km": run.max_km,
        "sector_mismatch_km": run.sector_mismatch_km,
        "seconds": round(run.total_seconds, 3),
        "solve_seconds": round(run.solve_seconds, 3),
    }


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
