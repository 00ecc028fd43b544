import time

from django.core.management.base import BaseCommand

from wirausaha.reference.loaders import load_regions, load_sectors


class Command(BaseCommand):
    help = "Create or update Kemendagri regions and KBLI 2020 sectors from the shipped files (keyed on code)."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        for level, result in load_regions().items():
            self.stdout.write(
                f"regions {level}: {result.total} ({result.created} created, {result.updated} updated)"
            )
        sectors = load_sectors()
        self.stdout.write(
            f"KBLI sectors: {sectors.total} ({sectors.created} created, {sectors.updated} updated)"
        )
        self.stdout.write(f"done in {time.perf_counter() - started:.1f} s")
