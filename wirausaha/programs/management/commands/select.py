import json

from django.core.management.base import BaseCommand, CommandError

from wirausaha.common.errors import DomainError
from wirausaha.programs.actions import draw_wave
from wirausaha.programs.models import Wave


class Command(BaseCommand):
    help = "Draw a closed, screened wave: priority strata, then a seeded lottery within each quota."

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True, help="Wave code, e.g. DEMO-2025-1")
        parser.add_argument("--seed", help="Use this seed instead of the one fixed when the wave closed.")
        parser.add_argument("--json", action="store_true", help="Print counts and provinces as JSON.")

    def handle(self, *args, wave: str, seed: str | None, json: bool, **options) -> None:
        found = Wave.objects.filter(code=wave).first()
        if found is None:
            raise CommandError(f"No wave coded {wave!r}.")
        try:
            summary = draw_wave(found, by=None, seed=seed)
        except DomainError as error:
            raise CommandError(str(error)) from error
        counts = summary["counts"]
        result = {
            "wave": found.code,
            "selected": counts["selected"],
            "waitlisted": counts["waitlisted"],
            "ineligible": counts["ineligible"],
            "counts": counts,
            "provinces": summary["provinces"],
        }
        if json:
            self.stdout.write(_json(result))
        else:
            self.stdout.write(
                f"{found.code}: {counts['selected']} selected, {counts['waitlisted']} waitlisted"
            )
            for code, row in summary["provinces"].items():
                self.stdout.write(
                    f"  {code}: quota {row['quota']}, selected {row['selected']}, "
                    f"waitlisted {row['waitlisted']}"
                )


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)
