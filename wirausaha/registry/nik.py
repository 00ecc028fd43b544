"""Parse and check a NIK (Nomor Induk Kependudukan), the 16-digit Indonesian identity number.

Layout `PPRRDD ddmmyy SSSS`: province, regency/city and district (the Kemendagri codes at the
time of issue), the birth date with 40 added to the day for women, and a serial that is never 0000.

`check_nik` never rejects a call for a bad NIK: it returns a `NikResult` whose `errors` make the
NIK unacceptable (`not_16_digits`, `unknown_province`, `impossible_birth_date`, `serial_zero`) and
whose `flags` ask a person to review it (`unknown_regency`, `unknown_district`,
`birth_date_mismatch`, `sex_mismatch`). Messages are English; interfaces translate by `code`.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

PROVINCE_CODES: frozenset[str] = frozenset(
    {
        *("11", "12", "13", "14", "15", "16", "17", "18", "19", "21"),
        *("31", "32", "33", "34", "35", "36"),
        *("51", "52", "53"),
        *("61", "62", "63", "64", "65"),
        *("71", "72", "73", "74", "75", "76"),
        *("81", "82"),
        # Papua: 91 and 92 plus the four provinces created in 2022.
        *("91", "92", "93", "94", "95", "96"),
    }
)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SEXES = {"M": "M", "F": "F", "L": "M", "P": "F"}  # L(aki-laki) and P(erempuan) as printed on the KTP
_SCIENTIFIC = re.compile(r"[0-9](?:[.,][0-9]+)?[eE]\+?[0-9]+")
_DOTTED_DISTRICT = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}")


class NikError(Exception):
    """The call itself is wrong (the NIK is not a string, or another argument is malformed)."""


@dataclass(frozen=True)
class Issue:
    code: str
    message: str


@dataclass(frozen=True)
class NikResult:
    """The verdict on one NIK and the parts that could be read from it; region codes are dotted."""

    nik: str
    errors: tuple[Issue, ...] = ()
    flags: tuple[Issue, ...] = ()
    province: str | None = None
    regency: str | None = None
    district: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    serial: str | None = None

    @property
    def valid(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary; errors and flags are given as their codes."""
        return {
            "nik": self.nik,
            "valid": self.valid,
            "errors": [issue.code for issue in self.errors],
            "flags": [issue.code for issue in self.flags],
            "province": self.province,
            "regency": self.regency,
            "district": self.district,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex,
        }


def check_nik(
    raw: str,
    *,
    known: Any = None,
    declared_birth_date: date | None = None,
    declared_sex: str | None = None,
    today: date | None = None,
) -> NikResult:
    """Check a NIK's shape, province, birth date and serial (errors) and its regency, district and
    agreement with a declared birth date and sex (flags). `known` has `provinces`, `regencies` and
    `districts` as undotted codes; without it only the province is checked, against PROVINCE_CODES.
    Raises NikError only when the call is malformed, never because of the NIK's content."""
    if not isinstance(raw, str):
        raise NikError(f"the NIK must be given as text, not {type(raw).__name__}")
    today = _as_date(today, "today") or date.today()
    declared_birth_date = _as_date(declared_birth_date, "declared_birth_date")
    declared_sex = _as_sex(declared_sex)
    provinces, regencies, districts = _region_codes(known)

    nik = raw.strip()
    if not (len(nik) == 16 and nik.isascii() and nik.isdigit()):
        return NikResult(nik=nik, errors=(Issue("not_16_digits", _shape_problem(nik)),))

    errors: list[Issue] = []
    flags: list[Issue] = []
    province, regency, district = nik[:2], f"{nik[:2]}.{nik[2:4]}", f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}"

    # Only the widest unknown region is reported: an unknown province makes its regency and
    # district unknown too, and an unknown regency its district, so repeating them adds nothing.
    if province not in provinces:
        errors.append(
            Issue("unknown_province", f"province code {province} is not a Kemendagri province code")
        )
    elif regencies is not None and nik[:4] not in regencies:
        flags.append(
            Issue(
                "unknown_regency",
                f"regency/city code {regency} is not a current Kemendagri code; NIKs keep the codes of "
                "regions split after issue (Papua 2022: Merauke was 91.01, is now 93.01), "
                "so compare it with the ID card (KTP)",
            )
        )
    elif districts is not None and nik[:6] not in districts:
        flags.append(
            Issue(
                "unknown_district",
                f"district code {district} is not a current Kemendagri code in regency {regency}; "
                "it may predate a split, so compare it with the ID card (KTP)",
            )
        )

    day_field = int(nik[6:8])
    if 1 <= day_field <= 31:
        sex: str | None = "M"
    elif 41 <= day_field <= 71:
        sex = "F"
    else:
        sex = None
    birth_date, problem = _birth_date(day_field, int(nik[8:10]), int(nik[10:12]), today)
    if problem:
        errors.append(Issue("impossible_birth_date", problem))

    serial = nik[12:]
    if serial == "0000":
        # Spreadsheets keep 15 significant digits, so a NIK stored as a number ends in 0.
        errors.append(
            Issue(
                "serial_zero",
                "serial 0000 is never issued: the last four digits must be 0001-9999 "
                "(a NIK kept as a number in a spreadsheet loses its last digit)",
            )
        )

    if declared_birth_date is not None and birth_date is not None and declared_birth_date != birth_date:
        flags.append(
            Issue(
                "birth_date_mismatch",
                f"declared birth date {declared_birth_date.isoformat()} differs from "
                f"{birth_date.isoformat()} in the NIK",
            )
        )
    if declared_sex is not None and sex is not None and declared_sex != sex:
        flags.append(
            Issue(
                "sex_mismatch",
                f"declared sex {declared_sex} differs from {sex} in the NIK "
                f"(day field {day_field:02d}; women's days have 40 added)",
            )
        )

    return NikResult(
        nik=nik,
        errors=tuple(errors),
        flags=tuple(flags),
        province=province,
        regency=regency,
        district=district,
        birth_date=birth_date,
        sex=sex,
        serial=serial,
    )


def build_nik(*, district: str, birth_date: date, sex: str, serial: int) -> str:
    """Compose a NIK from a district code (dotted or not), birth date, sex "M"/"F" and serial 1-9999.
    The district is not checked against any list, so old and unknown codes can be built on purpose."""
    if not isinstance(district, str):
        raise NikError(f"district must be a string, not {type(district).__name__}")
    digits = district.replace(".", "") if _DOTTED_DISTRICT.fullmatch(district) else district
    if not (len(digits) == 6 and digits.isascii() and digits.isdigit()):
        raise NikError(f"district must be 6 digits, dotted (32.16.01) or not (321601), got {district!r}")
    if not isinstance(birth_date, date):
        raise NikError(f"birth_date must be a date, not {type(birth_date).__name__}")
    if sex not in ("M", "F"):
        raise NikError(f'sex must be "M" or "F", got {sex!r}')
    if isinstance(serial, bool) or not isinstance(serial, int) or not 1 <= serial <= 9999:
        raise NikError(f"serial must be an integer from 1 to 9999, got {serial!r}")
    day = birth_date.day + (40 if sex == "F" else 0)
    return f"{digits}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def _as_date(value: Any, name: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise NikError(f"{name} must be a date, not {type(value).__name__}")


def _as_sex(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise NikError(f"declared_sex must be a string, not {type(value).__name__}")
    letter = value.strip().upper()
    if not letter:
        return None
    if letter not in _SEXES:
        raise NikError(f'declared_sex must be "M"/"F" (or "L"/"P"), got {value!r}')
    return _SEXES[letter]


def _region_codes(known: Any) -> tuple[frozenset[str], frozenset[str] | None, frozenset[str] | None]:
    if known is None:
        return PROVINCE_CODES, None, None
    try:
        # frozenset() of a frozenset returns the same object, so this costs nothing per call.
        return frozenset(known.provinces), frozenset(known.regencies), frozenset(known.districts)
    except (AttributeError, TypeError) as exc:
        raise NikError("known must have provinces, regencies and districts as sets of codes") from exc


def _shape_problem(nik: str) -> str:
    if not nik:
        return "the NIK is empty: it must be exactly 16 digits 0-9"
    if _SCIENTIFIC.fullmatch(nik):
        return (
            f"{nik} is a number a spreadsheet turned into scientific notation and its digits are lost: "
            "format the column as text and enter the 16 digits again"
        )
    others = list(dict.fromkeys(ch for ch in nik if not ("0" <= ch <= "9")))
    shown = ", ".join(repr(ch) if ch.isascii() else f"{ch!r} (U+{ord(ch):04X})" for ch in others[:5])
    if others:
        more = f" and {len(others) - 5} more" if len(others) > 5 else ""
        return f"a NIK is exactly 16 digits 0-9; this has {len(nik)} characters, including {shown}{more}"
    return f"a NIK is exactly 16 digits 0-9; this has {len(nik)}"


def _birth_date(day_field: int, month: int, yy: int, today: date) -> tuple[date | None, str | None]:
    if day_field == 0 or 32 <= day_field <= 40:
        return None, (
            f"day {day_field:02d} is impossible: it must be 01-31 for men, or 41-71 for women (day plus 40)"
        )
    if day_field > 71:
        return None, (
            f"day {day_field} is impossible: after removing 40 for women it is {day_field - 40}, "
            "and it must be 1-31"
        )
    if not 1 <= month <= 12:
        return None, f"month {month:02d} is impossible: it must be 01-12"
    day = day_field - 40 if day_field > 40 else day_field

    # The NIK has no century: take 20yy unless that lies after today, else 19yy. The comparison is
    # on tuples because the day may not exist in that year, and the century has to be settled
    # before leap years are checked (29 February 00 is 2000-02-29, which exists).
    year = 2000 + yy
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    if (year, month, day) > (today.year, today.month, today.day):
        return None, f"the birth date is after {today.isoformat()} in both 19{yy:02d} and 20{yy:02d}"
    if day > calendar.monthrange(year, month)[1]:
        leap = " (not a leap year)" if (month, day) == (2, 29) else ""
        women = f" (day field {day_field} minus 40 for women)" if day_field > 40 else ""
        return None, f"{day} {_MONTHS[month - 1]} {year} does not exist{leap}{women}"
    return date(year, month, day), None
