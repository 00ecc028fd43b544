"""The official reference files shipped in `reference/data/`, read as rows. The loaders write them
into the tables; the queries fall back on them before the tables are loaded."""

import csv
from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)
