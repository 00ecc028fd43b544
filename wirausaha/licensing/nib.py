"""The shape of an NIB (Nomor Induk Berusaha): exactly 13 digits 0-9. Pure: no Django. Wirausaha
checks only the shape; whether OSS issued the number is checked by an officer against the document."""

from dataclasses import dataclass

NIB_LENGTH = 13


@dataclass(frozen=True)
class NibProblem:
    """Why a text is not an NIB: `empty`, `character` (the first one not a digit 0-9, with its
    position from 1) or `length` (only digits, but not 13 of them)."""

    kind: str
    length: int = 0
    position: int = 0
    character: str = ""


def nib_problem(text: str) -> NibProblem | None:
    if not text:
        return NibProblem("empty")
    for position, character in enumerate(text, start=1):
        if not ("0" <= character <= "9"):
            return NibProblem("character", len(text), position, character)
    if len(text) != NIB_LENGTH:
        return NibProblem("length", len(text))
    return None


def clean_nib(text: str) -> str:
    """The NIB as typed, without the spaces people put around it (inner spaces stay: a problem)."""
    return (text or "").strip()
