"""Answers picked from a list (sex, yes / no / don't know, education, disability), as people write
them in a layoff list or the API: the stored code, its label in Indonesian or English (what the
web form shows), the words the import template's instructions use, and their usual spellings.
Compared without case, extra spaces, dash variants or a note in brackets ("SMA (atau SMK)").
A refusal names the accepted answers by their labels, in the reader's language."""

import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from .models import Disability, Education, Sex


class Invalid(Exception):
    """A value that cannot be accepted; the message says why and what to do."""


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # People add stray spaces (split() also takes non-breaking ones); spreadsheets keep a leading
    # apostrophe to force text.
    text = " ".join(str(value).split())
    return text.lstrip("'").strip() if text.startswith("'") else text


def answer_key(value: Any) -> str:
    """`D1 - D3`, `d1-d3` and the same with an en or em dash all become `d1-d3`; `SMA / SMK`
    becomes `sma/smk`."""
    text = text_of(value).lower().rstrip(".")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return re.sub(r"\s*([/\-])\s*", r"\1", text)


def _without_note(key: str) -> str:
    return " ".join(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", key).split())


_SEXES = {
    **dict.fromkeys(["l", "m", "laki-laki", "laki laki", "lakilaki", "lk", "pria", "male", "man"], Sex.MALE),
    **dict.fromkeys(["p", "f", "perempuan", "pr", "wanita", "female", "woman"], Sex.FEMALE),
}


def parse_sex(value: Any) -> str:
    key = answer_key(value)
    if key in _SEXES:
        return _SEXES[key]
    raise Invalid(_("Write L (laki-laki) or P (perempuan)."))


_TRUE = {"ya", "y", "yes", "true", "1", "benar", "penerima", "iya", "menerima"}
_FALSE = {"tidak", "t", "no", "n", "false", "0", "bukan", "tdk", "tidak menerima", "bukan penerima"}
# "Don't know" is an answer the web form offers: it is stored as unknown, as an empty cell is.
_UNKNOWN = {
    "tidak tahu",
    "tdk tahu",
    "tidak tau",
    "belum tahu",
    "tidak diketahui",
    "ragu",
    "ragu-ragu",
    "-",
    "?",
    "unknown",
    "don't know",
    "i don't know",
    "dont know",
}


def parse_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    key = answer_key(value).replace("\u2019", "'")
    if not key or key in _UNKNOWN:
        return None
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise Invalid(_("Write “ya”, “tidak” or “tidak tahu”."))


@cache
def _labels(choices: type) -> dict[str, str]:
    """Each choice's label in Indonesian and in English, as keys; worked out once."""
    found: dict[str, str] = {}
    for language in ("id", "en"):
        with translation.override(language):
            for value, label in choices.choices:
                found.setdefault(answer_key(label), value)
                found.setdefault(_without_note(answer_key(label)), value)
    return found


def _choice(choices: type, aliases: Mapping[str, str]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        key = answer_key(value)
        if not key:
            return ""
        for candidate in (key, _without_note(key)):
            if candidate in choices.values:
                return candidate
            if candidate in aliases:
                return aliases[candidate]
            if candidate in _labels(choices):
                return _labels(choices)[candidate]
        raise Invalid(
            _("“%(value)s” is not one of: %(options)s.")
            % {"value": text_of(value), "options": "; ".join(str(label) for label in choices.labels)}
        )

    return parse


parse_education = _choice(
    Education,
    {
        **dict.fromkeys(["tidak sekolah", "belum sekolah", "tidak/belum sekolah", "tidak tamat sd"], "none"),
        **dict.fromkeys(["sd/sederajat", "sd/mi", "mi"], "sd"),
        **dict.fromkeys(["smp/sederajat", "smp/mts", "mts", "sltp"], "smp"),
        **dict.fromkeys(["sma/sederajat", "smk", "sma/smk", "sma atau smk", "slta", "ma", "sma/ma"], "sma"),
        **dict.fromkeys(["d1", "d2", "d3", "d1-d3", "d i", "d ii", "d iii", "diploma i-iii"], "diploma"),
        **dict.fromkeys(["d4", "s1/d4", "d4/s1", "s1 atau d4", "d iv", "sarjana", "s-1"], "s1"),
        **dict.fromkeys(["magister", "s-2", "pascasarjana"], "s2"),
        **dict.fromkeys(["doktor", "s-3"], "s3"),
    },
)
parse_disability = _choice(
    Disability,
    {
        **dict.fromkeys(["tidak", "tidak ada", "-", "no", "bukan", "tanpa disabilitas"], "none"),
        **dict.fromkeys(["fisik", "daksa", "tuna daksa", "tunadaksa", "disabilitas fisik"], "physical"),
        **dict.fromkeys(
            [
                "sensorik",
                "netra",
                "rungu",
                "wicara",
                "tuna netra",
                "tunanetra",
                "tuna rungu",
                "tunarungu",
                "tuna wicara",
                "tunawicara",
                "rungu wicara",
                "disabilitas sensorik",
            ],
            "sensory",
        ),
        **dict.fromkeys(
            ["intelektual", "grahita", "tunagrahita", "tuna grahita", "disabilitas intelektual"],
            "intellectual",
        ),
        **dict.fromkeys(["psikososial", "disabilitas mental"], "mental"),
        **dict.fromkeys(["ganda", "multi", "disabilitas ganda"], "multiple"),
    },
)
