import sys

from django.core.management.base import BaseCommand

from wirausaha.coaching.management.jsonfile import dumps, errors_json, read_json
from wirausaha.finance.queries.products import terms_by_code
from wirausaha.finance.readiness import InstanceError, assess_many, problem, read_instance, verdicts_json


class Command(BaseCommand):
    help = (
        "Say for each applicant of a JSON instance ('-' reads standard input) whether the application "
        "for a financing product is ready on the instance's date, and which items are missing "
        '(sorted codes). Bad input prints {"errors": [{"field", "message"}]} and exits with status 1.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--instance", required=True, help="The instance as JSON; '-' for standard input.")
        parser.add_argument("--json", action="store_true", help="Print the verdicts as JSON.")

    def handle(self, *args, instance: str, json: bool, **options) -> None:
        data, problems = read_json(instance, problem_with_detail, "input")
        if problems:
            self.stdout.write(errors_json(problems))
            sys.exit(1)
        try:
            on, applicants, verdicts = run(data)
        except InstanceError as error:
            self.stdout.write(errors_json(error.errors))
            sys.exit(1)
        result = verdicts_json(applicants, verdicts)
        if json:
            self.stdout.write(dumps(result))
            return
        ready = sum(1 for v in verdicts if v.ready)
        lines = [f"{on.isoformat()}: {ready} of {len(verdicts)} ready"]
        lines += [
            f"  {row['id']}: {'ready' if row['ready'] else 'missing ' + ', '.join(row['missing'])}"
            for row in result["applicants"]
        ]
        self.stdout.write("\n".join(lines))


def run(data):
    """(date, applicants, verdicts) of an instance, the terms read in one query."""
    # The date must be read before the terms that apply on it; the product codes known on any date.
    from wirausaha.finance.models import FinancingProduct

    codes = frozenset(FinancingProduct.objects.values_list("code", flat=True).distinct())
    on, applicants = read_instance(data, codes)
    return on, applicants, assess_many(applicants, terms_by_code(on), on)


FILE_TEXT = {
    "unreadable": "Berkas tidak dapat dibaca: {detail}.",
    "invalid_json": "Berkas bukan JSON yang sah: {detail}.",
}


def problem_with_detail(field: str, code: str, detail: str = "") -> dict:
    if code in FILE_TEXT:
        return {"field": field, "code": code, "message": FILE_TEXT[code].format(detail=detail)}
    return problem(field, code)
