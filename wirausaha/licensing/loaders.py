"""The licensing rules shipped with the app (data/rules.json). Loading is idempotent: a rule missing
by code is created; a rule already present is left as the admins edited it."""

import json
from dataclasses import dataclass
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.json"
FIELDS = ("kind", "order", "kbli_prefix", "risk_levels", "conditions", "title", "legal_basis", "guidance")


@dataclass(frozen=True)
class Loaded:
    total: int
    created: int


def shipped_rules(path: Path = RULES_FILE) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)["rules"]


def load_rules(model=None, path: Path = RULES_FILE) -> Loaded:
    """Create the shipped rules that are missing. `model` lets a migration pass its historical one."""
    if model is None:
        from .models import LicensingRule as model
    rows = shipped_rules(path)
    existing = set(model.objects.filter(code__in=[r["code"] for r in rows]).values_list("code", flat=True))
    missing = [model(code=r["code"], **{f: r[f] for f in FIELDS}) for r in rows if r["code"] not in existing]
    model.objects.bulk_create(missing, ignore_conflicts=True)
    return Loaded(total=len(rows), created=len(missing))
