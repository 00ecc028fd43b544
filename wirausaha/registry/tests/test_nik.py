import csv
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wirausaha.registry.nik import PROVINCE_CODES, Issue, NikError, NikResult, build_nik, check_nik

TODAY = date(2025, 6, 30)
DATA_DIR = Path(__file__).resolve().parents[2] / "reference" / "data"


@dataclass(frozen=True)
class Known:
    provinces: frozenset[str]
    regencies: frozenset[str]
    districts: frozenset[str]


def _codes(name: str) -> frozenset[str]:
    with (DATA_DIR / f"wilayah_{name}.csv").open(newline="", encoding="utf-8") as handle:
        return frozenset(row["code"].replace(".", "") for row in csv.DictReader(handle))


KNOWN = Known(_codes("provinsi"), _codes("kabupaten_kota"), _codes("kecamatan"))
DISTRICTS = sorted(KNOWN.districts)
# Written as escapes: lookalikes of ASCII digits that str.isdigit() accepts.
FULLWIDTH_NIK = "".join(chr(ord(digit) + 0xFEE0) for digit in "3216014508850003")


def codes(issues: tuple[Issue, ...]) -> tuple[str, ...]:
    return tuple(issue.code for issue in issues)


def test_province_codes_are_the_38_in_the_shipped_file():
    assert KNOWN.provinces == PROVINCE_CODES
    assert len(PROVINCE_CODES) == 38


@pytest.mark.parametrize(
    ("raw", "province", "regency", "district", "birth_date", "sex", "serial"),
    [
        ("3216014508850003", "32", "32.16", "32.16.01", date(1985, 8, 5), "F", "0003"),
        ("3273011708450012", "32", "32.73", "32.73.01", date(1945, 8, 17), "M", "0012"),
        ("3174050101009999", "31", "31.74", "31.74.05", date(2000, 1, 1), "M", "9999"),
        (" \t3216014508850003\n", "32", "32.16", "32.16.01", date(1985, 8, 5), "F", "0003"),
    ],
)
def test_valid_nik_is_read_into_its_parts(raw, province, regency, district, birth_date, sex, serial):
    result = check_nik(raw, known=KNOWN, today=TODAY)

    assert result.valid
    assert (result.errors, result.flags) == ((), ())
    assert result.nik == raw.strip()
    assert (result.province, result.regency, result.district) == (province, regency, district)
    assert (result.birth_date, result.sex, result.serial) == (birth_date, sex, serial)


@pytest.mark.parametrize(
    ("raw", "errors"),
    [
        pytest.param("", ("not_16_digits",), id="empty"),
        pytest.param("   ", ("not_16_digits",), id="blank"),
        pytest.param("321601450885000", ("not_16_digits",), id="15 digits"),
        pytest.param("32160145088500031", ("not_16_digits",), id="17 digits"),
        pytest.param("3.21601E+15", ("not_16_digits",), id="excel scientific"),
        pytest.param("3,21601E+15", ("not_16_digits",), id="excel scientific, comma decimal"),
        pytest.param("3216 0145 0885 0003", ("not_16_digits",), id="inner spaces"),
        pytest.param("32.16.01.450885.0003", ("not_16_digits",), id="dotted"),
        pytest.param("321601450885000O", ("not_16_digits",), id="letter O for zero"),
        pytest.param("321601450885000\u0661", ("not_16_digits",), id="arabic-indic digit"),
        pytest.param(FULLWIDTH_NIK, ("not_16_digits",), id="fullwidth digits"),
        pytest.param("-216014508850003", ("not_16_digits",), id="sign"),
        pytest.param("9916014508850003", ("unknown_province",), id="province 99"),
        pytest.param("0016014508850003", ("unknown_province",), id="province 00"),
        pytest.param("2016014508850003", ("unknown_province",), id="province 20"),
        pytest.param("3216010008850003", ("impossible_birth_date",), id="day 00"),
        pytest.param("3216013508850003", ("impossible_birth_date",), id="day 35"),
        pytest.param("3216019908850003", ("impossible_birth_date",), id="day 99"),
        pytest.param("3216010500850003", ("impossible_birth_date",), id="month 00"),
        pytest.param("3216010513850003", ("impossible_birth_date",), id="month 13"),
        pytest.param("3216013102850003", ("impossible_birth_date",), id="31 February"),
        pytest.param("3216017102850003", ("impossible_birth_date",), id="31 February, woman"),
        pytest.param("3216012902230003", ("impossible_birth_date",), id="29 February 2023"),
        pytest.param("3216014508850000", ("serial_zero",), id="serial 0000"),
        pytest.param(
            "9916013513850000",
            ("unknown_province", "impossible_birth_date", "serial_zero"),
            id="every error at once",
        ),
    ],
)
def test_hard_errors(raw, errors):
    result = check_nik(raw, known=KNOWN, today=TODAY)

    assert codes(result.errors) == errors
    assert not result.valid


def test_a_nik_that_is_not_16_digits_reports_only_that():
    result = check_nik(" 3.21601E+15 ", known=KNOWN, today=TODAY)

    assert result == NikResult(nik="3.21601E+15", errors=result.errors)
    assert codes(result.errors) == ("not_16_digits",)


def test_parts_are_filled_in_even_when_there_are_errors():
    result = check_nik("9916017102850000", known=KNOWN, today=TODAY)

    assert (result.province, result.regency, result.district) == ("99", "99.16", "99.16.01")
    assert (result.birth_date, result.sex, result.serial) == (None, "F", "0000")


@pytest.mark.parametrize(
    ("raw", "today", "birth_date", "sex"),
    [
        pytest.param("3216013101850001", TODAY, date(1985, 1, 31), "M", id="day 31 is a man's"),
        pytest.param("3216013201850001", TODAY, None, None, id="day 32 is nobody's"),
        pytest.param("3216014001850001", TODAY, None, None, id="day 40 is nobody's"),
        pytest.param("3216014101850001", TODAY, date(1985, 1, 1), "F", id="day 41 is a woman's 1st"),
        pytest.param("3216017101850001", TODAY, date(1985, 1, 31), "F", id="day 71 is a woman's 31st"),
        pytest.param("3216017201850001", TODAY, None, None, id="day 72 is nobody's"),
        pytest.param("3216011512850001", TODAY, date(1985, 12, 15), "M", id="month 12"),
        pytest.param("3216011513850001", TODAY, None, "M", id="month 13"),
        pytest.param("3216012902000001", TODAY, date(2000, 2, 29), "M", id="29 Feb 2000 leap"),
        pytest.param("3216012902000001", date(1999, 12, 31), None, "M", id="29 Feb 1900 not leap"),
        pytest.param("3216016902000001", TODAY, date(2000, 2, 29), "F", id="29 Feb 2000, woman"),
        pytest.param("3216012902230001", TODAY, None, "M", id="29 Feb 2023 not leap"),
        pytest.param("3216012902240001", TODAY, date(2024, 2, 29), "M", id="29 Feb 2024 leap"),
        pytest.param("3216012802230001", TODAY, date(2023, 2, 28), "M", id="28 Feb 2023"),
        pytest.param("3216013102850001", TODAY, None, "M", id="31 Feb"),
        pytest.param("3216013104850001", TODAY, None, "M", id="31 Apr"),
        pytest.param("3216013004850001", TODAY, date(1985, 4, 30), "M", id="30 Apr"),
        pytest.param("3216013112850001", TODAY, date(1985, 12, 31), "M", id="31 Dec"),
    ],
)
def test_birth_date_boundaries(raw, today, birth_date, sex):
    result = check_nik(raw, today=today)

    assert (result.birth_date, result.sex) == (birth_date, sex)
    assert result.valid is (birth_date is not None)
    assert codes(result.errors) == (() if birth_date else ("impossible_birth_date",))


@pytest.mark.parametrize(
    ("raw", "errors"),
    [
        ("3216014508850000", ("serial_zero",)),
        ("3216014508850001", ()),
        ("3216014508859999", ()),
    ],
)
def test_serial_boundaries(raw, errors):
    assert codes(check_nik(raw, today=TODAY).errors) == errors


@pytest.mark.parametrize(
    ("raw", "today", "birth_date"),
    [
        pytest.param("3216013006250001", TODAY, date(2025, 6, 30), id="born today is this century"),
        pytest.param("3216010107250001", TODAY, date(1925, 7, 1), id="tomorrow's date is last century"),
        pytest.param("3216010101000001", TODAY, date(2000, 1, 1), id="year 00"),
        pytest.param("3216013112990001", TODAY, date(1999, 12, 31), id="year 99"),
        pytest.param("3216010101240001", TODAY, date(2024, 1, 1), id="last year"),
        pytest.param("3216010101240001", date(2023, 12, 31), date(1924, 1, 1), id="depends on today"),
    ],
)
def test_century_is_the_latest_that_is_not_in_the_future(raw, today, birth_date):
    result = check_nik(raw, today=today)

    assert result.birth_date == birth_date
    assert result.valid


def test_birth_date_in_the_future_in_both_centuries_is_impossible():
    result = check_nik("3216010101600001", today=date(1950, 1, 1))

    assert codes(result.errors) == ("impossible_birth_date",)
    assert result.birth_date is None


def test_today_defaults_to_the_real_date():
    assert check_nik("3216014508850003").birth_date == date(1985, 8, 5)


@pytest.mark.parametrize(
    ("raw", "kwargs", "flags", "errors"),
    [
        pytest.param("9101011505800001", {"known": KNOWN}, ("unknown_regency",), (), id="old Merauke 91.01"),
        pytest.param("9301011505800001", {"known": KNOWN}, (), (), id="new Merauke 93.01"),
        pytest.param("9101011505800001", {}, (), (), id="regions not checked without known"),
        pytest.param("3216994508850003", {"known": KNOWN}, ("unknown_district",), (), id="unknown district"),
        pytest.param("9916014508850003", {"known": KNOWN}, (), ("unknown_province",), id="province only"),
        pytest.param(
            "3216014508850003",
            {"declared_birth_date": date(1985, 8, 6)},
            ("birth_date_mismatch",),
            (),
            id="declared birth date differs",
        ),
        pytest.param("3216014508850003", {"declared_birth_date": date(1985, 8, 5)}, (), (), id="same date"),
        pytest.param(
            "3216014508850003",
            {"declared_birth_date": datetime(1985, 8, 5, 12, 0)},
            (),
            (),
            id="declared datetime compares by date",
        ),
        pytest.param(
            "3216013102850003",
            {"declared_birth_date": date(1985, 2, 28)},
            (),
            ("impossible_birth_date",),
            id="no date mismatch on an impossible date",
        ),
        pytest.param("3216014508850003", {"declared_sex": "M"}, ("sex_mismatch",), (), id="M vs F"),
        pytest.param("3216014508850003", {"declared_sex": "L"}, ("sex_mismatch",), (), id="L vs F"),
        pytest.param("3216014508850003", {"declared_sex": "F"}, (), (), id="F"),
        pytest.param("3216014508850003", {"declared_sex": "P"}, (), (), id="P is F"),
        pytest.param("3216014508850003", {"declared_sex": " f "}, (), (), id="lower case"),
        pytest.param("3216014508850003", {"declared_sex": ""}, (), (), id="blank is undeclared"),
        pytest.param("3216011508850003", {"declared_sex": "P"}, ("sex_mismatch",), (), id="P vs M"),
        pytest.param(
            "9101011505800001",
            {"known": KNOWN, "declared_birth_date": date(1980, 5, 16), "declared_sex": "F"},
            ("unknown_regency", "birth_date_mismatch", "sex_mismatch"),
            (),
            id="every flag at once",
        ),
    ],
)
def test_soft_flags(raw, kwargs, flags, errors):
    result = check_nik(raw, today=TODAY, **kwargs)

    assert codes(result.flags) == flags
    assert codes(result.errors) == errors


@pytest.mark.parametrize(
    ("raw", "kwargs", "text"),
    [
        ("3216013508850003", {}, "day 35 is impossible"),
        ("3216017508850003", {}, "after removing 40 for women it is 35"),
        ("3216010513850003", {}, "month 13"),
        ("3216017102850003", {}, "31 February 1985 does not exist (day field 71 minus 40 for women)"),
        ("3216012902230003", {}, "29 February 2023 does not exist (not a leap year)"),
        ("9916014508850003", {}, "province code 99"),
        ("3216014508850000", {}, "serial 0000"),
        ("3.21601E+15", {}, "scientific notation"),
        ("321601450885000\u0661", {}, "'\u0661' (U+0661)"),
        ("321601450885000", {}, "this has 15"),
        ("9101011505800001", {"known": KNOWN}, "regency/city code 91.01"),
        ("3216994508850003", {"known": KNOWN}, "district code 32.16.99"),
        ("3216014508850003", {"declared_birth_date": date(1985, 8, 6)}, "1985-08-06 differs from 1985-08-05"),
        ("3216014508850003", {"declared_sex": "M"}, "declared sex M differs from F"),
    ],
)
def test_messages_say_what_is_wrong(raw, kwargs, text):
    result = check_nik(raw, today=TODAY, **kwargs)

    assert any(text in issue.message for issue in result.errors + result.flags)


def test_as_dict_has_exactly_the_public_keys():
    result = check_nik("9101017102850001", known=KNOWN, declared_sex="M", today=TODAY)

    assert result.as_dict() == {
        "nik": "9101017102850001",
        "valid": False,
        "errors": ["impossible_birth_date"],
        "flags": ["unknown_regency", "sex_mismatch"],
        "province": "91",
        "regency": "91.01",
        "district": "91.01.01",
        "birth_date": None,
        "sex": "F",
    }
    assert check_nik("3216014508850003").as_dict()["birth_date"] == "1985-08-05"


@pytest.mark.parametrize(
    ("raw", "kwargs"),
    [
        pytest.param(None, {}, id="None"),
        pytest.param(3216014508850003, {}, id="int"),
        pytest.param(3.21601e15, {}, id="float"),
        pytest.param(b"3216014508850003", {}, id="bytes"),
        pytest.param(["3216014508850003"], {}, id="list"),
        pytest.param("3216014508850003", {"known": object()}, id="known without attributes"),
        pytest.param("3216014508850003", {"known": Known(None, None, None)}, id="known not sets"),
        pytest.param("3216014508850003", {"declared_sex": "X"}, id="unknown sex letter"),
        pytest.param("3216014508850003", {"declared_sex": 1}, id="sex not text"),
        pytest.param("3216014508850003", {"declared_birth_date": "1985-08-05"}, id="date as text"),
        pytest.param("3216014508850003", {"today": "2025-06-30"}, id="today as text"),
    ],
)
def test_malformed_calls_raise_nik_error(raw, kwargs):
    with pytest.raises(NikError):
        check_nik(raw, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "nik"),
    [
        (
            {"district": "32.16.01", "birth_date": date(1985, 8, 5), "sex": "F", "serial": 3},
            "3216014508850003",
        ),
        ({"district": "321601", "birth_date": date(1985, 8, 5), "sex": "F", "serial": 3}, "3216014508850003"),
        (
            {"district": "32.73.01", "birth_date": date(1945, 8, 17), "sex": "M", "serial": 12},
            "3273011708450012",
        ),
        (
            {"district": "93.01.01", "birth_date": date(2000, 2, 29), "sex": "M", "serial": 9999},
            "9301012902009999",
        ),
        (
            {"district": "91.01.01", "birth_date": date(1980, 5, 31), "sex": "F", "serial": 1},
            "9101017105800001",
        ),
    ],
)
def test_build_nik(kwargs, nik):
    assert build_nik(**kwargs) == nik


GOOD = {"district": "32.16.01", "birth_date": date(1985, 8, 5), "sex": "F", "serial": 3}


@pytest.mark.parametrize(
    "bad",
    [
        {"district": "32.16.1"},
        {"district": "3216.01"},
        {"district": "3216010"},
        {"district": "32160a"},
        {"district": FULLWIDTH_NIK[:6]},
        {"district": 321601},
        {"birth_date": "1985-08-05"},
        {"sex": "P"},
        {"sex": "f"},
        {"serial": 0},
        {"serial": 10000},
        {"serial": -1},
        {"serial": "3"},
        {"serial": True},
    ],
)
def test_build_nik_rejects_bad_arguments(bad):
    with pytest.raises(NikError):
        build_nik(**{**GOOD, **bad})


@given(st.text())
def test_check_nik_never_raises_on_any_text(raw):
    assert isinstance(check_nik(raw, known=KNOWN, today=TODAY), NikResult)


@given(
    st.one_of(
        st.binary(),
        st.integers(),
        st.floats(),
        st.none(),
        st.booleans(),
        st.lists(st.text()),
        st.dictionaries(st.text(), st.integers()),
    )
)
def test_check_nik_raises_only_nik_error_on_anything_but_text(raw):
    with pytest.raises(NikError):
        check_nik(raw)


@given(
    raw=st.text(alphabet="0123456789", min_size=16, max_size=16),
    declared_birth_date=st.none() | st.dates(),
    declared_sex=st.sampled_from([None, "M", "F", "L", "P"]),
    today=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
)
def test_any_16_digits_give_a_consistent_verdict(raw, declared_birth_date, declared_sex, today):
    # Random text almost never reaches the date and region rules; 16 digits always do.
    result = check_nik(
        raw, known=KNOWN, declared_birth_date=declared_birth_date, declared_sex=declared_sex, today=today
    )

    assert result.valid is (not result.errors)
    assert result.district is not None and result.district.replace(".", "") == raw[:6]
    assert (result.birth_date is None) is ("impossible_birth_date" in codes(result.errors))
    assert result.birth_date is None or result.birth_date <= today
    assert ("serial_zero" in codes(result.errors)) is (raw[12:] == "0000")


# A NIK stores only the last two digits of the year and check_nik picks 20yy unless that is after
# `today`, else 19yy. So a birth date survives the round trip exactly when its 20yy twin is after
# today (or it is itself in 20yy): the window is the 100 years ending today, the earliest day being
# the one after TODAY's date a century ago. TODAY is fixed (and not 29 February) so it is reproducible.
EARLIEST = max(date(1940, 1, 1), TODAY.replace(year=TODAY.year - 100) + timedelta(days=1))


@given(
    district=st.sampled_from(DISTRICTS),
    birth_date=st.dates(min_value=EARLIEST, max_value=TODAY),
    sex=st.sampled_from(["M", "F"]),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_build_then_check_gives_back_the_parts(district, birth_date, sex, serial):
    nik = build_nik(district=district, birth_date=birth_date, sex=sex, serial=serial)

    result = check_nik(nik, known=KNOWN, declared_birth_date=birth_date, declared_sex=sex, today=TODAY)

    assert (result.valid, result.errors, result.flags) == (True, (), ())
    assert result.nik == nik
    assert (result.province, result.regency, result.district) == (
        district[:2],
        f"{district[:2]}.{district[2:4]}",
        f"{district[:2]}.{district[2:4]}.{district[4:]}",
    )
    assert (result.birth_date, result.sex, result.serial) == (birth_date, sex, f"{serial:04d}")
