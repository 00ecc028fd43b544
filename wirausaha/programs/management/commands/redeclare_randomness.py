from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from wirausaha.common.errors import DomainError
from wirausaha.programs.actions import redeclare_randomness
from wirausaha.programs.models import Wave

from .reopen_wave import aware


class Command(BaseCommand):
    help = (
        "Re-declare the source of an open wave's public value and the time after which it is "
        "published (in the future), e.g. when the declared time has passed before the wave was "
        "closed. Published in the wave's lottery log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True, help="Wave code, e.g. DEMO-2025-1")
        parser.add_argument("--source", required=True, help="The source of the public value.")
        parser.add_argument(
            "--published-after",
            required=True,
            type=aware,
            help="ISO 8601 time with its zone from which the value is published, e.g. 2025-08-01T12:00+07:00",
        )
        parser.add_argument("--reason", required=True, help="Why the source is re-declared (published).")

    def handle(self, *args, wave: str, source: str, published_after: datetime, reason: str, **options):
        found = Wave.objects.filter(code=wave).first()
        if found is None:
            raise CommandError(f"No wave coded {wave!r}.")
        try:
            done = redeclare_randomness(
                found, source=source, published_after=published_after, reason=reason, by=None
            )
        except DomainError as error:
            raise CommandError(error.text) from error
        self.stdout.write(
            f"{done.code}: public value re-declared: {done.randomness_source} "
            f"(published after {done.randomness_published_after.isoformat()})"
        )
