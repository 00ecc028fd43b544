"""The participant rules, shared by every way in: the registration form, the API and the bulk
import. Each `parse_*` turns what a person typed (or what Excel made of it) into a clean value or
raises `Invalid` with a message that says what to fix; `clean_participant` applies them all and
returns per-field errors, so that no interface has rules of its own.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from .answers import Invalid, parse_bool, parse_disability, parse_education, parse_sex
from .answers import text_of as _text
from .models import Disability
from .names import name_problem
from .nik import check_nik

MIN_AGE = 15  # the minimum working age (UU 13/2003)
MAX_AGE = 80


# Messages for the NIK module's codes, so that people read them in their language.
NIK_MESSAGES = {
    "not_16_digits": lambda: _("A NIK has exactly 16 digits."),
    "unknown_province": lambda: _("The first two digits of the NIK are not a province code."),
    "impossible_birth_date": lambda: _("Digits 7 to 12 of the NIK are not a possible birth date."),
    "serial_zero": lambda: _("The last four digits of a NIK are never 0000."),
    "unknown_regency": lambda: _(
        "The regency/city code in the NIK is not a current one; an officer will check it."
    ),
    "unknown_district": lambda: _(
        "The district code in the NIK is not a current one; an officer will check it."
    ),
    "birth_date_mismatch": lambda: _("The date of birth does not match the NIK; an officer will check it."),
    "sex_mismatch": lambda: _("The sex does not match the NIK; an officer will check it."),
}


def nik_message(code: str) -> str:
    message = NIK_MESSAGES.get(code)
    return message() if message else code


def parse_nik(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise Invalid(
            _(
                "The NIK is stored as a number, and Excel keeps only 15 digits of a number: the last digit "
                "may be lost. Format the column as Text and type the NIK again."
            )
        )
    text = _text(value)
    if re.fullmatch(r"[0-9][.,][0-9]+[eE]\+?[0-9]+", text):
        raise Invalid(
            _(
                "The NIK was turned into a number in scientific notation (%(value)s): its digits are lost. "
                "Format the column as Text and type the NIK again."
            )
            % {"value": text}
        )
    digits = re.sub(r"[\s.\-]", "", text)
    if not digits:
        raise Invalid(_("The NIK is required."))
    # Named by the character and its place among the NIK's own characters (spaces, dots and
    # dashes people type between the groups do not count): "32160155O8880007" has a letter O.
    for position, character in enumerate(digits, start=1):
        if not ("0" <= character <= "9"):
            message = _("A NIK has only digits: character %(position)d, “%(character)s”, is not a digit.") % {
                "position": position,
                "character": character,
            }
            if character in "oO":
                message += " " + _("Type the digit 0 (zero), not the letter O.")
            elif character in "lI":
                message += " " + _("Type the digit 1 (one), not the letter %(character)s.") % {
                    "character": character
                }
            raise Invalid(message)
    if len(digits) != 16:
        raise Invalid(
            _("A NIK has exactly 16 digits; this one has %(count)d digits.") % {"count": len(digits)}
        )
    return digits


def parse_phone(value: Any) -> str:
    """An Indonesian mobile number in E.164 (+62…), from 0812…, 62812…, +62 812-… or a number cell."""
    text = _text(value)
    if not text:
        raise Invalid(_("The mobile number is required."))
    if re.fullmatch(r"62[0-9]{8,13}", text):
        text = "+" + text
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        raise Invalid(_("“%(value)s” is not a phone number.") % {"value": text}) from None
    # A number of no known type is not a valid one (what is_valid_number checks, asked once).
    kind = phonenumbers.number_type(number)
    if kind == phonenumbers.PhoneNumberType.UNKNOWN:
        raise Invalid(_("“%(value)s” is not a valid phone number.") % {"value": text})
    if kind not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise Invalid(_("Enter a mobile number (for example 0812 3456 7890), not a landline."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_MONTHS = {
    **dict.fromkeys(["januari", "january", "jan"], 1),
    **dict.fromkeys(["februari", "february", "feb", "pebruari"], 2),
    **dict.fromkeys(["maret", "march", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["agustus", "august", "agu", "agt", "aug", "ags"], 8),
    **dict.fromkeys(["september", "sep", "sept"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nov", "nop", "nopember"], 11),
    **dict.fromkeys(["desember", "december", "des", "dec"], 12),
}
EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: Any) -> date:
    """A date from a date cell, an Excel serial number, dd/mm/yyyy, yyyy-mm-dd or “5 Agustus 1985”."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 80000:
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise Invalid(_("%(value)s is not a date.") % {"value": value})
    text = _text(value)
    if not text:
        raise Invalid(_("The date is required."))
    try:
        if match := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", text):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := re.fullmatch(r"(\d{1,2})[ \-]([A-Za-z]+)\.?[ \-,]*(\d{4})", text):
            month = _MONTHS.get(match.group(2).lower())
            if month:
                return date(int(match.group(3)), month, int(match.group(1)))
        if re.fullmatch(r"\d{5}", text):
            return parse_date(int(text))
    except ValueError:
        raise Invalid(_("“%(value)s” is not a date that exists.") % {"value": text}) from None
    raise Invalid(_("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 05/08/1985.") % {"value": text})


def region_code(value: Any) -> str:
    """A dotted Kemendagri code from `32.16.01`, `321601`, `32.16.01.2001` or `3216012001`."""
    text = _text(value).replace(" ", "")
    digits = text.replace(".", "")
    if digits.isdigit() and len(digits) in (6, 10):
        parts = [digits[0:2], digits[2:4], digits[4:6]] + ([digits[6:]] if len(digits) == 10 else [])
        return ".".join(parts)
    return text


@dataclass
class Cleaned:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    nik_flags: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


REQUIRED = ("nik", "full_name", "birth_date", "sex", "phone", "domicile", "layoff_date")


def clean_participant(
    raw: Mapping[str, Any],
    *,
    region_levels: Mapping[str, str],
    sector_codes: frozenset[str] | set[str],
    known_regions=None,
    today: date | None = None,
) -> Cleaned:
    """Every rule on a participant's data. `region_levels` maps district and village codes to
    their level; `sector_codes` holds the KBLI codes. Fields missing from `raw` are not checked
    unless required."""
    today = today or date.today()
    result = Cleaned()

    def take(name: str, parse: Callable[[Any], Any]) -> None:
        if name not in raw:
            return
        try:
            result.values[name] = parse(raw[name])
        except Invalid as error:
            result.errors[name] = str(error)

    for name in REQUIRED:
        missing = name not in raw or (
            _text(raw[name]) == "" and not isinstance(raw[name], date | int | float)
        )
        if missing:
            result.errors[name] = _("This field is required.")

    take("nik", parse_nik)
    take("full_name", parse_name)
    take("birth_place", lambda v: _limited(v, 100))
    take("birth_date", parse_date)
    take("sex", parse_sex)
    take("phone", parse_phone)
    take("email", _email)
    take("domicile", lambda v: _region(v, region_levels))
    take("education", parse_education)
    take("disability", lambda v: parse_disability(v) or Disability.NONE)
    take("last_employer", lambda v: _limited(v, 200))
    take("employer_sector", lambda v: _sector(v, sector_codes))
    take("job_title", lambda v: _limited(v, 120))
    take("layoff_date", parse_date)
    take("layoff_reason", lambda v: _limited(v, 300))
    take("jkp_recipient", parse_bool)
    take("business_interest_sector", lambda v: _sector(v, sector_codes))
    take("business_interest", lambda v: _limited(v, 300))
    take("existing_business", lambda v: _limited(v, 300))
    take("existing_business_since", lambda v: parse_date(v) if _text(v) or not isinstance(v, str) else None)

    values, errors = result.values, result.errors
    birth = values.get("birth_date")
    if birth and "birth_date" not in errors:
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        if birth > today:
            errors["birth_date"] = _("The date of birth is in the future.")
        elif age < MIN_AGE:
            errors["birth_date"] = _("Participants must be at least %(age)d years old.") % {"age": MIN_AGE}
        elif age > MAX_AGE:
            errors["birth_date"] = _("Check the year of birth: this would make the participant %(age)d.") % {
                "age": age
            }
    layoff = values.get("layoff_date")
    if layoff and "layoff_date" not in errors:
        if layoff > today:
            errors["layoff_date"] = _("The layoff date is in the future.")
        elif birth and "birth_date" not in errors and layoff < _years_after(birth, MIN_AGE):
            errors["layoff_date"] = _("The layoff date is before the participant could have worked.")
    since = values.get("existing_business_since")
    if since and since > today:
        errors["existing_business_since"] = _("This date is in the future.")

    nik = values.get("nik")
    if nik and "nik" not in errors:
        verdict = check_nik(
            nik,
            known=known_regions,
            declared_birth_date=birth if "birth_date" not in errors else None,
            declared_sex=values.get("sex") if "sex" not in errors else None,
            today=today,
        )
        if verdict.errors:
            errors["nik"] = " ".join(nik_message(issue.code) for issue in verdict.errors)
        result.nik_flags = [issue.code for issue in verdict.flags]
    return result


def parse_name(value: Any) -> str:
    """A legal name (names.py says what one may hold), at most 150 characters."""
    text = _limited(value, 150)
    problem = name_problem(text) if text else None
    if problem is None:
        return text
    if problem.code == "no_letter":
        raise Invalid(_("A name needs letters."))
    shown = problem.character if problem.character.isprintable() else f"U+{ord(problem.character):04X}"
    raise Invalid(
        _(
            "A name holds letters, spaces, apostrophes ('), periods, hyphens and commas only: character "
            "%(position)d, “%(character)s”, is not allowed."
        )
        % {"position": problem.position, "character": shown}
    )


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _limited(value: Any, length: int) -> str:
    text = _text(value)
    if len(text) > length:
        raise Invalid(
            _("Use at most %(count)d characters (now %(now)d).") % {"count": length, "now": len(text)}
        )
    return text


def _email(value: Any) -> str:
    text = _text(value)
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise Invalid(_("“%(value)s” is not an email address.") % {"value": text}) from None
    return text


def _region(value: Any, region_levels: Mapping[str, str]) -> str:
    code = region_code(value)
    level = region_levels.get(code)
    if level is None:
        raise Invalid(
            _("“%(value)s” is not a Kemendagri district or village code.") % {"value": _text(value)}
        )
    return code


def _sector(value: Any, sector_codes) -> str | None:
    text = _text(value)
    if not text:
        return None
    if text not in sector_codes:
        raise Invalid(_("“%(value)s” is not a KBLI 2020 code.") % {"value": text})
    return text
