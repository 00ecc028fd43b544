import json

from django.core.management.base import BaseCommand, CommandError

from wirausaha.common.errors import DomainError
from wirausaha.programs.actions import screen_wave, selection_summary
from wirausaha.programs.models import Wave


class Command(BaseCommand):
    help = "Screen every application of a wave against its eligibility rules."

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True, help="Wave code, e.g. DEMO-2025-1")
        parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")

    def handle(self, *args, wave: str, json: bool, **options) -> None:
        found = Wave.objects.filter(code=wave).first()
        if found is None:
            raise CommandError(f"No wave coded {wave!r}.")
        try:
            counts = screen_wave(found, by=None)
        except DomainError as error:
            raise CommandError(str(error)) from error
        if json:
            summary = selection_summary(found)
            self.stdout.write(
                _json(
                    {
                        "wave": found.code,
                        "eligible": counts["eligible"],
                        "ineligible": counts["ineligible"],
                        "counts": summary["counts"],
                    }
                )
            )
        else:
            self.stdout.write(
                f"{found.code}: {counts['eligible']} eligible, {counts['ineligible']} not eligible"
            )


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)
