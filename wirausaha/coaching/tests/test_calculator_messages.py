"""The calculator's problems in the interface's language, for the plan pages and the API."""

import pytest
from django.utils import translation

from wirausaha.coaching.calculator import PlanInputError, compute
from wirausaha.coaching.calculator.messages import TEXT, errors_by_field, translated_errors
from wirausaha.coaching.calculator.reading import DEFAULT_TEXT


def problems(data):
    with pytest.raises(PlanInputError) as error:
        compute(data)
    return error.value.errors


BAD = {
    "price_per_unit": 9000,
    "variable_cost_per_unit": 9000,
    "fixed_costs_per_month": 0,
    "opening_cash": 10**16,
    "start_up_costs": 0,
    "months": [{"units": 1, "credit_share": 2, "owner_drawings": 0}],
}


def test_every_code_has_a_translatable_text():
    assert set(TEXT) == set(DEFAULT_TEXT)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", "Harga jual harus lebih tinggi dari biaya variabel per unit (Rp 9.000)"),
        ("en", "The selling price must be above the variable cost per unit (Rp 9.000)"),
    ],
)
def test_messages_follow_the_interface_language(language, expected):
    with translation.override(language):
        by_field = errors_by_field(problems(BAD))
        listed = translated_errors(problems(BAD))
    assert by_field["price_per_unit"][0].startswith(expected)
    assert by_field["opening_cash"] == [
        "Terlalu besar; paling banyak 1.000.000.000.000.000."
        if language == "id"
        else "Too large; at most 1.000.000.000.000.000."
    ]
    share = by_field["months[0].credit_share"][0]
    assert share.endswith("20%).")
    assert {e["field"] for e in listed} == {"price_per_unit", "opening_cash", "months[0].credit_share"}
