"""`make bench ONLY=pending`: the duplicate check of a 20,000-row import into one district, on
PostgreSQL (`scan_duplicates --pending`). A registry of BENCH_PENDING_REGISTRY records (default
300,000; bench_duplicates.py's synthetic people, all checked) receives 20,000 new records in one
district (2 % of them registered twice under another NIK); the backlog is then checked with the
batched path (duplicates/incremental.py). The baseline, measured in the same run on a sample of
the same backlog and rolled back, is the previous path: each record compared on its own
(`queue_duplicates_of`: three lookups and a name count per record), extrapolated to the backlog.

The measurement runs in its own process on a fresh database (`python -m bench.bench_pending_duplicates
measure URL`); the database is dropped afterwards. Needs a PostgreSQL server (BENCH_PG_URL).
"""

import json
import os
import random
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
REGISTRY = int(os.environ.get("BENCH_PENDING_REGISTRY", "300000"))
PENDING = int(os.environ.get("BENCH_PENDING_ROWS", "20000"))
SAMPLE = int(os.environ.get("BENCH_PENDING_SAMPLE", "100"))
DISTRICT = "32.16.01"
TWINS = 0.02
SEED = 20251207


def _participants(rows, *, checked: bool):
    from django.utils import timezone

    from wirausaha.registry.models import Participant

    now = timezone.now()
    for nik, name, born, phone, village in rows:
        yield Participant(
            nik=nik,
            full_name=name,
            birth_place="-",
            birth_date=born,
            sex="F" if int(nik[6:8]) > 40 else "M",
            phone=phone,
            domicile_id=village,
            layoff_date=date(2025, 3, 1),
            consent_version="bench",
            consent_at=now,
            duplicates_checked_at=now if checked else None,
        )


def _insert(rows, *, checked: bool) -> None:
    from itertools import islice

    from wirausaha.registry.models import Participant

    stream = _participants(rows, checked=checked)
    while chunk := list(islice(stream, 5000)):
        Participant.objects.bulk_create(chunk)


def _pending_rows(rng: random.Random, villages: list[str]) -> tuple[list[tuple], int]:
    """An import into one district: names, dates and phones drawn like the registry's, and every
    fiftieth person a second time under another NIK (a title added or a letter slipped)."""
    from bench.bench_duplicates import FEMALE, LAST, MALE
    from wirausaha.registry.nik import build_nik

    serials: dict[tuple, int] = {}
    rows, twins = [], 0
    while len(rows) < PENDING:
        sex = rng.choice("MF")
        name = f"{rng.choice(FEMALE if sex == 'F' else MALE)} {rng.choice(LAST)}"
        born = date(1965, 1, 1) + timedelta(days=rng.randrange(35 * 365))
        phone = f"+628{rng.randrange(10**10):010d}"
        village = rng.choice(villages)
        copies = 2 if rng.random() < TWINS else 1
        for copy in range(copies):
            key = (born, sex)
            serials[key] = serial = serials.get(key, 5000) + 1  # above the registry's serials
            written = (
                name if copy == 0 else (f"Hj. {name}" if rng.random() < 0.5 else name.replace("a", "e", 1))
            )
            rows.append(
                (
                    build_nik(district=DISTRICT, birth_date=born, sex=sex, serial=serial),
                    written,
                    born,
                    phone if rng.random() < 0.7 else "",
                    village,
                )
            )
        twins += copies - 1
    return rows[:PENDING], twins


def measure(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench.bench_duplicates import People
    from wirausaha.reference.loaders import load_regions, load_sectors
    from wirausaha.reference.models import Region
    from wirausaha.registry.duplicates.actions import check_pending_duplicates, queue_duplicates_of
    from wirausaha.registry.models import DuplicateCandidate, Participant

    call_command("migrate", verbosity=0)
    load_regions()
    load_sectors()
    rng = random.Random(SEED)
    started = time.perf_counter()
    people = People(REGISTRY, rng)
    _insert(((p.nik, p.full_name, p.birth_date, p.phone, p.village) for p in people.rows), checked=True)
    villages = list(Region.objects.filter(parent_id=DISTRICT).values_list("code", flat=True))
    rows, twins = _pending_rows(rng, villages)
    _insert(rows, checked=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    setup_seconds = time.perf_counter() - started

    # Baseline: the previous path, one record at a time, on a sample; rolled back.
    sample = list(Participant.objects.filter(duplicates_checked_at__isnull=True).order_by("id")[:SAMPLE])
    started = time.perf_counter()
    with transaction.atomic():
        for participant in sample:
            queue_duplicates_of(participant)
            Participant.objects.filter(pk=participant.pk).update(duplicates_checked_at=participant.created_at)
        baseline_seconds = time.perf_counter() - started
        transaction.set_rollback(True)

    started, batches = time.perf_counter(), 0
    while check_pending_duplicates():
        batches += 1
    batched_seconds = time.perf_counter() - started
    pending_ids = set(
        Participant.objects.filter(nik__startswith=DISTRICT.replace(".", "")).values_list("id", flat=True)
    )
    found = DuplicateCandidate.objects.filter(first_id__in=pending_ids, second_id__in=pending_ids).count()
    print(
        json.dumps(
            {
                "registry": REGISTRY,
                "pending": len(rows),
                "twins": twins,
                "setup_s": setup_seconds,
                "sample": len(sample),
                "baseline_s": baseline_seconds,
                "batched_s": batched_seconds,
                "batches": batches,
                "pairs_in_import": found,
                "queued": DuplicateCandidate.objects.count(),
            }
        )
    )


def psql(sql: str) -> bool:
    return subprocess.run(["psql", f"{PG_ADMIN}/postgres", "-qc", sql], capture_output=True).returncode == 0


def main() -> None:
    if not psql("SELECT 1"):
        print("No PostgreSQL server answers at BENCH_PG_URL: skipped.")
        return
    name = f"wirausaha_bench_{uuid.uuid4().hex[:8]}"
    psql(f"CREATE DATABASE {name}")
    try:
        env = {**os.environ, "SECRET_KEY": "bench", "DEBUG": "False"}
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_pending_duplicates", "measure", f"{PG_ADMIN}/{name}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
    finally:
        psql(f"DROP DATABASE IF EXISTS {name}")
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    r = json.loads(done.stdout.strip().splitlines()[-1])
    per_old = r["baseline_s"] / r["sample"]
    per_new = r["batched_s"] / r["pending"]
    print(
        f"Registry {r['registry']:,} checked records + {r['pending']:,} pending in district {DISTRICT} "
        f"({r['twins']} registered twice); set-up {r['setup_s']:.0f} s, not timed."
    )
    print(
        f"{'path':<42} {'records':>8} {'seconds':>9} {'ms/record':>10} "
        f"{'backlog of ' + format(r['pending'], ','):>17}"
    )
    print(
        f"{'baseline: one record at a time (sample)':<42} {r['sample']:>8} {r['baseline_s']:>9.1f} "
        f"{per_old * 1000:>10.1f} {per_old * r['pending'] / 60:>13.1f} min"
    )
    print(
        f"{'batched blocking (--pending, ' + str(r['batches']) + ' batches)':<42} {r['pending']:>8} "
        f"{r['batched_s']:>9.1f} {per_new * 1000:>10.2f} {r['batched_s'] / 60:>13.1f} min"
    )
    print(
        f"Speed-up {per_old / per_new:.0f}x; pairs queued {r['queued']:,}, of which within the import "
        f"{r['pairs_in_import']:,} (twins injected: {r['twins']})."
    )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "measure":
        measure(sys.argv[2])
    else:
        main()
