"""How personal identifiers are shown: masked for pages, audit records and logs (UU 27/2022), and a
phone number as people dial it. No Django import."""

import re

import phonenumbers

# Field names whose values are masked wherever changes are recorded or shown.
SENSITIVE_FIELDS = frozenset({"nik", "phone", "family_card_number"})

# 16 digits, also written in groups (3216 0145 0885 0003, 32.16.01.450885.0003).
_NIK_IN_TEXT = re.compile(r"(?<!\d)\d(?:[ .-]?\d){15}(?!\d)")
_PHONE_IN_TEXT = re.compile(r"(?<![\d+])(\+62|62|0)[ -]?(8\d{2})[\d -]{5,10}(\d{3})(?!\d)")


def mask_nik(nik: str) -> str:
    """Keep the region (first 6) and the last 4 digits: enough to tell two people apart, not to reuse."""
    nik = (nik or "").strip()
    if len(nik) < 10:
        return "*" * len(nik)
    return nik[:6] + "*" * (len(nik) - 10) + nik[-4:]


def mask_phone(phone: str) -> str:
    """Keep the country and operator prefix and the last 3 digits."""
    phone = (phone or "").strip()
    if len(phone) <= 7:
        return "*" * len(phone)
    head = 6 if phone.startswith("+") else 5
    return phone[:head] + "*" * (len(phone) - head - 3) + phone[-3:]


def mask_value(field: str, value):
    if value in (None, "") or field not in SENSITIVE_FIELDS:
        return value
    if field == "phone":
        return mask_phone(str(value))
    return mask_nik(str(value))


def mask_text(text: str) -> str:
    """Mask anything in free text that looks like a NIK or an Indonesian mobile number."""
    text = _NIK_IN_TEXT.sub(lambda m: mask_nik(re.sub(r"\D", "", m.group())), text or "")
    return _PHONE_IN_TEXT.sub(lambda m: m.group(1) + m.group(2) + "****" + m.group(3), text)


def phone_as_dialled(value: str) -> str:
    """A number (+6281234567890, 0812 3456 7890) as people in Indonesia write and dial it,
    0812-3456-7890; text that is not a number comes back unchanged."""
    try:
        number = phonenumbers.parse(value or "", "ID")
    except phonenumbers.NumberParseException:
        return value or ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
