import sys
from typing import Any

from django.core.management.base import BaseCommand

from wirausaha.coaching.management.jsonfile import dumps, errors_json, read_json
from wirausaha.market.matching import ROOT, MatchingInputError, match, problem


class Command(BaseCommand):
    help = (
        "Match demand listings with businesses from a JSON instance, without the database: the best k "
        "businesses for each listing (hard rules: valid certificates, region served, capacity, KBLI "
        'division), scored and explained. Bad input prints {"errors": [{"field", "message"}]} and '
        "exits with status 1."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--instance", required=True, metavar="FILE", help="The instance as JSON; '-' for standard input."
        )
        parser.add_argument("--k", type=int, default=10, help="How many matches per listing (default 10).")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument("--both", action="store_true", help="Also the best k listings for each business.")

    def handle(self, *args, instance: str, k: int, json: bool, both: bool, **options) -> None:
        result, errors = run(instance, k, both=both)
        if errors:
            self.stdout.write(errors_json(errors))
            sys.exit(1)
        if json:
            self.stdout.write(dumps(result))
            return
        for listing in result["listings"]:
            self.stdout.write(f"{listing['id']}: {len(listing['matches'])} matches")
            for found in listing["matches"]:
                self.stdout.write(f"  {found['business']}  {found['score']}")
        for business in result.get("businesses", []):
            self.stdout.write(f"{business['id']}: {len(business['matches'])} listings")
            for found in business["matches"]:
                self.stdout.write(f"  {found['listing']}  {found['score']}")


def run(file: str, k: int, *, both: bool = False) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The matches of the instance in `file` ('-': standard input), or the problems found."""
    data, problems = read_json(file, problem, ROOT)
    if problems:
        return None, problems
    try:
        return match(data, k, both=both), []
    except MatchingInputError as error:
        return None, error.errors
