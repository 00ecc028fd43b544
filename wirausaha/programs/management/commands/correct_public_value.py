from django.core.management.base import BaseCommand, CommandError

from wirausaha.common.errors import DomainError
from wirausaha.programs.actions import correct_public_value
from wirausaha.programs.models import Wave


class Command(BaseCommand):
    help = (
        "Correct a public value entered by mistake, before the draw. The old value, the new one and "
        "the reason are published in the wave's lottery log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True, help="Wave code, e.g. DEMO-2025-1")
        parser.add_argument("--value", required=True, help="The public value, exactly as published.")
        parser.add_argument("--reason", required=True, help="Why it is corrected (published).")

    def handle(self, *args, wave: str, value: str, reason: str, **options) -> None:
        found = Wave.objects.filter(code=wave).first()
        if found is None:
            raise CommandError(f"No wave coded {wave!r}.")
        before = found.public_value
        try:
            corrected = correct_public_value(found, value=value, reason=reason, by=None)
        except DomainError as error:
            raise CommandError(error.text) from error
        self.stdout.write(
            f"{corrected.code}: public value corrected from {before!r} to {corrected.public_value!r} "
            "(published in the lottery log)"
        )
