import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wirausaha.coaching.management.jsonfile import dumps, errors_json, read_json
from wirausaha.monitoring import impact
from wirausaha.monitoring.models import FollowUpRound
from wirausaha.monitoring.queries import impact_rows


class Command(BaseCommand):
    help = (
        "Estimate the programme's effect from its lottery: selected against waitlisted within the "
        "lottery's strata, at a follow-up round (--wave CODE --round MONTHS) or on plain rows "
        '(--instance FILE.json, \'-\' for standard input, {"rows": [{"stratum", "arm", "responded", '
        '"operating", "income"}]}). Bad input prints {"errors": [...]} and exits with status 1.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--instance", help="Rows as JSON; '-' for standard input.")
        parser.add_argument("--wave", help="The wave's code.")
        parser.add_argument(
            "--round", type=int, help="The follow-up round: months after training (3, 6, 12)."
        )
        parser.add_argument("--json", action="store_true", help="Print the estimate as JSON.")

    def handle(self, *args, instance: str | None, wave: str | None, round: int | None, json: bool, **options):
        if instance:
            result, errors = run_instance(instance)
            if errors:
                self.stdout.write(errors_json(errors))
                sys.exit(1)
        elif wave and round:
            found = FollowUpRound.objects.filter(wave__code=wave, months=round).select_related("wave").first()
            if found is None:
                raise CommandError(f"Tidak ada putaran tindak lanjut {round} bulan untuk gelombang {wave}.")
            result = impact.estimate(impact_rows(found))
        else:
            raise CommandError("Berikan --instance FILE, atau --wave KODE dan --round BULAN.")
        self.stdout.write(dumps(result) if json else summary(result))


def run_instance(file: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    data, problems = read_json(file, impact.problem, "input")
    if problems:
        return None, problems
    try:
        return impact.compute(data), []
    except impact.ImpactInputError as error:
        return None, error.errors


def _number(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def summary(result: dict[str, Any]) -> str:
    lines = []
    for outcome in impact.OUTCOMES:
        o = result[outcome]
        lines.append(
            f"{outcome}: effect {_number(o['effect'])} (SE {_number(o['se'])}, 95% "
            f"{_number(o['ci_low'])} .. {_number(o['ci_high'])}), n {o['n_selected']} selected / "
            f"{o['n_waitlisted']} waitlisted"
        )
    lines.append(
        f"response: selected {result['responded_selected']}/{result['assigned_selected']}, "
        f"waitlisted {result['responded_waitlisted']}/{result['assigned_waitlisted']}"
        + (
            " — ATTRITION WARNING (rates differ by more than 10 points)"
            if result["attrition_warning"]
            else ""
        )
    )
    lines.append("dropped strata: " + (", ".join(result["dropped_strata"]) or "-"))
    return "\n".join(lines)
