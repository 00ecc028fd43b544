from django.core.management.base import BaseCommand

from wirausaha.monitoring import summary


class Command(BaseCommand):
    help = (
        "Recompute the indicator summary that the monitoring dashboard, its exports and the API read "
        "(all waves and each wave, by province, regency, sex, age band, disability and sector). The "
        "periodic sweep runs it when the last refresh is older than SUMMARY_MAX_AGE seconds (default 900)."
    )

    def handle(self, **options) -> str:
        run = summary.refresh()
        at = f"{run.finished_at:%Y-%m-%d %H:%M}"
        return f"Indicator summary: {run.cells} cells in {run.seconds} s (data per {at})."
