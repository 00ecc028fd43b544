"""What a person's legal name may hold, as it prints on certificates and bank dossiers: letters of
any script (with their accents and vowel signs), spaces, apostrophes, periods, hyphens and commas
(for titles: "Dr. Siti Aminah, S.E."). One word is a whole name: many Indonesians have one.
No Django import: the registration form, the import and the API reach it through validation.py."""

import unicodedata
from dataclasses import dataclass

# Apostrophes as keyboards and phones type them: ASCII, right quote, modifier letter, left quote.
APOSTROPHES = frozenset("'\u2019\u02bc\u2018")
PUNCTUATION = frozenset(" .,-") | APOSTROPHES


@dataclass(frozen=True)
class NameProblem:
    """`no_letter` (the name has no letter at all) or `character`: the first character a name may
    not hold, with its position from 1."""

    code: str
    position: int = 0
    character: str = ""


def _allowed(character: str) -> bool:
    if character in PUNCTUATION:
        return True
    category = unicodedata.category(character)
    # L*: letters of any script; M*: the marks that belong to them (accents, Arabic and Javanese
    # vowel signs), never alone (a name needs a letter, checked below).
    return category[0] in "LM"


def name_problem(name: str) -> NameProblem | None:
    """The first reason `name` (already stripped of extra spaces) is not a legal name, or None."""
    for position, character in enumerate(name, start=1):
        if not _allowed(character):
            return NameProblem("character", position, character)
    if not any(unicodedata.category(character)[0] == "L" for character in name):
        return NameProblem("no_letter")
    return None
