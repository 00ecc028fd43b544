"""One measurement, run in its own process on the database named by DATABASE_URL:
`python -m bench.reference_load bulk|naive` prints JSON with seconds, rows and peak memory."""

import json
import os
import resource
import sys
import time

SAMPLE = 10_000


def main(mode: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from wirausaha.reference.loaders import load_regions, load_sectors, region_rows
    from wirausaha.reference.models import Region

    if mode == "bulk":
        started = time.perf_counter()
        load_regions()
        load_sectors()
        first = time.perf_counter() - started
        started = time.perf_counter()
        load_regions()
        load_sectors()
        second = time.perf_counter() - started
        rows = Region.objects.count()
        result = {"first_run_s": first, "second_run_s": second, "rows": rows}
    else:
        # The baseline: the obvious row-by-row loop, on a sample of the rows, parents first.
        rows = [row for level_rows in region_rows().values() for row in level_rows][:SAMPLE]
        started = time.perf_counter()
        for row in rows:
            values = {key: value for key, value in row.items() if key != "code"}
            Region.objects.update_or_create(code=row["code"], defaults=values)
        seconds = time.perf_counter() - started
        total = sum(len(level_rows) for level_rows in region_rows().values())
        result = {"sample_s": seconds, "rows": len(rows), "extrapolated_s": seconds * total / len(rows)}
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
