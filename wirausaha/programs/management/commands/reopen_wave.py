from argparse import ArgumentTypeError
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from wirausaha.common.errors import DomainError
from wirausaha.programs.actions import reopen_wave
from wirausaha.programs.models import Wave


def aware(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise ArgumentTypeError(f"not an ISO 8601 time: {value!r}") from error
    if moment.tzinfo is None:
        raise ArgumentTypeError("give the time zone, e.g. 2025-08-01T12:00+07:00")
    return moment


class Command(BaseCommand):
    help = (
        "Re-open a closed wave before its public value can be known: the frozen entrant list is "
        "discarded and a new randomness source, published later than the old one, is declared. "
        "Published in the wave's lottery log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True, help="Wave code, e.g. DEMO-2025-1")
        parser.add_argument("--source", required=True, help="The new source of the public value.")
        parser.add_argument(
            "--published-after",
            required=True,
            type=aware,
            help="ISO 8601 time with its zone from which the new value is published.",
        )
        parser.add_argument("--reason", required=True, help="Why the wave is re-opened (published).")

    def handle(self, *args, wave: str, source: str, published_after: datetime, reason: str, **options):
        found = Wave.objects.filter(code=wave).first()
        if found is None:
            raise CommandError(f"No wave coded {wave!r}.")
        try:
            reopened = reopen_wave(
                found,
                by=None,
                reason=reason,
                randomness_source=source,
                randomness_published_after=published_after,
            )
        except DomainError as error:
            raise CommandError(error.text) from error
        self.stdout.write(
            f"{reopened.code}: re-opened, frozen list discarded; public value: {reopened.randomness_source} "
            f"(published after {reopened.randomness_published_after.isoformat()})"
        )
