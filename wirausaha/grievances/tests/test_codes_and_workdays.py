from datetime import date

import pytest

from wirausaha.grievances.codes import ALPHABET, LENGTH, hash_code, new_code, normalise
from wirausaha.grievances.workdays import add_working_days


def test_a_new_code_is_readable_and_reads_back_however_it_is_typed():
    code = new_code()
    assert code.startswith("ADU-") and len(code) == len("ADU-") + LENGTH + 3
    raw = code.replace("ADU-", "").replace("-", "")
    assert set(raw) <= set(ALPHABET)
    assert normalise(code) == raw
    assert normalise(code.lower().replace("-", " ")) == raw
    assert normalise(raw) == raw
    assert hash_code(code) == hash_code(raw.lower())


def test_codes_do_not_repeat():
    assert len({new_code() for _ in range(2000)}) == 2000


@pytest.mark.parametrize(
    "typed", ["", "ADU-1234", "ADU-OOOO-IIII-LLLL-0000", "x" * 200, "ADU-ABCD-EFGH-JKMN-PQR/"]
)
def test_what_cannot_be_a_code_has_no_hash(typed):
    assert hash_code(typed) is None


def test_working_days_skip_weekends_and_holidays():
    friday = date(2026, 12, 4)
    assert add_working_days(friday, 2) == date(2026, 12, 8)  # Monday, Tuesday
    assert add_working_days(date(2026, 12, 5), 1) == date(2026, 12, 7)  # a Saturday report: Monday
    assert add_working_days(friday, 14) == date(2026, 12, 24)
    christmas_week = {date(2026, 12, 7)}
    assert add_working_days(friday, 2, christmas_week) == date(2026, 12, 9)
    assert add_working_days(friday, 0) == friday
