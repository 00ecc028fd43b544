import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wirausaha.monitoring.geometry import simplify_collection
from wirausaha.monitoring.maps import PROVINCES_FILE


class Command(BaseCommand):
    help = (
        "Simplify a GeoJSON of province boundaries (properties code, name) into the small file the "
        "dashboard's map is drawn from (monitoring/data/provinsi.json). Run once, offline, when the "
        "boundaries change; the output is committed, the source is not."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("source", help="GeoJSON FeatureCollection of the provinces.")
        parser.add_argument(
            "--tolerance", type=float, default=0.05, help="Douglas-Peucker tolerance (degrees)."
        )
        parser.add_argument(
            "--min-area", type=float, default=0.02, help="Smallest island kept (square degrees)."
        )
        parser.add_argument("--output", default=str(PROVINCES_FILE))

    def handle(self, *args, source, tolerance, min_area, output, **options):
        try:
            collection = json.loads(Path(source).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Tidak dapat membaca {source}: {error}") from error
        shapes = simplify_collection(collection, tolerance=tolerance, min_area=min_area)
        Path(output).write_text(
            json.dumps(shapes, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        points = sum(len(ring) for shape in shapes.values() for ring in shape["rings"])
        self.stdout.write(f"{len(shapes)} provinces, {points} points -> {output}")
