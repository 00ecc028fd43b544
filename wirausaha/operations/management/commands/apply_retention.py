from django.core.management.base import BaseCommand

from wirausaha.operations.actions import apply_retention


class Command(BaseCommand):
    help = (
        "Apply the retention periods now (the duplicate loop does so once a day): uploaded layoff "
        "lists past their period lose their file and error list, finished background tasks are "
        "deleted. Counts stay; the run and what it removed are recorded and audited."
    )

    def handle(self, **options) -> str:
        run = apply_retention()
        return "Retention: " + ", ".join(f"{count} {kind}" for kind, count in run.results.items())
