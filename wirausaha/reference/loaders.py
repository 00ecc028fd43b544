"""Idempotent loaders of the official reference files shipped in `reference/data/`.

Each loader reads a whole file, compares it with what the table holds and writes only the
difference in bulk: a second run over the same files changes nothing.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import models, transaction

from .files import DATA_DIR, read_csv
from .models import Region, Sector
from .queries import forget_reference_data
from .timezones import zone_for_region

BATCH = 2000


@dataclass
class SyncResult:
    total: int = 0
    created: int = 0
    updated: int = 0


def _float(value: str) -> float | None:
    return float(value) if value else None


def _int(value: str) -> int | None:
    return int(value) if value else None


def _sync(model: type[models.Model], rows: list[dict], fields: list[str]) -> tuple[set[str], set[str]]:
    """Create missing rows and update changed ones, keyed on the primary key `code`.
    Returns the codes created and the codes updated."""
    existing = {
        row[0]: row[1:] for row in model.objects.values_list("code", *fields).iterator(chunk_size=5000)
    }
    to_create, to_update = [], []
    for row in rows:
        current = existing.get(row["code"])
        if current is None:
            to_create.append(model(**row))
        elif current != tuple(row[field] for field in fields):
            to_update.append(model(**row))
    model.objects.bulk_create(to_create, batch_size=BATCH)
    model.objects.bulk_update(to_update, fields, batch_size=BATCH)
    return {obj.pk for obj in to_create}, {obj.pk for obj in to_update}


REGION_FIELDS = ["level", "parent_id", "name", "kind", "latitude", "longitude", "population", "time_zone"]


def region_rows(data_dir: Path = DATA_DIR) -> dict[str, list[dict]]:
    """The four Kemendagri levels as plain rows, parents before children."""

    def row(code, level, parent, name, kind="", lat="", lng="", population=""):
        return {
            "code": code,
            "level": level,
            "parent_id": parent or None,
            "name": name.strip(),
            "kind": kind,
            "latitude": _float(lat),
            "longitude": _float(lng),
            "population": _int(population),
            "time_zone": zone_for_region(code),
        }

    level = Region.Level
    return {
        level.PROVINCE: [
            row(r["code"], level.PROVINCE, None, r["name"], "", r["lat"], r["lng"], r["population_total"])
            for r in read_csv(data_dir / "wilayah_provinsi.csv")
        ],
        level.REGENCY: [
            row(
                r["code"],
                level.REGENCY,
                r["province_code"],
                r["name"],
                r["type"],
                r["lat"],
                r["lng"],
                r["population_total"],
            )
            for r in read_csv(data_dir / "wilayah_kabupaten_kota.csv")
        ],
        level.DISTRICT: [
            row(r["code"], level.DISTRICT, r["kabkota_code"], r["name"], "", r["lat"], r["lng"])
            for r in read_csv(data_dir / "wilayah_kecamatan.csv")
        ],
        level.VILLAGE: [
            row(r["code"], level.VILLAGE, r["kecamatan_code"], r["name"], r["type"])
            for r in read_csv(data_dir / "wilayah_desa.csv")
        ],
    }


SECTOR_FIELDS = ["level", "parent_id", "kategori", "title", "description"]


def sector_rows(data_dir: Path = DATA_DIR) -> list[dict]:
    """KBLI 2020 rows. A few subgolongan are missing from the source (see PROVENANCE.md): their
    children hang from the nearest ancestor that exists, so the tree stays whole."""
    raw = list(read_csv(data_dir / "kbli_2020.csv"))
    codes = {r["code"] for r in raw}

    def parent_of(r: dict) -> str | None:
        parent = r["parent_code"]
        while parent and parent not in codes:
            parent = parent[:-1] if len(parent) > 2 else r["kategori"]
        return parent or None

    return [
        {
            "code": r["code"],
            "level": r["level"],
            "parent_id": parent_of(r),
            "kategori": r["kategori"],
            "title": r["title"].strip(),
            "description": r["description"].strip(),
        }
        for r in raw
    ]


@transaction.atomic
def load_regions(data_dir: Path = DATA_DIR) -> dict[str, SyncResult]:
    """All four Kemendagri levels; counts per level."""
    rows_by_level = region_rows(data_dir)
    created, updated = _sync(Region, [row for rows in rows_by_level.values() for row in rows], REGION_FIELDS)
    forget_reference_data()
    return {
        level: SyncResult(
            total=len(rows),
            created=sum(row["code"] in created for row in rows),
            updated=sum(row["code"] in updated for row in rows),
        )
        for level, rows in rows_by_level.items()
    }


@transaction.atomic
def load_sectors(data_dir: Path = DATA_DIR) -> SyncResult:
    rows = sector_rows(data_dir)
    created, updated = _sync(Sector, rows, SECTOR_FIELDS)
    forget_reference_data()
    return SyncResult(total=len(rows), created=len(created), updated=len(updated))
