"""Tracking codes: what a reporter keeps to follow a case. No Django import.

A code is 16 characters drawn by `secrets` from 31 letters and digits that cannot be mistaken for
each other when read aloud or copied by hand (no 0/O, 1/I/L), about 79 bits: guessing one is out of
reach even without the throttle. It is shown in groups of four after "ADU-". Only its SHA-256 is
stored; a code is found by the hash (an index lookup that says nothing about near misses)."""

import hashlib
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 16
PREFIX = "ADU"
_NOT_CODE = re.compile(r"[^0-9A-Z]")


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join([PREFIX, *(raw[i : i + 4] for i in range(0, LENGTH, 4))])


def normalise(typed: str) -> str | None:
    """The 16 characters of a typed code (any case, spaces or dashes, with or without "ADU"), or
    None when it cannot be a code."""
    text = _NOT_CODE.sub("", (typed or "").upper()[:64])
    if len(text) == LENGTH + len(PREFIX) and text.startswith(PREFIX):
        text = text[len(PREFIX) :]
    if len(text) != LENGTH or any(char not in ALPHABET for char in text):
        return None
    return text


def hash_code(typed: str) -> str | None:
    raw = normalise(typed)
    return hashlib.sha256(f"{PREFIX}:{raw}".encode()).hexdigest() if raw else None
