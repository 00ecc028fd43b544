"""Numbers and codes of documents. Pure: no Django import.

The printed number (WRS/<year>/<series>/<serial>) is for people and filing; the code in the QR
code and the verification address is a random 120-bit token, so documents cannot be enumerated.
"""

import base64
import re
import secrets

CODE_BYTES = 15  # 120 bits, 24 base32 characters without padding
CODE_PATTERN = re.compile(r"^[A-Z2-7]{24}$")


def new_code() -> str:
    """An unguessable, URL-safe code that is easy to type from paper (A-Z and 2-7)."""
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")


# Digits a reader may type for the letters they resemble: codes hold A-Z and 2-7 only.
LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def normalise_code(raw: str) -> str:
    """What a person typed or scanned, as stored: capitals, without spaces or dashes, and a 0, 1 or 8
    read as the O, I or B it stands for."""
    return re.sub(r"[\s-]+", "", raw or "").upper().translate(LOOKALIKES)[:64]


NUMBER_PATTERN = re.compile(r"^[A-Z]+/[0-9]{4}/[0-9]{4}/[0-9]{7}$")


def normalise_number(raw: str) -> str | None:
    """A printed number as typed (`wrs / 2026 / 0003 / 0000001`) as stored, or None when what was
    typed is not shaped like a number (then it may be a code)."""
    number = re.sub(r"\s+", "", raw or "").upper()
    return number if NUMBER_PATTERN.match(number) else None


def document_number(*, prefix: str, year: int, series: int, serial: int) -> str:
    """WRS/2025/0003/0000123: the kind's prefix, year of issue, the issuer's series (a certificate's:
    its centre), and a serial unique across all documents."""
    return f"{prefix}/{year}/{series:04d}/{serial:07d}"
