import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wirausaha.reference.models import Region
from wirausaha.registry.duplicates.actions import check_pending_duplicates, scan_duplicates

from .sweep_stale_jobs import sweep_stale_jobs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Compare the registry's records (not merged ones) and queue the pairs that are probably one "
        "person under two NIKs. Pairs queued or decided before are left as they are. The audit event "
        "'registry.duplicates_scanned' holds the counts and any block too large to compare. With "
        "--pending, only records not checked yet (new, imported or corrected) are compared, each with "
        "the records that share its phone, birth date or village; --loop keeps doing so, as a process "
        "beside the web server, and also sweeps the jobs whose worker stopped (see sweep_stale_jobs)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--region",
            metavar="CODE",
            help="only records living in this Kemendagri region (e.g. 32.16); pairs across it are missed",
        )
        parser.add_argument("--pending", action="store_true", help="only records not checked yet")
        parser.add_argument("--loop", action="store_true", help="with --pending: keep checking until stopped")
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            metavar="SECONDS",
            help="with --loop: the pause when nothing is pending (default 2)",
        )

    def handle(self, *, region, pending, loop, interval, **options) -> str:
        if loop and not pending:
            raise CommandError("--loop works with --pending only.")
        if pending and region:
            raise CommandError("--region works with a whole scan only, not with --pending.")
        if interval <= 0:
            raise CommandError("--interval must be more than 0 seconds.")
        if pending:
            return self._pending(loop=loop, interval=interval)
        if region and not Region.objects.filter(code=region).exists():
            raise CommandError(f"Unknown region code {region!r}: use a dotted Kemendagri code such as 32.16.")
        queued = scan_duplicates(by=None, region_prefix=region or None)
        where = f"region {region}" if region else "all regions"
        return f"Duplicate scan ({where}): {queued} new possible duplicates queued"

    def _pending(self, *, loop: bool, interval: float) -> str:
        stopping = []
        if loop:
            signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        checked = 0
        # The loop is the process that runs beside the server anyway: it also sweeps stale jobs.
        sweep_every, swept_at = max(1.0, min(30.0, settings.STALE_JOB_SECONDS / 4)), 0.0
        # One line a minute at most: under `make run` a line per batch scrolls the demo logins away.
        unreported, reported_at = 0, time.monotonic()
        try:
            while not stopping:
                if loop and time.monotonic() - swept_at >= sweep_every:
                    swept_at = time.monotonic()
                    try:
                        sweep_stale_jobs()
                    except Exception:  # the duplicate check goes on; the next sweep tries again
                        logger.exception("Sweeping stale jobs failed")
                done = check_pending_duplicates()
                checked += done
                unreported += done if loop else 0
                if unreported and time.monotonic() - reported_at >= REPORT_EVERY_SECONDS:
                    self.stdout.write(f"{_records(unreported)} checked for duplicates")
                    unreported, reported_at = 0, time.monotonic()
                if not loop and not done:
                    break
                if not done:
                    time.sleep(interval)
        except KeyboardInterrupt:
            pass
        return f"Duplicate check: {_records(checked)} checked"


REPORT_EVERY_SECONDS = 60.0


def _records(count: int) -> str:
    return f"{count} record" if count == 1 else f"{count} records"
