"""Market rules that change by regulation, kept as data (data/rules.json): the Bela Pengadaan
ceiling and the UMK procurement allocation, each with its legal basis."""

import json
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.json"


@cache
def market_rules() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def bela_pengadaan_max() -> int:
    return int(market_rules()["bela_pengadaan_max"])
