"""The seed data of the finance app: financing products as dated versions (`products.json`, with the
source of each figure). Pure: reads the file into plain rows, no Django import, so the data
migration, the tests and the benchmarks share one reading."""

import json
from datetime import date
from pathlib import Path

PRODUCTS_FILE = Path(__file__).with_name("products.json")
FIELDS = (
    "kind",
    "name",
    "min_amount",
    "max_amount",
    "annual_rate_bp",
    "max_tenor_months",
    "collateral_rule",
    "required_documents",
    "eligibility_conditions",
    "min_business_months",
    "business_age_exempt_evidence",
    "npwp_above",
    "needs_plan",
    "min_new_workers",
    "report_due_days",
    "legal_basis",
    "sources",
    "in_force_from",
    "in_force_until",
)


def product_rows(path: Path = PRODUCTS_FILE) -> list[dict]:
    """Each product version as a row of model field values, dates parsed, lists sorted."""
    rows = []
    for item in json.loads(path.read_text(encoding="utf-8"))["products"]:
        row = {"code": item["code"], **{name: item[name] for name in FIELDS}}
        row["in_force_from"] = date.fromisoformat(row["in_force_from"])
        if row["in_force_until"]:
            row["in_force_until"] = date.fromisoformat(row["in_force_until"])
        row["required_documents"] = sorted(row["required_documents"])
        row["business_age_exempt_evidence"] = sorted(row["business_age_exempt_evidence"])
        rows.append(row)
    return rows


# What may still change on a version already in force: closing it, and the notes on its sources.
# Anything else is a new version (a new entry with its own in_force_from), never an edit in place.
MUTABLE_IN_FORCE = ("in_force_until", "sources")


class VersionInForceChanged(ValueError):
    """The seed file changes a figure of a version already in force."""


def sync_products(model, rows: list[dict] | None = None, *, today: date | None = None) -> tuple[int, int]:
    """Create the versions missing from `model`'s table and apply the file's corrections, keyed on
    (code, in_force_from); a second run changes nothing. A version that has started (in force on or
    before `today`) takes only a closing date or new source notes: any other difference raises
    VersionInForceChanged naming it, and nothing is written. `model` is FinancingProduct, or its
    historical version in a migration. Returns (created, updated)."""
    rows = product_rows() if rows is None else rows
    today = today or date.today()
    existing = {(p.code, p.in_force_from): p for p in model.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        current = existing.get((row["code"], row["in_force_from"]))
        if current is None:
            to_create.append(row)
            continue
        changed = [name for name in FIELDS if getattr(current, name) != row[name]]
        if not changed:
            continue
        frozen = [name for name in changed if name not in MUTABLE_IN_FORCE]
        if frozen and current.in_force_from <= today:
            raise VersionInForceChanged(
                f"{row['code']} ({row['in_force_from']}) is in force: {', '.join(frozen)} cannot change; "
                "add a new version with its own in_force_from and close this one with in_force_until"
            )
        to_update.append((current, row, changed))
    for row in to_create:
        model.objects.create(**row)
    for current, row, changed in to_update:
        for name in changed:
            setattr(current, name, row[name])
        current.save()
    return len(to_create), len(to_update)
