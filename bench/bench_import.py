"""`make bench ONLY=import`: import of a generated 100,000-row layoff list on SQLite and, when a
PostgreSQL server answers, on PostgreSQL (target: under 60 s each). The baseline, measured in the
same run, is the naive way: one row at a time through the shared rules, the model's `full_clean()`
and `save()` with its history row and audit event, on a 2,000-row sample extrapolated to 100,000.

Every measurement runs in its own process (`python -m bench.bench_import measure MODE FILE`) on
a fresh database that already holds the reference data (loaded once per engine, not timed); the
peak memory is that process's maximum resident set size.
"""

import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "wirausaha" / "reference" / "data"
PG_ADMIN = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
SAMPLE = 2_000
TARGET_S = 60

HEADER = [
    "nik",
    "nama_lengkap",
    "tanggal_lahir",
    "jenis_kelamin",
    "no_hp",
    "kode_wilayah",
    "tanggal_phk",
    "tempat_lahir",
    "email",
    "pendidikan",
    "perusahaan_terakhir",
    "kbli_perusahaan",
    "alasan_phk",
    "penerima_jkp",
    "minat_usaha_kbli",
    "disabilitas",
]
GIVEN = [
    "Siti",
    "Sri",
    "Dewi",
    "Rina",
    "Yuli",
    "Fitri",
    "Indah",
    "Ratna",
    "Ayu",
    "Eka",
    "Budi",
    "Agus",
    "Joko",
    "Eko",
    "Dedi",
    "Hendra",
    "Rudi",
    "Yusuf",
    "Rizki",
    "Arif",
    "Bambang",
    "Slamet",
    "Wahyu",
    "Asep",
    "Ujang",
]
FAMILY = [
    "Saputra",
    "Pratama",
    "Hidayat",
    "Santoso",
    "Setiawan",
    "Wijaya",
    "Nugroho",
    "Kurniawan",
    "Lubis",
    "Siregar",
    "Nasution",
    "Harahap",
    "Rahmawati",
    "Lestari",
    "Wahyuni",
    "Handayani",
    "Tanoto",
    "Halim",
]
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
OPERATORS = ["811", "812", "813", "821", "822", "852", "853", "857", "858", "877", "878", "895", "896", "881"]
EMPLOYERS = [
    "PT Sinar Garmen",
    "PT Maju Tekstil",
    "PT Sepatu Nusantara",
    "CV Mebel Jaya",
    "PT Elektronik Raya",
]
REASONS = ["Efisiensi", "Pabrik tutup", "Pesanan turun", "Relokasi pabrik", "Kontrak tidak diperpanjang"]
EDUCATION = ["sd", "smp", "sma", "sma", "sma", "diploma", "s1"]


def generate(path: Path, rows: int, seed: int = 2025) -> None:
    """A layoff list as labour offices send them: `;`-separated UTF-8 with a BOM, valid NIKs that
    agree with the district of the village of residence, and the date and phone spellings that
    real files mix (dd/mm/yyyy, "5 Agustus 1985", 0812…, 62812…, +62 812-…)."""
    sys.path.insert(0, str(ROOT))
    from wirausaha.registry.nik import build_nik

    rng = random.Random(seed)
    with (DATA / "wilayah_desa.csv").open(encoding="utf-8") as villages_file:
        villages = [(row["code"], row["kecamatan_code"]) for row in csv.DictReader(villages_file)]
    with (DATA / "kbli_2020.csv").open(encoding="utf-8") as kbli_file:
        sectors = [row["code"] for row in csv.DictReader(kbli_file) if row["level"] == "kelompok"]
    serials: dict[tuple, int] = {}
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for _ in range(rows):
            village, district = rng.choice(villages)
            sex = rng.choice("MF")
            birth = date(1965, 1, 1) + timedelta(days=rng.randrange(38 * 365))
            key = (district, birth, sex)
            serials[key] = serials.get(key, 0) + 1
            nik = build_nik(district=district, birth_date=birth, sex=sex, serial=serials[key])
            layoff = date(2024, 1, 1) + timedelta(days=rng.randrange(600))
            number = rng.choice(OPERATORS) + "".join(rng.choices("0123456789", k=rng.choice((7, 8))))
            phone = rng.choice([f"0{number}", f"62{number}", f"+62 {number[:3]}-{number[3:7]}-{number[7:]}"])
            shape = rng.random()
            born = (
                birth.strftime("%d/%m/%Y")
                if shape < 0.8
                else f"{birth.day} {MONTHS[birth.month - 1]} {birth.year}"
                if shape < 0.9
                else birth.isoformat()
            )
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            writer.writerow(
                [
                    nik,
                    name,
                    born,
                    "L" if sex == "M" else "P",
                    phone,
                    village,
                    layoff.strftime("%d/%m/%Y"),
                    rng.choice(["Bekasi", "Bandung", "Surabaya", "Medan", ""]),
                    f"{name.lower().replace(' ', '.')}{rng.randrange(1000)}@example.com"
                    if shape < 0.3
                    else "",
                    rng.choice(EDUCATION),
                    rng.choice(EMPLOYERS),
                    rng.choice(sectors),
                    rng.choice(REASONS),
                    rng.choice(["ya", "tidak", ""]),
                    rng.choice(sectors) if shape < 0.5 else "",
                    "",
                ]
            )


# The measuring process


def measure(mode: str, file: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    import django

    django.setup()
    from django.core.management import call_command

    if mode == "setup":
        from wirausaha.reference.loaders import load_regions, load_sectors

        call_command("migrate", verbosity=0)
        load_regions()
        load_sectors()
        print(json.dumps({}))
        return

    from wirausaha.registry.imports.run import import_participants

    started = time.perf_counter()
    if mode == "naive":
        result = naive(Path(file))
    else:
        with open(file, "rb") as stream:
            outcome = import_participants(file=stream, dry_run=mode == "check", by=None)
        result = {key: getattr(outcome, key) for key in ("rows", "valid", "invalid", "created", "updated")}
    result["seconds"] = time.perf_counter() - started
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def naive(path: Path) -> dict:
    """The obvious loop: per row the shared rules, then the model's own validation (`full_clean`,
    which asks the database about the NIK and each foreign key) and `save()` (plus its history row)
    and an audit event, each row in its own transaction, as a per-row `register_participant` does."""
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.utils import timezone

    from wirausaha.common.audit import record_event
    from wirausaha.registry.actions import clean, model_values
    from wirausaha.registry.consent import CONSENT_VERSION
    from wirausaha.registry.imports.reading import read_table
    from wirausaha.registry.models import Participant, Source

    counts = {"rows": 0, "valid": 0, "invalid": 0, "created": 0, "updated": 0}
    with path.open("rb") as stream, read_table(stream) as table:
        for _row, raw in table.records():
            counts["rows"] += 1
            cleaned = clean({name: value for name, value in raw.items() if value not in (None, "")})
            if cleaned.errors:
                counts["invalid"] += 1
                continue
            values = model_values(cleaned.values)
            with transaction.atomic():
                participant = Participant.objects.filter(nik=values["nik"]).first()
                created = participant is None
                if created:
                    participant = Participant(
                        source=Source.IMPORT,
                        consent_version=f"{CONSENT_VERSION}/import",
                        consent_at=timezone.now(),
                    )
                for name, value in values.items():
                    setattr(participant, name, value)
                participant.nik_flags = cleaned.nik_flags
                try:
                    participant.full_clean()
                except ValidationError:
                    counts["invalid"] += 1
                    continue
                participant.save()
                record_event(None, "participant.imported", participant)
            counts["valid"] += 1
            counts["created" if created else "updated"] += 1
    return counts


# The runner


def run(mode: str, file: Path, database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench", "DEBUG": "False"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_import", "measure", mode, str(file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def psql(sql: str) -> bool:
    return subprocess.run(["psql", f"{PG_ADMIN}/postgres", "-qc", sql], capture_output=True).returncode == 0


class SQLite:
    name = "SQLite"

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.template = tmp / "template.sqlite3"
        run("setup", Path(), f"sqlite:///{self.template}")

    def fresh(self) -> str:
        path = self.tmp / f"{uuid.uuid4().hex[:8]}.sqlite3"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def close(self) -> None:
        pass


class PostgreSQL:
    name = "PostgreSQL"

    def __init__(self):
        self.template = f"wirausaha_bench_{uuid.uuid4().hex[:8]}"
        self.made = [self.template]
        if not psql(f"CREATE DATABASE {self.template}"):
            raise RuntimeError("no PostgreSQL")
        run("setup", Path(), f"{PG_ADMIN}/{self.template}")

    def fresh(self) -> str:
        name = f"wirausaha_bench_{uuid.uuid4().hex[:8]}"
        self.made.append(name)
        psql(f"CREATE DATABASE {name} TEMPLATE {self.template}")
        return f"{PG_ADMIN}/{name}"

    def close(self) -> None:
        for name in self.made:
            psql(f"DROP DATABASE IF EXISTS {name}")


def main() -> None:
    results = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        full, sample = tmp / "phk_100k.csv", tmp / "phk_2k.csv"
        generate(full, ROWS)
        with full.open(encoding="utf-8-sig") as source, sample.open("w", encoding="utf-8-sig") as out:
            out.writelines(line for _, line in zip(range(SAMPLE + 1), source, strict=False))
        engines = [SQLite]
        if psql("SELECT 1"):
            engines.append(PostgreSQL)
        for make in engines:
            try:
                engine = make(tmp) if make is SQLite else make()
            except RuntimeError:
                continue
            try:
                url = engine.fresh()
                check = run("check", full, url)
                apply = run("apply", full, url)
                again = run("apply", full, url)
                naive_run = run("naive", sample, engine.fresh())
                results.append((engine.name, check, apply, again, naive_run))
            finally:
                engine.close()

    print(f"import_participants: {ROWS:,}-row CSV (target: under {TARGET_S} s each)")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load} at the end (other work slows every row)")
    print(
        f"{'database':<11} {'run':<34} {'rows':>8} {'seconds':>8} {'rows/s':>8} {'peak MB':>8} "
        f"{'created':>8} {'updated':>8} {'invalid':>8}"
    )
    for engine, check, apply, again, naive_run in results:
        for label, result in (
            ("dry run (check only)", check),
            ("apply, empty registry", apply),
            ("apply again (same file)", again),
        ):
            print(
                f"{engine:<11} {label:<34} {result['rows']:>8,} {result['seconds']:>7.1f}s "
                f"{result['rows'] / result['seconds']:>8,.0f} {result['peak_mb']:>8.0f} "
                f"{result['created']:>8,} {result['updated']:>8,} {result['invalid']:>8,}"
            )
        estimate = naive_run["seconds"] * ROWS / naive_run["rows"]
        print(
            f"{engine:<11} {'baseline: naive loop, 2k sample':<34} {naive_run['rows']:>8,} "
            f"{naive_run['seconds']:>7.1f}s {naive_run['rows'] / naive_run['seconds']:>8,.0f} "
            f"{naive_run['peak_mb']:>8.0f} {naive_run['created']:>8,} {naive_run['updated']:>8,} "
            f"{naive_run['invalid']:>8,}"
        )
        print(
            f"{engine:<11} {'baseline, extrapolated':<34} {ROWS:>8,} "
            f"{estimate:>7.0f}s {ROWS / estimate:>8,.0f} {'':>8} {'speed-up':>8} "
            f"{estimate / apply['seconds']:>7.0f}x"
        )


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "measure":
        measure(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "")
    else:
        main()
