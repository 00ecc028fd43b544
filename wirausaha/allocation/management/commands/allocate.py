import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wirausaha.allocation.instance import InstanceError, load_instance, solution_json
from wirausaha.allocation.optimizer import solve


class Command(BaseCommand):
    help = (
        "Place participants into cohort seats, exactly (OR-Tools min-cost flow): most people placed first, "
        "then the least travel plus sector-mismatch penalty. With --instance, solve a standalone JSON "
        "instance without touching the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--instance", type=Path, required=True, help="A JSON instance file (see the README)."
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument(
            "--details", action="store_true", help="With --json: explanations and reasons too."
        )

    def handle(self, *args, instance: Path, json: bool, details: bool, **options) -> None:
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


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
