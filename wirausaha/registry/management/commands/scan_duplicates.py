from django.core.management.base import BaseCommand, CommandError

from wirausaha.reference.models import Region
from wirausaha.registry.duplicates import scan_duplicates


class Command(BaseCommand):
    help = (
        "Compare the registry's records (not merged ones) and queue the pairs that are probably one "
        "person under two NIKs. Pairs queued or decided before are left as they are. The audit event "
        "'registry.duplicates_scanned' holds the counts and any block too large to compare."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--region",
            metavar="CODE",
            help="only records living in this Kemendagri region (e.g. 32.16); pairs across it are missed",
        )

    def handle(self, *, region, **options) -> str:
        if region and not Region.objects.filter(code=region).exists():
            raise CommandError(f"Unknown region code {region!r}: use a dotted Kemendagri code such as 32.16.")
        queued = scan_duplicates(by=None, region_prefix=region or None)
        where = f"region {region}" if region else "all regions"
        return f"Duplicate scan ({where}): {queued} new possible duplicates queued"
