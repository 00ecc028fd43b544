from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wirausaha.accounts.models import User
from wirausaha.demo.running_wave import walkthrough
from wirausaha.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_WAVE, seed_demo
from wirausaha.programs.actions.waves import WIB


class Command(BaseCommand):
    help = (
        "Create synthetic demo data: one account per role, centres, courses, cohorts, N participants. "
        "DEBUG only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--participants", type=int, default=1000, help="How many participants (default 1000)."
        )
        parser.add_argument(
            "--seed", type=int, default=2025, help="Random seed: the same seed gives the same data."
        )
        parser.add_argument(
            "--value-in",
            type=int,
            default=2,
            help="Minutes after seeding when the open demo wave's public value is published: close "
            "the wave before, draw it after (default 2).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database has accounts."
        )

    def handle(self, participants: int, seed: int, value_in: int, if_empty: bool, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with a published password: it runs only with DEBUG=True."
            )
        if participants < 0:
            raise CommandError("--participants must be 0 or more.")
        if value_in < 1:
            raise CommandError("--value-in must be 1 minute or more.")
        if if_empty and User.objects.exists():
            self.stdout.write("Accounts exist already: demo data not seeded again.")
        else:
            try:
                result = seed_demo(participants=participants, seed=seed, value_in=timedelta(minutes=value_in))
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                f"Demo data: {result.participants_created} participants, {result.centres_created} centres, "
                f"{result.courses_created} courses, {result.cohorts_created} cohorts created."
            )
            if result.value_published_after:
                after = result.value_published_after.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S WIB")
                self.stdout.write(
                    f"Wave {DEMO_WAVE} is open: screen and close it before {after}, when its declared "
                    "public value is published; draw it from then on."
                )
            if result.training_wave:
                self.stdout.write(
                    f"Wave {result.training_wave} selected, placed and in training around today, with "
                    f"{result.training_wave_participants} more participants."
                )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username:<18} {account.role.label}")
        for line in walkthrough():
            self.stdout.write(line)
