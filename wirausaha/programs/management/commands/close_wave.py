from django.core.management.base import BaseCommand, CommandError

from wirausaha.common.errors import DomainError
from wirausaha.programs.actions import close_wave
from wirausaha.programs.models import Wave


class Command(BaseCommand):
    help = "Close a screened wave: freeze and publish its entrant list, seats and entrants digest."

    def add_arguments(self, parser):
        parser.add_argument("--wave", required=True, help="Wave code, e.g. DEMO-2025-1")
        parser.add_argument(
            "--reason",
            default="",
            help="Why the wave closes before its announced closing day (then required)",
        )

    def handle(self, *args, wave: str, reason: str = "", **options) -> None:
        found = Wave.objects.filter(code=wave).first()
        if found is None:
            raise CommandError(f"No wave coded {wave!r}.")
        try:
            closed = close_wave(found, by=None, early_reason=reason)
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{closed.code}: {closed.frozen_entrants.count()} entrants frozen, "
            f"digest {closed.entrants_digest}; public value: {closed.randomness_source} "
            f"(published after {closed.randomness_published_after.isoformat()})"
        )
