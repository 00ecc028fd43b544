import sys
from typing import Any

from django.core.management.base import BaseCommand

from wirausaha.coaching.management.jsonfile import dumps, errors_json, read_json
from wirausaha.market.schedule import ROOT, ScheduleInputError, problem, schedule


class Command(BaseCommand):
    help = (
        "Schedule a business-matching event's meetings exactly (most weight: 2 for a pair both sides asked "
        "for, 1 for a one-sided request) from a JSON instance, without the database. Bad input prints "
        '{"errors": [{"field", "message"}]} and exits with status 1.'
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--instance", required=True, metavar="FILE", help="The instance as JSON; '-' for standard input."
        )
        parser.add_argument("--time-limit", type=float, default=30.0, help="Seconds the solver may search.")
        parser.add_argument("--json", action="store_true", help="Print the schedule as JSON.")

    def handle(self, *args, instance: str, time_limit: float, json: bool, **options) -> None:
        result, errors = run(instance, time_limit)
        if errors:
            self.stdout.write(errors_json(errors))
            sys.exit(1)
        if json:
            self.stdout.write(dumps(result))
            return
        self.stdout.write(
            f"{len(result['meetings'])} meetings, weight {result['weight']}, "
            f"{'optimal' if result['optimal'] else 'not proven optimal'}, {result['seconds']} s"
        )
        for m in result["meetings"]:
            self.stdout.write(f"  slot {m['slot']:>2} table {m['table']:>3}: {m['business']} - {m['buyer']}")


def run(file: str, time_limit: float = 30.0) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The schedule of the instance in `file` ('-': standard input), or the problems found."""
    data, problems = read_json(file, problem, ROOT)
    if problems:
        return None, problems
    try:
        return schedule(data, time_limit=time_limit), []
    except ScheduleInputError as error:
        return None, error.errors
