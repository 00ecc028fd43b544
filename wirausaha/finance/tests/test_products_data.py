"""Figures that change by regulation live in the seed data only: no ceiling, floor, threshold or rate
from `finance/data/products.json` is written as a literal in the finance app's Python code (nor in
its benchmark). The scan reads tokens, so comments and docstrings may still name a figure."""

import tokenize
from datetime import timedelta
from pathlib import Path

import pytest

from wirausaha.finance.data import PRODUCTS_FILE, VersionInForceChanged, product_rows, sync_products
from wirausaha.finance.models import FinancingProduct

FINANCE = PRODUCTS_FILE.parents[1]
ROOT = FINANCE.parents[1]
SOURCES = sorted(
    path
    for path in [*FINANCE.rglob("*.py"), *ROOT.glob("bench/bench_finance*.py")]
    if PRODUCTS_FILE.parent not in path.parents
)


def figures() -> tuple[set[int], set[float], set[str]]:
    """Money figures (every amount of a million rupiah or more), rates as fractions and percents,
    and the spellings of a rate in a string."""
    amounts, rates, spellings = set(), set(), set()
    for row in product_rows():
        for name in ("min_amount", "max_amount", "npwp_above"):
            value = row[name]
            if value and value >= 1_000_000:
                amounts.add(value)
                amounts.add(value + 1)  # a "> ceiling" floor written by hand
        if row["annual_rate_bp"]:
            percent = row["annual_rate_bp"] / 100
            rates |= {percent, row["annual_rate_bp"] / 10000}
            text = f"{percent:g}"
            spellings |= {text, f"{text}%", f"{text} %", f"{row['annual_rate_bp'] / 10000:g}"}
    return amounts, rates, spellings


def literals(path: Path):
    """(line, token) of every number and string literal in a Python file."""
    with open(path, encoding="utf-8") as handle:
        for token in tokenize.generate_tokens(handle.readline):
            if token.type in (tokenize.NUMBER, tokenize.STRING):
                yield token.start[0], token


def offending(path: Path) -> list[str]:
    """'line: literal' for each literal of `path` that spells a regulated figure."""
    amounts, rates, spellings = figures()
    found = []
    for line, token in literals(path):
        if token.type == tokenize.NUMBER:
            digits = token.string.replace("_", "")
            hit = (digits.isdigit() and int(digits) in amounts) or ("." in digits and float(digits) in rates)
        else:
            text = token.string.lstrip("rbfuRBFU").strip("'\"")
            hit = (
                text.replace("_", "").isdigit() and int(text.replace("_", "")) in amounts
            ) or text in spellings
        if hit:
            found.append(f"{line}: {token.string}")
    return found


def test_the_scan_reads_the_finance_code_and_the_seed_figures():
    amounts, rates, _ = figures()
    assert any(path.name == "readiness.py" for path in SOURCES)
    assert len(amounts) >= 6 and rates


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_no_regulated_figure_is_a_literal_in_finance_code(path):
    assert offending(path) == []


def test_the_scan_catches_a_ceiling_typed_in_code(tmp_path):
    ceiling = max(row["max_amount"] for row in product_rows())
    rate = next(row["annual_rate_bp"] for row in product_rows() if row["annual_rate_bp"])
    sample = tmp_path / "sample.py"
    spelled = f"{ceiling:_}"
    sample.write_text(
        f"CEILING = {spelled}\nRATE = {rate / 10000}\nTEXT = '{rate / 100:g}%'\n", encoding="utf-8"
    )
    found = [line.split(": ", 1)[1] for line in offending(sample)]
    assert found == [spelled, str(rate / 10000), f"'{rate / 100:g}%'"]


@pytest.mark.django_db
def test_seeding_again_changes_nothing_and_a_version_in_force_is_never_edited_in_place():
    sync_products(FinancingProduct)
    assert sync_products(FinancingProduct) == (0, 0)
    rows = product_rows()
    count = FinancingProduct.objects.count()
    assert count == len(rows)
    first = rows[0]
    started = first["in_force_from"]

    raised = [{**rows[0], "max_amount": first["max_amount"] + 1}, *rows[1:]]
    with pytest.raises(VersionInForceChanged):
        sync_products(FinancingProduct, raised, today=started)
    assert FinancingProduct.objects.get(code=first["code"]).max_amount == first["max_amount"]

    # Before it starts, a version may still be corrected; once started it can only be closed, and
    # the new figure comes as a new version.
    assert sync_products(FinancingProduct, raised, today=started - timedelta(days=1)) == (0, 1)
    sync_products(FinancingProduct, rows, today=started - timedelta(days=1))
    later = started + timedelta(days=30)
    closed = {**first, "in_force_until": later - timedelta(days=1)}
    successor = {**first, "max_amount": first["max_amount"] + 1, "in_force_from": later}
    assert sync_products(FinancingProduct, [closed, successor, *rows[1:]], today=later) == (1, 1)
    versions = FinancingProduct.objects.filter(code=first["code"]).order_by("in_force_from")
    assert [(v.max_amount, v.in_force_until) for v in versions] == [
        (first["max_amount"], later - timedelta(days=1)),
        (first["max_amount"] + 1, None),
    ]
