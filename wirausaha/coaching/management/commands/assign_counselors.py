import sys
from typing import Any

from django.core.management.base import BaseCommand

from wirausaha.coaching.management.jsonfile import dumps, errors_json, read_json
from wirausaha.coaching.matching import ROOT, AssignmentInputError, assign, problem

_SHOWN = ("assigned", "unassigned", "total_cost", "seconds", "assignments")


class Command(BaseCommand):
    help = (
        "Assign graduates to counselors exactly (most assigned, then least km-equivalent cost; remote "
        "coaching and sector fit count) from a JSON instance, without the database. Bad input prints "
        '{"errors": [{"field", "message"}]} and exits with status 1.'
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--instance", required=True, metavar="FILE", help="The instance as JSON; '-' for standard input."
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument(
            "--explain", action="store_true", help="Also why each graduate got their counselor, and reasons."
        )

    def handle(self, *args, instance: str, json: bool, explain: bool, **options) -> None:
        result, errors = run(instance)
        if errors:
            self.stdout.write(errors_json(errors))
            sys.exit(1)
        shown = {key: result[key] for key in _SHOWN}
        if explain:
            shown["unassigned_reasons"] = result["unassigned_reasons"]
            shown["explanations"] = result["explanations"]
        if json:
            self.stdout.write(dumps(shown))
            return
        self.stdout.write(
            f"assigned {result['assigned']}, unassigned {result['unassigned']}, total cost "
            f"{result['total_cost']} km-equivalent, {result['seconds']} s"
        )
        if explain:
            for graduate, counselor in result["assignments"].items():
                e = result["explanations"][graduate]
                self.stdout.write(
                    f"  {graduate} -> {counselor}: {e['mode']}, {e['distance_km']} km, cost {e['cost']}"
                )


def run(file: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The assignment of the instance in `file` ('-': standard input), or the problems found."""
    data, problems = read_json(file, problem, ROOT)
    if problems:
        return None, problems
    try:
        return assign(data), []
    except AssignmentInputError as error:
        return None, error.errors
