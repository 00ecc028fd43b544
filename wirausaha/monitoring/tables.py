"""Tables behind the charts and the exports, and small-cell suppression for the open-data export
(pure: no Django).

Open data: every count under 5 is shown as "<5", and a column's total is withheld when it would
reveal a suppressed cell (exactly one cell of the column is hidden: total minus the others gives
it) or is itself under 5.
"""

from __future__ import annotations

from typing import Any

SMALL = 5
HIDDEN = "<5"
WITHHELD = "*"


def suppress(rows: list[dict[str, Any]], keys: list[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The rows with their small counts hidden, and the totals per key (withheld where revealing).
    Totals are computed from the true counts before hiding."""
    shown = [dict(row) for row in rows]
    totals: dict[str, Any] = {}
    for key in keys:
        hidden = 0
        total = 0
        for row in shown:
            value = row[key]
            total += value
            if value < SMALL:
                row[key] = HIDDEN
                hidden += 1
        totals[key] = HIDDEN if total < SMALL else (WITHHELD if hidden == 1 else total)
    return shown, totals
