"""The NIB's shape: exactly 13 digits, the offending character named with its position."""

import pytest
from django.utils import translation

from wirausaha.licensing.actions import nib_message
from wirausaha.licensing.nib import nib_problem


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1234567890123", None),
        ("123456789012", ("length", 12, 0, "")),
        ("12345678901234", ("length", 14, 0, "")),
        ("12345A7890123", ("character", 13, 6, "A")),
        ("123456789012 ", ("character", 13, 13, " ")),
        ("", ("empty", 0, 0, "")),
    ],
)
def test_an_nib_is_exactly_thirteen_digits(text, problem):
    found = nib_problem(text)
    assert (found and (found.kind, found.length, found.position, found.character)) == problem


def test_the_message_names_the_letter_and_its_position_in_indonesian():
    with translation.override("id"):
        message = nib_message("12345A7890123")
    assert "6" in message and "“A”" in message
    assert "karakter" in message.lower()


def test_the_message_counts_the_digits():
    with translation.override("en"):
        assert nib_message("123456789012") == "An NIB is exactly 13 digits; this has 12."
        assert nib_message("12345678901234") == "An NIB is exactly 13 digits; this has 14."
