import json

from django.core.management.base import BaseCommand, CommandError

from wirausaha.centres.models import Cohort
from wirausaha.common.errors import DomainError
from wirausaha.training.actions import complete_cohort
from wirausaha.training.queries import dropouts_by_reason


class Command(BaseCommand):
    help = (
        "Complete a cohort after its last day: graduates, those who did not pass the assessment, "
        "drop-outs (with the reason), and a certificate for each graduate."
    )

    def add_arguments(self, parser):
        parser.add_argument("cohort_id", type=int, help="The cohort's id")
        parser.add_argument("--json", action="store_true", help="Print the outcome as JSON.")

    def handle(self, *args, cohort_id: int, json: bool, **options) -> None:
        cohort = Cohort.objects.filter(pk=cohort_id).first()
        if cohort is None:
            raise CommandError(f"No cohort with id {cohort_id}.")
        try:
            result = complete_cohort(cohort, by=None)
        except DomainError as error:
            raise CommandError(str(error)) from error
        # Everyone who left training, at completion or before it (withdrew, attendance...).
        dropped = dropouts_by_reason(cohort)
        summary = {
            "cohort": cohort.code,
            "graduated": result["graduated"],
            "not_passed": result["not_passed"],
            "dropped_out": dropped,
            "dropped_out_total": sum(dropped.values()),
            "certificates_issued": result["certificates"],
        }
        if json:
            self.stdout.write(_json(summary))
            return
        reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(dropped.items())) or "none"
        self.stdout.write(
            f"{cohort.code}: {summary['graduated']} graduated, {summary['not_passed']} not passed, "
            f"{summary['dropped_out_total']} dropped out ({reasons}), "
            f"{summary['certificates_issued']} certificates issued"
        )


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
