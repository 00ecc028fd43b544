from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule


def sweep_stale_jobs() -> dict[str, int]:
    """The long jobs whose worker stopped (no sign of life for settings.STALE_JOB_SECONDS): imports
    are failed with a plain reason (they wrote nothing), documents still without a PDF are drawn
    again, messages claimed but never sent and placement notices not all sent are queued again.
    Each app says what it sweeps in its `stale.py` (found the way Django finds `admin.py`, so this
    command, low in the layout, imports no later stage). `scan_duplicates --pending --loop` runs
    this every few seconds, so `make run` needs no process of its own for it."""
    counts: dict[str, int] = {}
    for config in apps.get_app_configs():
        if config.name.startswith("wirausaha.") and module_has_submodule(config.module, "stale"):
            counts.update(import_module(f"{config.name}.stale").sweep())
    return counts


class Command(BaseCommand):
    help = (
        "Find the long jobs whose worker stopped (killed, timed out, cut off from the database): "
        "fail their imports (nothing was written; the file can be applied again), queue again the "
        "drawing of documents without a PDF, the messages claimed but never sent and the placement "
        "notices not all sent. A job is stopped when it showed no sign of life for "
        "STALE_JOB_SECONDS (default 120)."
    )

    def handle(self, **options) -> str:
        counts = sweep_stale_jobs()
        return "Stale jobs: " + ", ".join(f"{count} {what}" for what, count in counts.items())
