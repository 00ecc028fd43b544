import sys
from typing import Any

from django.core.management.base import BaseCommand

from wirausaha.coaching.calculator import ROOT, PlanInputError, compute, problem
from wirausaha.coaching.management.jsonfile import dumps, errors_json, read_json


class Command(BaseCommand):
    help = (
        "Compute a business plan's figures (margin, break-even, loan instalment, 1-12 month cash flow) "
        'from a JSON file (\'-\' reads standard input). Bad input prints {"errors": [{"field", '
        '"message"}]} and exits with status 1. Needs no database.'
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="The plan's input as JSON; '-' for standard input.")
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args, file: str, json: bool, **options) -> None:
        result, errors = run(file)
        if errors:
            self.stdout.write(errors_json(errors))
            sys.exit(1)
        if json:
            self.stdout.write(dumps(result))
            return
        self.stdout.write(summary(result))


def run(file: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The figures of the plan in `file` ('-': standard input), or the problems found."""
    data, problems = read_json(file, problem, ROOT)
    if problems:
        return None, problems
    try:
        return compute(data), []
    except PlanInputError as error:
        return None, error.errors


def summary(result: dict[str, Any]) -> str:
    r = result
    lines = [
        f"gross margin {r['gross_margin_pct']} %, break-even {r['break_even_units_per_month']} units "
        f"(Rp {r['break_even_revenue_per_month']:,}) a month",
        f"instalment Rp {r['instalment']:,}, total interest Rp {r['total_interest']:,}",
        f"lowest balance Rp {r['lowest_balance']:,}, funding gap Rp {r['funding_gap']:,}, "
        f"payback month {r['payback_month'] or '-'}, receivable at end Rp {r['receivable_at_end']:,}",
    ]
    lines += [
        f"  month {m['month']:>2}: in {m['cash_in']:>15,}  out {m['cash_out']:>15,}  "
        f"closing {m['closing']:>15,}"
        for m in r["months"]
    ]
    return "\n".join(lines)
